"""Finding the tools an agent names in a phrase: « 2 », « Teams », « Tchap et WhatsApp »,
« 1, 3 », « autre Mattermost », « j'utilise surtout Teams », and a close spelling or an
unknown name offered back (« Vouliez-vous dire Outlook ? ») rather than guessed.
`conversations.tool_answer` reads the whole answer around these names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .names import Ambiguous, Found, Suggested, find_name, strip_filler, strip_leading
from .parsing import InvalidAnswer
from .phrases import says_nothing
from .ratings import Rating
from .survey import TOOL_ALIASES, TOOL_NAMES_EN, Category, normalise
from .words import ARTICLES, SENTENCE_WORDS

MAX_TOOLS = 3
MAX_NAME = 80
_NAME_CHARACTERS = re.compile(r"[\w .\-+&'’()/!]+")
SPLIT = re.compile(r"\s*(?:,|;|\+|&|\n|\bet\b|\band\b|\bou\b|\bor\b|\bpuis\b)\s*")
_SLASH = re.compile(r"\s*/\s*")
_OTHER_PREFIX = re.compile(
    r"^\s*(?:un\s+)?(?:autre|other)\b(?:\s+outil\b)?\s*(?:[:\-—–]|\bque\b)?\s*(?P<name>.*)$",
    re.IGNORECASE | re.DOTALL,
)
SEPARATORS = " ,;:.-–—\n\t"


@dataclass(frozen=True)
class NamedTool:
    """A tool the agent uses; ratings and problem when given in the same message."""

    name: str
    other: bool = False  # not one of the known tools
    ratings: tuple[Rating, ...] = ()
    problem: str | None = None
    problem_given: bool = False  # said (even « rien »): the problem question is not asked


@dataclass(frozen=True)
class Offer:
    """A reading to confirm: the message as it would read, and the names to show."""

    message: str
    names: tuple[str, ...]
    kind: Literal["spelling", "other"]
    typed: tuple[str, ...] = field(default=())  # what the agent typed for each name


def aliases(category: Category) -> dict[str, tuple[str, ...]]:
    """Other spellings of this category's tools, English names included."""
    result: dict[str, tuple[str, ...]] = {}
    for tool in category.tools:
        spellings = TOOL_ALIASES.get(tool, ())
        if tool in TOOL_NAMES_EN:  # its English name, without the explanation in brackets
            spellings = (*spellings, re.sub(r"\s*\([^)]*\)", "", TOOL_NAMES_EN[tool]))
        result[tool] = spellings
    return result


def names_in(category: Category, text: str) -> list[NamedTool | Offer] | None:
    """One or several names (« Tchap et WhatsApp », « 1, 3 »); None if one is not a name."""
    whole = one_tool(category, text)
    if isinstance(whole, NamedTool):
        return [whole]
    several = _several(category, text)
    if several is not None:
        return several
    return [whole] if whole is not None else None


def _several(category: Category, text: str) -> list[NamedTool | Offer] | None:
    parts = [p for p in SPLIT.split(text.strip(SEPARATORS)) if p.strip(SEPARATORS)]
    if len(parts) < 2:
        parts = [p for p in _SLASH.split(text) if p.strip()]
    if len(parts) < 2:
        words = text.split()
        if all(is_number(w) for w in words) or all(
            isinstance(find_name(w, category.tools, aliases(category)), Found) for w in words
        ):
            parts = words  # « 1 3 », « teams zoom »
    if len(parts) < 2:
        return None
    found: list[NamedTool | Offer] = []
    for part in parts:
        reading = one_tool(category, part)
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


def one_tool(category: Category, typed: str, *, strict: bool = False) -> NamedTool | Offer | None:
    """One name: a number, a known name or alias, « autre X », or a name to confirm
    (`strict`: only a close spelling is offered, not a name found inside a phrase)."""
    text = typed.strip(SEPARATORS)
    if not text:
        return None
    count = len(category.tools)
    if is_number(text):
        number = int(text.rstrip(".)"))
        if 1 <= number <= count:
            return NamedTool(category.tools[number - 1])
        if number == count + 1:
            raise InvalidAnswer("error.other_needs_name")
        if number == count + 2:
            raise InvalidAnswer("error.none_with_others")
        raise InvalidAnswer("error.choice_range", count=count + 2)
    other = _OTHER_PREFIX.match(text)
    if other and other.group("name").strip(SEPARATORS):
        name = " ".join(other.group("name").split()).strip(SEPARATORS)
        if SPLIT.search(name):
            return None  # « autre Zoom ; autre Mattermost »: several names, read one by one
        known = find_name(name, category.tools, aliases(category))
        if isinstance(known, Found):
            return NamedTool(known.name)
        return NamedTool(name[:MAX_NAME], other=True)
    aside = re.fullmatch(r"(?P<name>[^()]+?)\s*\([^()]*\)", text)
    if aside and not isinstance(find_name(text, category.tools, aliases(category)), Found):
        before = one_tool(category, aside.group("name"), strict=strict)
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
    named = named_inside(category, cleaned)
    if named is not None:  # « autrement dit Zoom », « Teams le matin »
        return Offer(named, (named,), "spelling", (text,))
    if _could_be_a_name(text):
        name = " ".join(text.split())[:MAX_NAME]
        return Offer(f"autre {name}", (name,), "other", (text,))
    return None


def named_inside(category: Category, cleaned: str) -> str | None:
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


def is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{1,4}[.)]?", text.strip()))


def distinct(tools: list[NamedTool]) -> tuple[NamedTool, ...]:
    """The same tool named twice counts once; more than three is refused."""
    seen: dict[str, NamedTool] = {}
    for tool in tools:
        key = normalise(tool.name)
        if key not in seen or (tool.ratings and not seen[key].ratings):
            seen[key] = tool
    if len(seen) > MAX_TOOLS:
        raise InvalidAnswer("error.too_many_tools", count=MAX_TOOLS)
    return tuple(seen.values())


def merge_offers(readings: list[NamedTool | Offer]) -> Offer:
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
