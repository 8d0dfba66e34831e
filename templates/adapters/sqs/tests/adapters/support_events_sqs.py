"""How the events contract tests get an SQS publisher: the emulator at AWS_ENDPOINT_URL.

Without AWS_ENDPOINT_URL the SQS contract tests are skipped (they never touch real AWS).
With it, each test publishes to queues of its own, deleted afterwards.
"""

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from src.infra import sqs
from tests.adapters.support_aws import emulator_env


def receive(queue: str, count: int, wait_seconds: int = 1) -> list:
    """Up to `count` message bodies from `queue`, deleted once read."""
    client, url = sqs.sqs_client(), sqs.queue_url(queue)
    bodies: list = []
    while len(bodies) < count:
        response = client.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=min(10, count - len(bodies)),
            WaitTimeSeconds=wait_seconds,
        )
        messages = response.get("Messages", [])
        if not messages:
            break
        for message in messages:
            bodies.append(json.loads(message["Body"]))
            client.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return bodies


@contextmanager
def provide(build: Callable[[], Any]) -> Iterator[SimpleNamespace]:
    with emulator_env():
        created: list[str] = []

        def new_queue() -> str:
            name = f"test-{uuid.uuid4().hex[:12]}"
            created.extend(sqs.create_queues((name,)))
            return name

        try:
            yield SimpleNamespace(publisher=build(), new_queue=new_queue, receive=receive)
        finally:
            for url in created:
                sqs.sqs_client().delete_queue(QueueUrl=url)
