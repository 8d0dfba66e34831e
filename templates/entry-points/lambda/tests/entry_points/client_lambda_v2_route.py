"""HTTP calls through the Lambda router as HTTP API per-route integrations: API Gateway names
the declared route in `routeKey` and fills `pathParameters`."""

from src.infra.entry_points.lambda_aws.handler import lambda_handler
from tests.entry_points.lambda_events import answer, declared_route, http_v2
from tests.entry_points.reply import Reply


def make_client():
    def call(method: str, path: str, body=None, raw: str | None = None, headers=None) -> Reply:
        template, params = declared_route(method, path)
        route_key = "$default" if template is None else f"{method} {template}"
        event = http_v2(
            method,
            path,
            route_key=route_key,
            path_params=params,
            body=body,
            raw_body=raw,
            headers=headers,
        )
        return answer(lambda_handler(event))

    return call
