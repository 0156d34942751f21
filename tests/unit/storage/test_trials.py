"""Pilot trials as stored: one open at a time, pilots invited once, a suite's answers
replaced as a whole, the decision's history, and the agent's rights over their answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storage import Database, StorageError
from storage.connection import INTEGRITY_ERRORS

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
PLAN = '{"v": 1}'  # the questions, as conversations.trial writes them: kept as given


async def open_trial(db: Database, *users: str) -> tuple[int, list[int]]:
    async with db.transaction() as session:
        trial = await session.trials.open(
            ["alpha", "beta"], "@dsi:x", date(2027, 3, 1), NOW, plan=PLAN
        )
        agents = [await session.agents.get_or_create(user, NOW) for user in users]
        for agent in agents:
            await session.trials.ensure_pilot(trial.id, agent.id)
    return trial.id, [agent.id for agent in agents]


async def test_a_trial_keeps_its_suites_in_order_and_is_the_open_one(db: Database) -> None:
    trial_id, _ = await open_trial(db)

    async with db.read() as session:
        current = await session.trials.current()

    assert current is not None and current.id == trial_id
    assert current.suites == ("alpha", "beta") and current.closes_on == date(2027, 3, 1)
    assert current.is_open and current.opened_by == "@dsi:x"


async def test_a_second_open_trial_is_refused_by_the_database(db: Database) -> None:
    await open_trial(db)

    with pytest.raises((StorageError, *INTEGRITY_ERRORS)):
        async with db.transaction() as session:
            await session.trials.open(["gamma"], "@dsi:x", None, NOW, plan=PLAN)

    async with db.read() as session:
        current = await session.trials.current()
    assert current is not None and current.suites == ("alpha", "beta")


async def test_after_closing_the_latest_is_the_closed_one_until_a_new_opens(db: Database) -> None:
    first, _ = await open_trial(db)
    async with db.transaction() as session:
        await session.trials.close(first, NOW + timedelta(days=30))
    async with db.read() as session:
        assert await session.trials.current() is None
        latest = await session.trials.latest()
    assert latest is not None and latest.id == first and not latest.is_open

    async with db.transaction() as session:
        second = await session.trials.open(["gamma"], "@dsi:x", None, NOW, plan=PLAN)
    async with db.read() as session:
        latest = await session.trials.latest()
    assert latest is not None and latest.id == second.id


async def test_a_pilot_is_invited_once_and_asked_once(db: Database) -> None:
    trial_id, [agent] = await open_trial(db, "@p1:x")
    async with db.transaction() as session:
        assert [p.agent_id for p in await session.trials.to_invite(trial_id)] == [agent]
        await session.trials.mark_invite_requested(trial_id, agent, NOW)
        await session.trials.mark_invite_requested(trial_id, agent, NOW + timedelta(hours=1))
        await session.trials.mark_invited(trial_id, agent, "!dm:x", NOW)
        assert await session.trials.to_invite(trial_id) == []
        assert [p.agent_id for p in await session.trials.to_ask(trial_id)] == [agent]
        await session.trials.mark_asked(trial_id, agent, NOW)
        assert await session.trials.to_ask(trial_id) == []
        pilot = await session.trials.pilot(trial_id, agent)

    assert pilot is not None and pilot.room_id == "!dm:x"
    assert pilot.invite_requested_at == NOW and pilot.invited_at == NOW


async def test_a_suite_answered_again_replaces_its_rows(db: Database) -> None:
    trial_id, [agent] = await open_trial(db, "@p1:x")
    async with db.transaction() as session:
        await session.trials.save_suite(
            trial_id, agent, "alpha", [("ged", "simplicite", 7), ("ged", "securite", None)],
            "Trop de clics.", NOW,
        )  # fmt: skip
        await session.trials.save_suite(
            trial_id, agent, "alpha", [("ged", "simplicite", 8.5)], None, NOW
        )
        await session.trials.save_suite(trial_id, agent, "beta", [("agenda", "efficacite", 6)],
                                        "Bien.", NOW)  # fmt: skip
        ratings = await session.trials.ratings(trial_id)
        comments = await session.trials.comments(trial_id)

    assert [(r.suite, r.category, r.criterion, r.value) for r in ratings] == [
        ("alpha", "ged", "simplicite", 8.5),
        ("beta", "agenda", "efficacite", 6),
    ]
    assert [(c.suite, c.body) for c in comments] == [("beta", "Bien.")]


async def test_a_rating_out_of_range_is_refused(db: Database) -> None:
    trial_id, [agent] = await open_trial(db, "@p1:x")

    with pytest.raises((StorageError, *INTEGRITY_ERRORS)):
        async with db.transaction() as session:
            await session.trials.save_suite(
                trial_id, agent, "alpha", [("ged", "simplicite", 11)], None, NOW
            )

    async with db.read() as session:
        assert await session.trials.ratings(trial_id) == []


async def test_the_status_counts_and_never_names(db: Database) -> None:
    trial_id, agents = await open_trial(db, "@p1:x", "@p2:x", "@p3:x")
    async with db.transaction() as session:
        for agent in agents[:2]:
            await session.trials.mark_invited(trial_id, agent, f"!dm{agent}:x", NOW)
        await session.trials.save_state(trial_id, agents[0], "{}", finished=True, now=NOW)
        await session.trials.save_state(trial_id, agents[1], "{}", finished=False, now=NOW)
        status = await session.trials.status(trial_id)
        reminders = await session.trials.reminder_rows(trial_id)

    assert (status.pilots, status.invited, status.started, status.finished) == (3, 2, 2, 1)
    assert [row.agent_id for row in reminders] == [agents[1]]  # asked, not finished


async def test_the_decision_in_force_is_the_latest_and_the_history_stays(db: Database) -> None:
    trial_id, _ = await open_trial(db)
    async with db.transaction() as session:
        await session.trials.decide("beta", "Suite Bêta", None, "@dsi:x", NOW,
                                    trial_id=trial_id, recommendation=None)  # fmt: skip
        await session.trials.decide(
            "alpha", "Suite Alpha", "Support à Rennes", "@dgs:x", NOW + timedelta(days=1),
            trial_id=trial_id, recommendation="Suite recommandée : Suite Alpha",
        )  # fmt: skip
        decision = await session.trials.decision()
        history = await session.trials.decisions()

    assert decision is not None and decision.suite == "alpha"
    assert decision.reason == "Support à Rennes" and decision.decided_by == "@dgs:x"
    assert decision.recommendation == "Suite recommandée : Suite Alpha"
    assert [d.suite for d in history] == ["beta", "alpha"]


async def test_an_export_holds_the_pilots_answers_and_an_erasure_removes_them(
    db: Database,
) -> None:
    trial_id, [mine, other] = await open_trial(db, "@p1:x", "@p2:x")
    async with db.transaction() as session:
        for agent in (mine, other):
            await session.trials.save_state(trial_id, agent, '{"v": 1}', finished=True, now=NOW)
            await session.trials.save_suite(trial_id, agent, "alpha",
                                            [("ged", "simplicite", 7)], "zorglub", NOW)  # fmt: skip
        export = await session.privacy.export(mine)
    [trial] = export["pilot_trials"]
    assert trial["conversation_state"] == {"v": 1}
    assert trial["ratings"] == [
        {"suite": "alpha", "category": "ged", "criterion": "simplicite", "value": 7}
    ]
    assert [c["body"] for c in trial["comments"]] == ["zorglub"]

    async with db.transaction() as session:
        erased = await session.privacy.erase(mine, "@p1:x", None)
        ratings = await session.trials.ratings(trial_id)
        comments = await session.trials.comments(trial_id)
        status = await session.trials.status(trial_id)

    assert erased.trials == 1
    assert {r.agent_id for r in ratings} == {other} and {c.agent_id for c in comments} == {other}
    assert status.pilots == 1


async def test_retention_erases_a_closed_trials_answers_and_keeps_the_decision(
    db: Database,
) -> None:
    trial_id, [agent] = await open_trial(db, "@p1:x")
    async with db.transaction() as session:
        await session.trials.save_state(trial_id, agent, '{"v": 1}', finished=True, now=NOW)
        await session.trials.save_suite(trial_id, agent, "alpha", [("ged", "simplicite", 7)],
                                        "zorglub", NOW)  # fmt: skip
        await session.trials.decide("alpha", "Suite Alpha", None, "@dsi:x", NOW,
                                    trial_id=trial_id, recommendation="ligne")  # fmt: skip
        assert await session.privacy.expired_trials(NOW + timedelta(days=400)) == []
        await session.trials.close(trial_id, NOW)
        assert await session.privacy.expired_trials(NOW) == []
        assert await session.privacy.expired_trials(NOW + timedelta(days=400)) == [trial_id]
        await session.privacy.purge_trial(trial_id, NOW + timedelta(days=400))

    async with db.read() as session:
        assert await session.trials.ratings(trial_id) == []
        assert await session.trials.comments(trial_id) == []
        pilot = await session.trials.pilot(trial_id, agent)
        trial = await session.trials.get(trial_id)
        decision = await session.trials.decision()
        assert await session.privacy.expired_trials(NOW + timedelta(days=800)) == []
    assert pilot is not None and pilot.state is None and pilot.finished_at == NOW
    assert trial is not None and trial.purged_at is not None
    assert decision is not None and decision.recommendation == "ligne"
