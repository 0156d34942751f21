"""The pilot trial's questionnaire as a dialog: a pilot's answer, stored as it comes, and
each suite's ratings and comment written as rows once that suite is complete."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from conversations.formatting import Reply
from conversations.survey import Survey
from conversations.texts import Language, text
from conversations.trial import TrialTransition, trial_first_state, trial_question, trial_step
from conversations.trial_plan import TrialPlan
from conversations.trial_state import TrialState, TrialStateError, dump_trial, load_plan, load_trial
from storage import Agent, Pilot, Session, Trial


@dataclass(frozen=True)
class PilotTurn:
    """A pilot of the open trial, as their message finds them."""

    trial: Trial
    pilot: Pilot
    plan: TrialPlan
    state: TrialState | None  # None: not begun

    @property
    def answering(self) -> bool:
        """The questionnaire waits for their answer (begun or asked; neither paused nor done)."""
        if self.state is None:
            return self.pilot.asked_at is not None
        return not self.state.paused and not self.state.finished

    @property
    def finished(self) -> bool:
        return self.state is not None and self.state.finished


class TrialQuestionnaire:
    def __init__(self, survey: Survey, clock: Clock) -> None:
        self._survey = survey
        self._clock = clock

    async def find(self, session: Session, agent: Agent | None) -> PilotTurn | None:
        """The agent's place in the open trial, if they are an invited pilot of it (and the
        stored plan and state can be read)."""
        if agent is None:
            return None
        found = await session.trials.open_pilot(agent.id)
        if found is None or found[1].invited_at is None:
            return None
        trial, pilot = found
        try:
            plan = load_plan(trial.plan)
            state = load_trial(pilot.state, plan) if pilot.state else None
        except TrialStateError:
            return None
        return PilotTurn(trial, pilot, plan, state)

    async def turn(
        self, session: Session, agent: Agent, language: Language, body: str, turn: PilotTurn
    ) -> list[Reply]:
        """The pilot's message: an answer to the question asked, or, before any question,
        the start of the questionnaire (their message answers nothing yet)."""
        if turn.state is None and turn.pilot.asked_at is None:
            state = trial_first_state(turn.plan)
            await self._save(session, agent, turn, TrialTransition(state, ()))
            lead = text(language, "trial.now")
            question = trial_question(self._survey, turn.plan, state, language)
            return [Reply(f"{lead}\n\n{question.text}")]
        state = turn.state or trial_first_state(turn.plan)
        transition = trial_step(self._survey, turn.plan, state, body, language)
        if transition.state != state or turn.state is None:
            await self._save(session, agent, turn, transition)
        return list(transition.replies)

    async def _save(
        self, session: Session, agent: Agent, turn: PilotTurn, transition: TrialTransition
    ) -> None:
        now = self._clock.now()
        state = transition.state
        trial_id = turn.trial.id
        await session.trials.save_state(
            trial_id, agent.id, dump_trial(state), finished=state.finished, now=now
        )
        if transition.completed_suite is not None:
            answers = state.answers_for(transition.completed_suite)
            assert answers is not None  # a suite is complete once it has its answers
            rows = [(r.category, r.criterion, r.value) for r in answers.rated()]
            await session.trials.save_suite(
                trial_id, agent.id, answers.suite, rows, answers.comment, now
            )
