"""Record ids: 32 hex characters that sort in creation order, so lists page by id."""

import secrets
import threading
import time

_lock = threading.Lock()
_last = 0


def new_id() -> str:
    """Microseconds since the epoch (strictly increasing in this process), then random bits."""
    global _last
    with _lock:
        _last = max(_last + 1, time.time_ns() // 1000)
        stamp = _last
    return f"{stamp:014x}{secrets.token_hex(9)}"
