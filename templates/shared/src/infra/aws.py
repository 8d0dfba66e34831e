"""boto3 clients shared by the AWS adapters, configured from the environment.

AWS_REGION (or AWS_DEFAULT_REGION) is required; AWS_ENDPOINT_URL, when set, points every client
at a local emulator (moto, LocalStack) instead of AWS. Errors from AWS become bisslog's
external-interaction errors, so entry points map them like any other infrastructure failure.
"""

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlparse

import boto3
from bisslog.exceptions.external_interactions_errors import (
    AuthenticationExtException,
    AuthorizationExtException,
    ConfigurationExtException,
    ConnectionExtException,
    ExternalInteractionError,
    IntegrityErrorExtException,
    InvalidDataExtException,
    OperationalErrorExtException,
    TimeoutExtException,
)
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)

from src.infra.settings import SettingsError

# boto3 retries for up to a minute by default; start-up and requests should fail faster.
CONFIG = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2, "mode": "standard"})

_ERROR_CODES: dict[str, type[ExternalInteractionError]] = {
    "ConditionalCheckFailedException": IntegrityErrorExtException,
    "TransactionCanceledException": IntegrityErrorExtException,
    "ResourceNotFoundException": ConfigurationExtException,
    "AWS.SimpleQueueService.NonExistentQueue": ConfigurationExtException,
    "QueueDoesNotExist": ConfigurationExtException,
    "ValidationException": InvalidDataExtException,
    "InvalidParameterValue": InvalidDataExtException,
    "ProvisionedThroughputExceededException": OperationalErrorExtException,
    "ThrottlingException": OperationalErrorExtException,
    "RequestLimitExceeded": OperationalErrorExtException,
    "UnrecognizedClientException": AuthenticationExtException,
    "InvalidClientTokenId": AuthenticationExtException,
    "AccessDeniedException": AuthorizationExtException,
    "AccessDenied": AuthorizationExtException,
}

F = TypeVar("F", bound=Callable[..., Any])


def region() -> str:
    value = (
        os.environ.get("AWS_REGION", "").strip() or os.environ.get("AWS_DEFAULT_REGION", "").strip()
    )
    if not value:
        raise SettingsError(
            "missing environment variable AWS_REGION (the AWS region, e.g. us-east-1)"
        )
    return value


def endpoint_url() -> str | None:
    """AWS_ENDPOINT_URL when set (a local emulator), else None: boto3 finds AWS itself."""
    value = os.environ.get("AWS_ENDPOINT_URL", "").strip()
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"AWS_ENDPOINT_URL={value!r} is not an http(s) URL")
    return value


def client(service: str) -> Any:
    return boto3.client(service, region_name=region(), endpoint_url=endpoint_url(), config=CONFIG)


def where() -> str:
    """Names the endpoint in start-up errors: the emulator's URL or AWS's region."""
    return endpoint_url() or f"AWS in {region()}"


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def translate(exc: Exception) -> ExternalInteractionError:
    """The bisslog external-interaction error for a boto3 failure."""
    if isinstance(exc, ClientError):
        return _ERROR_CODES.get(error_code(exc), ExternalInteractionError)(str(exc))
    if isinstance(exc, (EndpointConnectionError, ConnectTimeoutError)):
        return ConnectionExtException(str(exc))
    if isinstance(exc, ReadTimeoutError):
        return TimeoutExtException(str(exc))
    if isinstance(exc, NoCredentialsError):
        return AuthenticationExtException(str(exc))
    return ExternalInteractionError(str(exc))


def aws_errors(function: F) -> F:
    """Re-raises boto3 failures as bisslog external-interaction errors (chained)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise translate(exc) from exc

    return wrapper  # type: ignore[return-value]
