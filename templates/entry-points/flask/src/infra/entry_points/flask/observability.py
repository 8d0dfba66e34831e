"""Flask: request ids, one log line per request, /health and /ready, infrastructure errors."""

import logging
import time
from contextlib import ExitStack

from bisslog.exceptions.external_interactions_errors import ExternalInteractionError
from flask import Flask, Response, g, jsonify, request

from src.infra.entry_points.external_errors import external_error
from src.infra.entry_points.health import HEALTH_PATH, READY_PATH, liveness, readiness
from src.infra.observability.request_id import HEADER, request_id_from, serving

logger = logging.getLogger(__name__)
# Probed every few seconds: their request lines only at DEBUG.
PROBES = (HEALTH_PATH, READY_PATH)


def observe(app: Flask) -> None:
    # First in, last out: the id is set before any other hook runs and echoed on every answer.
    app.before_request_funcs.setdefault(None, []).insert(0, _open)
    app.after_request_funcs.setdefault(None, []).insert(0, _answer)
    app.teardown_request(_close)
    app.register_error_handler(ExternalInteractionError, _external_error)
    # Endpoint names with no space: bisslog-flask names use-case endpoints "<use case> <path>".
    app.add_url_rule(HEALTH_PATH, "infra-health", lambda: jsonify(liveness()))
    app.add_url_rule(READY_PATH, "infra-ready", _ready)


def _open() -> None:
    # The view runs on this thread, so the bisslog transaction is opened here.
    g.request_id = request_id_from(request.headers)
    g.request_started = time.perf_counter()
    g.request_scope = ExitStack()
    g.request_scope.enter_context(serving(g.request_id))


def _answer(response: Response) -> Response:
    response.headers[HEADER] = g.request_id
    took = (time.perf_counter() - g.request_started) * 1000
    level = logging.DEBUG if request.path in PROBES else logging.INFO
    logger.log(level, "%s %s %s %.1f ms", request.method, request.path, response.status_code, took)
    return response


def _close(_exc: BaseException | None) -> None:
    scope = g.pop("request_scope", None)
    if scope is not None:
        scope.close()


def _ready():
    status, body = readiness()
    return jsonify(body), status


def _external_error(exc: ExternalInteractionError):
    status, body = external_error(exc)
    logger.error("%s in %s %s", type(exc).__name__, request.method, request.path, exc_info=exc)
    return jsonify(body), status
