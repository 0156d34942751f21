"""The rollout's feedback survey as a dialog: an agent's answer, and how it yields to the
evaluation (waiting while one is under way, asked as soon as it gives way)."""

from __future__ import annotations

from bot.clock import Clock
from conversations.feedback import (
    FeedbackState,
    FeedbackStateError,
    FeedbackTransition,
    dump_feedback,
    feedback_question,
    feedback_step,
    load_feedback,
)
from conversations.formatting import Reply
from conversations.survey import Survey
from conversations.texts import Language, text, typed
from storage import Agent, FeedbackResponse, FeedbackWave, RolloutPlan, Session


class FeedbackSurvey:
    def __init__(self, survey: Survey, clock: Clock) -> None:
        self._survey = survey
        self._clock = clock

    async def in_progress(
        self, session: Session, agent: Agent
    ) -> tuple[FeedbackResponse, RolloutPlan, FeedbackState] | None:
        """The survey the agent is answering, if any (of the active rollout, readable)."""
        response = await session.rollout.current_response(agent.id)
        if response is None or response.finished:
            return None
        plan = await session.rollout.active()
        if plan is None:
            return None
        try:
            return response, plan, load_feedback(response.state, self._survey)
        except FeedbackStateError:
            return None

    async def turn(
        self,
        session: Session,
        agent: Agent,
        language: Language,
        body: str,
        survey: tuple[FeedbackResponse, RolloutPlan, FeedbackState],
    ) -> list[Reply]:
        """The agent's message as an answer to the survey in progress."""
        response, plan, state = survey
        transition = feedback_step(self._survey, plan.suite, state, body, language)
        if transition.state != state:
            await self._save(session, response.wave, agent, plan, transition)
        return list(transition.replies)

    async def waiting(self, session: Session, agent: Agent, language: Language) -> list[Reply]:
        """The evaluation just gave way (paused or finished): a survey in progress, if
        any, is asked now, with its current question."""
        response = await session.rollout.current_response(agent.id)
        plan = await session.rollout.active()
        if response is None or response.finished or plan is None:
            return []
        try:
            state = load_feedback(response.state, self._survey)
        except FeedbackStateError:
            return []
        lead = text(language, "feedback.now", suite=typed(plan.suite))
        current = feedback_question(self._survey, plan.suite, state, language)
        return [Reply(f"{lead}\n\n{current.text}")]

    async def postponed(self, session: Session, agent: Agent, language: Language) -> list[Reply]:
        """`!evaluer` while a survey is in progress: it waits, and the agent is told."""
        response = await session.rollout.current_response(agent.id)
        plan = await session.rollout.active()
        if response is None or response.finished or plan is None:
            return []
        return [Reply(text(language, "feedback.postponed", suite=typed(plan.suite)))]

    async def _save(
        self,
        session: Session,
        wave: FeedbackWave,
        agent: Agent,
        plan: RolloutPlan,
        transition: FeedbackTransition,
    ) -> None:
        now = self._clock.now()
        state = transition.state
        await session.rollout.save_response(
            wave.id, agent.id, dump_feedback(state), state.finished, now
        )
        if transition.rated:
            criteria = [c.key for c in self._survey.criteria]
            await session.rollout.save_ratings(
                wave.id, agent.id, list(zip(criteria, state.ratings, strict=True))
            )
        if transition.idea_given and state.idea:
            await session.rollout.add_comment(plan.id, wave.id, agent.id, state.idea, now)
