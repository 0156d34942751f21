"""The campaign's evaluation: `!évaluer`, `!mesréponses`, `!modifier`, and the dialog that
asks the questions, inside the transaction that stores its answers.

The decisions are pure (conversations/dialog.py); this module loads what they need, calls
them, and writes the results through the repositories of the same unit of work, so a state
change, its answers and the replies it causes are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from bot.clock import Clock
from bot.config import Config
from bot.handlers.command import command
from bot.handlers.context import Context
from bot.handlers.feedback import FeedbackSurvey
from bot.handlers.privacy import Privacy
from conversations.codec import StateFormatError, dump_state, load_state
from conversations.commands import Role
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
from conversations.formatting import Reply
from conversations.rules import accepting
from conversations.survey import Survey
from conversations.texts import Language, preferred, text, typed
from storage import Agent, AnswerRecord, Campaign, Participation, Session, Whereabouts


class Evaluation:
    def __init__(
        self,
        config: Config,
        survey: Survey,
        clock: Clock,
        privacy: Privacy,
        feedback: FeedbackSurvey,
    ) -> None:
        self._config = config
        self._survey = survey
        self._clock = clock
        self._privacy = privacy
        self._feedback = feedback

    @property
    def survey(self) -> Survey:
        return self._survey

    def today(self) -> date:
        return self._clock.now().astimezone(self._config.organisation.tz).date()

    def accepting(self, campaign: Campaign) -> bool:
        return accepting(campaign, self.today())

    def language_of(self, agent: Agent | None) -> Language:
        return preferred(agent.language if agent else None, self._config.organisation.language)

    # ------------------------------------------------------------------ commands

    @command("evaluer", "evaluate", Role.AGENT, french="évaluer")
    async def evaluate(self, context: Context, args: str) -> list[Reply]:
        session, language = context.session, context.language
        campaign = await session.campaigns.current()
        if campaign is None or not self.accepting(campaign):
            return await self.no_open_campaign(context, campaign)
        agent = await context.ensure_agent(self._clock)
        now = self._clock.now()
        participation = await session.participations.ensure(campaign.id, agent.id, now)
        state = self.load(participation.state) if participation.state else None
        transition = (
            start(self._survey, language)
            if state is None
            else resume(self._survey, state, language)
        )
        await self.save(context.session, agent, campaign, transition)
        waiting = await self._feedback.postponed(session, agent, language)
        if state is None:
            return [*self.with_notice(transition.replies, language), *waiting]
        return [*transition.replies, *waiting]

    @command("mesreponses", "myanswers", Role.AGENT, french="mesréponses")
    async def my_answers(self, context: Context, args: str) -> list[Reply]:
        session, agent, language = context.session, context.agent, context.language
        participation = await session.participations.latest_for(agent.id) if agent else None
        campaign = await session.campaigns.get(participation.campaign_id) if participation else None
        state = self.load(participation.state) if participation and participation.state else None
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

    @command("modifier", "modify", Role.AGENT, usage="<catégorie>", usage_en="<category>")
    async def modify(self, context: Context, args: str) -> list[Reply]:
        session, agent, language = context.session, context.agent, context.language
        campaign = await session.campaigns.current()
        if campaign is None or not self.accepting(campaign):
            return [Reply(text(language, "modify.not_open"))]
        participation = await session.participations.get(campaign.id, agent.id) if agent else None
        state = self.load(participation.state) if participation and participation.state else None
        if agent is None or state is None:
            return [Reply(text(language, "modify.not_started"))]
        category = self._survey.find_category(args)
        if category is None:
            names = [c.name(language) for c in self._survey.categories]
            choices = "\n".join(f"{n}. {name}" for n, name in enumerate(names, 1))
            return [Reply(text(language, "modify.which", choices=choices))]
        index = self._survey.categories.index(category)
        transition = modify(self._survey, state, index, language)
        await self.save(context.session, agent, campaign, transition)
        return list(transition.replies)

    # ------------------------------------------------------------------ the dialog

    async def in_hand(
        self, session: Session, agent: Agent | None, found: Whereabouts | None = None
    ) -> tuple[Campaign | None, bool, DialogState | None]:
        """The open campaign, whether it accepts answers today, and the agent's state in it
        (from `found`, read with the message, when given: one trip to the database)."""
        if found is None and agent is not None:
            found = await session.participations.whereabouts(agent.user_id)
        campaign = found.campaign if found else await session.campaigns.current()
        is_accepting = campaign is not None and self.accepting(campaign)
        participation: Participation | None = None
        if agent is not None and found is not None and is_accepting:
            participation = found.participation
        state = self.load(participation.state) if participation and participation.state else None
        return campaign, is_accepting, state

    async def turn(
        self, context: Context, body: str, campaign: Campaign, state: DialogState | None
    ) -> tuple[list[Reply], bool]:
        """The agent's message as an answer to the evaluation; and whether it gave way
        (was waiting for an answer, and is now paused or finished)."""
        agent, language = context.agent, context.language
        if agent is None or state is None:
            return [Reply(text(language, "campaign.start_hint"))], False
        transition = step(
            self._survey, state, body, language, unseen_device=context.incoming.unseen_device
        )
        if transition.state != state:
            await self.save(context.session, agent, campaign, transition)
        waiting = not state.paused and not state.finished
        gave_way = waiting and (transition.state.paused or transition.state.finished)
        return list(transition.replies), gave_way

    async def under_way(self, session: Session, agent: Agent) -> DialogState | None:
        """The agent's evaluation in the open campaign, if it is neither paused nor finished."""
        campaign = await session.campaigns.current()
        if campaign is None or not self.accepting(campaign):
            return None
        participation = await session.participations.get(campaign.id, agent.id)
        if participation is None or participation.state is None:
            return None
        state = self.load(participation.state)
        if state is None or state.paused or state.finished:
            return None
        return state

    async def begin(
        self, session: Session, campaign: Campaign, agent: Agent, language: Language
    ) -> list[Reply]:
        """An invited agent's first question with the notice (or, if they already began
        with !évaluer, the question they are at)."""
        participation = await session.participations.ensure(
            campaign.id, agent.id, self._clock.now()
        )
        state = self.load(participation.state) if participation.state else None
        if state is None:
            transition = start(self._survey, language)
            await self.save(session, agent, campaign, transition)
            return self.with_notice(transition.replies, language)
        transition = resume(self._survey, state, language)
        await self.save(session, agent, campaign, transition)
        return list(transition.replies)

    async def no_open_campaign(self, context: Context, current: Campaign | None) -> list[Reply]:
        session, language = context.session, context.language
        latest = current or await session.campaigns.latest()
        if latest is not None and context.agent is not None:
            participation = await session.participations.get(latest.id, context.agent.id)
            if participation is not None:
                return [Reply(text(language, "campaign.closed", title=typed(latest.title)))]
        return [Reply(text(language, "campaign.none"))]

    def with_notice(self, replies: Sequence[Reply], language: Language) -> list[Reply]:
        """A new evaluation: its notice, what the agent's data becomes, the first question."""
        notice, *rest = replies
        return [notice, self._privacy.notice(language), *rest]

    # ------------------------------------------------------------------ storage

    async def save(
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

    def load(self, stored: str) -> DialogState | None:
        try:
            return load_state(stored, self._survey)
        except StateFormatError:
            return None
