"""The service's OpenAPI 3.1 document, built from metadata.yml and what each use case declares.

Each use-case module declares `INPUT` (the JSON Schema of its body, enforced by check_input),
`QUERY` (a schema per query parameter) and `OUTPUT` (its success body); responses.py gives the
success status and errors.py the error body. Flask and FastAPI serve the document at
/openapi.json with docs at /docs; `python -m src.infra.entry_points.openapi [FILE]` writes it
without starting a server. Routes that are not use cases (health checks) are left out unless
passed as `extra_paths`.
"""

import contextlib
import copy
import inspect
import io
import json
import re
import sys
from collections.abc import Mapping
from html import escape
from typing import Any

from bisslog_schema import read_service_info_with_code
from bisslog_schema.schema import TriggerHttp
from jsonschema import Draft202012Validator

from src.infra.entry_points.errors import METHODS_WITH_BODY
from src.infra.entry_points.responses import ACCEPTED, CREATED

METADATA_FILE = "metadata.yml"
USE_CASES_FOLDER = "src/domain/use_cases"
# The version of the HTTP contract: bump it when a change breaks clients.
API_VERSION = "0.1.0"
JSON = "application/json"

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "a stable keyname, e.g. order-not-found"},
        "message": {"type": "string", "description": "for humans; may change"},
    },
}


def _error(description: str, headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if headers:
        response["headers"] = headers
    return response


# Every error the entry points answer, by status; operations refer to those they can answer.
ERROR_RESPONSES = {
    "400": ("BadRequest", "the body is not a JSON object or the input breaks its declared schema"),
    "404": ("NotFound", "no record has this id, or no route answers this path"),
    "409": ("Conflict", "the change conflicts with what is stored"),
    "500": ("InternalError", "an unexpected error; the service logs it"),
    "502": ("BadGateway", "a service this one calls answered with an error"),
    "503": ("ServiceUnavailable", "a database or service this one needs is unavailable"),
}
# Answered when an adapter fails (bisslog's ExternalInteractionError family).
INFRA_STATUSES = ("409", "502", "503")
ALLOW = {
    "Allow": {"description": "the methods this path answers", "schema": {"type": "string"}},
}
COMPONENTS = {
    "schemas": {"Error": ERROR},
    "responses": {
        **{name: _error(text) for name, text in ERROR_RESPONSES.values()},
        # No operation can list it: it answers the methods a path does not document.
        "MethodNotAllowed": _error("the path does not answer this method", ALLOW),
    },
}


def build_document(
    metadata_file: str = METADATA_FILE,
    use_cases_folder: str = USE_CASES_FOLDER,
    extra_paths: Mapping[str, dict] | None = None,
) -> dict:
    """The OpenAPI document: one operation per HTTP trigger of a use case that has code."""
    # bisslog-schema prints what it loads: kept off stdout (the exported document) and off the
    # logs (one JSON object per line with LOG_FORMAT=json).
    with contextlib.redirect_stdout(io.StringIO()):
        service = read_service_info_with_code(metadata_file, use_cases_folder)
    metadata = service.declared_metadata
    paths: dict[str, dict] = {}
    for keyname in sorted(metadata.use_cases):
        code = service.discovered_use_cases.get(keyname)
        if code is None:
            continue  # no runtime serves it
        use_case = metadata.use_cases[keyname]
        declared = vars(inspect.getmodule(code) or object())
        for trigger in use_case.triggers:
            if isinstance(trigger.options, TriggerHttp):
                http = trigger.options
                operation = _operation(keyname, use_case, http, declared)
                paths.setdefault(http.path, {})[http.method.lower()] = operation
    _link_created(paths)
    _document_shadowed(paths)
    paths.update(extra_paths or {})
    info = {"title": metadata.name, "version": API_VERSION}
    if metadata.description:
        info["description"] = metadata.description
    document = {
        "openapi": "3.1.0",
        "info": info,
        "paths": dict(sorted(paths.items())),
        "components": COMPONENTS,
    }
    # A copy: the declared schemas stay as the use cases validate with, whatever a caller edits.
    return copy.deepcopy(document)


def _operation(keyname: str, use_case: Any, http: TriggerHttp, declared: dict) -> dict:
    mapper = http.mapper or {}
    path_params = re.findall(r"\{(\w+)\}", http.path or "")
    query = declared.get("QUERY") or {}
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in path_params
    ]
    for source in mapper:
        section, _, name = source.partition(".")
        if section == "params" and name:
            schema = query.get(name, {"type": "string"})
            parameters.append({"name": name, "in": "query", "required": False, "schema": schema})
        elif section == "headers" and name:
            schema = {"type": "string"}
            parameters.append({"name": name, "in": "header", "required": False, "schema": schema})
    operation: dict[str, Any] = {"operationId": keyname, "summary": use_case.name}
    if use_case.description:
        operation["description"] = use_case.description
    if parameters:
        operation["parameters"] = parameters
    if any(source.partition(".")[0] == "body" for source in mapper):
        schema = declared.get("INPUT") or {"type": "object"}
        operation["requestBody"] = {
            # A body left out reaches the use case as {}: required unless {} is valid.
            "required": not Draft202012Validator(schema).is_valid({}),
            "content": {JSON: {"schema": schema}},
        }
    statuses = ["500"]
    if http.method.upper() in METHODS_WITH_BODY or "parameters" in operation:
        statuses.append("400")
    if path_params:
        statuses.append("404")
    if use_case.external_interactions:
        statuses.extend(INFRA_STATUSES)
    responses = _success(keyname, declared.get("OUTPUT"))
    for status in sorted(statuses):
        responses[status] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"}
    operation["responses"] = responses
    return operation


def _success(keyname: str, output: dict | None) -> dict:
    body = {"content": {JSON: {"schema": output or {}}}}
    if keyname in ACCEPTED:
        return {"202": {"description": "accepted; the request is recorded", **body}}
    if keyname in CREATED:
        if CREATED[keyname] is None:  # no use case reads the record back
            return {"201": {"description": "created", **body}}
        location = {"description": "where the new record is read", "schema": {"type": "string"}}
        return {"201": {"description": "created", "headers": {"Location": location}, **body}}
    return {"200": {"description": "done", **body}}


def _link_created(paths: dict[str, dict]) -> None:
    """Links each create to the operations on the record it made (`/orders` → `/orders/{id}…`),
    so clients and fuzzers can follow the id from the response."""
    for path, item in paths.items():
        for operation in item.values():
            created = operation["responses"].get("201")
            if created is None:
                continue
            scope = re.findall(r"\{(\w+)\}", path)
            links = {}
            for target_path, target_item in sorted(paths.items()):
                match = re.match(re.escape(path) + r"/\{(\w+)\}(/|$)", target_path)
                if match is None:
                    continue
                parameters = {name: f"$request.path.{name}" for name in scope}
                parameters[match.group(1)] = "$response.body#/id"
                for target in target_item.values():
                    target_id = target["operationId"]
                    links[target_id] = {"operationId": target_id, "parameters": parameters}
            if links:
                created["links"] = links


def _document_shadowed(paths: dict[str, dict]) -> None:
    """A literal path (`/orders/archive`) is also an instance of a templated one
    (`/orders/{order_id}`): routing goes by method first, so `GET /orders/archive` runs the get
    with `order_id` = "archive". Document those methods on the literal path too, so its `Allow`
    lists only documented methods and the document says what the server does."""
    declared = copy.deepcopy(paths)
    for path, item in paths.items():
        for template, template_item in sorted(declared.items()):
            bound = _binds(template, path)
            if not bound:
                continue
            for method, operation in template_item.items():
                if method in item:
                    continue
                shadowed = copy.deepcopy(operation)
                shadowed["operationId"] = f"{operation['operationId']}_at_{_slug(path)}"
                values = ", ".join(f'{name} = "{value}"' for name, value in bound.items())
                shadowed["description"] = f"{method.upper()} {template} with {values}."
                shadowed["x-same-as"] = operation["operationId"]
                kept = [p for p in operation.get("parameters", []) if p["name"] not in bound]
                shadowed.pop("parameters", None)
                if kept:
                    shadowed["parameters"] = kept
                for response in shadowed["responses"].values():
                    response.pop("links", None)
                item[method] = shadowed


def _binds(template: str, path: str) -> dict[str, str]:
    """The parameters of `template` that literal segments of `path` fill, when `path` is an
    instance of `template` with at least one; else {}."""
    template_parts, path_parts = template.split("/"), path.split("/")
    if template == path or len(template_parts) != len(path_parts):
        return {}
    bound = {}
    for want, got in zip(template_parts, path_parts, strict=True):
        parameter = re.fullmatch(r"\{(\w+)\}", want)
        if parameter and not got.startswith("{"):
            bound[parameter.group(1)] = got
        elif want != got:
            return {}
    return bound


def _slug(path: str) -> str:
    return re.sub(r"\W+", "_", path).strip("_")


def docs_page(title: str, openapi_url: str = "/openapi.json") -> str:
    """Swagger UI for the document, loaded from a CDN (the page FastAPI serves at /docs too)."""
    cdn = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"
    return f"""<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{cdn}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{cdn}/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({{url: {json.dumps(openapi_url)}, dom_id: "#swagger-ui"}});</script>
</body>
</html>
"""


def main(argv: list[str]) -> None:
    text = json.dumps(build_document(), indent=2, ensure_ascii=False) + "\n"
    if argv:
        with open(argv[0], "w", encoding="utf-8") as file:
            file.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
