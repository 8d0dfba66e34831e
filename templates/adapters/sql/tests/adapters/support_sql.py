"""How the contract tests get a SQL adapter: on SQLite always, on PostgreSQL when DATABASE_URL
names a PostgreSQL database (skipped otherwise, with the reason).

SQLite gets a new file in a temporary folder per test; PostgreSQL a schema of its own per test
(dropped afterwards), so runs never see each other's data.
"""

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from src.infra import sql

BACKENDS = ("sqlite", "postgresql")
SKIP_REASON = (
    "DATABASE_URL does not name a PostgreSQL database: "
    "the PostgreSQL contract tests need one (postgresql+psycopg://...)"
)


@contextmanager
def provide(build: Callable[[], object], backend: str) -> Iterator[object]:
    with _database(backend) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        # Engines made for this test only, disposed before its database goes.
        patch.setattr(sql, "_engines", {})
        try:
            yield build()
        finally:
            for engine in sql._engines.values():
                engine.dispose()


@contextmanager
def _database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/test.db"
        return
    configured = os.environ.get("DATABASE_URL", "").strip()
    if not configured.startswith(("postgres://", "postgresql")):
        pytest.skip(SKIP_REASON)
    # The tables land in a new schema of DATABASE_URL's database, dropped afterwards.
    url = make_url(configured).set(drivername="postgresql+psycopg")
    schema = f"test_{uuid.uuid4().hex}"
    admin = create_engine(url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        try:
            scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
            yield scoped.render_as_string(hide_password=False)
        finally:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    finally:
        admin.dispose()
