"""No sequence of inputs ever loses or silently changes a stored answer.

A hypothesis state machine drives the real handler on a real SQLite database as one agent:
answers in every accepted form, `retour`, `passer`, `pause`, `!evaluer`, `!modifier`,
`!langue`, greetings and junk, a feedback survey arriving, and restarts (everything
reloaded from the database). After every message it checks that:
- a category's stored answer changes only when the agent completes a new answer for it,
  or skips that category at its own question;
- what is stored is exactly the complete answers of the conversation's state;
- `!mesreponses` shows exactly what is stored;
- the participation counts as finished exactly when the agent has validated, and then
  every category has a stored answer;
- one dialog at a time owns the agent's messages: while the evaluation waits for an
  answer, the feedback survey does not change, and the other way round.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bot.config import build_survey, parse_config
from bot.handlers.context import Incoming
from bot.handlers.dispatch import Conversations
from bot.wiring import conversations as build_conversations
from conversations.codec import load_state
from conversations.dialog import CategoryAnswer, DialogState, Step, ToolAnswer, summary
from conversations.feedback import dump_feedback, feedback_start
from conversations.formatting import Reply
from conversations.texts import text
from storage import AnswerRecord, Database
from tests.support.kit import Counter, SettableClock
from tests.unit.bot.handlers.driver import ADMIN, ALICE, config_data

T = TypeVar("T")
PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)
SERVICES = ["Finances", "Ressources humaines", "Culture"]

TOOLS = ["1", "2", "Teams", "Zoom et Teams", "autre Mattermost", "Tchap, WhatsApp", "3"]
FAST = ["Teams 8 6 9 7 RAS", "2 5 5 5 5 rien", "Zoom 8 6 9 7, le son coupe", "Teams 7,5 6 9 7"]
RATINGS = ["7", "je dirais 8", "10 sur 10", "nsp", "8,5", "8 6 9 7", "6 9 7", "bof, 5"]
PROBLEMS = ["rien", "RAS", "le son coupe", "Rien de spécial", "trop lent"]
NEED = ["oui", "non", "peut-être", "oui, pour les congés", "non merci"]
BY_STEP = {
    Step.SERVICE: ["1", "rh", "Culture", "passer"],
    Step.TOOL: [*TOOLS, *FAST, "aucun", "aucun, pas besoin", "autre", "passer", "Zooom"],
    Step.OTHER: ["Mattermost", "Jitsi", "passer"],
    Step.RATING: [*RATINGS, "passer"],
    Step.PROBLEM: [*PROBLEMS, "passer"],
    Step.NEED: NEED,
    Step.NEED_WHY: ["pour les réunions", "passer"],
    Step.CONFIRM: ["valider", "ok"],
    Step.DONE: ["merci"],
}
ANYTHING = st.sampled_from(
    [
        "retour", "passer", "pause", "aide", "bonjour", "oui", "non", "valider", "8", "11",
        "entre 6 et 7", "2 fois par semaine", "Teams 8 6 9", "", "<b>x</b>", "!mesreponses",
        "je ne sais pas", "merci", "Zooom", "8 6 9 7", "aucun", "rien",
    ]
)  # fmt: skip
SKIP_WORDS = {"passer"}


@dataclass(frozen=True)
class Seen:
    """What the machine observes of the agent, from the database."""

    state: DialogState | None
    rows: dict[str, list[AnswerRecord]]
    finished: bool
    feedback: str | None  # the feedback response's stored state


class EvaluationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "harmonie.db"
        self.clock = SettableClock(MONDAY)
        data = config_data(agents=[ALICE], services=SERVICES)
        self.config = parse_config(
            data, source="t.toml", base_dir=Path(self.folder.name), environ={}
        )
        self.survey = build_survey(self.config)
        self.db = self.run(Database.open(self.path))
        self.conversations = self.new_conversations()
        self.validated = False
        self.waves = 0
        self.run(self.say(ADMIN, "!campagne ouvrir Outils 2027"))
        self.run(self.say(ALICE, "!evaluer"))
        self.seen = self.run(self.observe())

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(work)

    def new_conversations(self) -> Conversations:
        return build_conversations(
            self.config, self.clock, lambda: [ALICE], Counter(), survey=self.survey
        )

    def teardown(self) -> None:
        self.run(self.db.close())
        self.loop.close()
        self.folder.cleanup()

    async def say(self, sender: str, body: str) -> list[Reply]:
        incoming = Incoming(sender, "!dm-alice:example.org", body, True)
        async with self.db.transaction() as session:
            replies = await self.conversations.handle(session, incoming)
        return [r for r in replies if isinstance(r, Reply)]

    async def observe(self) -> Seen:
        async with self.db.read() as session:
            agent = await session.agents.get(ALICE)
            campaign = await session.campaigns.current()
            assert agent is not None and campaign is not None
            participation = await session.participations.get(campaign.id, agent.id)
            rows = await session.participations.answers(campaign.id, agent.id)
            response = await session.rollout.current_response(agent.id)
        assert participation is not None
        state = load_state(participation.state, self.survey) if participation.state else None
        by_category: dict[str, list[AnswerRecord]] = {}
        for row in rows:
            by_category.setdefault(row.category, []).append(row)
        feedback = response.state if response is not None else None
        return Seen(state, by_category, participation.finished_at is not None, feedback)

    # ------------------------------------------------------------------ the agent's messages

    def send(self, body: str) -> None:
        before = self.seen
        self.run(self.say(ALICE, body))
        after = self.run(self.observe())
        self.check_transition(before, after, body)
        self.seen = after

    @rule(data=st.data())
    def answers_the_current_question(self, data: st.DataObject) -> None:
        state = self.seen.state
        step = state.position.step if state is not None else Step.DONE
        self.send(data.draw(st.sampled_from(BY_STEP[step])))

    @rule(body=ANYTHING)
    def types_anything(self, body: str) -> None:
        self.send(body)

    @rule()
    def resumes(self) -> None:
        self.send("!evaluer")

    @rule(category=st.integers(1, 9))
    def modifies(self, category: int) -> None:
        self.send(f"!modifier {category}")

    @rule(language=st.sampled_from(["en", "fr"]))
    def changes_language(self, language: str) -> None:
        self.send(f"!langue {language}")

    @precondition(lambda self: self.waves < 3)
    @rule()
    def a_feedback_survey_arrives(self) -> None:
        self.run(self.open_wave())
        self.seen = self.run(self.observe())

    @rule()
    def the_bot_restarts(self) -> None:
        self.run(self.db.close())
        self.db = self.run(Database.open(self.path))
        self.conversations = self.new_conversations()
        restarted = self.run(self.observe())
        assert restarted == self.seen, "a restart changes nothing"

    async def open_wave(self) -> None:
        now = self.clock.now()
        async with self.db.transaction() as session:
            plan = await session.rollout.active()
            if plan is None:
                plan = await session.rollout.create("Suite Numérique", date(2026, 11, 9), ADMIN,
                                                    [], now)  # fmt: skip
            self.waves += 1
            wave = await session.rollout.open_wave(plan.id, self.waves, now.date(), now)
            assert wave is not None
            agent = await session.agents.get(ALICE)
            assert agent is not None
            first = feedback_start(self.survey, plan.suite, 7, "fr").state
            await session.rollout.start_response(wave.id, agent.id, dump_feedback(first), now)

    # ------------------------------------------------------------------ what must hold

    def check_transition(self, before: Seen, after: Seen, body: str) -> None:
        old, new = before.state, after.state
        assert old is not None and new is not None
        for index, category in enumerate(self.survey.categories):
            if before.rows.get(category.key) == after.rows.get(category.key):
                continue
            # a stored answer changed: only by answering that category's own question
            assert old.position.category == index, (body, category.key, old.position)
            assert old.position.step not in (Step.SERVICE, Step.CONFIRM, Step.DONE), body
            assert not old.paused and not old.finished, body
            committed = new.answers[index]
            assert committed is not None, body
            if committed.skipped:
                assert old.position.step in (Step.TOOL, Step.OTHER), body
                assert body in SKIP_WORDS, body
            assert new.draft is None or new.position.category != index, body
        if old.position.step is Step.CONFIRM and new.finished:
            self.validated = True
        evaluating = not old.paused and not old.finished
        if evaluating and not body.startswith("!"):
            assert after.feedback == before.feedback, "the evaluation owns this message"
        if before.feedback is not None and not evaluating and not body.startswith("!"):
            assert (old.answers, old.position) == (new.answers, new.position), (
                "the feedback survey owns this message"
            )

    @invariant()
    def what_is_stored_is_the_complete_answers_of_the_state(self) -> None:
        state = self.seen.state
        assert state is not None
        for category, answer in zip(self.survey.categories, state.answers, strict=True):
            assert self.seen.rows.get(category.key, []) == self.rows_of(category.key, answer)

    @invariant()
    def finished_means_validated_with_every_category_answered(self) -> None:
        assert self.seen.finished == self.validated
        if self.seen.finished:
            assert set(self.seen.rows) == {c.key for c in self.survey.categories}

    @invariant()
    def my_answers_shows_what_is_stored(self) -> None:
        replies = self.run(self.say(ALICE, "!mesreponses"))
        assert self.run(self.observe()) == self.seen, "!mesreponses changes nothing"
        state = self.seen.state
        assert state is not None
        stored = tuple(
            self.answer_of(self.seen.rows.get(c.key, [])) for c in self.survey.categories
        )
        from_storage = DialogState(state.position, stored, service=state.service)
        agent_language = "en" if "Your answers" in replies[0].plain else "fr"
        expected = summary(self.survey, from_storage, agent_language)  # type: ignore[arg-type]
        shown = replies[0].plain.split("\n", 1)[1]
        for language in ("fr", "en"):  # in the middle of the evaluation: the question follows
            shown = shown.split("\n\n" + text(language, "answers.continue"))[0]
        assert shown == Reply(expected).plain

    def rows_of(self, key: str, answer: CategoryAnswer | None) -> list[AnswerRecord]:
        if answer is None:
            return []
        criteria = [c.key for c in self.survey.criteria]
        base = dict(category=key, other=False, needed=answer.needed, need_why=answer.need_why,
                    skipped=answer.skipped, complete=True)  # fmt: skip
        if not answer.tools:
            return [AnswerRecord(tool=None, problem=None, ratings={}, **base)]  # type: ignore[arg-type]
        return [
            AnswerRecord(
                tool=tool.name, problem=tool.problem, position=position,
                ratings=dict(zip(criteria, tool.ratings, strict=True)),
                **{**base, "other": tool.other},  # type: ignore[arg-type]
            )
            for position, tool in enumerate(answer.tools)
        ]  # fmt: skip

    def answer_of(self, rows: list[AnswerRecord]) -> CategoryAnswer | None:
        if not rows:
            return None
        first = rows[0]
        criteria = [c.key for c in self.survey.criteria]
        tools = tuple(
            ToolAnswer(r.tool, r.other, tuple(r.ratings.get(c) for c in criteria), r.problem, True)
            for r in rows
            if r.tool is not None
        )
        return CategoryAnswer(tools, first.needed, first.need_why, first.skipped)


EvaluationMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=35,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
test_no_sequence_of_inputs_loses_or_silently_changes_an_answer = EvaluationMachine.TestCase
