"""FastAPI: request ids, one log line per request, /health and /ready, infrastructure errors."""

import functools
import inspect
import logging
import time
from collections.abc import Callable
from typing import Any

from bisslog.exceptions.external_interactions_errors import ExternalInteractionError
from bisslog_fastapi.runner.fastapi_http_resolver import BisslogFastAPIHttpResolver
from bisslog_fastapi.runner.fastapi_ws_resolver import BisslogFastAPIWebSocketResolver
from bisslog_fastapi.runner.init_fastapi_app import InitFastApiApp
from bisslog_schema.eager_import_module_or_package import EagerImportModulePackage
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from src.infra.entry_points.external_errors import external_error
from src.infra.entry_points.health import HEALTH_PATH, READY_PATH, liveness, readiness
from src.infra.observability.request_id import (
    HEADER,
    bisslog_transaction,
    current_request_id,
    request_id_from,
    request_scope,
)

logger = logging.getLogger(__name__)
# Probed every few seconds: their request lines only at DEBUG.
PROBES = (HEALTH_PATH, READY_PATH)


def observe(app: FastAPI) -> None:
    # Outside Starlette's ServerErrorMiddleware, so a 500 carries the id and its log line too.
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: RequestIds(build_stack())  # type: ignore[method-assign]
    app.add_exception_handler(ExternalInteractionError, _external_error)
    app.add_api_route(HEALTH_PATH, _health, methods=["GET"], include_in_schema=False)
    app.add_api_route(READY_PATH, _ready, methods=["GET"], include_in_schema=False)


class RequestIds:
    """Gives each request its id, echoes it in X-Request-Id and logs one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(Headers(scope=scope))
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        with request_scope(request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                took = (time.perf_counter() - started) * 1000
                level = logging.DEBUG if scope["path"] in PROBES else logging.INFO
                logger.log(level, "%s %s %s %.1f ms", scope["method"], scope["path"], status, took)


def _traced(use_case: Callable[..., Any]) -> Callable[..., Any]:
    """Runs a sync use case under the request's bisslog transaction, on the worker thread
    bisslog-fastapi gives it. Coroutines share the event loop's thread, whose transaction stack
    concurrent requests would interleave, so async use cases keep bisslog's own transaction."""
    call = type(use_case).__call__
    if inspect.iscoroutinefunction(use_case) or inspect.iscoroutinefunction(call):
        return use_case

    @functools.wraps(use_case)
    def run(*args: Any, **kwargs: Any) -> Any:
        request_id = current_request_id()
        if request_id is None:
            return use_case(*args, **kwargs)
        with bisslog_transaction(request_id):
            return use_case(*args, **kwargs)

    return run


class _TracedHttpResolver(BisslogFastAPIHttpResolver):
    def __call__(self, app, use_case_info, trigger_info, use_case_callable, **kwargs) -> None:
        super().__call__(app, use_case_info, trigger_info, _traced(use_case_callable), **kwargs)


# bisslog-fastapi's own initializer (same resolvers, same infra import), with traced use cases.
TracedBisslogFastAPI = InitFastApiApp(
    _TracedHttpResolver(),
    BisslogFastAPIWebSocketResolver(),
    EagerImportModulePackage(("src.infra", "infra")),
)


async def _health() -> JSONResponse:
    return JSONResponse(liveness())


async def _ready() -> JSONResponse:
    status, body = await run_in_threadpool(readiness)  # checks block on the network
    return JSONResponse(body, status_code=status)


async def _external_error(request: Request, exc: Exception) -> JSONResponse:
    status, body = external_error(exc)
    logger.error("%s in %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc)
    return JSONResponse(body, status_code=status)
