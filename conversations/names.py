"""Finding what an agent named in a list (tools, services), the way people type names:
any case or accent, « Teams » for « Microsoft Teams », « rh » for « Ressources humaines »,
a plural or a missing letter, and a close spelling offered back (« Outlook ? ») rather
than guessed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .survey import normalise
from .words import FILLER, NAME_STOP_WORDS, SERVICE_ABBREVIATIONS


@dataclass(frozen=True)
class Found:
    name: str


@dataclass(frozen=True)
class Suggested:
    """A close spelling: ask « Vouliez-vous dire … ? » rather than take it."""

    name: str


@dataclass(frozen=True)
class Ambiguous:
    """Several names fit equally (« Forms »: Microsoft Forms or Google Forms)."""

    names: tuple[str, ...]


Match = Found | Suggested | Ambiguous | None


def find_name(
    typed: str,
    names: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> Match:
    """Which of `names` the agent meant by `typed`; None if none is near enough."""
    wanted = _key(typed)
    if not wanted:
        return None
    keys = {name: _key(name) for name in names}
    spellings: dict[str, list[str]] = {name: [keys[name]] for name in names}
    for name, others in (aliases or {}).items():
        if name in spellings:
            spellings[name].extend(_key(alias) for alias in others)
    for step in (_exact, _plural, _acronym, _prefix, _word):
        hits = [name for name in names if step(wanted, name, spellings[name])]
        if len(hits) == 1:
            return Found(hits[0])
        if len(hits) > 1:
            return Ambiguous(tuple(hits))
    return _close(wanted, names, spellings)


def strip_filler(typed: str) -> str:
    """« j'utilise surtout Teams » → « teams » (normalised)."""
    words = _split(normalise(typed))
    kept = [w for w in words if w not in FILLER]
    return " ".join(kept)


def strip_leading(typed: str) -> str:
    """Only the words before the name: « la webconf de l'État » → « webconf de l'etat »."""
    words = _split(normalise(typed))
    while words and words[0] in FILLER:
        words.pop(0)
    return " ".join(words)


def expand_service(typed: str) -> str | None:
    """What a usual abbreviation of a service stands for, if `typed` is one."""
    return SERVICE_ABBREVIATIONS.get(strip_filler(typed) or normalise(typed))


def _key(text: str) -> str:
    """Lower case, no accents, no punctuation: « Rocket.Chat » and « rocketchat » meet."""
    return " ".join(_split(normalise(text)))


def _split(text: str) -> list[str]:
    words = []
    for word in re.split(r"[^a-z0-9']+", text):
        if "'" in word:
            head, _, tail = word.partition("'")
            words.extend([head + "'", tail])
        elif word:
            words.append(word)
    return [w for w in words if w and w != "'"]


def _exact(wanted: str, name: str, spellings: list[str]) -> bool:
    squeezed = wanted.replace(" ", "")
    return any(wanted == s or squeezed == s.replace(" ", "") for s in spellings)


def _plural(wanted: str, name: str, spellings: list[str]) -> bool:
    """« ressources humaine », « finance », « tableurs partages »."""
    return any(_singular(wanted) == _singular(s) for s in spellings)


def _singular(text: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in text.split())


def _acronym(wanted: str, name: str, spellings: list[str]) -> bool:
    """« rh » for « Ressources humaines », « dsi » for « Direction des systèmes
    d'information », and the letters in parentheses (« (DSI) »)."""
    if " " in wanted or not 2 <= len(wanted) <= 6:
        return False
    words = [w for w in spellings[0].split() if w not in NAME_STOP_WORDS and not w.endswith("'")]
    initials = "".join(w[0] for w in words)
    in_brackets = re.findall(r"\(([^)]*)\)", normalise(name))
    return wanted == initials and len(words) > 1 or wanted in (_key(b) for b in in_brackets)


def _prefix(wanted: str, name: str, spellings: list[str]) -> bool:
    """The beginning of the name itself (« Micro »), not of another way to say it: « forms »
    begins « forms microsoft » but may as well be Google Forms."""
    return len(wanted) >= 3 and spellings[0].startswith(wanted)


def _word(wanted: str, name: str, spellings: list[str]) -> bool:
    """A word or words of the name: « Teams », « Exchange », « To Do »."""
    if len(wanted) < 3:
        return False
    return any(f" {wanted} " in f" {s} " for s in spellings)


def _close(wanted: str, names: Sequence[str], spellings: Mapping[str, list[str]]) -> Match:
    """A spelling mistake: « outlouk », « whatsap », « ressource humaine »."""
    if len(wanted) < 4:
        return None
    best: tuple[float, str] | None = None
    single = " " not in wanted
    for name in names:
        for spelling in spellings[name]:
            candidates = [spelling, *spelling.split()] if single else [spelling]
            for candidate in candidates:
                if len(candidate) < 4 or abs(len(candidate) - len(wanted)) > 2:
                    continue
                ratio = difflib.SequenceMatcher(None, wanted, candidate).ratio()
                if ratio >= 0.75 and (best is None or ratio > best[0]):
                    best = (ratio, name)
    return Suggested(best[1]) if best else None
