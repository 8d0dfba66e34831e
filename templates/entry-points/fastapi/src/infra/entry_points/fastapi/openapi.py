"""Serves the service's OpenAPI document at /openapi.json, and so in FastAPI's docs at /docs,
instead of the one FastAPI infers (which knows nothing of the declared inputs or errors)."""

from fastapi import FastAPI

from src.infra.entry_points.openapi import build_document


def serve_openapi(app: FastAPI) -> None:
    document = build_document()  # built once, at start-up: a broken declaration fails early
    app.openapi = lambda: document  # type: ignore[method-assign]
