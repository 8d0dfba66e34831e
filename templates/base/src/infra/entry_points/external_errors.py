"""Infrastructure failures, bisslog's ExternalInteractionError family, as HTTP answers.

Bodies name the kind of failure only: a driver's message can hold hosts, queries or credentials
(the log line keeps the detail).
"""

from bisslog.exceptions.external_interactions_errors import (
    ConnectionExtException,
    ExternalInteractionError,
    IntegrityErrorExtException,
    TimeoutExtException,
)

from src.infra.entry_points.errors import http_error

# Checked in order; anything else of the family is a backend that failed: 502.
_ANSWERS: tuple[tuple[tuple[type[ExternalInteractionError], ...], int, str, str], ...] = (
    (
        (ConnectionExtException, TimeoutExtException),
        503,
        "backend-unavailable",
        "a backend the service needs is unavailable; retry later",
    ),
    ((IntegrityErrorExtException,), 409, "conflict", "the change conflicts with stored data"),
)


def external_error(exc: ExternalInteractionError) -> tuple[int, dict]:
    """(status, JSON body) for an infrastructure failure."""
    for types, status, keyname, message in _ANSWERS:
        if isinstance(exc, types):
            return status, http_error(keyname, message)
    return 502, http_error("backend-error", "a backend the service needs failed")
