"""Flask entry point: bisslog-flask registers one route per HTTP trigger in metadata.yml.

Run from the project root (bisslog resolves metadata.yml and the use cases from there):
    flask --app src.infra.entry_points.flask.app run
    gunicorn src.infra.entry_points.flask.app:app
"""

import logging

from bisslog.exceptions.domain_exception import DomainException
from bisslog_flask import BisslogFlask
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException, MethodNotAllowed, NotFound

from src.infra.entry_points.errors import (
    METHODS_WITH_BODY,
    error_body,
    http_error,
    internal_error,
    invalid_json,
    method_not_allowed,
    not_an_object,
    not_found,
    status_for,
)
from src.infra.entry_points.flask.observability import observe
from src.infra.entry_points.flask.openapi import serve_openapi
from src.infra.entry_points.responses import success

METADATA_FILE = "metadata.yml"
USE_CASES_FOLDER = "src/domain/use_cases"
# Only the setup module: importing all of src/infra would build the other entry points too.
INFRA_PATH = "src.infra.setup"

logger = logging.getLogger(__name__)


def _parse_json_body():
    """bisslog-flask reads bodies with get_json(silent=True), which turns malformed JSON (or a
    missing Content-Type) into {}; parse here instead, and bisslog reads the cached result."""
    if request.method in METHODS_WITH_BODY and request.get_data(cache=True).strip():
        try:
            body = request.get_json(force=True)
        except (BadRequest, RecursionError):  # nested deeper than the parser recurses
            return jsonify(invalid_json()), 400
        if not isinstance(body, dict):
            return jsonify(not_an_object()), 400
    return None


def _success_status(response: Response) -> Response:
    # bisslog-flask names each endpoint "<use case> <path>".
    if request.endpoint and response.status_code == 200 and response.is_json:
        keyname = request.endpoint.partition(" ")[0]
        response.status_code, headers = success(keyname, response.get_json())
        response.headers.update(headers)
    return response


def _domain_error(exc: DomainException):
    return jsonify(error_body(exc)), status_for(exc)


def _http_error(exc: HTTPException):
    if isinstance(exc, NotFound):
        return jsonify(not_found(request.method, request.path)), 404
    if isinstance(exc, MethodNotAllowed):
        allowed = sorted(exc.valid_methods or [])
        body = jsonify(method_not_allowed(request.method, allowed))
        return body, 405, {"Allow": ", ".join(allowed)}
    keyname = (exc.name or "error").lower().replace(" ", "-")
    return jsonify(http_error(keyname, exc.description or keyname)), exc.code or 500


def _unexpected_error(exc: Exception):
    logger.exception("unhandled error in %s %s", request.method, request.path)
    return jsonify(internal_error()), 500


def create_app() -> Flask:
    app = Flask(__name__)
    observe(app)
    app.before_request(_parse_json_body)
    app.after_request(_success_status)
    # bisslog-flask maps no exception to a status; NotFound and NotAllowed subclass this one.
    app.register_error_handler(DomainException, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    serve_openapi(app)
    return BisslogFlask(
        metadata_file=METADATA_FILE,
        use_cases_folder_path=USE_CASES_FOLDER,
        infra_path=INFRA_PATH,
        app=app,
    )


app = create_app()
