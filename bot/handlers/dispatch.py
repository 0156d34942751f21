"""Where one message goes: help, a command (run by the handler that declares it), or the
dialog that owns the agent's next message (conversations/owners.py)."""

from __future__ import annotations

from bot.config import Config
from bot.handlers.campaign import Campaigns
from bot.handlers.choice import Choice
from bot.handlers.command import Declared, commands_of, declared
from bot.handlers.context import Context, Incoming, Outgoing
from bot.handlers.evaluation import Evaluation
from bot.handlers.feedback import FeedbackSurvey
from bot.handlers.pilot import TrialQuestionnaire
from bot.handlers.privacy import Privacy
from bot.handlers.profile import Profile
from bot.handlers.report import Reports
from bot.handlers.roles import role_of
from bot.handlers.rollout import Rollout
from bot.handlers.trial import Trials
from conversations.commands import Command, Matched
from conversations.formatting import Reply
from conversations.owners import Dialog, Situation, owner
from conversations.router import HELP, FreeText, Sender, route
from conversations.survey import Survey
from conversations.texts import Language, text
from storage import Agent, Campaign, Session

# The order of `!aide` within each role: evaluation, preferences, reports, the choice of a
# suite, the rollout (and `!avis`), the agent's data, campaigns, the pilot trial.
FEATURES = (Evaluation, Profile, Reports, Choice, Rollout, Privacy, Campaigns, Trials)
COMMANDS: tuple[Command, ...] = (HELP, *commands_of(*FEATURES))


class Conversations:
    """Routes a message to help, a command, or the dialog that owns it."""

    def __init__(
        self,
        config: Config,
        evaluation: Evaluation,
        feedback: FeedbackSurvey,
        profile: Profile,
        reports: Reports,
        choice: Choice,
        rollout: Rollout,
        privacy: Privacy,
        campaigns: Campaigns,
        questionnaire: TrialQuestionnaire,
        trials: Trials,
    ) -> None:
        self._config = config
        self.evaluation = evaluation
        self.feedback = feedback
        self.questionnaire = questionnaire
        self.privacy = privacy
        self.rollout = rollout
        self.reports = reports
        self.choice = choice
        self.campaigns = campaigns
        self.trials = trials
        handlers = (evaluation, profile, reports, choice, rollout, privacy, campaigns, trials)
        assert tuple(type(h) for h in handlers) == FEATURES
        self._declared: dict[str, Declared] = {
            d.command.name: d for handler in handlers for d in declared(handler)
        }
        self.commands = COMMANDS

    @property
    def survey(self) -> Survey:
        return self.evaluation.survey

    def language_of(self, agent: Agent | None) -> Language:
        return self.evaluation.language_of(agent)

    async def invite(self, session: Session, campaign: Campaign, agent: Agent) -> list[Reply]:
        return await self.campaigns.invite(session, campaign, agent)

    async def handle(self, session: Session, incoming: Incoming) -> list[Outgoing]:
        role = role_of(incoming.sender, self._config, incoming.management_level)
        language: Language = self._config.organisation.language
        if not incoming.direct:
            if incoming.kind != "text":
                return []  # a group room is not a conversation with the bot
            routed = route(
                incoming.body,
                Sender(role, language),
                self.commands,
                direct=False,
                management=incoming.management,
            )
            if isinstance(routed, Matched):  # !rapport or !choix, in the management room
                agent = await session.agents.get(incoming.sender)
                context = Context(session, incoming, agent, role, language)
                return await self._declared[routed.command.name](context, routed.args)
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
        routed = route(incoming.body, Sender(role, language), self.commands, direct=True)
        if isinstance(routed, tuple):
            return list(routed)
        context = Context(session, incoming, agent, role, language, found)
        if isinstance(routed, FreeText):
            return list(await self._dialog(context, routed.body))
        return await self._declared[routed.command.name](context, routed.args)

    async def _dialog(self, context: Context, body: str) -> list[Reply]:
        """The message goes to the dialog that owns it; a feedback survey that arrived
        during the evaluation is asked as soon as the evaluation gives way."""
        session, agent, language = context.session, context.agent, context.language
        campaign, accepting, state = await self.evaluation.in_hand(session, agent, context.found)
        surveying = await self.feedback.in_progress(session, agent) if agent else None
        response = await session.rollout.current_response(agent.id) if agent else None
        pilot = await self.questionnaire.find(session, agent)
        situation = Situation(
            evaluating=state is not None and not state.paused and not state.finished,
            accepting=accepting,
            surveying=surveying is not None,
            surveyed=response is not None and response.finished,
            evaluated=state is not None and state.finished,
            answering_trial=pilot is not None and pilot.answering,
            piloting=pilot is not None and not pilot.finished,
            piloted=pilot is not None and pilot.finished,
        )
        match owner(situation):
            case Dialog.EVALUATION:
                assert campaign is not None
                replies, gave_way = await self.evaluation.turn(context, body, campaign, state)
                if gave_way and agent is not None:
                    replies += await self.feedback.waiting(session, agent, language)
                return replies
            case Dialog.FEEDBACK:
                assert agent is not None and surveying is not None
                return await self.feedback.turn(session, agent, language, body, surveying)
            case Dialog.FEEDBACK_DONE:
                return [Reply(text(language, "feedback.already_done"))]
            case Dialog.TRIAL:
                assert agent is not None and pilot is not None
                return await self.questionnaire.turn(session, agent, language, body, pilot)
            case Dialog.TRIAL_DONE:
                return [Reply(text(language, "trial.already_done"))]
            case Dialog.NO_CAMPAIGN:
                return await self.evaluation.no_open_campaign(context, campaign)
