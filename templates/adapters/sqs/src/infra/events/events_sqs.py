"""SQS publisher of domain events: one message per event, its body the event as JSON.

Standard queues: `partition` (a FIFO message group) is not used. src.infra.aws turns boto3
errors into bisslog external-interaction errors.
"""

import json
from typing import Any

from bisslog.ports.publisher import IPublisher

from src.infra.aws import aws_errors
from src.infra.sqs import check_reachable, queue_url, sqs_client


class SqsPublisher(IPublisher):
    def __init__(self, client: Any) -> None:
        self._client = client

    @aws_errors
    def __call__(
        self, queue_name: str, body: Any, *args, partition: str | None = None, **kwargs
    ) -> None:
        self._client.send_message(QueueUrl=queue_url(queue_name), MessageBody=json.dumps(body))


def build() -> SqsPublisher:
    """Checks once that SQS answers; a wrong endpoint or region stops start-up."""
    check_reachable()
    return SqsPublisher(sqs_client())
