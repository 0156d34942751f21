"""An agent's preferences: `!langue`, `!relances`, `!absent`."""

from __future__ import annotations

import re

from bot.clock import Clock
from bot.handlers.command import command, lowered
from bot.handlers.context import Context, refusal
from bot.handlers.evaluation import Evaluation
from conversations.commands import Role
from conversations.dialog import question
from conversations.formatting import Reply
from conversations.parsing import InvalidAnswer, parse_day
from conversations.texts import LANGUAGES, text
from conversations.words import BACK_FROM_ABSENCE, REMINDERS_OFF, REMINDERS_ON

# "… jusqu'au 15/01", "… until 2027-01-15": the day is everything after the last such word.
UNTIL = re.compile(
    r"^(?P<before>.*)\s(?:jusqu['’]\s?au|until)\s+(?P<day>.+?)\s*$", re.IGNORECASE | re.DOTALL
)


class Profile:
    def __init__(self, clock: Clock, evaluation: Evaluation) -> None:
        self._clock = clock
        self._evaluation = evaluation

    @command("langue", "language", Role.AGENT, usage="fr|en", parse=lowered)
    async def language(self, context: Context, wanted: str) -> list[Reply]:
        """`!langue en`: noted, and an evaluation under way goes on in the new language
        (its current question asked again)."""
        for language in LANGUAGES:
            if wanted == language:
                agent = await context.ensure_agent(self._clock)
                await context.session.agents.set_language(agent.id, language)
                replies = [Reply(text(language, "language.changed"))]
                state = await self._evaluation.under_way(context.session, agent)
                if state is not None:
                    replies.append(question(self._evaluation.survey, state, language))
                return replies
        return [Reply(text(context.language, "language.invalid"))]

    @command("relances", "reminders", Role.AGENT, usage="oui|non", usage_en="on|off", parse=lowered)
    async def reminders(self, context: Context, wanted: str) -> list[Reply]:
        if wanted in REMINDERS_OFF:
            agent = await context.ensure_agent(self._clock)
            await context.session.agents.set_reminders(agent.id, False)
            return [Reply(text(context.language, "reminders.off"))]
        if wanted in REMINDERS_ON:
            agent = await context.ensure_agent(self._clock)
            await context.session.agents.set_reminders(agent.id, True)
            return [Reply(text(context.language, "reminders.on"))]
        return [Reply(text(context.language, "reminders.usage"))]

    @command(
        "absent",
        "away",
        Role.AGENT,
        usage="jusqu'au JJ/MM | non",
        usage_en="until YYYY-MM-DD | back",
    )
    async def absent(self, context: Context, typed: str) -> list[Reply]:
        language = context.language
        today = self._evaluation.today()
        if typed.lower() in BACK_FROM_ABSENCE:
            agent = await context.ensure_agent(self._clock)
            await context.session.agents.set_absent_until(agent.id, None)
            return [Reply(text(language, "absent.cleared"))]
        until = UNTIL.match(" " + typed)
        try:
            day = parse_day(until.group("day") if until else typed, today)
        except InvalidAnswer as error:
            return [refusal(language, error)]
        if day is None:
            return [Reply(text(language, "absent.usage"))]
        if day < today:
            return [Reply(text(language, "absent.past", date=day.strftime("%d/%m/%Y")))]
        agent = await context.ensure_agent(self._clock)
        await context.session.agents.set_absent_until(agent.id, day)
        return [Reply(text(language, "absent.noted", date=day.strftime("%d/%m/%Y")))]
