"""Serves the service's OpenAPI document at /openapi.json and its docs at /docs."""

from flask import Flask, Response, jsonify

from src.infra.entry_points.openapi import build_document, docs_page


def serve_openapi(app: Flask) -> None:
    document = build_document()  # built once, at start-up: a broken declaration fails early
    page = docs_page(document["info"]["title"])
    app.add_url_rule("/openapi.json", "openapi", lambda: jsonify(document))
    app.add_url_rule("/docs", "docs", lambda: Response(page, mimetype="text/html"))
