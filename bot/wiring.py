"""The composition root: every part of one bot built once, from its configuration; and
the process that runs it until SIGTERM or SIGINT, then stops cleanly."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Callable

from bot.catalogue import load_catalogue
from bot.clock import Clock, clock_from_environment
from bot.config import Config, build_survey
from bot.desks import Desks
from bot.e2ee.key_sharing import KeySharing
from bot.handlers.campaign import Campaigns
from bot.handlers.choice import Choice
from bot.handlers.dispatch import Conversations
from bot.handlers.evaluation import Evaluation
from bot.handlers.feedback import FeedbackSurvey
from bot.handlers.pilot import TrialQuestionnaire
from bot.handlers.privacy import Privacy
from bot.handlers.profile import Profile
from bot.handlers.report import Reports
from bot.handlers.rollout import Rollout
from bot.handlers.structure import StructureDesk
from bot.handlers.trial import Trials
from bot.jobs.reminders import Reminders
from bot.jobs.retention import Retention
from bot.jobs.rollout import RolloutJobs
from bot.jobs.trials import TrialJobs
from bot.jobs.workdays import working_calendar
from bot.matrix.client import (
    HarmonieClient,
    LoginError,
    client_config,
    pickle_key,
    power_level,
    prepare_store,
)
from bot.matrix.delivery import DirectDelivery, LetterDelivery
from bot.matrix.inviter import CampaignInvitations, Invitations, Inviter, TrialInvitations
from bot.matrix.sender import OutboxSender
from bot.matrix.sync import Harmonie, TenantParts
from bot.probes import readiness
from bot.tenants import TenantRouter
from conversations.calendar import WorkingCalendar
from conversations.rollout import Schedule
from conversations.survey import Survey
from scoring.suites import Suite
from storage import DEFAULT_TENANT, Database
from storage.connection import DATABASE_ERRORS
from storage.lease import TenantLease, TenantTaken

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 15
LEASE_CHECK_SECONDS = 5
LEASE_ERRORS: tuple[type[BaseException], ...] = (OSError, *DATABASE_ERRORS)


async def build(config: Config, clock: Clock | None = None) -> Harmonie:
    """The bot with its database open and its client configured, not yet logged in."""
    os.umask(0o077)  # the store, the database and their journals: owner only
    await asyncio.to_thread(prepare_store, config.matrix.store_path)
    key = await asyncio.to_thread(pickle_key, config)
    opened = await Database.open(config.storage.target)
    # Rows written before bots were named (an upgraded single-commune database) are this
    # bot's; everything it writes from now on is under its Matrix ID.
    await opened.adopt(config.matrix.user_id)
    db = opened.scoped(DEFAULT_TENANT, config.matrix.user_id)
    client = HarmonieClient(
        config.matrix.homeserver,
        config.matrix.user_id,
        store_path=str(config.matrix.store_path),
        config=client_config(config, key),
    )
    return assemble(config, db, client, clock or clock_from_environment())


def schedule_of(config: Config) -> Schedule:
    rollout = config.rollout
    return Schedule(
        reminder_working_days=rollout.reminder_working_days,
        wave_offsets=tuple(rollout.wave_offsets),
        wave_every=rollout.wave_every_days,
    )


def catalogue_of(config: Config, survey: Survey) -> tuple[Suite, ...]:
    """The candidate suites of phase 2 (none when no catalogue is configured); the file
    was checked with the configuration."""
    if config.choice.catalogue is None:
        return ()
    return load_catalogue(config.choice.catalogue, [c.key for c in survey.categories])


def _nobody() -> list[str]:
    return []


def _nothing() -> None:
    return None


def conversations(
    config: Config,
    clock: Clock,
    population: Callable[[], list[str]],
    campaign_opened: Callable[[], None],
    *,
    pilots: Callable[[], list[str]] = _nobody,
    trial_opened: Callable[[], None] = _nothing,
    survey: Survey | None = None,
    calendar: WorkingCalendar | None = None,
    schedule: Schedule | None = None,
    suites: tuple[Suite, ...] | None = None,
) -> Conversations:
    """The chat handlers, one per feature, and the dispatcher that routes to them (the
    survey, the calendar, the schedule and the catalogue of suites derived from `config`
    unless given; `chat.choice.suites` is the catalogue; `pilots` and `trial_opened`: who a
    trial invites, and the inviter's wake-up)."""
    survey = survey or build_survey(config)
    suites = catalogue_of(config, survey) if suites is None else suites
    calendar = calendar or working_calendar(config)
    privacy = Privacy(config, clock)
    feedback = FeedbackSurvey(survey, clock)
    evaluation = Evaluation(config, survey, clock, privacy, feedback)
    choice = Choice(config, survey, clock, suites, population)
    return Conversations(
        config,
        evaluation=evaluation,
        feedback=feedback,
        profile=Profile(clock, evaluation),
        reports=Reports(config, survey, clock, choice.report),
        choice=choice,
        rollout=Rollout(config, clock, calendar, schedule or schedule_of(config)),
        privacy=privacy,
        campaigns=Campaigns(config, survey, clock, evaluation, population, campaign_opened),
        questionnaire=TrialQuestionnaire(survey, clock),
        trials=Trials(config, survey, clock, calendar, suites, pilots, trial_opened),
    )


class _Later:
    """What parts built before the bot call into it for: who a campaign or a trial of an
    organisation invites (the agents' and pilots' rooms as the bot's client sees them) and
    waking the inviter."""

    def __init__(self) -> None:
        self.bot: Harmonie | None = None

    def population(self, tenant: str) -> Callable[[], list[str]]:
        def people() -> list[str]:
            assert self.bot is not None, "the bot is built before anything runs"
            return self.bot._population(tenant)

        return people

    def pilots(self, tenant: str) -> Callable[[], list[str]]:
        def people() -> list[str]:
            assert self.bot is not None, "the bot is built before anything runs"
            return self.bot._pilots(tenant)

        return people

    def invitations_waiting(self) -> None:
        """A campaign or a trial was opened: the inviter has people to invite."""
        assert self.bot is not None, "the bot is built before anything runs"
        self.bot.inviter.wake()


def tenant_parts(
    key: str,
    config: Config,
    db: Database,
    clock: Clock,
    later: _Later,
    sender: OutboxSender,
    letters: LetterDelivery,
) -> TenantParts:
    """One organisation's handlers and jobs, from its own configuration, on `db` (the
    database as that organisation sees it)."""
    survey = build_survey(config)
    calendar = working_calendar(config)
    schedule = schedule_of(config)
    population = later.population(key)
    chat = conversations(
        config,
        clock,
        population,
        later.invitations_waiting,
        pilots=later.pilots(key),
        trial_opened=later.invitations_waiting,
        survey=survey,
        calendar=calendar,
        schedule=schedule,
        suites=catalogue_of(config, survey),
    )
    return TenantParts(
        config,
        chat,
        reminders=Reminders(config, db, clock, survey, calendar, sender),
        retention=Retention(config, db, clock, chat.reports.whole),
        rollout=RolloutJobs(
            config, db, clock, survey, calendar, schedule, population, letters.wake
        ),
        trials=TrialJobs(config, db, clock, survey, calendar, sender.wake),
    )


def assemble(config: Config, db: Database, client: HarmonieClient, clock: Clock) -> Harmonie:
    """Every part, built once from the configuration, handed to the bot: the bot's own
    (its outbox, its DMs, its invitations) on `db`, and each organisation's on `db` as
    that organisation sees it (`db.scoped`), with the same bot."""
    later = _Later()
    allowed = config.matrix.allowed()
    interval = config.campaign.invite_interval_seconds
    encrypted = config.matrix.encryption
    sender = OutboxSender(client, db, clock, allowed)
    delivery = DirectDelivery(client, db, clock, sender, encrypted)
    letters = LetterDelivery(db, clock, delivery, interval)
    tenants = {
        key: tenant_parts(key, tenant, db.scoped(key, db.bot), clock, later, sender, letters)
        for key, tenant in config.tenants().items()
    }
    router = TenantRouter(config, {}, lambda room: _members(client, room))
    desks = Desks(
        config,
        {key: parts.conversations for key, parts in tenants.items()},
        router,
        lambda room, user: power_level(client, room, user),
        staff=StructureDesk(config, build_survey(config), clock) if config.organisations else None,
    )
    invitations: list[Invitations] = []
    for key, parts in tenants.items():
        invitations += [
            CampaignInvitations(parts.conversations, key),
            TrialInvitations(parts.conversations, key),
        ]
    later.bot = Harmonie(
        config,
        db,
        client,
        clock,
        sender=sender,
        key_sharing=KeySharing(client, db, allowed),
        tenants=tenants,
        desks=desks,
        delivery=delivery,
        inviter=Inviter(db, clock, delivery, interval, invitations),
        letters=letters,
    )
    return later.bot


def _members(client: HarmonieClient, room_id: str) -> frozenset[str]:
    room = client.rooms.get(room_id)
    return frozenset(room.users) if room is not None else frozenset()


async def close(bot: Harmonie) -> None:
    await bot.client.close()
    await bot.db.close()


async def run(config: Config) -> int:
    """The `harmonie run` process; returns the exit code."""
    url = config.storage.url.get_secret_value() if config.storage.url is not None else None
    try:  # one process per organisation on a shared PostgreSQL (storage/lease.py)
        lease = await TenantLease.take(url, list(config.tenants()))
    except TenantTaken as taken:
        log.error("cannot start: %s", taken)
        return 1
    try:
        return await _run(config, lease)
    finally:
        await lease.release()


async def _keep(lease: TenantLease, bot: Harmonie) -> None:
    """Hold the organisations for as long as the bot runs; if another process took them
    while the database was out of reach, stop rather than serve them twice."""
    while True:
        await asyncio.sleep(LEASE_CHECK_SECONDS)
        try:
            await lease.renew()
        except TenantTaken as taken:
            log.error("stopping: %s", taken)
            bot.stop()
            return
        except LEASE_ERRORS as error:  # the server still away: try again
            log.warning("could not renew the lease of the organisations: %s", error)


async def _run(config: Config, lease: TenantLease) -> int:
    bot = await build(config)
    keeping = asyncio.create_task(_keep(lease, bot), name="lease")
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    assert main is not None

    def stop() -> None:
        log.info("stop requested")
        bot.stop()
        # Everything is durable at every step: if a request hangs, cutting it is safe.
        loop.call_later(STOP_GRACE_SECONDS, _cut, main)

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop)
    loop.add_signal_handler(signal.SIGUSR1, dump_tasks)
    log.info("Harmonie starting as %s on %s", config.matrix.user_id, config.matrix.homeserver)
    announcing = asyncio.create_task(readiness.announce(bot.ready), name="readiness")
    try:
        await bot.run()
    except LoginError as exc:
        log.error("cannot log in: %s", exc)
        return 1
    except asyncio.CancelledError:
        log.warning("stopped before the end of the current step; it will be replayed")
    finally:
        announcing.cancel()
        keeping.cancel()
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
            loop.remove_signal_handler(signum)
        await close(bot)
    log.info("Harmonie stopped")
    return 0


def dump_tasks() -> None:
    """`kill -USR1 <pid>`: what every task is waiting for, in the log (for a bot that
    seems stuck; code locations only, never message content)."""
    for task in asyncio.all_tasks():
        log.warning("task %s: %s", task.get_name(), " -> ".join(_awaiting(task.get_coro())))


def _awaiting(coro: object) -> list[str]:
    """The chain of coroutines a task is suspended in, outermost first."""
    where = []
    for _ in range(30):
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        where.append(
            f"{frame.f_code.co_filename.rsplit('/', 1)[-1]}:{frame.f_code.co_name}:{frame.f_lineno}"
        )
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return where or ["(not started)"]


def _cut(task: asyncio.Task[object]) -> None:
    if not task.done():
        log.warning("stopping took more than %ss: cutting short", STOP_GRACE_SECONDS)
        task.cancel()
