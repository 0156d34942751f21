"""What an agent says when asked which tools they use, in every form they use.

« 2 », « Teams », « Tchap et WhatsApp », « 1, 3 », « autre Mattermost », « aucun »,
« aucun, pas besoin », and the fast path: a tool and its ratings in one message
(« Teams 8 6 9 7 », « Tchap 8 6 9 7 RAS, WhatsApp 5 6 4 7 »), optionally followed by the
problem. Pure: the result says what was understood, or offers a reading back
(« Vouliez-vous dire Outlook ? ») rather than guessing; anything else raises
`InvalidAnswer` with the reason. Finding each name is `conversations.tool_names`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from .parsing import InvalidAnswer, keyword
from .phrases import says_nothing
from .ratings import Rating, check, read_ratings
from .survey import Category, fold, normalise
from .tool_names import (
    MAX_NAME,
    MAX_TOOLS,
    SEPARATORS,
    SPLIT,
    NamedTool,
    Offer,
    aliases,
    distinct,
    is_number,
    merge_offers,
    named_inside,
    names_in,
    one_tool,
)
from .words import (
    NEEDED,
    NEEDED_OPENINGS,
    NO_TOOL,
    NOT_NEEDED,
    OTHER_TOOL,
    SENTENCE_WORDS,
)

__all__ = [
    "MAX_NAME", "MAX_TOOLS", "AsksOther", "NamedTool", "Offer", "ToolReading", "UsesNone",
    "UsesTools", "aliases", "as_other", "problem_text", "read_tool_answer",
]  # fmt: skip

# One rating as typed in a fast message: « 8 », « 7,5 », « 8/10 », « 15/20 », « 4/5 », « nsp ».
_RATING = (
    r"(?:(?:1[0-9]|20|[0-9])(?:[.,]5)?\s*/\s*20|[0-5](?:[.,]5)?\s*/\s*5"
    r"|(?:10|[0-9](?:[.,]5)?)(?:\s*/\s*10)?|nsp|\?)"
)
_GAP = r"(?:\s*[;,]\s*|\s+)"


@dataclass(frozen=True)
class UsesTools:
    tools: tuple[NamedTool, ...]


@dataclass(frozen=True)
class UsesNone:
    needed: bool | None = None  # said in the same message, e.g. « aucun, pas besoin »
    needed_given: bool = False
    why: str | None = None


@dataclass(frozen=True)
class AsksOther:
    """« autre » alone: the bot asks which one."""


ToolReading = UsesTools | UsesNone | AsksOther | Offer


def read_tool_answer(category: Category, message: str, criteria: int) -> ToolReading:
    """What the agent's answer to « which tools do you use? » says."""
    word = keyword(message)
    count = len(category.tools)
    if word in OTHER_TOOL or (is_number(word) and int(word.rstrip(".)")) == count + 1):
        return AsksOther()
    if is_number(word) and int(word.rstrip(".)")) == count + 2:
        return UsesNone()
    none = _none(category, message)
    if none is not None:
        return none
    groups = _rated_groups(category, message, criteria)
    if groups is not None:
        return groups
    return _names_only(category, message, criteria)


def as_other(message: str) -> str:
    """The answer to « which other tool? » as if typed after « autre »: each name it gives
    (« Zoom et Mattermost »: the known one stays known). A sentence is no name."""
    words = set(re.split(r"[^a-z']+", normalise(message)))
    if words & SENTENCE_WORDS:
        raise InvalidAnswer("error.other_needs_name")
    parts = [p for p in SPLIT.split(message.strip(SEPARATORS)) if p.strip(SEPARATORS)]
    return " ; ".join(f"autre {part}" for part in parts) if parts else f"autre {message}"


# --------------------------------------------------------------------------- « aucun »


_NONE_SENTENCE = re.compile(
    r"^(?:non,?\s+)?(?:on|nous|je|j')\s*(?:n'|ne\s+)?(?:en\s+)?(?:a|ai|avons|utilise|utilisons"
    r"|dispose|disposons)\s+(?:rien|aucun|pas|personne)\b"
    r"|^(?:rien|aucun|pas d'outil|pas de logiciel)\b.*\b(?:pour (?:ca|cela)|de ce type)\b"
    r"|^(?:on|je|nous) (?:fait|fais|faisons) sans\b"
)


def _none(category: Category, message: str) -> UsesNone | None:
    typed = normalise(message).strip(" .!…")
    if typed in NO_TOOL or _NONE_SENTENCE.search(typed):
        return UsesNone()
    for word in sorted(NO_TOOL, key=len, reverse=True):
        if typed.startswith(word) and len(typed) > len(word) and not typed[len(word)].isalnum():
            rest = typed[len(word) :].strip(SEPARATORS + "!")
            cut = len(message) - len(message.lstrip()) + len(word)
            need = _none_then_need(rest, message[cut:].strip(SEPARATORS))
            if need is None and word.startswith("aucun") and not named_inside(category, rest):
                return UsesNone()  # « aucun, on fait tout par mail »: a remark, no need said
            return need
    return None


_NOT_NEEDED = re.compile(r"\bpas (?:besoin|utile|necessaire)\b|\bon s'en passe\b|\binutile\b")
_NEEDED = re.compile(
    r"\b(?:ca|ca nous|ca me) manque\b|\bil (?:nous|me) (?:en )?faudrait\b"
    r"|\b(?:on|j') en aurai[st]? besoin\b|\bce serait (?:utile|bien|pratique)\b"
)


def _none_then_need(rest: str, rest_typed: str) -> UsesNone | None:
    """« aucun, pas besoin », « aucun on en a pas besoin », « rien du tout et ça nous
    manque », « non, oui pour les congés »."""
    if rest in NOT_NEEDED or _NOT_NEEDED.search(rest):
        return UsesNone(needed=False, needed_given=True)
    if rest.removeprefix("mais ").removeprefix("but ") in NEEDED or _NEEDED.search(rest):
        return UsesNone(needed=True, needed_given=True)
    for word in NEEDED_OPENINGS:
        if rest.startswith(word + " ") or rest.startswith(word + ","):
            why = rest_typed[len(word) :].strip(SEPARATORS)
            return UsesNone(needed=True, needed_given=True, why=why[:1000] or None)
    return None


# --------------------------------------------------------------------------- fast path


def _rated_groups(category: Category, message: str, criteria: int) -> UsesTools | Offer | None:
    """« Teams 8 6 9 7 », « Teams : 8 6 9 7, le son coupe », « Tchap 8 6 9 7 et WhatsApp
    5 6 4 7 RAS »; None when the message holds no ratings at all."""
    if criteria < 1:
        return None
    numbered = re.match(r"^\s*([0-9]{1,2})[.)]?\s*[:\-—–]?\s+(?=\S)", message)
    count = len(category.tools)
    if numbered and 1 <= int(numbered.group(1)) <= count:
        rest = message[numbered.end() :]
        runs_after = _rating_runs(rest, criteria)
        if runs_after and not rest[: runs_after[0][0]].strip(SEPARATORS):
            message = f"{category.tools[int(numbered.group(1)) - 1]} {rest}"
    if _all_choices(message, count):
        return None  # « 1, 2, 3, 5 »: numbered choices, not ratings
    runs = _rating_runs(message, criteria)
    if runs is None:
        _refuse_partial_ratings(message, criteria)
        return None
    groups = _groups(category, message, runs)
    rest = message[runs[-1][1] :].strip(SEPARATORS)
    more = re.match(r"^(?:(?:[0-9]{1,2}(?:[.,]5)?|nsp)(?:\s+|$))+", fold(rest) + " ")
    if more:  # « Teams 8 6 9 7 5 »: a rating too many
        given = criteria + len(more.group(0).split())
        raise InvalidAnswer("error.fast_too_many", given=given, count=criteria)
    extra = names_in(category, rest) if rest else None
    if extra is None or not all(isinstance(t, NamedTool) for t in extra):
        extra, groups[-1] = [], replace(groups[-1], problem=rest)  # the last tool's problem
    if any(isinstance(g.reading, Offer) for g in groups):
        return _offer_for(groups, extra)
    tools = [
        _with_problem(NamedTool(g.reading.name, g.reading.other, g.values), g.problem)
        for g in groups
        if isinstance(g.reading, NamedTool)
    ]
    tools.extend(t for t in extra if isinstance(t, NamedTool))
    return UsesTools(distinct(tools))


@dataclass(frozen=True)
class _Group:
    """One tool of a fast message: how its name reads, its ratings as typed and read, and
    the problem written after them."""

    reading: NamedTool | Offer
    ratings_typed: str
    values: tuple[Rating, ...]
    problem: str = ""


def _groups(
    category: Category, message: str, runs: list[tuple[int, int, tuple[Rating, ...]]]
) -> list[_Group]:
    groups: list[_Group] = []
    start = 0
    for index, (run_start, run_end, values) in enumerate(runs):
        segment = message[start:run_start]
        if index > 0:
            # « … 8 6 9 7 RAS, WhatsApp 5 6 4 7 »: the previous problem, then a name
            problem, segment = _split_problem_and_name(category, segment)
            groups[-1] = replace(groups[-1], problem=problem)
        reading = one_tool(category, segment)
        if reading is None:
            if index == 0 and not segment.strip(SEPARATORS):
                raise InvalidAnswer("error.fast_no_tool")
            raise InvalidAnswer("error.tool", count=len(category.tools))
        groups.append(_Group(reading, message[run_start:run_end], values))
        start = run_end
    return groups


def _rating_runs(message: str, criteria: int) -> list[tuple[int, int, tuple[Rating, ...]]] | None:
    """Where `criteria` ratings follow one another in the message, left to right."""
    folded = fold(message)
    run = re.compile(
        rf"(?<![\w.,/]){_RATING}(?:{_GAP}{_RATING}){{{criteria - 1}}}(?![\w/]|[.,][0-9])"
    )
    runs = []
    for match in run.finditer(folded):
        read = read_ratings(message[match.start() : match.end()])
        if read is None or len(read.values) != criteria:
            continue
        runs.append((match.start(), match.end(), tuple(check(v) for v in read.values)))
    return runs or None


def _all_choices(message: str, count: int) -> bool:
    """Only numbers, each one of the choices (tools, « autre », « aucun »)."""
    numbers = re.findall(r"[0-9]+", message)
    leftover = re.sub(r"[0-9]+|[\s,;.+&]|\bet\b", "", message)
    return not leftover and all(len(n) <= 3 and 1 <= int(n) <= count + 2 for n in numbers)


def _refuse_partial_ratings(message: str, criteria: int) -> None:
    """« Teams 8 6 9 », « Nextcloud 8 7 6, lent »: a tool and some ratings, not all of them
    (rather than the tool alone, its ratings dropped)."""
    found = re.search(
        rf"\s(?:{_RATING})(?:{_GAP}(?:{_RATING})){{1,}}(?![\w/]|[.,][0-9])", fold(message)
    )
    if found and criteria > 1:
        given = len(re.findall(_RATING, found.group(0)))
        if given < criteria:
            raise InvalidAnswer("error.fast_missing", given=given, count=criteria)
        raise InvalidAnswer("error.fast_too_many", given=given, count=criteria)


def _split_problem_and_name(category: Category, segment: str) -> tuple[str, str]:
    """« RAS, WhatsApp » → (« RAS », « WhatsApp »): the longest tail that names a tool
    exactly, else the shortest that names one with a spelling mistake."""
    words = segment.strip(SEPARATORS).split()

    def cut(size: int) -> tuple[str, str]:
        head = " ".join(words[:-size]).strip(SEPARATORS)
        head = re.sub(r"\s*\b(?:et|and|puis)$", "", head).strip(SEPARATORS)
        return head, " ".join(words[-size:]).strip(SEPARATORS)

    for size in range(min(len(words), 5), 0, -1):
        found = one_tool(category, cut(size)[1], strict=True)
        if isinstance(found, NamedTool):
            # A name is also read among filler words (« surtout Teams »): the longest tail
            # may have taken the problem's last words (« …coupe souvent ; Jitsi »). Give
            # back each leading word that is not part of the name, if the name stays.
            name = set(fold(found.name).split())
            while (
                size > 1
                and re.search(r"\w", words[-size])  # « / Zoom »: a slash is no problem
                and fold(words[-size].strip(SEPARATORS)) not in name
            ):
                shorter = one_tool(category, cut(size - 1)[1], strict=True)
                if not (isinstance(shorter, NamedTool) and shorter.name == found.name):
                    break
                size -= 1
            return cut(size)
    for size in range(1, min(len(words), 5) + 1):
        head, tail = cut(size)
        if one_tool(category, tail, strict=True) is not None:
            return head, tail
    return "", segment


def _with_problem(tool: NamedTool, text: str) -> NamedTool:
    text = problem_text(text)
    if not text:
        return tool
    problem = None if says_nothing(text) else text[:1000]
    return NamedTool(tool.name, tool.other, tool.ratings, problem, problem_given=True)


def problem_text(typed: str) -> str:
    """A problem as the agent wrote it, without the « mais » or « oui : » that led to it."""
    text = " ".join(typed.split()).strip(SEPARATORS)
    lead = re.match(r"^(?:mais|par contre|sauf que|oui|yes)\b\s*[,:;—–-]?\s*", fold(text))
    if lead and len(text) > lead.end():
        text = text[lead.end() :]
    return text


def _names_only(category: Category, message: str, criteria: int) -> ToolReading:
    tools = names_in(category, message)
    if tools is None:
        raise InvalidAnswer("error.tool", count=len(category.tools))
    offers = [t for t in tools if isinstance(t, Offer)]
    if offers:
        return merge_offers(tools)
    named = [t for t in tools if isinstance(t, NamedTool)]
    return UsesTools(distinct(named))


def _offer_for(groups: list[_Group], extra: list[NamedTool | Offer]) -> Offer:
    """The fast message again, each name to confirm replaced by the offered one: « oui »
    then reads it as if the agent had typed it so."""
    pieces: list[str] = []
    names: list[str] = []
    typed: list[str] = []
    kind: Literal["spelling", "other"] = "spelling"
    for group in groups:
        reading = group.reading
        if isinstance(reading, Offer):
            names.extend(reading.names)
            typed.extend(reading.typed)
            kind = "other" if reading.kind == "other" else kind
            name = reading.message
        else:
            name = f"autre {reading.name}" if reading.other else reading.name
        problem = f", {group.problem}" if group.problem else ""
        pieces.append(f"{name} {group.ratings_typed}{problem}")
    pieces.extend(
        f"autre {t.name}" if t.other else t.name for t in extra if isinstance(t, NamedTool)
    )
    return Offer(" ; ".join(pieces), tuple(names), kind, tuple(typed))
