"""HTTP calls through FastAPI's TestClient (in process, no server)."""

from fastapi.testclient import TestClient

from src.infra.entry_points.fastapi.app import create_app
from tests.entry_points.reply import Reply


def make_client():
    client = TestClient(create_app())

    def call(method: str, path: str, body=None, raw: str | None = None, headers=None) -> Reply:
        if raw is None:
            response = client.request(method, path, json=body, headers=headers)
        else:
            sent = {"Content-Type": "application/json", **(headers or {})}
            response = client.request(method, path, content=raw, headers=sent)
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Reply(response.status_code, response.json(), headers)

    return call
