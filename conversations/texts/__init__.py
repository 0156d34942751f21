"""Every sentence the bot says, one catalogue per language (French first).

Texts are Markdown-light: `**bold**` and line breaks only, turned into HTML by
`conversations.formatting`. Placeholders use str.format names, with two inline forms:

- a count and the words that agree with it: `{count:agent invité|agents invités}` gives
  "1 agent invité", "3 agents invités" (French: 0 and 1 take the singular; English: 1 only).
  Any int passed to `text` can be used so; `Fewer(threshold)` stands for a count withheld
  for anonymity ("moins de 5 agents invités");
- the organisation's name with its article, in French: `{organisation}` "la Commune de
  Saint-Exemple", `{organisation:de}` "de la Commune…" / "du Département…" / "d'Orléans",
  `{organisation:à}` "au Havre", and capitalised at the start of a sentence: `{organisation:Le}`,
  `{organisation:De}`, `{organisation:À}` (see `Named`). English shows the name as it is.

French typography is applied once, to the French templates (`french_typography`): they are
written with ordinary spaces before `; : ! ?` and inside « », which become narrow no-break
spaces (U+202F, `NNBSP`), so that the source stays readable and no sentence can miss one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from ..language import LANGUAGES, NBSP, NNBSP, Language, preferred
from .en import EN
from .fr import FR as _WRITTEN_FR

__all__ = [
    "CATALOGUES", "EN", "FR", "LANGUAGES", "NBSP", "NNBSP", "Article", "Fewer", "Language",
    "Named", "french_typography", "guess_article", "preferred", "singular", "text", "typed",
]  # fmt: skip


# --------------------------------------------------------------------- French typography

# Sentence punctuation is followed by a space, the end, or what closes a phrase: "!aide" (a
# command), "14:30" (a time), "https://" (a URL) and "{n:…}" (a placeholder) are not.
_PUNCTUATION = re.compile(r"[ \u00a0\u202f]?([;:!?])(?=$|[\s*)»”\".,…])")
_OPENING = re.compile(r"«[ \u00a0\u202f]?")
_CLOSING = re.compile(r"[ \u00a0\u202f]?»")
_NUMERO = re.compile(r"\bn° ")


def french_typography(template: str) -> str:
    """A French sentence as it is printed: a narrow no-break space before ; : ! ? and inside
    « », a no-break space after "n°", so that a phone never breaks the line there."""
    spaced = _PUNCTUATION.sub(NNBSP + r"\1", template)
    spaced = _OPENING.sub("«" + NNBSP, spaced)
    spaced = _CLOSING.sub(NNBSP + "»", spaced)
    return _NUMERO.sub("n°" + NBSP, spaced)


FR = {key: french_typography(sentence) for key, sentence in _WRITTEN_FR.items()}
CATALOGUES: dict[Language, dict[str, str]] = {"fr": FR, "en": EN}


# --------------------------------------------------------------------- counts that agree


def singular(count: int, language: Language) -> bool:
    """French says "0 agent", "1 agent"; English "0 agents", "1 agent"."""
    return abs(count) < 2 if language == "fr" else count == 1


@dataclass(frozen=True)
class Fewer:
    """A count withheld for anonymity: shown as "moins de 5", agreeing as 5 would."""

    threshold: int


@dataclass(frozen=True)
class _Count:
    """An int as a placeholder: `{n}` the number, `{n:mot|mots}` the number and its words
    (a quantity: 12 500 grouped by thousands)."""

    count: int
    withheld: str | None  # "moins de 5" instead of the number
    language: Language

    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return self.withheld or format(self.count, spec)
        one, _, other = spec.partition("|")
        shown = self.withheld or _grouped(self.count, self.language)
        return f"{shown} {one if singular(self.count, self.language) else other}"


def _grouped(count: int, language: Language) -> str:
    """12500 as "12 500" in French (narrow no-break space), "12,500" in English; four
    digits stay together in French ("1000 agents")."""
    if language == "fr":
        return f"{count:,}".replace(",", NNBSP) if abs(count) >= 10_000 else str(count)
    return f"{count:,}"


# --------------------------------------------------------------------- names with an article

Article = Literal["le", "la", "l'", "les", ""]  # "": none (a place name)

# The first word of an organisation's name, and the article French puts before it.
_ARTICLE_OF: dict[str, Article] = {
    **dict.fromkeys(
        ("commune", "ville", "mairie", "region", "metropole", "communaute", "collectivite",
         "municipalite", "prefecture", "province", "direction"),
        "la",
    ),
    **dict.fromkeys(
        ("departement", "conseil", "syndicat", "centre", "pays", "territoire", "district",
         "groupement", "pole", "service", "ministere", "secretariat"),
        "le",
    ),
    **dict.fromkeys(
        ("agglomeration", "eurometropole", "etablissement", "intercommunalite", "hotel",
         "office", "agence", "union", "ecole", "universite"),
        "l'",
    ),
}  # fmt: skip
_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}
_OWN_ARTICLE = re.compile(r"^(le|la|les) (?=\S)|^(l['’])(?=\w)", re.IGNORECASE)
_VOWELS = frozenset("aeiouy")  # "de" becomes "d'" before them (not before h: h aspiré)


def _folded(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def guess_article(name: str) -> Article:
    """The article French puts before a collectivité's name, from its first word:
    "Commune de …" la, "Département …" le, "Agglomération …" l'; none for a place name
    ("Lyon") or a name that carries its own ("Le Havre")."""
    first = re.split(r"[\s'’-]", name.strip(), maxsplit=1)[0]
    return _ARTICLE_OF.get(_folded(first), "")


@dataclass(frozen=True)
class Named:
    """A proper name and the article French puts before it ("la Commune de Saint-Exemple")."""

    name: str
    article: Article = ""

    @classmethod
    def of(cls, name: str, article: Article | None = None) -> Named:
        """`article` as configured, else guessed from the name's first word."""
        return cls(name, guess_article(name) if article is None else article)

    def french(self, preposition: Literal["", "de", "à"] = "") -> str:
        """ "la Commune de X", "de la Commune de X", "du Département", "au Havre", "d'Orléans"."""
        article, name = self.article, self.name.strip()
        if not article:
            own = _OWN_ARTICLE.match(name)  # Le Havre, La Rochelle, Les Mureaux, L'Haÿ
            if own and own.group(1):
                contracted = _CONTRACTED.get((preposition, own.group(1).lower()))
                if contracted:
                    return f"{contracted} {name[own.end() :]}"
            if preposition == "de" and not own and _folded(name[:1]) in _VOWELS:
                return f"d'{name}"
            return f"{preposition} {name}" if preposition else name
        if preposition and (preposition, article) in _CONTRACTED:
            return f"{_CONTRACTED[(preposition, article)]} {name}"
        phrase = f"{article}{name}" if article == "l'" else f"{article} {name}"
        return f"{preposition} {phrase}" if preposition else phrase


@dataclass(frozen=True)
class _NamedIn:
    named: Named
    language: Language

    def __format__(self, spec: str) -> str:
        if self.language != "fr":
            return self.named.name
        preposition = _PREPOSITIONS.get(spec.lower())
        if preposition is None:
            raise ValueError(f"unknown form of a name: {spec!r} (le, de, à; Le, De, À)")
        shown = self.named.french(preposition)
        return shown[:1].upper() + shown[1:] if spec[:1].isupper() else shown


_PREPOSITIONS: dict[str, Literal["", "de", "à"]] = {"": "", "le": "", "de": "de", "à": "à"}


# --------------------------------------------------------------------- filling a sentence


def _value(value: object, language: Language) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _Count(value, None, language)
    if isinstance(value, Fewer):
        shown = text(language, "count.fewer", threshold=value.threshold)
        return _Count(value.threshold, shown, language)
    if isinstance(value, Named):
        return _NamedIn(value, language)
    return value


def text(language: Language, key: str, **values: object) -> str:
    """The sentence `key` in `language`, with its placeholders filled."""
    filled = {name: _value(value, language) for name, value in values.items()}
    return CATALOGUES[language][key].format(**filled)


def typed(value: str) -> str:
    """Something a user typed, defused so that its `**` cannot turn into bold markup."""
    return value.replace("**", "*\u200b*")
