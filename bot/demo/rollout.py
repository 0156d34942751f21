"""`harmonie demo --rollout`: the rollout of the suite retained in phase 2 (the plan names
no suite: the bot takes the one retained), weeks compressed into a minute.

The bot runs on a demo clock that the script moves to 09:30 of each working day in turn;
each day the bot's scheduled checks run as they would in production, and the simulated
people react as a newcomer would expect: the manager marks a step done when reminded on
the day (except the second, which is escalated to the administrator), the agents answer
the feedback surveys. Each message is printed with the day it arrived.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bot.demo.console import DemoConsole
from bot.demo.simulated import ReceivedMessage, SimulatedAgent
from bot.jobs.workdays import working_calendar
from bot.matrix.sync import Harmonie
from conversations.rollout import next_working_day
from storage import Decision

SETTLE_SECONDS = 0.4
WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


class DemoClock:
    """Real time shifted by an offset the demo moves forward: days pass in a moment."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def jump_to(self, moment: datetime) -> None:
        self._offset = moment - datetime.now(UTC)


@dataclass
class Person:
    name: str
    agent: SimulatedAgent
    handled: set[str] = field(default_factory=set)  # event ids already read or answered

    def new_messages(self, bot_id: str) -> list[ReceivedMessage]:
        fresh = [m for m in self.agent.messages_from(bot_id) if m.event_id not in self.handled]
        self.handled.update(m.event_id for m in fresh)
        return fresh


class RolloutStory:
    def __init__(
        self,
        bot: Harmonie,
        clock: DemoClock,
        admin: SimulatedAgent,
        manager: SimulatedAgent,
        agents: list[SimulatedAgent],
        decision: Decision,
        console: DemoConsole,
    ) -> None:
        self._bot = bot
        self._suite = decision.suite_name
        self._console = console
        self._clock = clock
        self._bot_id = bot.config.matrix.user_id
        self._calendar = working_calendar(bot.config)
        self._admin = Person("dsi", admin)
        self._manager = Person("encadrante", manager)
        self._agents = [Person(a.user_id.split(":")[0][1:], a) for a in agents]
        self._began = datetime.now(self._calendar.timezone).date()
        self._today = self._began
        self._rooms: dict[str, str] = {}

    async def run(self) -> str:
        """The whole story; returns the feedback trend as the manager reads it."""
        for person in (self._admin, self._manager, *self._agents):
            person.new_messages(self._bot_id)  # what the evaluation left is not news
        first = next_working_day(self._began + timedelta(days=1), self._calendar)
        await self._morning(first, "10:00")
        start = next_working_day(first + timedelta(days=21), self._calendar)
        self._console.say(
            f"\nDéploiement accéléré de {self._suite}, la suite retenue : chaque journée de\n"
            f"travail passe en un instant. L'administrateur crée le plan le {_day(first)},\n"
            f"lancement le {_day(start)}, sans nommer la suite : le bot prend celle retenue."
        )
        await self._say(self._admin, f"!deploiement nouveau {start.isoformat()}", "Plan de")
        await self._say(
            self._admin, f"!formation {start.isoformat()} 14:00 salle du conseil", "Séance"
        )
        day = first
        last = start + timedelta(days=31)
        while day < last:
            day = next_working_day(day + timedelta(days=1), self._calendar)
            await self._morning(day, "09:30")
            if await self._bot.rollout.check():
                await self._settle()
                await self._react(day)
        await self._say(self._manager, "!deploiement statut", "Déploiement de")
        return await self._say(self._manager, "!rapport retours", "Retours sur", show=False)

    async def _morning(self, day: date, at: str) -> None:
        self._today = day
        hours, minutes = (int(part) for part in at.split(":"))
        moment = datetime.combine(day, time(hours, minutes), self._calendar.timezone)
        self._clock.jump_to(moment)

    async def _settle(self) -> None:
        """Until every queued message is sent and has reached the simulated people (their
        count of messages from the bot stays still for a moment)."""
        for _ in range(200):
            async with self._bot.db.read() as session:
                waiting = len(await session.letters.undelivered())
            if not waiting and not await self._bot.sender.unsent():
                break
            await asyncio.sleep(0.05)
        people = (self._admin, self._manager, *self._agents)
        seen, still_since = -1, 0.0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 15
        while loop.time() < deadline:
            count = sum(len(p.agent.messages_from(self._bot_id)) for p in people)
            if count != seen:
                seen, still_since = count, loop.time()
            elif loop.time() - still_since >= SETTLE_SECONDS:
                return
            await asyncio.sleep(0.05)

    async def _react(self, day: date) -> None:
        for _ in range(5):  # answering may bring more messages: read until there are none
            read = False
            for person in (self._manager, self._admin):
                for message in person.new_messages(self._bot_id):
                    read = True
                    self._rooms[person.name] = message.room_id
                    self._show(person, "reçoit", message.body)
                    await self._respond(person, message.body)
            if not read:
                break
            await self._settle()
        answering = []
        for number, person in enumerate(self._agents):
            for message in person.new_messages(self._bot_id):
                self._rooms[person.name] = message.room_id
                if number == 0:
                    self._show(person, "reçoit", message.body)
                if "Cela fait" in message.body:
                    answering.append(
                        self._answer_wave(person, random.Random(day.toordinal() + number))
                    )
        if answering:
            self._console.say(f"  … et {len(self._agents) - 1} autres agents ; tous répondent.")
            await asyncio.gather(*answering)

    async def _respond(self, person: Person, body: str) -> None:
        step = body.split("l'étape ", 1)[1].split(" ", 1)[0] if "l'étape " in body else ""
        if person is self._manager and "aujourd'hui" in body and step != "2":
            # Step 2 is left undone, to be escalated.
            await self._say(person, f"!etape {step} fait", f"L'étape {step} ")
        if person is self._admin and "n'est pas marquée comme faite" in body:
            await self._say(person, f"!etape {step} fait", f"L'étape {step} ")

    async def _answer_wave(self, person: Person, chance: random.Random) -> None:
        agent = person.agent
        await agent.wait_for(
            lambda: any("(1/" in m.body for m in agent.messages_from(self._bot_id)), within=60
        )
        later = self._today > self._began + timedelta(days=40)  # the second wave goes better
        ratings = [str(min(10, chance.randint(4, 8) + (2 if later else 0))) for _ in range(4)]
        await self._say(person, " ".join(ratings), show=False, replies=2)
        idea = chance.choice(
            [
                "rien",
                "Le partage de gros fichiers est lent depuis le site des services techniques.",
                "Une formation courte sur l'agenda partagé serait utile.",
                "rien",
            ]
        )
        await self._say(person, idea, show=False)

    async def _say(
        self,
        person: Person,
        message: str,
        expect: str = "",
        *,
        show: bool = True,
        replies: int = 1,
    ) -> str:
        """Send `message`; the bot's answer is the `replies`-th new message containing
        `expect` (a reminder arriving meanwhile is left for `_react`)."""
        room = self._rooms.get(person.name)
        if room is None:
            room = person.agent.messages_from(self._bot_id)[-1].room_id
            self._rooms[person.name] = room
        agent = person.agent
        earlier = {m.event_id for m in agent.messages_from(self._bot_id)}

        def answers() -> list[ReceivedMessage]:
            return [
                m
                for m in agent.messages_from(self._bot_id, room)
                if m.event_id not in person.handled | earlier and expect in m.body
            ]

        if show:
            self._show(person, "écrit", message)
        await agent.send(room, message)
        await agent.wait_for(lambda: len(answers()) >= replies, within=60)
        chosen = answers()[:replies]
        person.handled.update(m.event_id for m in chosen)
        answer = chosen[-1].body
        if show:
            self._show(person, "← bot", answer)
        return answer

    def _show(self, person: Person, verb: str, body: str) -> None:
        lines = [line for line in body.replace("**", "").splitlines() if line.strip()]
        shown = lines[0] if lines else ""
        if len(shown) > 150:
            shown = shown[:147] + "…"
        more = f" (+{len(lines) - 1} lignes)" if len(lines) > 1 else ""
        self._console.say(f"  [{_day(self._today)}] {person.name} {verb} : {shown}{more}")


def _day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.strftime('%d/%m/%Y')}"
