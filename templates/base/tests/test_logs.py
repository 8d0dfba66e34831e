"""Logging: bisslog's transaction and checkpoint ids on every line, text or JSON."""

import io
import json
import logging

import pytest
from bisslog import domain_context, use_case

from src.infra.observability.logs import configure_logging
from src.infra.observability.request_id import request_scope, serving
from src.infra.settings import SettingsError


@pytest.fixture
def lines(monkeypatch):
    """Configures logging into a buffer; returns a function reading the lines written so far."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    buffer = io.StringIO()

    def configure(**env: str):
        configure_logging(env, stream=buffer)
        return lambda: buffer.getvalue().splitlines()

    return configure


@use_case
def traced_step(**kwargs) -> None:
    domain_context.tracer.info("inside", checkpoint_id="step-done")


def test_json_is_one_object_per_line_with_the_ids(lines):
    read = lines(LOG_FORMAT="json")

    with serving("req-1"):
        traced_step()
    logging.getLogger("some.library").warning("outside bisslog's tracer")

    inside, outside = (json.loads(line) for line in read())
    assert set(inside) == {"time", "level", "logger", "transaction_id", "checkpoint_id", "message"}
    assert inside["transaction_id"] == "req-1"
    assert (inside["checkpoint_id"], inside["message"]) == ("step-done", "inside")
    assert (inside["level"], inside["logger"]) == ("INFO", "transactional-tracer")
    # bisslog's BisslogFilterLogging fills in the ids of lines from outside its tracer.
    assert (outside["transaction_id"], outside["checkpoint_id"]) == (
        "service-logging",
        "unknown-checkpoint",
    )


def test_a_line_logged_while_serving_a_request_carries_its_id(lines):
    read = lines(LOG_FORMAT="json")

    with request_scope("req-2"):
        logging.getLogger("some.library").info("during the request")

    assert json.loads(read()[0])["transaction_id"] == "req-2"


def test_text_lines_carry_the_ids(lines):
    read = lines(LOG_FORMAT="text")

    with serving("req-3"):
        traced_step()

    assert "INFO transactional-tracer [req-3 step-done] inside" in read()[0]


def test_log_level_filters(lines):
    read = lines(LOG_LEVEL="warning")

    logging.getLogger("some.library").info("hidden")
    logging.getLogger("some.library").warning("shown")

    assert [line.rsplit(" ", 1)[-1] for line in read()] == ["shown"]


def test_debug_shows_where_each_use_case_starts_and_ends(lines):
    read = lines(LOG_LEVEL="DEBUG", LOG_FORMAT="json")

    with serving("req-4"):
        traced_step()

    checkpoints = [json.loads(line)["checkpoint_id"] for line in read()]
    assert checkpoints == ["start-traced_step", "step-done", "end-traced_step"]


@pytest.mark.parametrize(("name", "value"), [("LOG_LEVEL", "loud"), ("LOG_FORMAT", "xml")])
def test_a_wrong_setting_is_named(lines, name, value):
    with pytest.raises(SettingsError, match=f"^{name}="):
        lines(**{name: value})
