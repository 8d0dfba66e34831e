"""HTTP calls through the Lambda router, as HTTP API events on the $default route (payload 2.0)."""

from src.infra.entry_points.lambda_aws.handler import lambda_handler
from tests.entry_points.lambda_events import answer, http_v2


def make_client():
    def call(method: str, path: str, body=None):
        return answer(lambda_handler(http_v2(method, path, body=body)))

    return call
