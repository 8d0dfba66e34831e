"""Rules every use case shares: what a stored record may hold, scopes, and pages of a list."""

import math
from typing import Any

from bisslog.exceptions.domain_exception import DomainException

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_DEPTH = 32
INVALID_LIMIT = "invalid-limit"
_INT64 = 2**63

# Output shapes the use cases declare (`OUTPUT`), published in the OpenAPI document.
RECORD = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string"}},
}
PAGE = {
    "type": "object",
    "required": ["items", "next"],
    "properties": {
        "items": {"type": "array", "items": RECORD},
        "next": {"type": ["string", "null"], "description": "the cursor for ?after="},
    },
}
# Query parameters of a list (`QUERY`): parse_limit enforces LIMIT.
LIMIT = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}
AFTER = {"type": "string", "description": "the `next` of the previous page"}


def check_fields(data: dict, error: str) -> dict:
    """Returns `data` when every adapter can store it as given, else raises DomainException(error).

    Field names are non-empty and hold no `$` prefix, `.` or NUL (MongoDB reads those as
    operators and paths); no text holds NUL or an unpaired surrogate (PostgreSQL stores neither);
    integers fit in 64 bits; numbers are finite; nesting is bounded.
    """
    _check(data, error, "body", 0)
    return data


def _check(value: Any, error: str, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise DomainException(error, f"{where} is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        for key, item in value.items():
            if not key or key.startswith("$") or "." in key or not storable_text(key):
                raise DomainException(error, f"field name {key!r} in {where} is not allowed")
            _check(item, error, f"{where}.{key}", depth + 1)
    elif isinstance(value, str):
        if not storable_text(value):
            raise DomainException(error, f"{where} holds a NUL character or an unpaired surrogate")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, error, f"{where}[{index}]", depth + 1)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int) and not -_INT64 <= value < _INT64:
        raise DomainException(error, f"{where} does not fit in a 64-bit integer")
    elif isinstance(value, float) and not math.isfinite(value):
        raise DomainException(error, f"{where} is not a finite number")


def storable_text(text: str) -> bool:
    """No NUL and no unpaired surrogate (such text has no UTF-8 form)."""
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def in_scope(record: dict, scope: dict) -> bool:
    """Whether a record belongs where the path says (`/shops/{shop_id}/orders/...`)."""
    return all(record.get(field) == value for field, value in scope.items())


def parse_limit(raw: str | None) -> int:
    """`?limit=N`: a whole number from 1 to MAX_LIMIT, DEFAULT_LIMIT when absent (not when empty)."""
    if raw is None:
        return DEFAULT_LIMIT
    text = str(raw)
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_LIMIT:
        raise DomainException(INVALID_LIMIT, f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(text)


def page(records: list[dict], limit: int) -> dict:
    """A page of at most `limit` records from `limit + 1` fetched: the extra one only tells
    that a next page exists; `next` is the cursor to pass as `?after=`."""
    items = records[:limit]
    return {"items": items, "next": items[-1]["id"] if len(records) > limit else None}
