"""HTTP calls through the Lambda router, as API Gateway HTTP API $default events (payload 2.0)."""

from src.infra.entry_points.lambda_aws.handler import lambda_handler
from tests.entry_points.lambda_events import answer, http_v2
from tests.entry_points.reply import Reply


def make_client():
    def call(method: str, path: str, body=None, raw: str | None = None, headers=None) -> Reply:
        event = http_v2(method, path, body=body, raw_body=raw, headers=headers)
        return answer(lambda_handler(event))

    return call
