"""HTTP calls through the Lambda router as REST API per-route integrations: API Gateway names
the declared route in `resource` and fills `pathParameters`."""

from src.infra.entry_points.lambda_aws.handler import lambda_handler
from tests.entry_points.lambda_events import answer, declared_route, rest_v1
from tests.entry_points.reply import Reply


def make_client():
    def call(method: str, path: str, body=None, raw: str | None = None, headers=None) -> Reply:
        template, params = declared_route(method, path)
        event = rest_v1(
            method,
            path,
            resource=template,
            path_params=params,
            body=body,
            raw_body=raw,
            headers=headers,
        )
        return answer(lambda_handler(event))

    return call
