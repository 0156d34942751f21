"""The files a throwaway Synapse starts from (the process itself: tests/integration)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from bot.demo import synapse_config


def write(state: Path, *, raise_rate_limits: bool = True) -> str:
    return synapse_config.write_files(
        state,
        server_name="harmonie.localhost",
        port=18008,
        raise_rate_limits=raise_rate_limits,
        log_level="WARNING",
    )


def config(state: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((state / "homeserver.json").read_text("utf-8"))
    return loaded


def test_a_second_start_keeps_the_signing_key_and_the_secrets(tmp_path: Path) -> None:
    secret = write(tmp_path)
    key = (tmp_path / "signing.key").read_text(encoding="ascii")
    first = config(tmp_path)

    assert write(tmp_path) == secret
    assert (tmp_path / "signing.key").read_text(encoding="ascii") == key
    second = config(tmp_path)
    for name in ("registration_shared_secret", "macaroon_secret_key", "form_secret"):
        assert second[name] == first[name]
    assert first["registration_shared_secret"] == secret
    assert key.startswith("ed25519 a_")


def test_the_secrets_are_for_the_owner_only(tmp_path: Path) -> None:
    write(tmp_path)

    for name in ("homeserver.json", "signing.key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_clients_only_on_localhost_and_rate_limits_raised_on_request(tmp_path: Path) -> None:
    write(tmp_path / "raised")
    write(tmp_path / "kept", raise_rate_limits=False)

    raised, kept = config(tmp_path / "raised"), config(tmp_path / "kept")
    assert raised["listeners"] == kept["listeners"]
    listener = raised["listeners"][0]  # type: ignore[index]
    assert listener["bind_addresses"] == ["127.0.0.1"] and listener["port"] == 18008
    assert raised["rc_login"]["account"]["burst_count"] == 10000  # type: ignore[index]
    assert "rc_message" in raised and "rc_message" not in kept
    assert raised["federation_domain_whitelist"] == []


def test_synapse_logs_to_its_file_at_the_level_asked(tmp_path: Path) -> None:
    write(tmp_path)

    log_config = json.loads((tmp_path / "log_config.json").read_text(encoding="utf-8"))
    assert log_config["handlers"]["file"]["filename"] == str(tmp_path / "homeserver.log")
    assert log_config["root"]["level"] == "WARNING"
