"""How the contract tests get a DynamoDB adapter: the emulator at AWS_ENDPOINT_URL, fresh tables.

Without AWS_ENDPOINT_URL the DynamoDB contract tests are skipped (they never touch real AWS).
With it, each test gets its own table prefix, and its tables are deleted afterwards.
"""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from src.infra import dynamodb
from tests.adapters.support_aws import emulator_env


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
