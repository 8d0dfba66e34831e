"""Adapter selection from the environment."""

import pytest

from src.infra.settings import ADAPTERS, SettingsError, adapter_for, require_env


def test_defaults_to_memory():
    assert adapter_for("orders", {}) == "memory"


def test_global_and_per_port_choice():
    env = {"ADAPTER": ADAPTERS[-1], "ORDERS_ADAPTER": "memory"}

    assert adapter_for("orders", env) == "memory"
    assert adapter_for("users", env) == ADAPTERS[-1]


def test_unknown_adapter_names_the_variable_and_the_valid_values():
    with pytest.raises(SettingsError, match="ADAPTER='nope' is not an adapter; valid values: "):
        adapter_for("orders", {"ADAPTER": "nope"})


def test_missing_variable_is_named():
    with pytest.raises(SettingsError, match="missing environment variable SOME_URL"):
        require_env("SOME_URL", "needed by a test", {})
