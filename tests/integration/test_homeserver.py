"""The throwaway local Synapse, against a real Synapse and real clients (no mocks)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nio import AsyncClient, AsyncClientConfig, LoginResponse

import bot.demo.homeserver
from bot.demo.homeserver import HomeserverError, LocalHomeserver, synapse_available

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalHomeserver]:
    if not synapse_available():
        pytest.fail("matrix-synapse is not installed: pip install -e '.[test]'")
    with LocalHomeserver(tmp_path_factory.mktemp("homeserver")) as server:
        yield server


def get_json(url: str, access_token: str | None = None) -> Any:
    request = urllib.request.Request(url)
    if access_token is not None:
        request.add_header("Authorization", f"Bearer {access_token}")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return json.load(response)


async def log_in(server: LocalHomeserver, user_id: str, password: str) -> Any:
    client = AsyncClient(server.url, user_id, config=AsyncClientConfig(encryption_enabled=False))
    try:
        return await client.login(password, device_name="harmonie-test")
    finally:
        await client.close()


def test_importing_the_module_does_not_import_synapse() -> None:
    code = "import sys, bot.demo.homeserver; sys.exit('synapse' in sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)


def test_server_answers_versions(homeserver: LocalHomeserver) -> None:
    versions = get_json(homeserver.url + "/_matrix/client/versions")

    assert homeserver.is_running()
    assert homeserver.url.startswith("http://127.0.0.1:")
    assert "v1.11" in versions["versions"]


def test_registered_user_gets_a_working_token(homeserver: LocalHomeserver) -> None:
    user = homeserver.register_user("alice", "alice-password")

    assert user.user_id == "@alice:harmonie.localhost"
    assert user.access_token is not None
    whoami = get_json(homeserver.url + "/_matrix/client/v3/account/whoami", user.access_token)
    assert whoami["user_id"] == user.user_id
    assert whoami["device_id"] == user.device_id


async def test_user_registered_without_login_logs_in_with_its_password(
    homeserver: LocalHomeserver,
) -> None:
    user = homeserver.register_user("harmonie", "bot-password", inhibit_login=True)

    assert user.access_token is None
    assert user.device_id is None
    response = await log_in(homeserver, user.user_id, "bot-password")
    assert isinstance(response, LoginResponse), response
    assert response.user_id == user.user_id


def test_admin_user_can_be_registered(homeserver: LocalHomeserver) -> None:
    admin = homeserver.register_user("root", "root-password", admin=True)

    assert admin.access_token is not None
    url = f"{homeserver.url}/_synapse/admin/v2/users/{admin.user_id}"
    assert get_json(url, admin.access_token)["admin"] is True


def test_registering_a_taken_localpart_fails(homeserver: LocalHomeserver) -> None:
    homeserver.register_user("bob", "bob-password")

    with pytest.raises(HomeserverError, match="User ID already taken"):
        homeserver.register_user("bob", "another-password")


async def test_restart_keeps_users_and_port(homeserver: LocalHomeserver) -> None:
    user = homeserver.register_user("carol", "carol-password")
    url = homeserver.url

    homeserver.stop()
    homeserver.start()

    assert homeserver.is_running()
    assert homeserver.url == url
    whoami = get_json(url + "/_matrix/client/v3/account/whoami", user.access_token)
    assert whoami["user_id"] == user.user_id
    response = await log_in(homeserver, user.user_id, "carol-password")
    assert isinstance(response, LoginResponse), response


async def test_killed_server_starts_again_with_its_data(tmp_path: Path) -> None:
    server = LocalHomeserver(tmp_path / "state")
    try:
        server.start()
        user = server.register_user("dave", "dave-password", inhibit_login=True)

        server.kill()
        assert not server.is_running()
        server.start()

        response = await log_in(server, user.user_id, "dave-password")
        assert isinstance(response, LoginResponse), response
    finally:
        server.stop()


def test_stop_is_idempotent(tmp_path: Path) -> None:
    server = LocalHomeserver(tmp_path / "state")
    server.stop()  # never started

    server.start()
    server.stop()
    server.stop()

    assert not server.is_running()
    with pytest.raises(HomeserverError, match="not running"):
        server.register_user("erin", "erin-password")


def test_missing_synapse_is_reported_with_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.demo.homeserver, "synapse_available", lambda: False)
    server = LocalHomeserver(tmp_path / "state")

    with pytest.raises(HomeserverError, match=r"pip install 'harmonie\[server\]'"):
        server.start()
    assert not server.is_running()


def test_synapse_that_cannot_start_is_reported_with_its_log(tmp_path: Path) -> None:
    state_dir = tmp_path / "state"
    with LocalHomeserver(state_dir) as first:
        first.register_user("frank", "frank-password")

    renamed = LocalHomeserver(state_dir, server_name="other.localhost")
    with pytest.raises(HomeserverError, match="You cannot change a synapse server_name"):
        renamed.start()
    assert not renamed.is_running()
