"""HTTP calls through FastAPI's TestClient (in process, no server)."""

from fastapi.testclient import TestClient

from src.infra.entry_points.fastapi.app import create_app


def make_client():
    client = TestClient(create_app())

    def call(method: str, path: str, body=None):
        response = client.request(method, path, json=body)
        return response.status_code, response.json()

    return call
