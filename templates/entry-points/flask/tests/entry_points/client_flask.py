"""HTTP calls through Flask's test client."""

from src.infra.entry_points.flask.app import create_app


def make_client():
    client = create_app().test_client()

    def call(method: str, path: str, body=None):
        response = client.open(path, method=method, json=body)
        return response.status_code, response.get_json()

    return call
