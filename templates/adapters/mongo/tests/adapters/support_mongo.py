"""How the contract tests get a MongoDB adapter: a server from MONGO_URL, a fresh database.

Without MONGO_URL the Mongo contract tests are skipped. With it, each test gets its own
database (dropped afterwards), so runs never see each other's data.
"""

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from src.infra.mongo import mongo_client

SKIP_REASON = "MONGO_URL is not set: the MongoDB contract tests need a reachable server"


@contextmanager
def provide(build: Callable[[], object]) -> Iterator[object]:
    if not os.environ.get("MONGO_URL", "").strip():
        pytest.skip(SKIP_REASON)
    database = f"test_{uuid.uuid4().hex}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MONGO_DB", database)
        division = build()
        try:
            yield division
        finally:
            mongo_client().drop_database(database)
