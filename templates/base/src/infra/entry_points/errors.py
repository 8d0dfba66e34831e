"""Domain errors to HTTP status codes, shared by every entry point."""

from bisslog.exceptions.domain_exception import DomainException, NotAllowed, NotFound

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
    return {"error": exc.keyname, "message": exc.message}
