"""The structure's desk: what its staff (a centre de gestion's advisers) get in their DM with
the bot — the benchmark of the organisations it serves, each named, and nothing else: no
command of a commune, no campaign, no agent.

It reads through `session.structure` only (bot/handlers/comparison.py), whatever the
session's tenant.
"""

from __future__ import annotations

import itertools
import json

from bot.clock import Clock
from bot.config import Config
from bot.handlers.comparison import category_of, frozen_organisations
from bot.handlers.context import Incoming, Outgoing
from bot.handlers.report import scoring_spec
from conversations.formatting import Reply
from conversations.survey import Survey, normalise
from conversations.texts import Language, text
from conversations.words import BENCHMARK_REPORT
from scoring.benchmark import StaffBenchmark, staff_benchmark
from scoring.benchmark_render import staff_message
from storage import Session

_REPORT = frozenset({"!rapport", "!report"})
# A Matrix event may not exceed 64 KiB, encryption included (base64: 4/3 of the JSON, which
# escapes every non-ASCII character in 6 bytes). A benchmark whose content is larger than
# this is sent one category per message, and a category's table of organisations in parts
# when it alone is larger: with a hundred communes, one category is about 48,000 bytes.
MESSAGE_BUDGET = 24_000


class StructureDesk:
    """Handles the messages of the structure's staff (`Config.is_structure_staff`)."""

    def __init__(self, config: Config, survey: Survey, clock: Clock) -> None:
        """`config`: the structure's own (its `organisation` is the structure itself)."""
        self._config = config
        self._survey = survey
        self._clock = clock

    async def handle(self, session: Session, incoming: Incoming) -> list[Outgoing]:
        language: Language = self._config.organisation.language
        if not incoming.direct:
            return []  # a group room is not a conversation with the bot
        named = self._config.organisation.named
        if not self._config.is_structure_staff(incoming.sender):
            return [Reply(text(language, "tenant.unknown", organisation=named))]
        words = incoming.body.split(maxsplit=2) if incoming.kind == "text" else []
        if (
            len(words) >= 2
            and words[0].lower() in _REPORT
            and normalise(words[1]) in BENCHMARK_REPORT
        ):
            return await self._comparison(session, language, words[2] if len(words) > 2 else "")
        return [Reply(text(language, "structure.welcome", organisation=named))]

    async def _comparison(self, session: Session, language: Language, args: str) -> list[Outgoing]:
        """Every organisation with published results, named, next to the distribution of
        their scores; one message per category when all of them would not fit in one."""
        spec = scoring_spec(self._config, self._survey, language)
        wanted = category_of(self._survey, spec, args, language)
        if isinstance(wanted, Reply):
            return [wanted]
        organisations = await frozen_organisations(session)
        if not organisations:
            return [Reply(text(language, "structure.no_scores"))]
        benchmark = staff_benchmark(spec, organisations, self._config.structure.benchmark_threshold)
        structure = self._config.organisation.name
        categories = [c.key for c in wanted.categories]
        whole = _reply(*staff_message(benchmark, structure, language, categories))
        if size(whole) <= MESSAGE_BUDGET:
            return [whole]
        replies: list[Outgoing] = []
        for category in categories:
            one = _reply(*staff_message(benchmark, structure, language, [category]))
            if size(one) <= MESSAGE_BUDGET:
                replies.append(one)
            else:
                replies += _in_parts(benchmark, structure, language, category)
        return replies


def _in_parts(
    benchmark: StaffBenchmark, structure: str, language: Language, category: str
) -> list[Reply]:
    """One category's message cut into as few as fit the budget, each with the
    distribution and the next rows of organisations (at least one)."""
    count = len({r.organisation for f in benchmark.figures if f.category == category
                 for r in f.ranked})  # fmt: skip

    def part(first: int, last: int) -> Reply:
        return _reply(*staff_message(benchmark, structure, language, [category],
                                     rows=slice(first, last)))  # fmt: skip

    if count == 0:  # no table to cut: the names of those not compared, as they are
        return [_reply(*staff_message(benchmark, structure, language, [category]))]

    greedy = []
    first = 0
    while first < count:
        low, high = first + 1, count  # the largest `last` that fits, by bisection
        while low < high:
            middle = (low + high + 1) // 2
            if size(part(first, middle)) <= MESSAGE_BUDGET:
                low = middle
            else:
                high = middle - 1
        greedy.append(part(first, low))
        first = low
    # As many parts, of even length (45, 45, 10 rows would read oddly), if they fit.
    bounds = [count * index // len(greedy) for index in range(len(greedy) + 1)]
    even = [part(first, last) for first, last in itertools.pairwise(bounds)]
    return even if all(size(reply) <= MESSAGE_BUDGET for reply in even) else greedy


def _reply(plain: str, rich: str) -> Reply:
    return Reply(plain, html_body=rich)


def size(reply: Reply) -> int:
    """The bytes of the message's content as the Matrix client sends it (JSON, ASCII)."""
    return len(json.dumps(reply.content()).encode("ascii"))
