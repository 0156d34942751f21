"""Reading ratings as agents type them: « 8 », « 8/10 », « 10 sur 10 », « je dirais 8 »,
« bof, 5 », « 8,5 », « sept et demi », « 15/20 », « nsp », or several at once (« 8 6 9 7 »).

Half points are kept (« 7,5 »): they are what the agent said, and a mean has decimals
anyway. Anything finer, out of range, or with words that are not an appraisal is refused
with the reason, so that a number in a sentence (« 2 fois par semaine ») is never taken
for a rating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parsing import InvalidAnswer
from .survey import Survey, fold, normalise
from .words import (
    APPRAISAL,
    DONT_KNOW,
    DONT_KNOW_OPENINGS,
    DONT_KNOW_SHORT,
    RATING_NUMBERS,
    REMARK_OPENINGS,
    UNITS,
)

Rating = float | None  # None: no opinion ("nsp"), left out of every mean

_WORDS = "|".join(sorted(RATING_NUMBERS, key=len, reverse=True))
_HALF = r"(?P<{name}>\s+et\s+demie?|\s+and\s+a\s+half)?"
_SCALE = r"(?:\s*(?:/|sur|out\s+of|over)\s*(?P<{name}>10|dix|ten|20|vingt|5|cinq)\b)?"
_TOKEN = re.compile(
    r"(?P<number>(?<![\w.,])[0-9]+(?:[.,][0-9]+)?(?![\w]|[.,][0-9]))"
    + _HALF.format(name="half")
    + _SCALE.format(name="scale")
    + rf"|(?P<word>\b(?:{_WORDS})\b)"
    + _HALF.format(name="whalf")
    + _SCALE.format(name="wscale")
    + r"|(?P<nsp>\bnsp\b|\bidk\b|(?<![\w?])\?(?![\w?]))"
)
_COMMA_LIST = re.compile(r"^\s*[0-9]{1,2}(?:,[0-9]{1,2}){2,}\s*$")  # « 8,6,9,7 »
_HESITATION = re.compile(r"\b(?:entre|ou|or|voire|between)\b|[0-9]\s*(?:-|a|to)\s*[0-9]")
_SEPARATED = re.compile(r"^\s*[,;:.!\-–—)(]")
_LEADS_TO = re.compile(r"(?:[,;:]|\b(?:donc|alors|bref|du coup|soit|je mets|je dirais))\s*$")
_STRIP = " ,;:.!?-–—()\n\t"


@dataclass(frozen=True)
class RatingsRead:
    """The ratings found in a message, in order, and what surrounds them."""

    values: tuple[Rating, ...]
    joined: bool  # nothing but spaces, commas or appraisal between two ratings
    before: str  # folded words before the first rating
    rest: str  # folded words after the last one
    rest_typed: str  # the same words as typed: a problem given in the same message
    rest_separated: bool  # a comma, a dash… between the last rating and those words
    before_separated: bool = False  # « tout le monde s'en sert, 9 », « gratuit donc 10 »
    scaled: bool = False  # « 9/10 », « 7 sur 10 »: unmistakably a rating


def read_ratings(message: str) -> RatingsRead | None:
    """Every rating in `message`, or None when it holds none."""
    if _whole_no_opinion(message):
        return RatingsRead((None,), True, "", "", "", False)
    if _COMMA_LIST.match(message):
        message = message.replace(",", " ")
    typed = fold(message)
    if re.search(r"(?<![\w-])-[0-9]", typed):
        raise InvalidAnswer("error.rating_range")  # « -1 »
    values: list[Rating] = []
    spans: list[tuple[int, int]] = []
    scaled = False
    for match in _TOKEN.finditer(typed):
        value = _value(match, typed)
        if value is False:
            continue
        scaled = scaled or bool(match.group("scale") or match.group("wscale"))
        values.append(value)
        spans.append(match.span())
    if not values:
        return None
    between = [typed[a[1] : b[0]] for a, b in zip(spans, spans[1:], strict=False)]
    end = spans[-1][1]
    aside = re.fullmatch(r"\s*\([^()]*\)\s*[.!]*\s*", typed[end:])
    if aside:  # « 5 (je connais pas le prix) »: a remark about the rating
        end = len(typed)
    return RatingsRead(
        values=tuple(values),
        joined=all(appraisal_only(gap) for gap in between),
        before=typed[: spans[0][0]].strip(_STRIP),
        rest=typed[end:].strip(_STRIP),
        rest_typed=" ".join(message[end:].strip(_STRIP).split()),
        rest_separated=bool(_SEPARATED.match(typed[end:])),
        before_separated=bool(_LEADS_TO.search(typed[: spans[0][0]])),
        scaled=scaled,
    )


def single_rating(message: str) -> Rating:
    """Exactly one rating, with nothing but appraisal around it (« je dirais 8 »)."""
    read = read_ratings(message)
    if read is None:
        raise InvalidAnswer("error.rating")
    if len(read.values) != 1:
        if len(read.values) == 2 and hesitates(message):
            raise InvalidAnswer("error.rating_between")
        raise InvalidAnswer("error.rating_sentence")
    if has_unit(read.rest) or not appraisal_only(read.before) or not appraisal_only(read.rest):
        raise InvalidAnswer("error.rating_sentence")
    return check(read.values[0])


def add_ratings(given: tuple[Rating, ...], message: str, count: int) -> tuple[Rating, ...]:
    """`given` and the ratings `message` adds: one, all `count` at once (they replace what
    was given), or the ones still missing (« 6 9 7 »). Used by every rating of several
    criteria: the rollout's feedback, the pilot trial."""
    read = read_ratings(message)
    several = read is not None and len(read.values) > 1 and read.joined
    if several and read is not None and appraisal_only(read.before) and appraisal_only(read.rest):
        values = tuple(check(v) for v in read.values)
        if len(values) == count:
            return values
        if given and len(values) == count - len(given):
            return given + values
        key = "error.rating_missing_one" if count - len(values) == 1 else "error.rating_missing"
        if len(values) > count:
            raise InvalidAnswer("error.rating_too_many", given=len(values), count=count)
        raise InvalidAnswer(key, given=len(values), count=count, missing=count - len(values))
    return (*given, single_rating(message))


def check(value: Rating) -> Rating:
    """A rating as kept: 0 to 10, in whole or half points."""
    if value is None:
        return None
    if not 0 <= value <= 10:
        raise InvalidAnswer("error.rating_range")
    if value * 2 != int(value * 2):
        raise InvalidAnswer("error.rating_half")
    return int(value) if value == int(value) else value


def is_kept(value: object) -> bool:
    """A value as `check` keeps it: None, or 0 to 10 in whole or half points, an int or a
    float but not a bool. For states read back from storage."""
    if value is None:
        return True
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 0 <= value <= 10 and value * 2 == int(value * 2)


def appraisal_only(words: str) -> bool:
    """True when `words` only say how the agent feels (« c'est bien », « bof »)."""
    return not (_words(words) - APPRAISAL)


def has_unit(words: str) -> bool:
    """« 2 fois par semaine »: the number counts something, it is not a rating."""
    first = _words(words.split(maxsplit=1)[0]) if words.split() else set()
    return bool(first & UNITS) or words.startswith("%")


def hesitates(message: str) -> bool:
    """« entre 6 et 7 », « 6 ou 7 », « 6-7 »: two ratings offered for one."""
    return bool(_HESITATION.search(fold(message)))


def shown(value: Rating, language: str) -> str:
    """A rating as the agent would write it: « 7 », « 7,5 », « nsp »."""
    if value is None:
        return "nsp" if language == "fr" else "n/a"
    number = f"{value:g}"
    return number.replace(".", ",") if language == "fr" else number


def remark_follows(read: RatingsRead) -> bool:
    """After a single rating, words that comment on it rather than count something."""
    first = read.rest.split(maxsplit=1)[0] if read.rest else ""
    elided = first.split("'")[0] + "'"
    return read.rest_separated or read.scaled or bool({first, elided} & REMARK_OPENINGS)


def unlabelled(survey: Survey, message: str) -> str:
    """« efficacité 7, coût 9, sécurité 8 »: the criteria's names taken out, the ratings
    left in their order."""
    folded = fold(message)
    names = sorted(
        {fold(n) for c in survey.criteria for n in (c.name_fr, c.name_en, c.key)}
        | {fold(c.name_fr).split()[0] for c in survey.criteria},
        key=len,
        reverse=True,
    )
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b\s*[:=]?")
    if len(pattern.findall(folded)) < 2:
        return message  # one name is the question's own (« sécurité : 9 »): read as typed
    kept = list(message)
    for match in pattern.finditer(folded):
        kept[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(kept)


def _value(match: re.Match[str], typed: str) -> Rating | bool:
    """The rating a token stands for; False when the token is not one after all."""
    if match.group("nsp"):
        return None
    if match.group("number"):
        digits, half, scale = match.group("number"), match.group("half"), match.group("scale")
        if len(digits) > 6:
            raise InvalidAnswer("error.rating_range")
        value = float(digits.replace(",", "."))
    else:
        word, half, scale = match.group("word"), match.group("whalf"), match.group("wscale")
        if word in ("un", "une") and not (half or scale or typed.strip(_STRIP) == word):
            return False  # « un peu », « une fois », « un 7 »: an article
        value = float(RATING_NUMBERS[word])
    if half:
        value += 0.5
    if scale in ("20", "vingt"):
        value /= 2  # « 15/20 », as at school
    elif scale in ("5", "cinq"):
        value *= 2  # « 4/5 », as in stars
    return value


def _whole_no_opinion(message: str) -> bool:
    """« nsp », « je ne sais pas », and the same followed by why, with no number:
    « je sais pas, c'est la DSI qui paye »."""
    typed = normalise(message)
    bare = typed.strip(" .!?…") or typed
    if bare in DONT_KNOW or bare in DONT_KNOW_SHORT:
        return True
    if re.search(r"[0-9]", typed):
        return False
    return any(re.match(rf"^{re.escape(o)}\b", bare) for o in DONT_KNOW_OPENINGS)


def _words(text: str) -> set[str]:
    words = set()
    for word in re.split(r"[^a-z0-9%']+", text):
        word = word.strip("'")
        if word:
            words.add(word)
            if "'" in word:  # « j'utilise » → j' and utilise
                head, _, tail = word.partition("'")
                words.discard(word)
                words.update({head + "'", tail} - {""})
    return words
