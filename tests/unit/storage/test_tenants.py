"""Organisations as tenants: a session scoped to one tenant reads nothing of another through
any repository method that returns data, changes nothing of it, and writes in its own."""

from __future__ import annotations

import dataclasses
import inspect
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from storage import (
    AnswerRecord,
    Database,
    FrozenScores,
    KeptScores,
    OtherOrganisationError,
    Session,
    StorageError,
)
from storage.agents import AgentRepository
from storage.benchmark import BenchmarkRepository
from storage.campaigns import CampaignRepository
from storage.connection import INTEGRITY_ERRORS
from storage.participations import ParticipationRepository
from storage.privacy import PrivacyRepository
from storage.reports import ReportRepository
from storage.rollout import RolloutRepository
from storage.trials import TrialRepository

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=400)
CRITERIA = ("efficacite", "cout")
ASKING = '{"position":["visio",1],"paused":false}'  # a dialog waiting for its next answer


@dataclass(frozen=True)
class World:
    """What tenant B holds: every kind of row, so that each read has something to leak."""

    users: tuple[str, str, str]
    agents: tuple[int, int, int]
    purged: int  # a campaign closed and purged
    released: int  # a campaign closed, its results released
    campaign: int  # the open campaign
    plan: int
    trial: int  # the open trial
    closed_trial: int


async def fill(session: Session, tenant: str) -> World:
    """Tenant `tenant`: three agents, three campaigns, a rollout plan with its training,
    wave and feedback, two trials (one with pilots and answers) and a decision."""
    users = (f"@{tenant}1:x", f"@{tenant}2:x", f"@{tenant}3:x")
    agents = [await session.agents.get_or_create(user, NOW) for user in users]
    first, second, third = (agent.id for agent in agents)
    answer = AnswerRecord("visio", "Zoom", False, True, None, "le son", False, True,
                          {"efficacite": 8, "cout": 6.5})  # fmt: skip

    purged = await session.campaigns.open("2025", "@dgs:x", None, NOW - timedelta(days=800))
    await session.participations.ensure(purged.id, first, NOW)
    await session.participations.save_state(
        purged.id, first, ASKING, "RH", started=True, finished=False, now=NOW
    )
    await session.campaigns.close(purged.id, NOW - timedelta(days=700))
    await session.privacy.purge_campaign(purged.id, ("fr", "rapport", "<p>rapport</p>"), NOW)

    released = await session.campaigns.open("2026", "@dgs:x", None, NOW - timedelta(days=60))
    await session.campaigns.close(released.id, NOW - timedelta(days=30))
    await session.reports.keep_release(released.id, 5, '{"rapport": 1}', NOW)
    await session.benchmark.register(f"Commune {tenant.upper()}", NOW)
    assert await session.benchmark.keep(released.id, '{"figures": []}', NOW)

    campaign = await session.campaigns.open("2027", "@dgs:x", date(2027, 2, 1), NOW)
    for agent_id in (first, second):
        await session.participations.ensure(campaign.id, agent_id, NOW)
    await session.participations.mark_invited(campaign.id, first, "!dm1:x", NOW)
    await session.participations.save_state(
        campaign.id, first, ASKING, "RH", started=True, finished=False, now=NOW
    )
    await session.participations.save_category(campaign.id, first, "visio", [answer], NOW)
    await session.reports.audit("@dgs:x", "rapport", "campagne 3", NOW)

    plan = await session.rollout.create(
        "alpha", date(2027, 3, 1), "@dgs:x", [(1, "annonce", date(2027, 2, 15), ["@dgs:x"])], NOW
    )
    await session.rollout.add_training(plan.id, NOW + timedelta(days=40), "salle", "@dgs:x", NOW)
    wave = await session.rollout.open_wave(plan.id, 1, date(2027, 3, 8), NOW)
    assert wave is not None
    await session.rollout.start_responses(wave.id, [(first, ASKING)], NOW)
    await session.rollout.save_ratings(wave.id, first, [("efficacite", 7)])
    await session.rollout.add_comment(plan.id, wave.id, first, "une idée", NOW)
    assert await session.rollout.claim_job(f"plan:{plan.id}:wave:1", NOW, NOW, "sent to 1")

    closed_trial = await session.trials.open(["gamma"], "@dsi:x", None, NOW, plan="{}")
    await session.trials.close(closed_trial.id, NOW)
    trial = await session.trials.open(["alpha", "beta"], "@dsi:x", None, NOW, plan="{}")
    for agent_id in (first, second, third):
        await session.trials.ensure_pilot(trial.id, agent_id)
    for agent_id in (first, second):
        await session.trials.mark_invited(trial.id, agent_id, f"!dm{agent_id}:x", NOW)
    await session.trials.mark_asked(trial.id, first, NOW)
    await session.trials.save_state(trial.id, first, ASKING, finished=False, now=NOW)
    await session.trials.save_suite(trial.id, first, "alpha", [("visio", "efficacite", 9)],
                                    "très bien", NOW)  # fmt: skip
    await session.trials.decide(
        "alpha", "Alpha", "le meilleur", "@dgs:x", NOW, trial_id=trial.id, recommendation="A"
    )
    return World(
        users, (first, second, third), purged.id, released.id, campaign.id, plan.id,
        trial.id, closed_trial.id,
    )  # fmt: skip


@pytest.fixture
async def tenants(db: Database) -> tuple[Database, Database, World]:
    """Tenants `a` (empty) and `b` (full) of one database, seen through their own scopes."""
    a, b = db.scoped("a", ""), db.scoped("b", "")
    async with b.transaction() as session:
        world = await fill(session, "b")
    return a, b, world


Read = Callable[[Session, World], Awaitable[Any]]

# Every repository method that returns data, called with tenant B's ids and names.
READS: dict[str, Read] = {
    "agents.get": lambda s, w: s.agents.get(w.users[0]),
    "agents.by_id": lambda s, w: s.agents.by_id(w.agents[0]),
    "campaigns.get": lambda s, w: s.campaigns.get(w.campaign),
    "campaigns.current": lambda s, w: s.campaigns.current(),
    "campaigns.latest": lambda s, w: s.campaigns.latest(),
    "campaigns.all": lambda s, w: s.campaigns.all(),
    "participations.get": lambda s, w: s.participations.get(w.campaign, w.agents[0]),
    "participations.whereabouts": lambda s, w: s.participations.whereabouts(w.users[0]),
    "participations.latest_for": lambda s, w: s.participations.latest_for(w.agents[0]),
    "participations.answers": lambda s, w: s.participations.answers(w.campaign, w.agents[0]),
    "participations.in_progress": lambda s, w: s.participations.in_progress(w.campaign),
    "participations.to_invite": lambda s, w: s.participations.to_invite(w.campaign),
    "participations.status": lambda s, w: s.participations.status(w.campaign),
    "participations.reminder_rows": lambda s, w: s.participations.reminder_rows(w.campaign),
    "reports.answers": lambda s, w: s.reports.answers(w.campaign, CRITERIA),
    "reports.participants": lambda s, w: s.reports.participants(w.campaign),
    "reports.release": lambda s, w: s.reports.release(w.released),
    "reports.audit_entries": lambda s, w: s.reports.audit_entries(),
    "rollout.active": lambda s, w: s.rollout.active(),
    "rollout.latest": lambda s, w: s.rollout.latest(),
    "rollout.steps": lambda s, w: s.rollout.steps(w.plan),
    "rollout.claimed": lambda s, w: s.rollout.claimed(f"plan:{w.plan}:"),
    "rollout.job_outcome": lambda s, w: s.rollout.job_outcome(f"plan:{w.plan}:wave:1"),
    "rollout.trainings": lambda s, w: s.rollout.trainings(w.plan),
    "rollout.waves": lambda s, w: s.rollout.waves(w.plan),
    "rollout.invited_counts": lambda s, w: s.rollout.invited_counts(w.plan),
    "rollout.current_response": lambda s, w: s.rollout.current_response(w.agents[0]),
    "rollout.ratings": lambda s, w: s.rollout.ratings(w.plan),
    "rollout.comments": lambda s, w: s.rollout.comments(w.plan),
    "trials.get": lambda s, w: s.trials.get(w.trial),
    "trials.current": lambda s, w: s.trials.current(),
    "trials.latest": lambda s, w: s.trials.latest(),
    "trials.pilot": lambda s, w: s.trials.pilot(w.trial, w.agents[0]),
    "trials.open_pilot": lambda s, w: s.trials.open_pilot(w.agents[0]),
    "trials.to_invite": lambda s, w: s.trials.to_invite(w.trial),
    "trials.to_ask": lambda s, w: s.trials.to_ask(w.trial),
    "trials.status": lambda s, w: s.trials.status(w.trial),
    "trials.reminder_rows": lambda s, w: s.trials.reminder_rows(w.trial),
    "trials.ratings": lambda s, w: s.trials.ratings(w.trial),
    "trials.comments": lambda s, w: s.trials.comments(w.trial),
    "trials.decision": lambda s, w: s.trials.decision(),
    "trials.decisions": lambda s, w: s.trials.decisions(),
    "privacy.export": lambda s, w: s.privacy.export(w.agents[0]),
    "privacy.expired_campaigns": lambda s, w: s.privacy.expired_campaigns(LATER),
    "privacy.expired_trials": lambda s, w: s.privacy.expired_trials(LATER),
    "privacy.purged_title": lambda s, w: s.privacy.purged_title(w.agents[0]),
    "privacy.snapshot": lambda s, w: s.privacy.snapshot(w.purged),
    "benchmark.kept": lambda s, w: s.benchmark.kept(),
}

# The methods that only write (or return what they were given). Those that change a row
# by a root's id are checked below; inserts of a root's children take an id the caller
# read in its own scope.
WRITES = {
    "agents.get_or_create", "agents.ensure_many", "agents.set_language",
    "agents.set_reminders", "agents.set_absent_until",
    "campaigns.open", "campaigns.close",
    "participations.ensure", "participations.save_state", "participations.save_category",
    "participations.mark_invite_requested", "participations.mark_invited",
    "participations.mark_reminded",
    "reports.keep_release", "reports.audit",
    "rollout.create", "rollout.cancel", "rollout.mark_done", "rollout.move",
    "rollout.claim_job", "rollout.add_training", "rollout.open_wave",
    "rollout.start_responses", "rollout.start_response", "rollout.save_response",
    "rollout.save_ratings", "rollout.add_comment",
    "trials.open", "trials.close", "trials.ensure_pilot", "trials.mark_invite_requested",
    "trials.mark_invited", "trials.mark_asked", "trials.save_state", "trials.save_suite",
    "trials.mark_reminded", "trials.decide",
    "privacy.erase", "privacy.purge_campaign", "privacy.purge_trial",
    "benchmark.register", "benchmark.keep",
}  # fmt: skip

TENANT_REPOSITORIES: dict[str, type] = {
    "agents": AgentRepository,
    "campaigns": CampaignRepository,
    "participations": ParticipationRepository,
    "reports": ReportRepository,
    "rollout": RolloutRepository,
    "trials": TrialRepository,
    "privacy": PrivacyRepository,
    "benchmark": BenchmarkRepository,
}


def nothing(value: object) -> bool:
    """Whether a result holds no data: None, False, 0, empties, and records of those."""
    if value is None or value is False or value == 0:
        return True
    if isinstance(value, Counter | dict):
        return all(nothing(item) for item in value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) == 0
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(nothing(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def test_every_method_of_a_tenant_repository_is_checked_for_isolation() -> None:
    """A method added later must say whether it reads (and be checked below) or writes."""
    found = {
        f"{name}.{method}"
        for name, repository in TENANT_REPOSITORIES.items()
        for method, _ in inspect.getmembers(repository, inspect.iscoroutinefunction)
        if not method.startswith("_")
    }

    assert found == set(READS) | WRITES
    assert not set(READS) & WRITES


async def test_a_tenant_reads_nothing_of_another_through_any_method(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants

    async with a.read() as session:
        seen_by_a = {name: await read(session, world) for name, read in READS.items()}
    async with b.read() as session:
        seen_by_b = {name: await read(session, world) for name, read in READS.items()}

    assert {name: seen for name, seen in seen_by_a.items() if not nothing(seen)} == {}
    # B's own scope does find each: every read had data to leak.
    assert [name for name, seen in seen_by_b.items() if nothing(seen)] == []


async def test_the_committed_reader_is_scoped_too(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants

    async with a.committed() as session:
        assert await session.campaigns.get(world.campaign) is None
    async with b.committed() as session:
        assert await session.campaigns.get(world.campaign) is not None


async def test_a_tenant_changes_nothing_of_another_by_its_ids(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants
    first = world.agents[0]
    async with b.read() as session:
        before = await session.privacy.export(first)
        (wave,) = await session.rollout.waves(world.plan)

    async with a.transaction() as session:
        await session.agents.set_language(first, "en")
        await session.agents.set_reminders(first, False)
        await session.agents.set_absent_until(first, date(2027, 9, 1))
        await session.campaigns.close(world.campaign, NOW)
        await session.participations.save_state(
            world.campaign, first, "{}", "DSI", started=True, finished=True, now=NOW
        )
        await session.participations.mark_invite_requested(world.campaign, world.agents[1], NOW)
        await session.participations.mark_invited(world.campaign, world.agents[1], "!a:x", NOW)
        await session.participations.mark_reminded(world.campaign, first, 3, NOW)
        await session.rollout.cancel(world.plan, NOW)
        assert not await session.rollout.mark_done(world.plan, 1, "@a:x", NOW)
        assert not await session.rollout.move(world.plan, 1, date(2027, 4, 1), date(2027, 1, 12))
        await session.rollout.save_response(wave.id, first, "{}", True, NOW)
        await session.trials.close(world.trial, NOW)
        await session.trials.mark_invite_requested(world.trial, world.agents[2], NOW)
        await session.trials.mark_invited(world.trial, world.agents[2], "!a:x", NOW)
        await session.trials.mark_asked(world.trial, world.agents[1], NOW)
        await session.trials.save_state(world.trial, first, "{}", finished=True, now=NOW)
        await session.trials.mark_reminded(world.trial, first, 3, NOW)
        erased = await session.privacy.erase(first, world.users[0], "!dm1:x")
        await session.privacy.purge_campaign(world.released, ("fr", "", ""), NOW)
        await session.privacy.purge_trial(world.trial, NOW)
        assert not await session.benchmark.keep(world.released, '{"a": 1}', NOW)

    async with b.read() as session:
        assert await session.benchmark.kept() == KeptScores(world.released, '{"figures": []}', NOW)
        after = await session.privacy.export(first)
        assert await session.campaigns.current() is not None
        assert await session.rollout.active() is not None
        assert await session.trials.current() is not None
        assert [s.done_at for s in await session.rollout.steps(world.plan)] == [None]
        assert await session.privacy.snapshot(world.released) is None
        assert len(await session.trials.ratings(world.trial)) == 1
        assert [p.agent_id for p in await session.trials.to_invite(world.trial)] == [
            world.agents[2]
        ]
    assert erased.campaigns == erased.answers == erased.trials == 0
    assert after == before


async def test_replacing_answers_by_another_tenants_ids_removes_none_of_them(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants
    first = world.agents[0]
    async with b.read() as session:
        before = await session.privacy.export(first)

    for replace in (
        lambda s: s.participations.save_category(world.campaign, first, "visio", [], NOW),
        lambda s: s.trials.save_suite(world.trial, first, "alpha", [], None, NOW),
    ):
        async with a.transaction() as session:
            await replace(session)

    async with b.read() as session:
        assert await session.privacy.export(first) == before


async def test_another_tenants_agent_is_neither_taken_over_nor_made_twice(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants

    with pytest.raises(OtherOrganisationError):
        async with a.transaction() as session:
            await session.agents.get_or_create(world.users[0], NOW)
    with pytest.raises(OtherOrganisationError):
        async with a.transaction() as session:
            await session.agents.ensure_many(["@a1:x", world.users[1]], NOW)

    async with a.read() as session:
        assert await session.agents.get("@a1:x") is None  # the unit of work rolled back whole
    async with b.read() as session:
        assert await session.agents.get(world.users[0]) is not None


async def test_writes_land_in_the_tenant_of_the_session(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants

    async with a.transaction() as session:
        agent = await session.agents.get_or_create("@a1:x", NOW)
        campaign = await session.campaigns.open("A 2027", "@maire-a:x", None, NOW)
        plan = await session.rollout.create("beta", date(2027, 3, 1), "@maire-a:x", [], NOW)
        trial = await session.trials.open(["beta"], "@maire-a:x", None, NOW, plan="{}")
        await session.trials.decide("beta", "Beta", None, "@maire-a:x", NOW,
                                    trial_id=trial.id, recommendation=None)  # fmt: skip
        await session.reports.audit("@maire-a:x", "rapport", "", NOW)
        assert await session.rollout.claim_job("plan:1:wave:1", NOW, NOW, "sent to 0")
        stored = {
            table: await session.conn.one(
                f"SELECT organisation FROM {table} WHERE id = ?", (row_id,)
            )
            for table, row_id in (("agents", agent.id), ("campaigns", campaign.id),
                                  ("rollout_plans", plan.id), ("trials", trial.id))
        }  # fmt: skip
        decisions = await session.conn.every("SELECT organisation FROM choice_decisions")
        audit = await session.conn.every("SELECT organisation FROM audit_log")
        keys = await session.conn.every("SELECT key FROM job_runs ORDER BY key")

    assert {table: tuple(row) for table, row in stored.items()} == {
        table: ("a",) for table in ("agents", "campaigns", "rollout_plans", "trials")
    }
    assert sorted(row[0] for row in decisions) == ["a", "b"]
    assert sorted(row[0] for row in audit) == ["a", "b"]
    assert "a:plan:1:wave:1" in [row[0] for row in keys]
    async with b.read() as session:
        assert await session.agents.get("@a1:x") is None
        current = await session.campaigns.current()
        assert current is not None and current.id == world.campaign != campaign.id
        assert [d.suite for d in await session.trials.decisions()] == ["alpha"]


async def test_two_tenants_each_have_an_open_campaign_an_active_plan_and_an_open_trial(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants

    async with a.transaction() as session:
        campaign = await session.campaigns.open("A 2027", "@maire-a:x", None, NOW)
        plan = await session.rollout.create("beta", date(2027, 3, 1), "@maire-a:x", [], NOW)
        trial = await session.trials.open(["beta"], "@maire-a:x", None, NOW, plan="{}")

    async with a.read() as session:
        assert await session.campaigns.current() == campaign
        assert (await session.rollout.active() or plan).id == plan.id
        assert await session.trials.current() == trial
    async with b.read() as session:
        assert (await session.campaigns.current() or campaign).id == world.campaign
        assert (await session.rollout.active() or plan).id == world.plan
        assert (await session.trials.current() or trial).id == world.trial


async def test_a_tenant_still_has_one_open_campaign_at_a_time(
    tenants: tuple[Database, Database, World],
) -> None:
    _, b, _ = tenants

    with pytest.raises((StorageError, *INTEGRITY_ERRORS)):
        async with b.transaction() as session:
            await session.campaigns.open("encore", "@dgs:x", None, NOW)


async def test_jobs_of_two_tenants_with_the_same_key_each_run_once(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants
    key = f"plan:{world.plan}:wave:1"  # already run in B

    async with a.transaction() as session:
        assert await session.rollout.claim_job(key, NOW, NOW, "sent to 0")
        assert not await session.rollout.claim_job(key, NOW, NOW, "sent to 0")
    async with b.transaction() as session:
        assert not await session.rollout.claim_job(key, NOW, NOW, "sent to 9")
        assert await session.rollout.job_outcome(key) == "sent to 1"
        assert await session.rollout.claimed("plan:") == {key}


async def test_a_session_scoped_to_another_tenant_shares_the_unit_of_work(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants

    with pytest.raises(RuntimeError, match="later"):
        async with a.transaction() as session:
            other = session.scoped("b")
            assert other.conn is session.conn and other.bot == session.bot
            assert (await other.campaigns.get(world.campaign)) is not None
            assert await session.campaigns.get(world.campaign) is None
            async with other.savepoint():
                await other.reports.audit("@dgs:x", "vu", "", NOW)
            raise RuntimeError("later in the unit of work")

    async with b.read() as session:
        assert len(await session.reports.audit_entries()) == 1  # rolled back with the unit


async def test_an_erasure_in_another_tenants_session_wipes_after_the_unit(
    tenants: tuple[Database, Database, World],
) -> None:
    a, _, world = tenants

    async with a.transaction() as session:
        await session.scoped("b").privacy.erase(world.agents[0], world.users[0], None)
        assert session.erased  # the unit of work knows, whichever tenant erased

    async with a.scoped("b", "").read() as session:
        assert await session.agents.by_id(world.agents[0]) is None


def test_an_organisation_key_is_checked(db: Database) -> None:
    with pytest.raises(ValueError, match="organisation key"):
        db.scoped("Plouzané:x", "")


async def test_the_structure_finds_the_latest_released_campaign_of_each_tenant(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants
    async with a.transaction() as session:
        open_only = await session.campaigns.open("A", "@maire-a:x", None, NOW)
        await session.campaigns.close(open_only.id, NOW)  # closed, never released
    async with a.scoped("c", "").transaction() as session:
        older = await session.campaigns.open("C 1", "@maire-c:x", None, NOW)
        await session.campaigns.close(older.id, NOW)
        await session.reports.keep_release(older.id, 5, "{}", NOW)
        newer = await session.campaigns.open("C 2", "@maire-c:x", None, NOW)
        await session.campaigns.close(newer.id, NOW)
        await session.reports.keep_release(newer.id, 5, "{}", NOW)
        await session.campaigns.open("C 3", "@maire-c:x", None, NOW)  # open: not yet

    async with a.read() as session:
        tenants_found = await session.structure.released_tenants()
        latest = {key: await session.structure.latest_released(key) for key in ("a", "b", "c")}
        answers = await session.scoped("b").reports.answers(world.campaign, CRITERIA)

    assert tenants_found == ["b", "c"]
    assert latest == {"a": None, "b": world.released, "c": newer.id}
    assert len(answers) == 1  # read through B's scope


async def test_the_structure_reads_each_tenants_frozen_scores_under_its_registered_name(
    tenants: tuple[Database, Database, World],
) -> None:
    a, b, world = tenants
    async with a.scoped("c", "").transaction() as session:
        campaign = await session.campaigns.open("C", "@maire-c:x", None, NOW)
        await session.campaigns.close(campaign.id, NOW)
        await session.benchmark.keep(campaign.id, '{"c": 1}', LATER)  # never registered
    async with a.transaction() as session:
        await session.benchmark.register("Commune A", NOW)  # registered, nothing frozen

    async with a.read() as session:
        frozen = await session.structure.frozen_scores()

    assert frozen == [
        FrozenScores("b", "Commune B", world.released, '{"figures": []}', NOW),
        FrozenScores("c", "c", campaign.id, '{"c": 1}', LATER),
    ]
