"""The recommendation in one line of plain French (or English) with its reasons and what
would change the verdict, and the notes that go with the report's tables. Pure: strings
out, from a `ChoiceReport` whose figures are already those that may be shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from conversations.language import NNBSP, Language

from .choice import (
    ChoiceReport,
    Component,
    Reasons,
)
from .choice_labels import LABELS
from .suites import Hosting
from .tables import number

_FROM = {"FR": "from_FR", "EU": "from_EU", "other": "from_other"}
_HOSTING = {Hosting.FRANCE: "france", Hosting.EU: "eu", Hosting.OUTSIDE_EU: "outside_eu"}


# ----------------------------------------------------------------------- small words


def weight_text(value: float, language: Language) -> str:
    """3 as "3", 2.5 as "2,5"."""
    if value == int(value):
        return str(int(value))
    return number(value, language)


def component_name(component: Component, language: Language) -> str:
    key = "cost_component" if component == "cost" else component
    return LABELS[language][key]


def _listed(names: Sequence[str], language: Language) -> str:
    """ "A", "A et B", "A, B et C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {LABELS[language]['and']} {names[-1]}"


def quoted_none_of(names: Sequence[str], language: Language) -> str:
    """« « a », « b » ni « c » » (fr), “a”, “b” or “c” (en): what a suite does not cover."""
    if language == "fr":
        quoted = [f"«{NNBSP}{name}{NNBSP}»" for name in names]
    else:
        quoted = [f"“{name}”" for name in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {LABELS[language]['nor']} {quoted[-1]}"


def names_of(keys: Sequence[str], category_names: Mapping[str, str]) -> list[str]:
    return [category_names.get(key, key) for key in keys]


def escape_dollars(text: str) -> str:
    return text.replace("$", r"\$")


# --------------------------------------------------------------------------- the line


def recommendation_line(
    report: ChoiceReport,
    language: Language = "fr",
    category_names: Mapping[str, str] | None = None,
) -> str:
    """The verdict in plain words with its reasons, then what would change it: « Suite
    recommandée : Suite Alpha (8,1/10) — couvre 9/9 besoins, … » « Suite Bêta passerait
    devant si … »."""
    verdict, changes = verdict_sentences(report, language, category_names or {})
    return " ".join([verdict, *changes])


def verdict_sentences(
    report: ChoiceReport, language: Language, names: Mapping[str, str]
) -> tuple[str, list[str]]:
    """(the verdict sentence, the sentences saying what would change it)."""
    labels = LABELS[language]
    verdict = report.recommendation

    def name(key: str) -> str:
        return report.candidate(key).suite.name

    if verdict.kind == "no_candidate":
        return labels["no_candidate"], []
    if verdict.kind == "recommended" and verdict.suite is not None:
        reasons = verdict.reasons[0]
        values = {"suite": name(verdict.suite), "reasons": _reasons(reasons, report, language)}
        if reasons.score is None:
            sentence = labels["recommended_unscored"].format(**values)
        else:
            shown = number(reasons.score, language)
            sentence = labels["recommended"].format(score=shown, **values)
    elif verdict.kind == "tie":
        suites = _listed([name(key) for key in verdict.tied], language)
        tied = verdict.reasons[0].score if verdict.reasons else None
        if tied is None:
            sentence = labels["tie_unscored"].format(suites=suites)
        else:
            sentence = labels["tie"].format(suites=suites, score=number(tied, language))
    else:  # none_covers
        closest = ", ".join(
            labels["closest"].format(
                suite=name(r.suite),
                covered=r.covered,
                needed=r.needed,
                missing=", ".join(names_of(r.missing, names)),
            )
            for r in verdict.reasons
        )
        key = "none_covers" if len(verdict.reasons) == 1 else "none_covers_many"
        sentence = labels[key].format(closest=closest)
    return sentence, _what_would_change(report, language, names)


def _reasons(reasons: Reasons, report: ChoiceReport, language: Language) -> str:
    labels = LABELS[language]
    parts = [
        labels["covers"].format(
            covered=reasons.covered,
            needed=reasons.needed,
            needs=labels["need"] if _singular(reasons.needed, language) else labels["needs_word"],
        )
    ]
    if reasons.simplicity is not None and reasons.simplicity_pilots is not None:
        count = reasons.simplicity_pilots
        parts.append(
            labels["simplicity_shown"].format(
                mean=number(reasons.simplicity, language),
                count=count,
                pilots_word=labels["pilot"]
                if _singular(count, language)
                else labels["pilots_word"],
            )
        )
    else:
        parts.append(labels["simplicity_none"].format(threshold=report.threshold))
    parts.append(labels[_FROM[reasons.publisher_origin]].format(country=reasons.publisher_country))
    parts.append(labels[f"hosted_{_HOSTING[reasons.hosting]}"])
    if reasons.certifications:
        parts.append(labels["certified"].format(names=", ".join(reasons.certifications)))
    else:
        parts.append(labels["uncertified"])
    parts.append(_support_words(reasons, language))
    return ", ".join(parts)


def _support_words(reasons: Reasons, language: Language) -> str:
    labels = LABELS[language]
    country = (reasons.support_country or "").upper()
    place = "remote" if not country else ("near" if country == "FR" else "abroad")
    if reasons.support_in_french:
        key = "support_near" if place == "near" else f"support_french_{place}"
    else:
        key = f"support_other_{place}"
    return labels[key].format(where=reasons.support_where, country=country)


def _singular(count: int, language: Language) -> bool:
    """French says 0 and 1 in the singular (and 1,5 point), English only 1."""
    return count < 2 if language == "fr" else count == 1


def _what_would_change(
    report: ChoiceReport, language: Language, names: Mapping[str, str]
) -> list[str]:
    labels = LABELS[language]
    verdict = report.recommendation
    sentences = []

    def name(key: str) -> str:
        return report.candidate(key).suite.name

    if verdict.overtake is not None:
        overtake = verdict.overtake
        if overtake.component is None or overtake.gain is None:
            sentences.append(labels["no_overtake"].format(suite=name(overtake.suite)))
        else:
            gain = overtake.gain
            singular = gain < 2 if language == "fr" else gain == 1
            sentences.append(
                labels["overtake"].format(
                    suite=name(overtake.suite),
                    component=labels[f"the_{overtake.component}"],
                    gain=number(gain, language),
                    points=labels["point"] if singular else labels["points"],
                )
            )
    if verdict.weight_change is not None:
        change = verdict.weight_change
        sentences.append(
            labels["weight_change"].format(
                weight=weight_text(change.weight, language),
                component=labels[f"the_{change.component}"],
                was=weight_text(change.was, language),
                suite=name(change.leader),
            )
        )
    if verdict.kind != "none_covers":
        for lacking in verdict.lacking:
            sentences.append(
                labels["lacking"].format(
                    suite=name(lacking.suite),
                    missing=quoted_none_of(names_of(lacking.missing, names), language),
                )
            )
    return sentences


# ------------------------------------------------------------------------- the notes


def choice_notes(report: ChoiceReport, language: Language = "fr") -> list[str]:
    """Sentences that go with the tables: who answered, the method, what was withheld."""
    labels = LABELS[language]
    threshold = report.threshold
    lines = []
    if report.pilots_total is None:
        lines.append(labels["answered_few"].format(threshold=threshold))
    elif report.invited_pilots:
        lines.append(
            labels["answered_invited"].format(
                count=report.pilots_total, invited=report.invited_pilots
            )
        )
    else:
        lines.append(labels["answered"].format(count=report.pilots_total))
    if report.candidates:
        lines.append(labels["gate"])
        lines.append(labels["method"])
    for candidate in report.candidates:
        if not candidate.retained or not candidate.missing:
            continue
        parts = [
            labels["missing_price" if component == "cost" else "missing_pilots"].format(
                component=component_name(component, language), threshold=threshold
            )
            for component in candidate.missing
        ]
        lines.append(
            labels["without"].format(suite=candidate.suite.name, components=", ".join(parts))
        )
    withheld = any(c.withheld for candidate in report.candidates for c in candidate.cells)
    hidden = withheld or any(group.hidden for group in report.comments)
    if hidden and report.pilots_total is not None:  # else `answered_few` said it already
        lines.append(labels["withheld"].format(threshold=threshold))
    if any(c.masked for candidate in report.candidates for c in candidate.cells):
        lines.append(labels["masked"].format(threshold=threshold))
    return lines
