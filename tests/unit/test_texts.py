"""Every sentence the bot can write, in both languages, checked for French typography and
grammar: narrow no-break spaces, no "(s)", no "! !", no placeholder left unfilled."""

from __future__ import annotations

import re
import string

import pytest

from conversations.commands import COMMANDS, Role, find_command, help_reply
from conversations.texts import CATALOGUES, EN, FR, LANGUAGES, Fewer, Language, Named, text

NNBSP = "\u202f"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
# Sentence punctuation: followed by a space, the end, or what closes a phrase. "!aide" (a
# command), "14:30" (a time), "https://" (a URL) are followed by something else.
_PUNCTUATION = re.compile(r"([;:!?])(?=$|[\s*)»”\".,…])")
_FORMS = re.compile(r"\w\((?:e|s|es|x|ies|ne|le)\)", re.IGNORECASE)
_COMMAND = re.compile(r"(?<![\w!])!(\w+)")


def plain(sentence: str) -> str:
    return _BOLD.sub(r"\1", sentence)


def problems(sentence: str, language: Language) -> list[str]:
    """What is wrong with one sentence as a reader would see it (bold marks removed)."""
    shown = plain(sentence)
    found = []
    for match in _PUNCTUATION.finditer(shown):
        before = shown[match.start() - 1] if match.start() else ""
        if language == "fr" and before != NNBSP:
            found.append(f"no narrow no-break space before {match.group(1)!r}: {shown!r}")
        if language == "en" and before.isspace():
            found.append(f"a space before {match.group(1)!r} in English: {shown!r}")
    if language == "fr":
        for match in re.finditer("«", shown):
            if shown[match.end() : match.end() + 1] != NNBSP:
                found.append(f"no narrow no-break space after «: {shown!r}")
        for match in re.finditer("»", shown):
            if shown[match.start() - 1 : match.start()] != NNBSP:
                found.append(f"no narrow no-break space before »: {shown!r}")
    else:
        if NNBSP in shown or "«" in shown or "»" in shown:
            found.append(f"French spacing or quotes in English: {shown!r}")
    if _FORMS.search(shown):
        found.append(f"a form in brackets instead of agreement: {shown!r}")
    if re.search(r"!\s*!", shown):
        found.append(f"two exclamation marks in a row: {shown!r}")
    if re.search(r"[^\S\n]{2,}|\s" + NNBSP + "|" + NNBSP + r"\s", shown):
        found.append(f"two spaces in a row: {shown!r}")
    if re.search(r"[^\S\n]\n|[^\S\n]$", shown):
        found.append(f"a space at the end of a line: {shown!r}")
    if "{" in shown or "}" in shown:
        found.append(f"a placeholder left: {shown!r}")
    for match in _COMMAND.finditer(shown):
        if find_command(match.group(1).lower()) is None:
            found.append(f"!{match.group(1)} is no command: {shown!r}")
    return found


# --- every catalogue sentence, with sample values -------------------------------------------


def fields(template: str) -> dict[str, set[str]]:
    """Each placeholder and the format specs it is used with."""
    found: dict[str, set[str]] = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None:
            found.setdefault(name, set()).add(spec or "")
    return found


ORGANISATIONS = [
    Named.of(name)
    for name in ("Commune de Saint-Exemple", "Département du Nord", "Le Havre", "Orléans")
]
COUNTS: list[object] = [0, 1, 2, 12_500, Fewer(5)]


def samples(template: str) -> list[dict[str, object]]:
    """Values to fill a sentence with: every count singular and plural, several names."""
    wanted = fields(template)
    counted = [name for name, specs in wanted.items() if any("|" in s for s in specs)]
    variants = []
    for count in COUNTS:
        for organisation in ORGANISATIONS:
            values: dict[str, object] = dict.fromkeys(wanted, "Xyz")
            values |= dict.fromkeys(counted, count)
            if "organisation" in values:
                values["organisation"] = organisation
            variants.append(values)
    return variants


def test_both_catalogues_have_the_same_keys() -> None:
    assert sorted(set(FR) - set(EN)) == []
    assert sorted(set(EN) - set(FR)) == []
    assert set(CATALOGUES) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(FR))
def test_every_sentence_is_well_written_whatever_the_values(key: str, language: Language) -> None:
    template = CATALOGUES[language][key]
    found: list[str] = []
    for values in samples(template):
        for problem in problems(text(language, key, **values), language):
            if problem not in found:
                found.append(problem)
    assert found == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(Role))
def test_the_help_is_well_written(language: Language, role: Role) -> None:
    assert problems(help_reply(role, language).text, language) == []


def test_every_command_is_declared_once() -> None:
    spellings = [s for c in COMMANDS for s in (c.name, c.english)]
    assert len(spellings) == len(set(spellings))
