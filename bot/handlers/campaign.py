"""Campaigns, for admins: `!campagne ouvrir|fermer|statut`; and the invitation an agent
receives when one opens."""

from __future__ import annotations

from collections.abc import Callable

from bot.clock import Clock
from bot.config import Config
from bot.handlers.command import command
from bot.handlers.context import Context, refusal
from bot.handlers.evaluation import Evaluation
from bot.handlers.profile import UNTIL
from bot.handlers.report import campaign_participation, scoring_spec
from conversations.commands import Role
from conversations.formatting import Reply
from conversations.parsing import InvalidAnswer, parse_day
from conversations.rules import deadline
from conversations.survey import Survey
from conversations.texts import Fewer, text, typed
from storage import Agent, Campaign, Session


class Campaigns:
    def __init__(
        self,
        config: Config,
        survey: Survey,
        clock: Clock,
        evaluation: Evaluation,
        population: Callable[[], list[str]],
        opened: Callable[[], None],
    ) -> None:
        self._config = config
        self._survey = survey
        self._clock = clock
        self._evaluation = evaluation
        self._population = population
        self._opened = opened

    @command(
        "campagne",
        "campaign",
        Role.ADMIN,
        usage="ouvrir <titre> [jusqu'au JJ/MM/AAAA] | fermer | statut",
        usage_en="open <title> [until YYYY-MM-DD] | close | status",
    )
    async def campaign(self, context: Context, args: str) -> list[Reply]:
        action, _, rest = args.strip().partition(" ")
        action = action.lower()
        if action in ("ouvrir", "open"):
            return await self._open(context, rest.strip())
        if action in ("fermer", "close"):
            return await self._close(context)
        if action in ("statut", "status"):
            return await self._status(context)
        return [Reply(text(context.language, "campaign.usage"))]

    async def _open(self, context: Context, args: str) -> list[Reply]:
        session, language = context.session, context.language
        current = await session.campaigns.current()
        if current is not None:
            return [
                Reply(
                    text(
                        language, "campaign.already_open", id=current.id, title=typed(current.title)
                    )
                )
            ]
        title, closes_on = args, None
        until = UNTIL.match(" " + args)  # the date may come with no title before it
        if until:
            try:
                closes_on = parse_day(until.group("day"), self._evaluation.today())
            except InvalidAnswer as error:
                return [refusal(language, error)]
            if closes_on is None:
                return [Reply(text(language, "campaign.bad_date"))]
            if closes_on < self._evaluation.today():
                shown = closes_on.strftime("%d/%m/%Y")
                return [Reply(text(language, "campaign.past_date", date=shown))]
            title = until.group("before").strip()
        title = " ".join(title.split())[:120]
        if not title:
            return [Reply(text(language, "campaign.no_title"))]
        now = self._clock.now()
        campaign = await session.campaigns.open(title, context.incoming.sender, closes_on, now)
        population = self._population()
        for user_id in population:
            agent = await session.agents.get_or_create(user_id, now)
            await session.participations.ensure(campaign.id, agent.id, now)
        self._opened()
        return [
            Reply(
                text(
                    language,
                    "campaign.opened",
                    id=campaign.id,
                    title=typed(campaign.title),
                    deadline=deadline(campaign, language),
                    count=len(population),
                )
            )
        ]

    async def _close(self, context: Context) -> list[Reply]:
        session, language = context.session, context.language
        current = await session.campaigns.current()
        if current is None:
            return [Reply(text(language, "campaign.nothing_open"))]
        await session.campaigns.close(current.id, self._clock.now())
        status = await session.participations.status(current.id)
        small = status.invited.total() < self._config.organisation.anonymity_threshold
        return [
            Reply(
                text(
                    language,
                    "campaign.closed_now",
                    id=current.id,
                    title=typed(current.title),
                    finished=self._hidden() if small else status.finished.total(),
                    invited=status.invited.total(),
                )
            )
        ]

    def _hidden(self) -> Fewer:
        """A count too small to show: "moins de 5", agreeing as 5 would."""
        return Fewer(self._config.organisation.anonymity_threshold)

    async def _status(self, context: Context) -> list[Reply]:
        session, language = context.session, context.language
        campaign = await session.campaigns.current() or await session.campaigns.latest()
        if campaign is None:
            return [Reply(text(language, "campaign.nothing_open"))]
        threshold = self._config.organisation.anonymity_threshold
        spec = scoring_spec(self._config, self._survey, language)
        report = await campaign_participation(session, spec, campaign)
        lines = []
        for line in report.participation:  # withheld as in the report, never a stand-in 0
            name = line.service or text(language, "campaign.status.no_service")
            if line.masked:
                lines.append(text(language, "campaign.status.masked", service=name))
            elif line.hidden:
                lines.append(
                    text(language, "campaign.status.small", service=name, threshold=threshold)
                )
            else:
                lines.append(
                    text(
                        language,
                        "campaign.status.service",
                        service=name,
                        invited=line.invited,
                        started=line.started,
                        finished=line.finished,
                    )
                )
        state_key = "campaign.status.open" if campaign.is_open else "campaign.status.closed"
        total = report.total  # even totals would point at people under the threshold
        return [
            Reply(
                text(
                    language,
                    "campaign.status",
                    id=campaign.id,
                    title=typed(campaign.title),
                    state=text(language, state_key),
                    invited=total.invited or 0,
                    started=self._hidden() if total.started is None else total.started,
                    finished=self._hidden() if total.finished is None else total.finished,
                    services="\n".join(lines),
                )
            )
        ]

    async def invite(self, session: Session, campaign: Campaign, agent: Agent) -> list[Reply]:
        """What an invited agent receives: the invitation, then the notice and first question
        (or, if they already began with !evaluer, the question they are at)."""
        language = self._evaluation.language_of(agent)
        opening = Reply(
            text(
                language,
                "campaign.invitation",
                organisation=self._config.organisation.named,
                title=typed(campaign.title),
                deadline=deadline(campaign, language),
            )
        )
        return [opening, *await self._evaluation.begin(session, campaign, agent, language)]
