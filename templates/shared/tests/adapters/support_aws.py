"""The AWS emulator the DynamoDB and SQS tests run against: AWS_ENDPOINT_URL, never real AWS."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SKIP_REASON = "AWS_ENDPOINT_URL is not set: the AWS adapter tests need an AWS emulator (moto)"


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
