"""Adapter selection from the environment."""

import pytest

from src.infra import settings
from src.infra.settings import DEFAULT_ADAPTER, SettingsError, adapter_for, require_env

# A second adapter besides memory, so that every choice differs from the default even in a
# project generated with the in-memory adapter only.
ADAPTERS = ("memory", "fake")


def test_defaults_to_the_default_adapter():
    assert adapter_for("orders", {}, ADAPTERS) == DEFAULT_ADAPTER
    assert adapter_for("orders", {"ADAPTER": " "}, ADAPTERS) == DEFAULT_ADAPTER


def test_adapter_chooses_for_every_port():
    env = {"ADAPTER": "fake"}

    assert adapter_for("orders", env, ADAPTERS) == "fake"
    assert adapter_for("users", env, ADAPTERS) == "fake"


def test_per_port_variable_chooses_for_its_port_only():
    env = {"ORDERS_ADAPTER": "fake"}

    assert adapter_for("orders", env, ADAPTERS) == "fake"
    assert adapter_for("users", env, ADAPTERS) == DEFAULT_ADAPTER


def test_per_port_variable_wins_over_adapter():
    env = {"ADAPTER": "fake", "ORDERS_ADAPTER": "memory"}

    assert adapter_for("orders", env, ADAPTERS) == "memory"
    assert adapter_for("users", env, ADAPTERS) == "fake"


def test_values_are_trimmed_and_case_insensitive():
    assert adapter_for("orders", {"ORDERS_ADAPTER": " Fake "}, ADAPTERS) == "fake"


def test_unknown_adapter_names_the_variable_and_the_valid_values():
    message = r"^ADAPTER='nope' is not an adapter; valid values: memory, fake$"
    with pytest.raises(SettingsError, match=message):
        adapter_for("orders", {"ADAPTER": "nope"}, ADAPTERS)


def test_unknown_per_port_adapter_names_the_per_port_variable():
    with pytest.raises(SettingsError, match=r"^ORDERS_ADAPTER='nope' is not an adapter"):
        adapter_for("orders", {"ORDERS_ADAPTER": "nope"}, ADAPTERS)


def test_the_generated_adapters_are_the_default_choices():
    with pytest.raises(SettingsError, match="ADAPTER='fake' is not an adapter"):
        adapter_for("orders", {"ADAPTER": "fake"})


def test_the_default_is_a_generated_adapter():
    assert DEFAULT_ADAPTER in settings.ADAPTERS


def test_missing_variable_is_named():
    with pytest.raises(SettingsError, match="missing environment variable SOME_URL"):
        require_env("SOME_URL", "needed by a test", {})
