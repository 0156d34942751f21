"""What the bot does with one message, inside the transaction that stores its effects.

The decisions are pure (conversations/); this module loads what they need, calls them,
and writes the results through the repositories of the same unit of work, so a state
change, its answers and the replies it causes are stored together or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from bot.clock import Clock
from bot.config import Config
from bot.handlers.privacy import Privacy
from bot.handlers.report import (
    campaign_participation,
    campaign_report,
    rollout_feedback,
    scoring_spec,
)
from bot.handlers.roles import role_of
from bot.handlers.rollout import Deployment, refusal
from bot.jobs.workdays import working_calendar
from conversations.codec import StateFormatError, dump_state, load_state
from conversations.commands import Matched, Role
from conversations.dialog import (
    DialogState,
    Transition,
    modify,
    question,
    resume,
    start,
    step,
    summary,
)
from conversations.formatting import Attachment, Reply
from conversations.parsing import InvalidAnswer, parse_day
from conversations.router import FreeText, Sender, route
from conversations.survey import Survey
from conversations.texts import LANGUAGES, Fewer, Language, preferred, text, typed
from scoring.feedback import trend_chat, trend_csv, trend_ods
from scoring.render import chart_png, chat_message, csv_bytes, ods_bytes
from storage import Agent, AnswerRecord, Campaign, Session, Whereabouts

# "… jusqu'au 15/01", "… until 2027-01-15": the day is everything after the last such word.
_UNTIL = re.compile(
    r"^(?P<before>.*)\s(?:jusqu['’]\s?au|until)\s+(?P<day>.+?)\s*$", re.IGNORECASE | re.DOTALL
)


@dataclass(frozen=True)
class Incoming:
    sender: str
    room_id: str
    body: str
    direct: bool
    management: bool = False  # the configured management room
    management_level: int | None = None  # the sender's power level there, if a member
    # "edit": an edited message (m.replace); "attachment": a file, image, voice or video.
    kind: Literal["text", "edit", "attachment"] = "text"
    # The sending device may not have been able to read the bot's last messages here: it
    # never wrote in this room before, or the last prompt was encrypted for other devices.
    unseen_device: bool = False


Outgoing = Reply | Attachment
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_FEEDBACK_WORDS = frozenset({"retours", "retour", "feedback"})
_FORMATS = {"csv": "csv", "ods": "ods", "graphique": "png", "chart": "png", "png": "png"}
_SERVICE = re.compile(r"\bservice=(.+?)(?=\s+\w+=|\s+(?:csv|ods|graphique|chart|png)\b|$)", re.I)
_CAMPAIGN = re.compile(r"\bcampagne=(\S*)|\bcampaign=(\S*)", re.I)


def _quoted(value: str, limit: int = 60) -> str:
    """What the user typed, shown back in an error: defused and cut short (a 64 KB
    argument is not repeated)."""
    return typed(value if len(value) <= limit else value[:limit] + "…")


@dataclass(frozen=True)
class _Context:
    session: Session
    incoming: Incoming
    agent: Agent | None
    role: Role
    language: Language
    found: Whereabouts | None = None  # the open campaign and participation, read with agent


_Handler = Callable[[_Context, str], Awaitable[Sequence[Outgoing]]]


class Conversations:
    """Routes a message to help, a command, or the evaluation dialog."""

    def __init__(
        self,
        config: Config,
        survey: Survey,
        clock: Clock,
        population: Callable[[], list[str]],
        campaign_opened: Callable[[], None],
    ) -> None:
        self._config = config
        self._survey = survey
        self._clock = clock
        self._population = population
        self._campaign_opened = campaign_opened
        self.deployment = Deployment(config, survey, clock, working_calendar(config))
        self.privacy = Privacy(config, clock)
        self._commands: dict[str, _Handler] = {
            "evaluer": self._evaluate,
            "mesreponses": self._my_answers,
            "modifier": self._modify,
            "langue": self._language,
            "relances": self._reminders,
            "absent": self._absent,
            "campagne": self._campaign,
            "rapport": self._report,
            "deploiement": self._rollout,
            "etape": self._step,
            "formation": self._training,
            "avis": self._feedback,
            "confidentialite": self._privacy_notice,
            "mesdonnees": self._my_data,
            "oublier": self._forget,
        }

    @property
    def survey(self) -> Survey:
        return self._survey

    async def handle(self, session: Session, incoming: Incoming) -> list[Outgoing]:
        role = role_of(incoming.sender, self._config, incoming.management_level)
        language: Language = self._config.organisation.language
        if not incoming.direct:
            if incoming.kind != "text":
                return []  # a group room is not a conversation with the bot
            routed = route(
                incoming.body, Sender(role, language), direct=False, management=incoming.management
            )
            if isinstance(routed, Matched) and routed.command.name == "rapport":
                agent = await session.agents.get(incoming.sender)
                context = _Context(session, incoming, agent, role, language)
                return list(await self._report(context, routed.args))
            return list(routed) if isinstance(routed, tuple) else []
        # No row for someone who merely says hello: one is made when there is something
        # of theirs to keep (an evaluation, a language, a reminder preference).
        found = await session.participations.whereabouts(incoming.sender)
        agent = found.agent
        language = self.language_of(agent)
        if incoming.kind != "text":
            # Neither is read as an answer: an edit usually comes after the bot moved on,
            # so its new text would answer the wrong question.
            key = "edit_ignored" if incoming.kind == "edit" else "attachment_unreadable"
            return [Reply(text(language, key))]
        routed = route(incoming.body, Sender(role, language), direct=True)
        if isinstance(routed, tuple):
            return list(routed)
        context = _Context(session, incoming, agent, role, language, found)
        if isinstance(routed, FreeText):
            return list(await self._dialog(context, routed.body))
        return list(await self._commands[routed.command.name](context, routed.args))

    # ------------------------------------------------------------------ reports (managers)

    async def _report(self, context: _Context, args: str) -> list[Outgoing]:
        session, language = context.session, context.language
        await session.reports.audit(
            context.incoming.sender, "rapport", args.strip()[:200], self._clock.now()
        )
        first, _, after = args.strip().partition(" ")
        if first.lower() in _FEEDBACK_WORDS:
            return await self._feedback_report(context, after.strip().lower())
        wanted_format = None
        rest = args
        service = None
        service_match = _SERVICE.search(rest)
        if service_match:
            typed_service = service_match.group(1).strip()
            service = self._survey.find_service(typed_service)
            if service is None:
                choices = ", ".join(self._survey.services) or "—"
                return [Reply(text(language, "report.unknown_service",
                                   value=_quoted(typed_service), choices=choices))]  # fmt: skip
            rest = rest[: service_match.start()] + rest[service_match.end() :]
        campaign_match = _CAMPAIGN.search(rest)
        campaign: Campaign | None
        if campaign_match:
            number = campaign_match.group(1) or campaign_match.group(2) or ""
            campaign = await session.campaigns.get(int(number)) if number.isdigit() else None
            if campaign is None:
                return [await self._unknown_campaign(session, language, number)]
            rest = rest[: campaign_match.start()] + rest[campaign_match.end() :]
        else:
            campaign = await session.campaigns.current() or await session.campaigns.latest()
        words = []
        for word in rest.split():
            if word.lower() in _FORMATS:
                wanted_format = _FORMATS[word.lower()]
            else:
                words.append(word)
        category_key = None
        if words:
            category = self._survey.find_category(" ".join(words))
            if category is None:
                choices = ", ".join(c.name(language) for c in self._survey.categories)
                return [Reply(text(language, "report.unknown_category",
                                   value=_quoted(" ".join(words)), choices=choices))]  # fmt: skip
            category_key = category.key
        if campaign is None:
            if await session.rollout.latest() is not None and category_key is None:
                return await self._feedback_report(context, "")
            return [Reply(text(language, "report.no_campaign"))]
        snapshot = await session.privacy.snapshot(campaign.id)
        if snapshot is not None:  # past its retention period: only the report kept then
            note = Reply(
                text(
                    language,
                    "report.purged",
                    date=snapshot.made_at.astimezone(self._config.organisation.tz).strftime(
                        "%d/%m/%Y"
                    ),
                    days=(snapshot.made_at - (campaign.closed_at or snapshot.made_at)).days,
                )
            )
            if category_key is not None or service is not None or wanted_format is not None:
                return [note]
            return [Reply(snapshot.plain, html_body=snapshot.html), note]
        spec = scoring_spec(self._config, self._survey, language)
        report = await campaign_report(
            session,
            spec,
            campaign,
            now=self._clock.now(),
            category=category_key,
            service=service,
            services=self._survey.services,
            live=self._config.organisation.live_results,
        )
        scope = ""
        if category_key is not None:
            name = self._survey.category(category_key).name(language)
            scope += text(language, "report.scope.category", category=name)
        if service is not None:
            scope += text(language, "report.scope.service", service=service)
        title = text(
            language, "report.title", id=campaign.id, title=typed(campaign.title), scope=scope
        )
        stem = f"rapport-campagne-{campaign.id}"
        if wanted_format == "csv":
            return [Attachment(f"{stem}.csv", "text/csv", csv_bytes(report, language))]
        if wanted_format == "ods":
            return [Attachment(f"{stem}.ods", ODS_MIMETYPE, ods_bytes(report, language))]
        if wanted_format == "png":
            return [Attachment(f"{stem}.png", "image/png", chart_png(report, title, language))]
        plain, rich = chat_message(report, title, language)
        replies: list[Outgoing] = [Reply(plain, html_body=rich)]
        if category_key is None and service is None:
            # Once a suite is being rolled out, the report follows it: the feedback trend.
            plan = await session.rollout.latest()
            if plan is not None:
                replies += await self._feedback_report(context, "")
        return replies

    async def _unknown_campaign(self, session: Session, language: Language, number: str) -> Reply:
        """Which campaigns there are, rather than a dead end."""
        known = [
            text(
                language,
                "report.campaign_item",
                id=c.id,
                title=typed(c.title),
                state=text(
                    language, "campaign.status.open" if c.is_open else "campaign.status.closed"
                ),
            )
            for c in await session.campaigns.all()
        ]
        message = text(language, "report.unknown_campaign", value=_quoted(number))
        if known:
            message += " " + text(language, "report.campaigns", campaigns=", ".join(known))
        return Reply(message)

    async def _feedback_report(self, context: _Context, wanted: str) -> list[Outgoing]:
        """`!rapport retours [csv|ods]`: each criterion per wave, and the comments."""
        session, language = context.session, context.language
        plan = await session.rollout.latest()
        if plan is None:
            return [Reply(text(language, "report.rollout.none"))]
        spec = scoring_spec(self._config, self._survey, language)
        trend = await rollout_feedback(session, spec, plan)
        stem = f"retours-deploiement-{plan.id}"
        if wanted == "csv":
            return [Attachment(f"{stem}.csv", "text/csv", trend_csv(trend, language))]
        if wanted == "ods":
            return [Attachment(f"{stem}.ods", ODS_MIMETYPE, trend_ods(trend, language))]
        if wanted:
            return [Reply(text(language, "report.rollout.usage"))]
        title = text(
            language,
            "report.rollout.title",
            suite=typed(plan.suite),
            start=plan.start_on.strftime("%d/%m/%Y"),
        )
        plain, rich = trend_chat(trend, title, language)
        return [Reply(plain, html_body=rich)]

    def language_of(self, agent: Agent | None) -> Language:
        return preferred(agent.language if agent else None, self._config.organisation.language)

    # ------------------------------------------------------------------ rollout

    async def _rollout(self, context: _Context, args: str) -> list[Reply]:
        return await self.deployment.rollout(
            context.session, context.incoming.sender, context.role, context.language, args
        )

    async def _step(self, context: _Context, args: str) -> list[Reply]:
        return await self.deployment.step(
            context.session, context.incoming.sender, context.role, context.language, args
        )

    async def _training(self, context: _Context, args: str) -> list[Reply]:
        return await self.deployment.training(
            context.session, context.incoming.sender, context.role, context.language, args
        )

    async def _feedback(self, context: _Context, args: str) -> list[Reply]:
        if not args.strip():
            return [Reply(text(context.language, "avis.usage"))]
        agent = await self._ensure_agent(context)
        return await self.deployment.feedback(context.session, agent, context.language, args)

    # ------------------------------------------------------------------ the agent's data

    async def _privacy_notice(self, context: _Context, args: str) -> list[Reply]:
        return [self.privacy.notice(context.language)]

    async def _my_data(self, context: _Context, args: str) -> list[Outgoing]:
        return list(await self.privacy.export(context.session, context.agent, context.language))

    async def _forget(self, context: _Context, args: str) -> list[Reply]:
        return await self.privacy.forget(
            context.session, context.agent, context.incoming.room_id, context.language, args
        )

    # ------------------------------------------------------------------ evaluation dialog

    async def _dialog(self, context: _Context, body: str) -> list[Reply]:
        """One dialog owns the agent's next message: the evaluation while it waits for an
        answer (neither paused nor finished), otherwise a feedback survey in progress. A
        survey that arrived meanwhile is asked as soon as the evaluation gives way."""
        session, agent, language = context.session, context.agent, context.language
        found = context.found or await session.participations.whereabouts(context.incoming.sender)
        campaign = found.campaign
        accepting = campaign is not None and self.accepting(campaign)
        participation = found.participation if agent is not None and accepting else None
        state = self._load(participation.state) if participation and participation.state else None
        evaluating = state is not None and not state.paused and not state.finished
        if agent is not None and not evaluating:
            answered = await self.deployment.feedback_turn(session, agent, language, body)
            if answered is not None:
                return answered
        if campaign is None or not accepting:
            response = await session.rollout.current_response(agent.id) if agent else None
            if response is not None and response.finished:
                # Just answered a feedback survey: that is what the agent is talking about.
                return [Reply(text(language, "feedback.already_done"))]
            return await self._no_open_campaign(context, campaign)
        if agent is None or state is None:
            return [Reply(text(language, "campaign.start_hint"))]
        transition = step(
            self._survey, state, body, language, unseen_device=context.incoming.unseen_device
        )
        if transition.state != state:
            await self._save(context.session, agent, campaign, transition)
        replies = list(transition.replies)
        if evaluating and (transition.state.paused or transition.state.finished):
            replies += await self.deployment.feedback_waiting(session, agent, language)
        return replies

    async def _evaluate(self, context: _Context, args: str) -> list[Reply]:
        session, language = context.session, context.language
        campaign = await session.campaigns.current()
        if campaign is None or not self.accepting(campaign):
            return await self._no_open_campaign(context, campaign)
        agent = await self._ensure_agent(context)
        now = self._clock.now()
        participation = await session.participations.ensure(campaign.id, agent.id, now)
        state = self._load(participation.state) if participation.state else None
        transition = (
            start(self._survey, language)
            if state is None
            else resume(self._survey, state, language)
        )
        await self._save(context.session, agent, campaign, transition)
        waiting = await self.deployment.feedback_postponed(session, agent, language)
        if state is None:
            return [*self._with_notice(transition.replies, language), *waiting]
        return [*transition.replies, *waiting]

    async def _my_answers(self, context: _Context, args: str) -> list[Reply]:
        session, agent, language = context.session, context.agent, context.language
        participation = await session.participations.latest_for(agent.id) if agent else None
        campaign = await session.campaigns.get(participation.campaign_id) if participation else None
        state = self._load(participation.state) if participation and participation.state else None
        if campaign is None or state is None:
            purged = await session.privacy.purged_title(agent.id) if agent else None
            if purged is not None:  # answered, then erased at the end of the retention period
                return [Reply(text(language, "answers.purged", title=typed(purged)))]
            return [Reply(text(language, "answers.none"))]
        title = text(language, "answers.title", title=typed(campaign.title))
        shown = f"{title}\n{summary(self._survey, state, language)}"
        if self.accepting(campaign) and not state.paused and not state.finished:
            # in the middle of the evaluation: where it stands, so the next answer has a place
            current = question(self._survey, state, language).text
            shown += f"\n\n{text(language, 'answers.continue')}\n{current}"
        return [Reply(shown)]

    async def _modify(self, context: _Context, args: str) -> list[Reply]:
        session, agent, language = context.session, context.agent, context.language
        campaign = await session.campaigns.current()
        if campaign is None or not self.accepting(campaign):
            return [Reply(text(language, "modify.not_open"))]
        participation = await session.participations.get(campaign.id, agent.id) if agent else None
        state = self._load(participation.state) if participation and participation.state else None
        if agent is None or state is None:
            return [Reply(text(language, "modify.not_started"))]
        category = self._survey.find_category(args)
        if category is None:
            names = [c.name(language) for c in self._survey.categories]
            choices = "\n".join(f"{n}. {name}" for n, name in enumerate(names, 1))
            return [Reply(text(language, "modify.which", choices=choices))]
        index = self._survey.categories.index(category)
        transition = modify(self._survey, state, index, language)
        await self._save(context.session, agent, campaign, transition)
        return list(transition.replies)

    async def _language(self, context: _Context, args: str) -> list[Reply]:
        """`!langue en`: noted, and an evaluation under way goes on in the new language
        (its current question asked again)."""
        wanted = args.strip().lower()
        for language in LANGUAGES:
            if wanted == language:
                agent = await self._ensure_agent(context)
                await context.session.agents.set_language(agent.id, language)
                replies = [Reply(text(language, "language.changed"))]
                state = await self._under_way(context.session, agent)
                if state is not None:
                    replies.append(question(self._survey, state, language))
                return replies
        return [Reply(text(context.language, "language.invalid"))]

    async def _under_way(self, session: Session, agent: Agent) -> DialogState | None:
        """The agent's evaluation in the open campaign, if it is neither paused nor finished."""
        campaign = await session.campaigns.current()
        if campaign is None or not self.accepting(campaign):
            return None
        participation = await session.participations.get(campaign.id, agent.id)
        if participation is None or participation.state is None:
            return None
        state = self._load(participation.state)
        if state is None or state.paused or state.finished:
            return None
        return state

    async def _reminders(self, context: _Context, args: str) -> list[Reply]:
        wanted = args.strip().lower()
        if wanted in ("non", "no", "off", "stop"):
            agent = await self._ensure_agent(context)
            await context.session.agents.set_reminders(agent.id, False)
            return [Reply(text(context.language, "reminders.off"))]
        if wanted in ("oui", "yes", "on"):
            agent = await self._ensure_agent(context)
            await context.session.agents.set_reminders(agent.id, True)
            return [Reply(text(context.language, "reminders.on"))]
        return [Reply(text(context.language, "reminders.usage"))]

    async def _absent(self, context: _Context, args: str) -> list[Reply]:
        language = context.language
        typed = args.strip()
        if typed.lower() in ("non", "no", "fini", "back"):
            agent = await self._ensure_agent(context)
            await context.session.agents.set_absent_until(agent.id, None)
            return [Reply(text(language, "absent.cleared"))]
        until = _UNTIL.match(" " + typed)
        try:
            day = parse_day(until.group("day") if until else typed, self._today())
        except InvalidAnswer as error:
            return [refusal(language, error)]
        if day is None:
            return [Reply(text(language, "absent.usage"))]
        if day < self._today():
            return [Reply(text(language, "absent.past", date=day.strftime("%d/%m/%Y")))]
        agent = await self._ensure_agent(context)
        await context.session.agents.set_absent_until(agent.id, day)
        return [Reply(text(language, "absent.noted", date=day.strftime("%d/%m/%Y")))]

    async def _ensure_agent(self, context: _Context) -> Agent:
        if context.agent is not None:
            return context.agent
        return await context.session.agents.get_or_create(
            context.incoming.sender, self._clock.now()
        )

    async def _no_open_campaign(self, context: _Context, current: Campaign | None) -> list[Reply]:
        session, language = context.session, context.language
        latest = current or await session.campaigns.latest()
        if latest is not None and context.agent is not None:
            participation = await session.participations.get(latest.id, context.agent.id)
            if participation is not None:
                return [Reply(text(language, "campaign.closed", title=typed(latest.title)))]
        return [Reply(text(language, "campaign.none"))]

    async def _save(
        self, session: Session, agent: Agent, campaign: Campaign, transition: Transition
    ) -> None:
        """The new state and every stored answer it changed, in the caller's transaction."""
        now = self._clock.now()
        state = transition.state
        await session.participations.ensure(campaign.id, agent.id, now)
        await session.participations.save_state(
            campaign.id,
            agent.id,
            dump_state(state),
            state.service,
            started=state.answered > 0 or state.service is not None or state.finished,
            finished=state.finished,
            now=now,
        )
        for index in transition.changed:
            category = self._survey.categories[index]
            await session.participations.save_category(
                campaign.id, agent.id, category.key, self._rows(state, index), now
            )

    def _rows(self, state: DialogState, index: int) -> list[AnswerRecord]:
        """A category's complete answer as stored: one row per tool, or one without."""
        category = self._survey.categories[index]
        answer = state.answers[index]
        if answer is None:
            return []
        criteria = [c.key for c in self._survey.criteria]
        base = AnswerRecord(
            category=category.key,
            tool=None,
            other=False,
            needed=answer.needed,
            need_why=answer.need_why,
            problem=None,
            skipped=answer.skipped,
            complete=True,
            ratings={},
        )
        if not answer.tools:
            return [base]
        return [
            replace(
                base,
                tool=tool.name,
                other=tool.other,
                problem=tool.problem,
                ratings=dict(zip(criteria, tool.ratings, strict=False)),
                position=position,
            )
            for position, tool in enumerate(answer.tools)
        ]

    def _load(self, stored: str) -> DialogState | None:
        try:
            return load_state(stored, self._survey)
        except StateFormatError:
            return None

    def accepting(self, campaign: Campaign) -> bool:
        """Open, and its closing date (if any) not passed in the organisation's time zone."""
        if not campaign.is_open:
            return False
        if campaign.closes_on is None:
            return True
        return self._today() <= campaign.closes_on

    def _today(self) -> date:
        return self._clock.now().astimezone(self._config.organisation.tz).date()

    # ------------------------------------------------------------------ campaigns (admins)

    async def _campaign(self, context: _Context, args: str) -> list[Reply]:
        action, _, rest = args.strip().partition(" ")
        action = action.lower()
        if action in ("ouvrir", "open"):
            return await self._open(context, rest.strip())
        if action in ("fermer", "close"):
            return await self._close(context)
        if action in ("statut", "status"):
            return await self._status(context)
        return [Reply(text(context.language, "campaign.usage"))]

    async def _open(self, context: _Context, args: str) -> list[Reply]:
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
        until = _UNTIL.match(" " + args)  # the date may come with no title before it
        if until:
            try:
                closes_on = parse_day(until.group("day"), self._today())
            except InvalidAnswer as error:
                return [refusal(language, error)]
            if closes_on is None:
                return [Reply(text(language, "campaign.bad_date"))]
            if closes_on < self._today():
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
        self._campaign_opened()
        return [
            Reply(
                text(
                    language,
                    "campaign.opened",
                    id=campaign.id,
                    title=typed(campaign.title),
                    deadline=self.deadline(campaign, language),
                    count=len(population),
                )
            )
        ]

    async def _close(self, context: _Context) -> list[Reply]:
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

    async def _status(self, context: _Context) -> list[Reply]:
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

    def deadline(self, campaign: Campaign, language: Language) -> str:
        if campaign.closes_on is None:
            return ""
        shown = campaign.closes_on.strftime("%d/%m/%Y")
        return text(language, "campaign.deadline", date=shown)

    async def invite(self, session: Session, campaign: Campaign, agent: Agent) -> list[Reply]:
        """What an invited agent receives: the invitation, then the notice and first question
        (or, if they already began with !evaluer, the question they are at)."""
        language = self.language_of(agent)
        opening = Reply(
            text(
                language,
                "campaign.invitation",
                organisation=self._config.organisation.named,
                title=typed(campaign.title),
                deadline=self.deadline(campaign, language),
            )
        )
        participation = await session.participations.ensure(
            campaign.id, agent.id, self._clock.now()
        )
        state = self._load(participation.state) if participation.state else None
        if state is None:
            transition = start(self._survey, language)
            await self._save(session, agent, campaign, transition)
            return [opening, *self._with_notice(transition.replies, language)]
        transition = resume(self._survey, state, language)
        await self._save(session, agent, campaign, transition)
        return [opening, *transition.replies]

    def _with_notice(self, replies: Sequence[Reply], language: Language) -> list[Reply]:
        """A new evaluation: its notice, what the agent's data becomes, the first question."""
        notice, *rest = replies
        return [notice, self.privacy.notice(language), *rest]
