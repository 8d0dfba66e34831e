"""The id a request or a message is served under: it becomes the bisslog transaction id.

An incoming X-Request-Id wins, else the trace id of a W3C `traceparent`, else the caller's
fallback (Lambda's request id) or a new one. HTTP entry points echo it in X-Request-Id.
"""

import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from bisslog.transactional.transaction_manager import Transaction, transaction_manager

HEADER = "X-Request-Id"
# What is echoed and logged as given: anything else (spaces, control characters, a megabyte)
# is replaced, so a client cannot forge log lines.
_USABLE = re.compile(r"[A-Za-z0-9._:/+=@-]{1,128}")
# version-traceid-parentid-flags; version ff and an all-zero trace id are invalid.
_TRACEPARENT = re.compile(r"(?!ff)[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def new_request_id() -> str:
    return str(uuid.uuid4())


def request_id_from(headers: Mapping[str, str], fallback: str | None = None) -> str:
    """The id for a request with these headers (looked up by lower-case name)."""
    given = (headers.get("x-request-id") or "").strip()
    if _USABLE.fullmatch(given):
        return given
    trace = _TRACEPARENT.fullmatch((headers.get("traceparent") or "").strip().lower())
    if trace:
        return trace.group(1)
    return fallback or new_request_id()


def current_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    return _current.get()


@contextmanager
def request_scope(request_id: str) -> Iterator[None]:
    """Log lines of this context carry `request_id`; contextvars follow into the worker
    threads that run sync use cases (FastAPI), bisslog's per-thread transactions do not."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def bisslog_transaction(request_id: str) -> Iterator[None]:
    """Runs the block on this thread under a bisslog transaction whose id is `request_id`.

    bisslog's TransactionManager only creates uuid4 ids, so the request's transaction is put on
    this thread's stack directly. Being the first one, it is the main transaction, which
    bisslog's tracer stamps on every line, also those of the use cases called inside (each
    opens a transaction of its own under it).
    """
    with transaction_manager._loc:
        stacks = transaction_manager._thread_active_transaction_mapping
        stack = stacks.setdefault(transaction_manager.get_thread_id(), [])
        stack.append(Transaction(request_id, "request"))
    try:
        yield
    finally:
        transaction_manager.close_transaction()


@contextmanager
def serving(request_id: str) -> Iterator[None]:
    """Both: for entry points that run the use case on the thread that received the request."""
    with request_scope(request_id), bisslog_transaction(request_id):
        yield
