"""Declared inputs: each use case declares the JSON Schema of its input (`INPUT`) beside its code.

`check_input` enforces that schema, and the OpenAPI document publishes the very same one, so
what clients are told and what the service accepts cannot drift apart.
"""

from typing import Any

from bisslog.exceptions.domain_exception import DomainException
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

_MESSAGE_LIMIT = 200


def check_input(schema: dict, value: Any, error: str) -> Any:
    """Returns `value` when it matches `schema`, else raises DomainException(error) naming the
    first field that is wrong (`name is required`, `tags[0] must be a string`)."""
    problem = best_match(Draft202012Validator(schema).iter_errors(value))
    if problem is None:
        return value
    raise DomainException(error, describe(problem))


def describe(problem: ValidationError) -> str:
    where = _field(problem.absolute_path)
    if problem.validator == "required" and isinstance(problem.instance, dict):
        missing = next(name for name in problem.validator_value if name not in problem.instance)
        return f"{_join(where, missing)} is required"
    if problem.validator == "additionalProperties" and isinstance(problem.instance, dict):
        known = problem.schema.get("properties", {})
        unknown = next(name for name in problem.instance if name not in known)
        return f"{_join(where, unknown)} is not a known field"
    if problem.validator == "type":
        expected = problem.validator_value
        names = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{where or 'the input'} must be of type {names}"
    message = problem.message
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 1] + "…"
    return f"{where or 'the input'}: {message}"


def _field(path: Any) -> str:
    where = ""
    for part in path:
        where = f"{where}[{part}]" if isinstance(part, int) else _join(where, part)
    return where


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else str(name)
