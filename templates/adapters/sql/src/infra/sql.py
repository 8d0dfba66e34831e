"""The SQLAlchemy engine shared by every SQL adapter: one per process and DATABASE_URL.

DATABASE_URL defaults to a SQLite file under var/ (the folder is created on first start) in WAL
mode, so several workers and processes share it safely; `postgresql+psycopg://user:password@host/db`
uses PostgreSQL with the same adapters. The first use runs SELECT 1, so a wrong or unreachable
database stops start-up with a SettingsError instead of failing on the first request.
"""

import json
import os
import threading
from pathlib import Path

from sqlalchemy import (
    JSON,
    ColumnElement,
    Engine,
    String,
    Table,
    cast,
    create_engine,
    event,
    func,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from src.infra.settings import SettingsError

DEFAULT_URL = "sqlite:///var/app.db"
# The adapters' filters are written for these two; others would need their own.
DIALECTS = ("sqlite", "postgresql")
CONNECT_TIMEOUT_S = 5
# How long a SQLite writer waits for another process's write to finish.
SQLITE_BUSY_TIMEOUT_S = 15
# An execution option: transactions of an engine that carries it take SQLite's write lock first.
WRITES = "writes"

# Ids sort byte-wise on PostgreSQL whatever the database's locale, as on SQLite.
ID = String(32).with_variant(String(32, collation="C"), "postgresql")
# The record's fields: JSON text on SQLite, JSONB (compared by value) on PostgreSQL.
RECORD = JSON().with_variant(JSONB(), "postgresql")

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def database_url() -> str:
    return os.environ.get("DATABASE_URL", "").strip() or DEFAULT_URL


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SettingsError(
            "DATABASE_URL is not a database URL, e.g. sqlite:///var/app.db or "
            "postgresql+psycopg://user:password@host:5432/db"
        ) from None
    # Hosting platforms hand out postgres:// URLs; psycopg 3 is the driver installed.
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in DIALECTS:
        raise SettingsError(
            f"DATABASE_URL: {backend!r} databases are not supported; use sqlite or postgresql"
        )
    if backend == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise SettingsError(
            "DATABASE_URL: an in-memory SQLite database lives in one connection; "
            "give a file (sqlite:///var/app.db) or use ADAPTER=memory"
        )
    return parsed


def _where(url: URL) -> str:
    """The database a message may name: never the password."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own message, first line only (psycopg adds hints on further lines)."""
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def _sqlite_engine(url: URL) -> Engine:
    folder = Path(url.database).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(
            f"DATABASE_URL: cannot create {folder} for the SQLite file ({exc.strerror})"
        ) from None
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi_connection, _record) -> None:
    # SQLAlchemy emits BEGIN itself (_sqlite_begin): the driver's own BEGIN cannot take the lock first.
    dbapi_connection.isolation_level = None
    # WAL: readers never wait for the writer, and every worker process shares the file safely.
    dbapi_connection.execute("PRAGMA journal_mode=WAL")


def _sqlite_begin(connection) -> None:
    # A read that then writes (update) would fail with "database is locked" if another process
    # wrote in between; taking the write lock up front makes it wait its turn instead.
    immediate = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def connect(url: str, timeout_s: int = CONNECT_TIMEOUT_S) -> Engine:
    """A new engine for `url` that has answered SELECT 1; a SettingsError naming DATABASE_URL if not.

    The messages leave the URL out: it may carry a password.
    """
    parsed = _parse(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(parsed)
        else:
            engine = create_engine(
                parsed, pool_pre_ping=True, connect_args={"connect_timeout": timeout_s}
            )
    except (NoSuchModuleError, ImportError) as exc:
        raise SettingsError(f"DATABASE_URL names a driver that is not installed ({exc})") from None
    try:
        ping(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise SettingsError(
            f"DATABASE_URL: the database at {_where(parsed)} did not answer ({_reason(exc)})"
        ) from None
    # A server that preloads the app and then forks workers must not share its connections.
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    return engine


def ping(engine: Engine | None = None) -> None:
    """SELECT 1 on the database (the process-wide one by default); raises when it does not answer."""
    with (engine or sql_engine()).connect() as connection:
        connection.execute(text("SELECT 1"))


def sql_engine() -> Engine:
    """The process-wide engine for DATABASE_URL, created and pinged on first use."""
    url = database_url()
    with _lock:
        if url not in _engines:
            _engines[url] = connect(url, CONNECT_TIMEOUT_S)
        return _engines[url]


def writer(engine: Engine) -> Engine:
    """The same engine (and pool), for transactions that write."""
    return engine.execution_options(**{WRITES: True})


def create_table(engine: Engine, table: Table) -> None:
    """Creates `table` when it is missing; another process may create it at the same moment."""
    try:
        with writer(engine).begin() as connection:
            table.create(connection, checkfirst=True)
    except SQLAlchemyError as exc:
        if inspect(engine).has_table(table.name):
            return
        raise SettingsError(
            f"DATABASE_URL: cannot create table {table.name} ({_reason(exc)})"
        ) from None


def field_equals(dialect: str, record: ColumnElement, field: str, value) -> ColumnElement[bool]:
    """`record.get(field) == value` in SQL, for any field name; a missing field equals None."""
    wanted = json.dumps(value)
    if dialect == "postgresql":
        stored = func.coalesce(record[field], cast(literal("null"), JSONB))
        return stored == cast(literal(wanted), JSONB)
    # json_each rather than a JSON path: a path cannot name every field (quotes, for one).
    fields = func.json_each(record).table_valued("key", "value")
    stored = select(fields.c.value).where(fields.c.key == field).scalar_subquery()
    # IS: NULL (a missing field or null) equals NULL; json_extract reads `wanted` like `stored`.
    return stored.is_not_distinct_from(func.json_extract(wanted, "$"))
