"""What an agent says when asked which tools they use, in every form they use.

« 2 », « Teams », « Tchap et WhatsApp », « 1, 3 », « autre Mattermost », « aucun »,
« aucun, pas besoin », and the fast path: a tool and its ratings in one message
(« Teams 8 6 9 7 », « Tchap 8 6 9 7 RAS, WhatsApp 5 6 4 7 »), optionally followed by the
problem. Pure: the result says what was understood, or offers a reading back
(« Vouliez-vous dire Outlook ? ») rather than guessing; anything else raises
`InvalidAnswer` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from .names import Ambiguous, Found, Suggested, find_name, strip_filler, strip_leading
from .parsing import InvalidAnswer, keyword
from .phrases import says_nothing
from .ratings import Rating, check, read_ratings
from .survey import TOOL_ALIASES, TOOL_NAMES_EN, Category, fold, normalise
from .words import (
    ARTICLES,
    NEEDED,
    NEEDED_OPENINGS,
    NO_TOOL,
    NOT_NEEDED,
    OTHER_TOOL,
    SENTENCE_WORDS,
)

MAX_TOOLS = 3
MAX_NAME = 80

# One rating as typed in a fast message: « 8 », « 7,5 », « 8/10 », « 15/20 », « 4/5 », « nsp ».
_RATING = (
    r"(?:(?:1[0-9]|20|[0-9])(?:[.,]5)?\s*/\s*20|[0-5](?:[.,]5)?\s*/\s*5"
    r"|(?:10|[0-9](?:[.,]5)?)(?:\s*/\s*10)?|nsp|\?)"
)
_GAP = r"(?:\s*[;,]\s*|\s+)"
_NAME_CHARACTERS = re.compile(r"[\w .\-+&'’()/!]+")
_SPLIT = re.compile(r"\s*(?:,|;|\+|&|\n|\bet\b|\band\b|\bou\b|\bor\b|\bpuis\b)\s*")
_SLASH = re.compile(r"\s*/\s*")
_OTHER_PREFIX = re.compile(
    r"^\s*(?:un\s+)?(?:autre|other)\b(?:\s+outil\b)?\s*(?:[:\-—–]|\bque\b)?\s*(?P<name>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SEPARATORS = " ,;:.-–—\n\t"


@dataclass(frozen=True)
class NamedTool:
    """A tool the agent uses; ratings and problem when given in the same message."""

    name: str
    other: bool = False  # not one of the known tools
    ratings: tuple[Rating, ...] = ()
    problem: str | None = None
    problem_given: bool = False  # said (even « rien »): the problem question is not asked


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


@dataclass(frozen=True)
class Offer:
    """A reading to confirm: the message as it would read, and the names to show."""

    message: str
    names: tuple[str, ...]
    kind: Literal["spelling", "other"]
    typed: tuple[str, ...] = field(default=())  # what the agent typed for each name


ToolReading = UsesTools | UsesNone | AsksOther | Offer


def read_tool_answer(category: Category, message: str, criteria: int) -> ToolReading:
    """What the agent's answer to « which tools do you use? » says."""
    word = keyword(message)
    count = len(category.tools)
    if word in OTHER_TOOL or (_is_number(word) and int(word.rstrip(".)")) == count + 1):
        return AsksOther()
    if _is_number(word) and int(word.rstrip(".)")) == count + 2:
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
    parts = [p for p in _SPLIT.split(message.strip(_SEPARATORS)) if p.strip(_SEPARATORS)]
    return " ; ".join(f"autre {part}" for part in parts) if parts else f"autre {message}"


def aliases(category: Category) -> dict[str, tuple[str, ...]]:
    """Other spellings of this category's tools, English names included."""
    result: dict[str, tuple[str, ...]] = {}
    for tool in category.tools:
        spellings = TOOL_ALIASES.get(tool, ())
        if tool in TOOL_NAMES_EN:  # its English name, without the explanation in brackets
            spellings = (*spellings, re.sub(r"\s*\([^)]*\)", "", TOOL_NAMES_EN[tool]))
        result[tool] = spellings
    return result


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
            rest = typed[len(word) :].strip(_SEPARATORS + "!")
            cut = len(message) - len(message.lstrip()) + len(word)
            need = _none_then_need(rest, message[cut:].strip(_SEPARATORS))
            if need is None and word.startswith("aucun") and not _named_inside(category, rest):
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
            why = rest_typed[len(word) :].strip(_SEPARATORS)
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
        if runs_after and not rest[: runs_after[0][0]].strip(_SEPARATORS):
            message = f"{category.tools[int(numbered.group(1)) - 1]} {rest}"
    if _all_choices(message, count):
        return None  # « 1, 2, 3, 5 »: numbered choices, not ratings
    runs = _rating_runs(message, criteria)
    if runs is None:
        _refuse_partial_ratings(message, criteria)
        return None
    groups = _groups(category, message, runs)
    rest = message[runs[-1][1] :].strip(_SEPARATORS)
    more = re.match(r"^(?:(?:[0-9]{1,2}(?:[.,]5)?|nsp)(?:\s+|$))+", fold(rest) + " ")
    if more:  # « Teams 8 6 9 7 5 »: a rating too many
        given = criteria + len(more.group(0).split())
        raise InvalidAnswer("error.fast_too_many", given=given, count=criteria)
    extra = _names(category, rest) if rest else None
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
    return UsesTools(_distinct(tools))


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
        reading = _one_tool(category, segment)
        if reading is None:
            if index == 0 and not segment.strip(_SEPARATORS):
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
    words = segment.strip(_SEPARATORS).split()

    def cut(size: int) -> tuple[str, str]:
        head = " ".join(words[:-size]).strip(_SEPARATORS)
        head = re.sub(r"\s*\b(?:et|and|puis)$", "", head).strip(_SEPARATORS)
        return head, " ".join(words[-size:]).strip(_SEPARATORS)

    for size in range(min(len(words), 5), 0, -1):
        found = _one_tool(category, cut(size)[1], strict=True)
        if isinstance(found, NamedTool):
            # A name is also read among filler words (« surtout Teams »): the longest tail
            # may have taken the problem's last words (« …coupe souvent ; Jitsi »). Give
            # back each leading word that is not part of the name, if the name stays.
            name = set(fold(found.name).split())
            while (
                size > 1
                and re.search(r"\w", words[-size])  # « / Zoom »: a slash is no problem
                and fold(words[-size].strip(_SEPARATORS)) not in name
            ):
                shorter = _one_tool(category, cut(size - 1)[1], strict=True)
                if not (isinstance(shorter, NamedTool) and shorter.name == found.name):
                    break
                size -= 1
            return cut(size)
    for size in range(1, min(len(words), 5) + 1):
        head, tail = cut(size)
        if _one_tool(category, tail, strict=True) is not None:
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
    text = " ".join(typed.split()).strip(_SEPARATORS)
    lead = re.match(r"^(?:mais|par contre|sauf que|oui|yes)\b\s*[,:;—–-]?\s*", fold(text))
    if lead and len(text) > lead.end():
        text = text[lead.end() :]
    return text


# --------------------------------------------------------------------------- names


def _names_only(category: Category, message: str, criteria: int) -> ToolReading:
    tools = _names(category, message)
    if tools is None:
        raise InvalidAnswer("error.tool", count=len(category.tools))
    offers = [t for t in tools if isinstance(t, Offer)]
    if offers:
        return _merge_offers(tools)
    named = [t for t in tools if isinstance(t, NamedTool)]
    return UsesTools(_distinct(named))


def _names(category: Category, text: str) -> list[NamedTool | Offer] | None:
    """One or several names (« Tchap et WhatsApp », « 1, 3 »); None if one is not a name."""
    whole = _one_tool(category, text)
    if isinstance(whole, NamedTool):
        return [whole]
    several = _several(category, text)
    if several is not None:
        return several
    return [whole] if whole is not None else None


def _several(category: Category, text: str) -> list[NamedTool | Offer] | None:
    parts = [p for p in _SPLIT.split(text.strip(_SEPARATORS)) if p.strip(_SEPARATORS)]
    if len(parts) < 2:
        parts = [p for p in _SLASH.split(text) if p.strip()]
    if len(parts) < 2:
        words = text.split()
        if all(_is_number(w) for w in words) or all(
            isinstance(find_name(w, category.tools, aliases(category)), Found) for w in words
        ):
            parts = words  # « 1 3 », « teams zoom »
    if len(parts) < 2:
        return None
    found: list[NamedTool | Offer] = []
    for part in parts:
        reading = _one_tool(category, part)
        words = part.split()
        if (
            (not isinstance(reading, NamedTool) or reading.other)
            and len(words) > 1
            and all(
                isinstance(find_name(w, category.tools, aliases(category)), Found) for w in words
            )
        ):  # « zoom teams meet et jitsi »: the first part names three tools
            found.extend(NamedTool(_found(category, w)) for w in words)
            continue
        if reading is None:
            return None
        found.append(reading)
    return found


def _found(category: Category, word: str) -> str:
    match = find_name(word, category.tools, aliases(category))
    assert isinstance(match, Found)
    return match.name


def _one_tool(category: Category, typed: str, *, strict: bool = False) -> NamedTool | Offer | None:
    """One name: a number, a known name or alias, « autre X », or a name to confirm
    (`strict`: only a close spelling is offered, not a name found inside a phrase)."""
    text = typed.strip(_SEPARATORS)
    if not text:
        return None
    count = len(category.tools)
    if _is_number(text):
        number = int(text.rstrip(".)"))
        if 1 <= number <= count:
            return NamedTool(category.tools[number - 1])
        if number == count + 1:
            raise InvalidAnswer("error.other_needs_name")
        if number == count + 2:
            raise InvalidAnswer("error.none_with_others")
        raise InvalidAnswer("error.choice_range", count=count + 2)
    other = _OTHER_PREFIX.match(text)
    if other and other.group("name").strip(_SEPARATORS):
        name = " ".join(other.group("name").split()).strip(_SEPARATORS)
        if _SPLIT.search(name):
            return None  # « autre Zoom ; autre Mattermost »: several names, read one by one
        known = find_name(name, category.tools, aliases(category))
        if isinstance(known, Found):
            return NamedTool(known.name)
        return NamedTool(name[:MAX_NAME], other=True)
    aside = re.fullmatch(r"(?P<name>[^()]+?)\s*\([^()]*\)", text)
    if aside and not isinstance(find_name(text, category.tools, aliases(category)), Found):
        before = _one_tool(category, aside.group("name"), strict=strict)
        if isinstance(before, NamedTool) and not before.other:
            return before  # « whatsapp (groupe de l'équipe voirie) »: a remark in brackets
    cleaned = strip_filler(text)
    match = find_name(text, category.tools, aliases(category))
    for shorter in (strip_leading(text), cleaned):
        if not isinstance(match, Found) and shorter and shorter != text:
            match = find_name(shorter, category.tools, aliases(category)) or match
    if isinstance(match, Found):
        return NamedTool(match.name)
    if isinstance(match, Ambiguous):
        raise InvalidAnswer("error.tool_ambiguous", choices=" ou ".join(match.names))
    if isinstance(match, Suggested):
        return Offer(match.name, (match.name,), "spelling", (text,))
    if strict:
        return None
    named = _named_inside(category, cleaned)
    if named is not None:  # « autrement dit Zoom », « Teams le matin »
        return Offer(named, (named,), "spelling", (text,))
    if _could_be_a_name(text):
        name = " ".join(text.split())[:MAX_NAME]
        return Offer(f"autre {name}", (name,), "other", (text,))
    return None


def _named_inside(category: Category, cleaned: str) -> str | None:
    """The one known tool a phrase mentions, if it mentions exactly one."""
    words = cleaned.split()
    found = set()
    for size in (1, 2, 3):
        for start in range(len(words) - size + 1):
            piece = " ".join(words[start : start + size])
            match = find_name(piece, category.tools, aliases(category))
            if isinstance(match, Found) and len(piece) >= 3:
                found.add(match.name)
    return found.pop() if len(found) == 1 else None


def _could_be_a_name(typed: str) -> bool:
    """A short phrase with a letter and no word of a sentence: perhaps a tool we do not
    list (« Mattermost », « Zimbra Talk »), not « le son coupe » nor « RAS »."""
    if not _NAME_CHARACTERS.fullmatch(typed.strip()):
        return False  # control characters, symbols, emoji: not a name someone types
    words = [w for w in re.split(r"[^a-z0-9'.]+", normalise(typed)) if w]
    if not 1 <= len(words) <= 3 or len(typed) > 40 or not re.search(r"[a-z]", typed.lower()):
        return False
    if says_nothing(typed) or "?" in typed:
        return False
    return not any(w in SENTENCE_WORDS or w in ARTICLES or "'" in w for w in words)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{1,4}[.)]?", text.strip()))


def _distinct(tools: list[NamedTool]) -> tuple[NamedTool, ...]:
    """The same tool named twice counts once; more than three is refused."""
    seen: dict[str, NamedTool] = {}
    for tool in tools:
        key = normalise(tool.name)
        if key not in seen or (tool.ratings and not seen[key].ratings):
            seen[key] = tool
    if len(seen) > MAX_TOOLS:
        raise InvalidAnswer("error.too_many_tools", count=MAX_TOOLS)
    return tuple(seen.values())


def _merge_offers(readings: list[NamedTool | Offer]) -> Offer:
    """Several names, some to confirm: one question for all of them."""
    names: list[str] = []
    typed: list[str] = []
    parts: list[str] = []
    kind: Literal["spelling", "other"] = "spelling"
    for reading in readings:
        if isinstance(reading, Offer):
            names.extend(reading.names)
            typed.extend(reading.typed)
            parts.append(reading.message)
            if reading.kind == "other":
                kind = "other"
        else:
            parts.append(f"autre {reading.name}" if reading.other else reading.name)
    return Offer(" ; ".join(parts), tuple(names), kind, tuple(typed))


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
