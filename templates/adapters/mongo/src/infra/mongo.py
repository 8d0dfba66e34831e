"""The MongoDB client shared by every Mongo adapter: one per process and URL, checked once.

The first use pings the server, so a wrong or unreachable MONGO_URL stops start-up with a
SettingsError instead of failing on the first request.
"""

import threading

import pymongo
from pymongo import MongoClient
from pymongo.errors import ConfigurationError, PyMongoError

from src.infra.settings import SettingsError, require_env

# pymongo waits 30 s for a server by default; start-up should fail faster than that.
SERVER_SELECTION_TIMEOUT_MS = 5_000
# A readiness probe must answer before the orchestrator's probe gives up.
PING_TIMEOUT_S = 2

_clients: dict[str, MongoClient] = {}
_lock = threading.Lock()


def mongo_url() -> str:
    return require_env("MONGO_URL", "the MongoDB connection string, e.g. mongodb://127.0.0.1:27017")


def mongo_db() -> str:
    return require_env("MONGO_DB", "the MongoDB database the adapters use")


def connect(url: str, timeout_ms: int = SERVER_SELECTION_TIMEOUT_MS) -> MongoClient:
    """A new client for `url` that has answered a ping; a SettingsError naming MONGO_URL if not.

    The messages leave the URL out: it may carry a password.
    """
    try:
        client = MongoClient(url, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms)
    except (ConfigurationError, ValueError) as exc:
        raise SettingsError(f"MONGO_URL is not a usable MongoDB connection string: {exc}") from None
    try:
        client.admin.command("ping")
    except PyMongoError as exc:
        servers = client.topology_description.server_descriptions()
        hosts = ", ".join(f"{host}:{port}" for host, port in servers) or "the given hosts"
        client.close()
        raise SettingsError(
            f"MONGO_URL: no MongoDB server answered at {hosts} within {timeout_ms} ms "
            f"({type(exc).__name__}); is it running and reachable?"
        ) from None
    return client


def mongo_client() -> MongoClient:
    """The process-wide client for MONGO_URL, connected and pinged on first use."""
    url = mongo_url()
    with _lock:
        if url not in _clients:
            _clients[url] = connect(url, SERVER_SELECTION_TIMEOUT_MS)
        return _clients[url]


def ping() -> None:
    """Readiness (GET /ready): raises unless the MongoDB server answers within PING_TIMEOUT_S."""
    with pymongo.timeout(PING_TIMEOUT_S):
        mongo_client().admin.command("ping")
