"""HTTP calls through Flask's test client."""

from src.infra.entry_points.flask.app import create_app
from tests.entry_points.reply import Reply


def make_client():
    client = create_app().test_client()

    def call(method: str, path: str, body=None, raw: str | None = None, headers=None) -> Reply:
        if raw is None:
            response = client.open(path, method=method, json=body, headers=headers)
        else:
            response = client.open(
                path, method=method, data=raw, content_type="application/json", headers=headers
            )
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Reply(response.status_code, response.get_json(silent=True), headers)

    return call
