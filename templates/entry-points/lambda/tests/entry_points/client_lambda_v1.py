"""HTTP calls through the Lambda router, as API Gateway REST API proxy events (payload 1.0)."""

from src.infra.entry_points.lambda_aws.handler import lambda_handler
from tests.entry_points.lambda_events import answer, rest_v1
from tests.entry_points.reply import Reply


def make_client():
    def call(method: str, path: str, body=None, raw: str | None = None, headers=None) -> Reply:
        event = rest_v1(method, path, body=body, raw_body=raw, headers=headers)
        return answer(lambda_handler(event))

    return call
