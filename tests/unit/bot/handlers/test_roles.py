"""Who may do what: decided by the configuration, never by what a user claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config, parse_config
from bot.handlers.roles import role_of
from conversations.commands import Role


def config_with(tmp_path: Path, *, admins: list[str], managers: list[str]) -> Config:
    return parse_config(
        {
            "matrix": {
                "homeserver": "https://matrix.example.org",
                "user_id": "@harmonie:example.org",
                "password": "pw",
                "allowed_servers": ["example.org", "other.example"],
            },
            "organisation": {
                "name": "Commune de Test",
                "admins": admins,
                "managers": managers,
            },
        },
        source="t.toml",
        base_dir=tmp_path,
        environ={},
    )


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return config_with(
        tmp_path,
        admins=["@dsi:example.org"],
        managers=["@cheffe:example.org", "@chef:other.example"],
    )


@pytest.mark.parametrize(
    ("user_id", "role"),
    [
        ("@dsi:example.org", Role.ADMIN),
        ("@cheffe:example.org", Role.MANAGER),
        ("@chef:other.example", Role.MANAGER),
        ("@agent:example.org", Role.AGENT),
    ],
)
def test_the_role_comes_from_the_configuration(config: Config, user_id: str, role: Role) -> None:
    assert role_of(user_id, config) is role


@pytest.mark.parametrize(
    "impostor",
    ["@dsi:other.example", "@DSI:example.org", "dsi", "@dsi", "@dsi:example.org ", ""],
)
def test_a_look_alike_of_an_admin_is_an_agent(config: Config, impostor: str) -> None:
    assert role_of(impostor, config) is Role.AGENT


def test_someone_listed_as_admin_and_manager_has_the_higher_role(tmp_path: Path) -> None:
    config = config_with(tmp_path, admins=["@both:example.org"], managers=["@both:example.org"])

    assert role_of("@both:example.org", config) is Role.ADMIN


def test_without_admins_or_managers_everyone_is_an_agent(tmp_path: Path) -> None:
    config = config_with(tmp_path, admins=[], managers=[])

    assert role_of("@dsi:example.org", config) is Role.AGENT
    assert role_of("@harmonie:example.org", config) is Role.AGENT


def test_roles_are_ordered_so_higher_roles_may_do_what_lower_ones_may() -> None:
    assert Role.AGENT < Role.MANAGER < Role.ADMIN
