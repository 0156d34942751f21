"""`harmonie demo --choix`: phase 2, « choisir », after the evaluation.

The administrator closes the evaluation; the manager reads the needs it found and sets
the candidate suites against them; the administrator opens a pilot trial of the first
two suites of the catalogue; the simulated agents, pilots, answer its questionnaire
(`bot.demo.script.trial_messages`), each message waiting for the bot's answer; the
administrator closes the trial, the manager reads the recommendation, and the
administrator retains the suite recommended. The watcher is a pilot too, told what they
can see of it.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from pathlib import Path

from bot.demo.console import DemoConsole
from bot.demo.script import trial_messages
from bot.demo.simulated import ReceivedMessage, SimulatedAgent, say
from bot.matrix.sync import Harmonie
from conversations.trial import trial_first_state, trial_question, trial_step
from conversations.trial_plan import TrialPlan
from conversations.trial_state import TrialState, load_plan
from scoring.choice_labels import LABELS
from scoring.suites import Suite
from storage import Decision

TRIED = 2  # suites on trial: the first ones of the catalogue
REASON = "recommandée à l'issue de l'essai pilote"
NO_CLEAR_WINNER = "choix de l'administrateur, sans recommandation nette"
ANSWERED_WITHIN = 60.0  # seconds for the bot to answer one message
SETTLE_SECONDS = 0.5  # nothing more from the bot for this long: its message is all there


class ChoiceStory:
    def __init__(
        self,
        bot: Harmonie,
        admin: SimulatedAgent,
        manager: SimulatedAgent,
        pilots: list[SimulatedAgent],
        watcher: str,
        catalogue: Path,
        config: Path,
        console: DemoConsole,
    ) -> None:
        self._bot = bot
        self._bot_id = bot.config.matrix.user_id
        self._admin = admin
        self._manager = manager
        self._pilots = pilots
        self._watcher = watcher
        self._catalogue = catalogue
        self._config = config
        self._console = console
        self._suites: tuple[Suite, ...] = bot.conversations.choice.suites
        self._rooms: dict[str, str] = {}
        # The pilot trial of the first suites of the catalogue.
        self.trial_command = "!essai ouvrir " + ", ".join(s.key for s in self._suites[:TRIED])

    async def run(self) -> Decision:
        """The whole phase; returns the decision the administrator recorded."""
        # Phase 2 starts from a closed evaluation: its needs are final, and a pilot's first
        # message goes to the trial (while a campaign is open, the evaluation answers it).
        self._console.choice_begins(self._catalogue)
        self._console.campaign_closes(await self._say(self._admin, "!campagne fermer"))
        self._rooms[self._manager.user_id] = await self._manager.open_direct_room(
            self._bot_id, within=60
        )
        await self._manager.wait_for_messages(self._bot_id, 1, self._rooms[self._manager.user_id])
        self._console.needs(await self._say(self._manager, "!choix besoins"))
        self._console.comparison(await self._say(self._manager, "!choix comparer"))

        command = self.trial_command
        self._console.trial_opens(command, await self._say(self._admin, command))
        plan = await self._plan()
        self._console.pilots_answer(len(self._pilots), self._watcher)
        await asyncio.gather(
            *(self._answer(number, pilot, plan) for number, pilot in enumerate(self._pilots))
        )
        await self._all_finished()
        self._console.trial_status(await self._say(self._admin, "!essai statut"))
        self._console.trial_closed(await self._say(self._admin, "!essai fermer"))

        report = await self._say(self._manager, "!rapport choix")
        line = recommendation_in(report)
        self._console.recommendation(line, self._config)
        retained = recommended_suite(line, self._suites)
        if retained is None:
            retained, reason = plan_suite(plan, self._suites), NO_CLEAR_WINNER
        else:
            reason = REASON
        command = f"!choix retenir {retained.key} {reason}"
        self._console.decision(command, await self._say(self._admin, command))
        async with self._bot.db.read() as session:
            decision = await session.trials.decision()
        if decision is None:
            raise RuntimeError("the administrator's decision was not recorded")
        return decision

    async def _say(self, person: SimulatedAgent, message: str) -> str:
        room = self._rooms.get(person.user_id)
        if room is None:
            room = person.messages_from(self._bot_id)[0].room_id  # their DM with the bot
            self._rooms[person.user_id] = room
        return await say(person, self._bot_id, room, message)

    async def _plan(self) -> TrialPlan:
        """What the trial asks, as it fixed it at its opening."""
        async with self._bot.db.read() as session:
            trial = await session.trials.current()
        if trial is None:
            raise RuntimeError("the trial did not open")
        return load_plan(trial.plan)

    async def _answer(self, number: int, pilot: SimulatedAgent, plan: TrialPlan) -> None:
        """One pilot: the invitation, then the questionnaire, each message waiting for the
        bot's answer (the one the questionnaire gives: the same pure dialog). The second
        pilot found no time to try the last suite; the first one's exchange is shown."""
        name = pilot.user_id.split(":")[0][1:]
        invitation = await _invitation(pilot, self._bot_id)
        untried = frozenset({plan.suites[-1].key}) if number == 1 else frozenset()
        survey = self._bot.conversations.survey
        messages = trial_messages(survey, plan, random.Random(1000 + number), untried)
        state: TrialState | None = None
        for message in messages:
            if state is None:  # the first message starts the questionnaire: its first question
                state = trial_first_state(plan)
                expected = trial_question(survey, plan, state, "fr").plain
            else:
                transition = trial_step(survey, plan, state, message, "fr")
                state, expected = transition.state, transition.replies[-1].plain
            received = await _exchange(pilot, self._bot_id, invitation.room_id, message, expected)
            if number == 0:
                self._console.pilot_says(name, message, _gist(received, plan))
        self._console.pilot_done(name, len(messages))

    async def _all_finished(self) -> None:
        """Until the bot has stored every simulated pilot's last answer (the trial must not
        close before)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ANSWERED_WITHIN
        while True:
            async with self._bot.db.read() as session:
                trial = await session.trials.current()
                finished = (await session.trials.status(trial.id)).finished if trial else 0
            if finished >= len(self._pilots):
                return
            if loop.time() > deadline:
                raise RuntimeError(f"{finished} of {len(self._pilots)} pilots finished in time")
            await asyncio.sleep(0.1)


async def _invitation(pilot: SimulatedAgent, bot_id: str) -> ReceivedMessage:
    """The trial's invitation, in the pilot's DM with the bot, once all of it arrived (it
    comes in a few messages: what the trial is, where to try each suite)."""
    words = "groupe pilote"

    def invited() -> ReceivedMessage | None:
        return next((m for m in pilot.messages_from(bot_id) if words in m.body), None)

    await pilot.wait_for(lambda: invited() is not None, within=ANSWERED_WITHIN)
    found = invited()
    assert found is not None
    await pilot.wait_until_quiet(bot_id, found.room_id, SETTLE_SECONDS)
    return found


async def _exchange(
    pilot: SimulatedAgent, bot_id: str, room_id: str, message: str, expected: str
) -> list[ReceivedMessage]:
    """Send `message`, wait for the bot's answer that ends with `expected` (the next
    question, or the thanks); return what the bot sent meanwhile."""
    before = len(pilot.messages_from(bot_id, room_id))
    await pilot.send(room_id, message)

    def answered() -> bool:
        return any(expected in m.body for m in pilot.messages_from(bot_id, room_id)[before:])

    await pilot.wait_for(answered, within=ANSWERED_WITHIN)
    return pilot.messages_from(bot_id, room_id)[before:]


def _gist(received: Sequence[ReceivedMessage], plan: TrialPlan) -> str:
    """The first line worth reading of the bot's answer: not the suite's heading."""
    headings = {s.name for s in plan.suites}
    lines = [line for m in received for line in m.body.splitlines() if line.strip()]
    for line in lines:
        if line.split(" — ", 1)[-1] not in headings and line not in headings:
            return line
    return lines[0] if lines else ""


def recommendation_in(report: str) -> str:
    """The recommendation line of `!rapport choix` as the manager reads it: the verdict, or
    why there is none."""
    starts = tuple(
        LABELS["fr"][key].split("{", 1)[0]
        for key in ("recommended", "tie", "tie_unscored", "none_covers", "no_candidate")
    )
    return next((line for line in report.splitlines() if line.startswith(starts)), "")


def recommended_suite(line: str, suites: Sequence[Suite]) -> Suite | None:
    """The suite the line recommends; None when it recommends none."""
    lead = LABELS["fr"]["recommended"].split("{", 1)[0]
    if not line.startswith(lead):
        return None
    named = line[len(lead) :]
    return next((s for s in sorted(suites, key=lambda s: -len(s.name))
                 if named.startswith(s.name)), None)  # fmt: skip


def plan_suite(plan: TrialPlan, suites: Sequence[Suite]) -> Suite:
    """Without a recommendation, the first suite on trial."""
    return next(s for s in suites if s.key == plan.suites[0].key)
