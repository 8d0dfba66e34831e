"""What every test client returns: status, decoded JSON body and lower-cased headers."""

from typing import Any, NamedTuple


class Reply(NamedTuple):
    status: int
    body: Any
    headers: dict[str, str]
