"""How the contract tests get a DynamoDB adapter: the emulator at AWS_ENDPOINT_URL, fresh tables.

Without AWS_ENDPOINT_URL the DynamoDB contract tests are skipped (they never touch real AWS).
With it, each test gets its own table prefix, and its tables are deleted afterwards.
"""

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from src.infra import dynamodb

SKIP_REASON = "AWS_ENDPOINT_URL is not set: the DynamoDB contract tests need an AWS emulator"


@contextmanager
def emulator_env() -> Iterator[pytest.MonkeyPatch]:
    """Skips without an emulator; else a region and dummy credentials, as moto accepts any."""
    if not os.environ.get("AWS_ENDPOINT_URL", "").strip():
        pytest.skip(SKIP_REASON)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
        ):
            if not os.environ.get(name):
                patch.setenv(name, value)
        yield patch


@contextmanager
def provide(build: Callable[[], object]) -> Iterator[object]:
    with emulator_env() as patch:
        patch.setenv("DYNAMODB_TABLE_PREFIX", f"test-{uuid.uuid4().hex[:12]}-")
        created = dynamodb.create_tables()
        try:
            yield build()
        finally:
            for name in created:
                dynamodb.dynamodb_client().delete_table(TableName=name)
