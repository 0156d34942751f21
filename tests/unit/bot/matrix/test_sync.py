"""The sync loop on a fake homeserver: what the bot answers, once, and when it moves on."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from bot.handlers.context import Incoming
from bot.matrix.batch import failure_reference
from storage import Session
from storage.outbox import transaction_id
from tests.support.fake_matrix import (
    BOT,
    AgentDevice,
    FakeHomeserver,
    dm_invitation,
    members,
    sync_batch,
    text_message,
)
from tests.support.kit import readable
from tests.unit.bot.matrix.bots import (
    AGENT,
    NOW,
    STRANGER,
    batch_handled,
    eventually,
    now_ms,
    outbox_empty,
    running,
)
from tests.unit.conftest import OpenDatabase

DM = "!agent-dm:mairie.fr"


def invited_by_agent(token: str = "s1") -> dict[str, object]:
    return sync_batch(token, invite={DM: dm_invitation(AGENT)})


def said(
    token: str, *messages: tuple[str, str], encrypted: list[dict[str, object]] | None = None
) -> dict[str, object]:
    """The agent's DM, joined, with these (event id, text) messages, then these encrypted
    events."""
    ts = now_ms()
    events: list[dict[str, object]] = [
        text_message(AGENT, body, event_id, ts + i) for i, (event_id, body) in enumerate(messages)
    ]
    return sync_batch(
        token, join={DM: [*events, *(encrypted or [])]}, state={DM: members(BOT, AGENT)}
    )


async def test_an_event_delivered_twice_gets_one_reply(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", ("$evaluer", "!evaluer")))  # no campaign open yet
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, 2)
        await outbox_empty(bot)
        # handled again, !evaluer would now start the survey
        async with db.transaction() as session:
            await session.campaigns.open("Outils 2027", "@admin:mairie.fr", None, NOW)
        homeserver.queue_sync(said("s3", ("$evaluer", "!evaluer")))  # the same event again
        await batch_handled(homeserver, 3)
        await outbox_empty(bot)

    welcome, answer = homeserver.sent_to(DM)
    assert "campagne" in readable(answer).lower()


async def test_after_a_restart_with_an_old_token_a_handled_event_is_not_answered_again(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", ("$evaluer", "!evaluer")))  # no campaign open yet
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, 2)
        await outbox_empty(bot)
    answered = len(homeserver.sent)
    asked = len(homeserver.syncs_asked())

    # A campaign opens meanwhile (handled again, !evaluer would now start the survey);
    # the token was not saved (a crash before it): the homeserver replays the batch.
    async with db.transaction() as session:
        await session.campaigns.open("Outils 2027", "@admin:mairie.fr", None, NOW)
        await session.sync.save_next_batch("s1")
    homeserver.queue_sync(said("s2", ("$evaluer", "!evaluer")))
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, asked + 1)
        await outbox_empty(bot)

    assert homeserver.syncs_asked()[asked] == "s1"
    assert len(homeserver.sent) == answered


@pytest.mark.sqlite
async def test_the_token_moves_only_past_a_batch_whose_events_are_all_stored(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    # the disk fails for the second message of a batch (a real SQLite error, mid-batch)
    fault = sqlite3.connect(tmp_path / "h0.db")
    fault.execute(
        "CREATE TRIGGER disk_fails BEFORE INSERT ON processed_events"
        " WHEN NEW.event_id = '$second' BEGIN SELECT abs(-9223372036854775807 - 1); END"
    )
    fault.commit()
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", ("$first", "!aide"), ("$second", "!aide")))
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, 2)
        async with db.read() as session:
            token_while_failing = await session.sync.next_batch()
        # the disk is back; asked again from the old token, the homeserver replays the batch
        fault.execute("DROP TRIGGER disk_fails")
        fault.commit()
        homeserver.queue_sync(said("s2", ("$first", "!aide"), ("$second", "!aide")))
        await batch_handled(homeserver, 3)
        await outbox_empty(bot)
        async with db.read() as session:
            token_after = await session.sync.next_batch()
    fault.close()

    assert token_while_failing == "s1"
    assert homeserver.syncs_asked()[1:] == ["s1", "s1", "s2"]
    assert token_after == "s2"
    answers = {s.txn_id for s in homeserver.sent}
    assert transaction_id("$first", 0) in answers
    assert transaction_id("$second", 0) in answers  # handled at the replay
    apologies = [s for s in homeserver.sent if s.txn_id == "harmonie-storage-$second"]
    assert len(apologies) == 1  # told at once that the bot could not store it


async def test_an_invitation_from_another_homeserver_is_ignored(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    homeserver.queue_sync(
        sync_batch("s1", invite={"!spam:ailleurs.example": dm_invitation(STRANGER)})
    )
    homeserver.queue_sync(invited_by_agent("s2"))
    homeserver.queue_sync(said("s3"))  # the agent's DM, joined
    async with running(tmp_path, db, homeserver) as bot:
        await batch_handled(homeserver, 3)
        await outbox_empty(bot)
        async with db.read() as session:
            stranger_room = await session.direct_rooms.room_for(STRANGER)

    assert homeserver.joined == [DM]
    assert stranger_room is None
    assert {s.room_id for s in homeserver.sent} == {DM}  # the agent was welcomed


async def test_an_event_without_its_key_waits_and_is_answered_once_the_key_arrives(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    phone = AgentDevice(AGENT)
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", encrypted=[phone.encrypted(DM, "!aide", "$secret", now_ms())]))
    settings = {"encryption": True, "resend_request_after_seconds": 600}
    async with running(tmp_path, db, homeserver, **settings) as bot:
        await batch_handled(homeserver, 2)
        async with db.read() as session:
            waiting = [p.event_id for p in await session.events.pending()]
        answered_before = _answered(homeserver, "$secret")

        phone.give_key(bot.client, DM)
        await eventually(lambda: _answered(homeserver, "$secret"))
        homeserver.queue_sync(said("s3"))  # a later sync must not handle it again
        await batch_handled(homeserver, 3)
        await outbox_empty(bot)
        async with db.read() as session:
            still_waiting = await session.events.pending()

    assert waiting == ["$secret"]
    assert not answered_before
    assert still_waiting == []
    assert [s.txn_id for s in homeserver.sent].count(transaction_id("$secret", 0)) == 1


async def test_an_event_whose_key_never_comes_gets_a_request_to_resend(
    tmp_path: Path, open_database: OpenDatabase
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    phone = AgentDevice(AGENT)
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", encrypted=[phone.encrypted(DM, "!aide", "$lost", now_ms())]))
    settings = {
        "encryption": True,
        "key_request_after_seconds": 0,
        "resend_request_after_seconds": 3,  # asked at the first check, given up later
    }
    async with running(tmp_path, db, homeserver, **settings) as bot:
        await batch_handled(homeserver, 2)
        await eventually(lambda: _answered(homeserver, "undecryptable:$lost"))
        await outbox_empty(bot)
        async with db.read() as session:
            still_waiting = await session.events.pending()

    key_requests = [r for r in homeserver.requests if "/sendToDevice/m.room_key_request/" in r.path]
    assert key_requests  # the key was asked for first
    assert still_waiting == []
    (resend,) = [s for s in homeserver.sent if s.txn_id == transaction_id("undecryptable:$lost", 0)]
    assert "envoyer à nouveau" in readable(resend.content["body"])


def _answered(homeserver: FakeHomeserver, cause: str) -> bool:
    return any(s.txn_id == transaction_id(cause, 0) for s in homeserver.sent)


async def test_a_bug_reaching_an_agent_shows_a_reference_that_is_also_in_the_log(
    tmp_path: Path,
    open_database: OpenDatabase,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    homeserver = FakeHomeserver()
    db = await open_database()
    homeserver.queue_sync(invited_by_agent())
    homeserver.queue_sync(said("s2", ("$bug", "!aide")))
    async with running(tmp_path, db, homeserver) as bot:

        async def broken(session: Session, incoming: Incoming) -> list[object]:
            raise RuntimeError("a bug in a handler")

        monkeypatch.setattr(bot.conversations, "handle", broken)
        with caplog.at_level(logging.ERROR, logger="bot.matrix.batch"):
            await batch_handled(homeserver, 2)
            await outbox_empty(bot)

    reference = failure_reference("$bug")
    welcome, apology = homeserver.sent_to(DM)
    assert "problème technique" in readable(apology)
    assert f"référence : {reference}." in readable(apology)
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any(reference in r.getMessage() and r.exc_info for r in logged)
    assert "!aide" not in caplog.text  # the message itself is never logged


def test_a_reference_is_short_stable_and_differs_between_events() -> None:
    first = failure_reference("$abc:mairie.fr")

    assert first == failure_reference("$abc:mairie.fr")
    assert first != failure_reference("$abd:mairie.fr")
    assert first.startswith("E-") and len(first) == 8 and first[2:].isalnum()
