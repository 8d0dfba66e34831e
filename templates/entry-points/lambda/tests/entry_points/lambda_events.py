"""Builders of the event shapes AWS really sends to the router, and a reader of its answers.

Shapes follow the AWS documentation samples: API Gateway REST API proxy integration (payload
1.0), HTTP API (payload 2.0) and SQS batches.
"""

import base64
import json
import re
from functools import cache
from urllib.parse import parse_qsl, urlsplit

from bisslog_schema import read_service_metadata
from bisslog_schema.schema import TriggerHttp

from tests.entry_points.reply import Reply

ACCOUNT_ARN = "arn:aws:sqs:us-east-1:123456789012"


def _split(target: str) -> tuple[str, list[tuple[str, str]]]:
    """`/orders?limit=1` -> ("/orders", [("limit", "1")])."""
    parts = urlsplit(target)
    return parts.path or "/", parse_qsl(parts.query, keep_blank_values=True)


def _encode(body, raw_body: str | None, base64_body: bool) -> str | None:
    raw = raw_body if raw_body is not None else None if body is None else json.dumps(body)
    if raw is not None and base64_body:
        raw = base64.b64encode(raw.encode()).decode()
    return raw


def rest_v1(
    method: str,
    target: str,
    *,
    resource: str | None = None,
    path_params: dict | None = None,
    body=None,
    raw_body: str | None = None,
    base64_body: bool = False,
    headers: dict[str, str] | None = None,
) -> dict:
    """API Gateway REST API event (payload 1.0). `resource` is the route template declared in
    API Gateway (default: the proxy resource `/{proxy+}`); `target` may carry a query string."""
    path, query = _split(target)
    if resource is None:
        resource, path_params = "/{proxy+}", {"proxy": path.lstrip("/")}
    multi: dict[str, list[str]] = {}
    for name, value in query:
        multi.setdefault(name, []).append(value)
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method.upper(),
        "headers": {"Content-Type": "application/json", **(headers or {})},
        "multiValueHeaders": {
            "Content-Type": ["application/json"],
            **{name: [value] for name, value in (headers or {}).items()},
        },
        "queryStringParameters": {k: v[-1] for k, v in multi.items()} or None,
        "multiValueQueryStringParameters": multi or None,
        "pathParameters": path_params or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method.upper(),
            "path": f"/prod{path}",
            "stage": "prod",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        },
        "body": _encode(body, raw_body, base64_body),
        "isBase64Encoded": base64_body,
    }


def http_v2(
    method: str,
    target: str,
    *,
    route_key: str = "$default",
    path_params: dict | None = None,
    body=None,
    raw_body: str | None = None,
    base64_body: bool = False,
    headers: dict[str, str] | None = None,
) -> dict:
    """API Gateway HTTP API event (payload 2.0). `route_key` is `$default` or the declared
    route, e.g. `GET /orders/{order_id}`; `target` may carry a query string."""
    path, query = _split(target)
    params: dict[str, str] = {}
    for name, value in query:  # HTTP APIs join repeated parameters with commas
        params[name] = f"{params[name]},{value}" if name in params else value
    event = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": urlsplit(target).query,
        # HTTP APIs pass header names in lower case.
        "headers": {
            "content-type": "application/json",
            **{name.lower(): value for name, value in (headers or {}).items()},
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api-id",
            "domainName": "id.execute-api.us-east-1.amazonaws.com",
            "http": {
                "method": method.upper(),
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
                "userAgent": "agent",
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": route_key,
            "stage": "$default",
        },
        "isBase64Encoded": base64_body,
    }
    if params:
        event["queryStringParameters"] = params
    if path_params:
        event["pathParameters"] = path_params
    raw = _encode(body, raw_body, base64_body)
    if raw is not None:
        event["body"] = raw
    return event


def sqs_record(message_id: str, queue: str, body: str) -> dict:
    """One SQS message as Lambda receives it; `body` is the raw message text."""
    return {
        "messageId": message_id,
        "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": "1545082649183",
            "SenderId": "AIDAIENQZJOLO23YVJ4VO",
            "ApproximateFirstReceiveTimestamp": "1545082649185",
        },
        "messageAttributes": {},
        "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
        "eventSource": "aws:sqs",
        "eventSourceARN": f"{ACCOUNT_ARN}:{queue}",
        "awsRegion": "us-east-1",
    }


def sqs_event(*records: dict) -> dict:
    return {"Records": list(records)}


def answer(response: dict) -> Reply:
    """Status, decoded JSON body and headers of an HTTP response from the router."""
    assert response["headers"]["Content-Type"] == "application/json"
    assert isinstance(response["body"], str), "API Gateway expects the body as a string"
    headers = {name.lower(): value for name, value in response["headers"].items()}
    return Reply(response["statusCode"], json.loads(response["body"]), headers)


@cache
def _declared_routes() -> tuple[tuple[str, str], ...]:
    routes = []
    for use_case in read_service_metadata("metadata.yml").use_cases.values():
        for trigger in use_case.triggers:
            if isinstance(trigger.options, TriggerHttp):
                routes.append((trigger.options.method.upper(), trigger.options.path))
    return tuple(routes)


def declared_route(method: str, target: str) -> tuple[str | None, dict | None]:
    """The metadata route API Gateway would invoke for a request, and its path parameters;
    (None, None) when no route has that method and path (API Gateway would answer itself)."""
    path, _ = _split(target)
    for route_method, template in _declared_routes():
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        found = re.fullmatch(regex, path)
        if route_method == method.upper() and found:
            return template, found.groupdict()
    return None, None
