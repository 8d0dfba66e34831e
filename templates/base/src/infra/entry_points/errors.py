"""The HTTP error contract every entry point keeps: JSON bodies `{"error", "message"}`."""

from bisslog.exceptions.domain_exception import DomainException, NotAllowed, NotFound

ROUTE_NOT_FOUND = "route-not-found"
METHOD_NOT_ALLOWED = "method-not-allowed"
INVALID_JSON = "invalid-json"
INTERNAL_ERROR = "internal-error"

# Methods whose body the use cases read: a body that is not a JSON object is refused with
# INVALID_JSON.
METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})

# Most specific first: NotFound and NotAllowed subclass DomainException.
_STATUS_BY_EXCEPTION: tuple[tuple[type[DomainException], int], ...] = (
    (NotFound, 404),
    (NotAllowed, 403),
    (DomainException, 400),
)


def status_for(exc: DomainException) -> int:
    for exc_type, status in _STATUS_BY_EXCEPTION:
        if isinstance(exc, exc_type):
            return status
    return 400


def error_body(exc: DomainException) -> dict:
    return http_error(exc.keyname, exc.message)


def http_error(keyname: str, message: str) -> dict:
    return {"error": keyname, "message": message}


def not_found(method: str, path: str) -> dict:
    return http_error(ROUTE_NOT_FOUND, f"no route answers {method} {path}")


def method_not_allowed(method: str, allowed: list[str]) -> dict:
    return http_error(METHOD_NOT_ALLOWED, f"{method} is not allowed; allowed: {', '.join(allowed)}")


def invalid_json() -> dict:
    return http_error(INVALID_JSON, "the request body is not valid JSON")


def not_an_object() -> dict:
    return http_error(INVALID_JSON, "the request body must be a JSON object")


def internal_error() -> dict:
    return http_error(INTERNAL_ERROR, "internal server error")
