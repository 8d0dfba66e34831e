"""The DynamoDB tables of the DynamoDB adapters: one per port, `DYNAMODB_TABLE_PREFIX` + port.

Key `id` (a string from src.infra.ids, so ids sort in creation order). Lists query the `by_id`
index: every item carries LIST_KEY = LIST_VALUE, the index's partition, sorted by `id`.
The first use of a table checks that it exists, so a wrong region, endpoint or prefix stops
start-up with a SettingsError. `python -m src.infra.dynamodb` creates the missing tables.
"""

import os
import re
import sys
import threading
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from src.infra import aws
from src.infra.settings import SettingsError
from src.infra.setup import PORTS

LIST_INDEX = "by_id"
LIST_KEY = "_list"
LIST_VALUE = "all"
# DynamoDB table names: 3 to 255 of these characters; the port names add the rest.
_PREFIX = re.compile(r"[A-Za-z0-9_.-]{0,200}")

_clients: dict[tuple[str, str | None], Any] = {}
_checked: set[tuple[str, str | None, str]] = set()
_lock = threading.Lock()


def table_prefix() -> str:
    value = os.environ.get("DYNAMODB_TABLE_PREFIX", "").strip()
    if not _PREFIX.fullmatch(value):
        raise SettingsError(
            f"DYNAMODB_TABLE_PREFIX={value!r} may hold only letters, digits, _ . - (200 at most)"
        )
    return value


def table_name(port: str) -> str:
    return f"{table_prefix()}{port}"


def dynamodb_client() -> Any:
    """The process-wide client for the configured region and endpoint."""
    key = (aws.region(), aws.endpoint_url())
    with _lock:
        if key not in _clients:
            _clients[key] = aws.client("dynamodb")
        return _clients[key]


def checked_table(port: str) -> str:
    """The port's table name, after checking once per process that the table exists."""
    name = table_name(port)
    key = (aws.region(), aws.endpoint_url(), name)
    if key in _checked:
        return name
    try:
        dynamodb_client().describe_table(TableName=name)
    except ClientError as exc:
        if aws.error_code(exc) != "ResourceNotFoundException":
            raise SettingsError(
                f"DynamoDB at {aws.where()} refused: {aws.error_code(exc)}"
            ) from None
        raise SettingsError(
            f"DynamoDB table {name!r} does not exist at {aws.where()} (DYNAMODB_TABLE_PREFIX="
            f"{table_prefix()!r}); deploy template.yaml or run: python -m src.infra.dynamodb"
        ) from None
    except BotoCoreError as exc:
        raise SettingsError(
            f"AWS_ENDPOINT_URL/AWS_REGION: DynamoDB did not answer at {aws.where()} "
            f"({type(exc).__name__}); is it running and reachable?"
        ) from None
    _checked.add(key)
    return name


def create_table(name: str) -> bool:
    """Creates the table with its key and list index; False when it already exists."""
    client = dynamodb_client()
    try:
        client.create_table(
            TableName=name,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": "id", "AttributeType": "S"},
                {"AttributeName": LIST_KEY, "AttributeType": "S"},
            ],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": LIST_INDEX,
                    "KeySchema": [
                        {"AttributeName": LIST_KEY, "KeyType": "HASH"},
                        {"AttributeName": "id", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
        )
    except ClientError as exc:
        if aws.error_code(exc) == "ResourceInUseException":
            return False
        raise
    client.get_waiter("table_exists").wait(TableName=name)
    return True


def create_tables(ports: tuple[str, ...] = PORTS) -> list[str]:
    """Creates every port's missing table; returns the names it created."""
    return [table_name(port) for port in ports if create_table(table_name(port))]


def main() -> int:
    try:
        created = create_tables()
    except (SettingsError, BotoCoreError, ClientError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for port in PORTS:
        state = "created" if table_name(port) in created else "exists"
        print(f"{table_name(port)}: {state} at {aws.where()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
