"""The feedback trend of a tool rollout, for the manager report: how each wave (D+7, D+30,
D+90, then quarterly) rated the suite, and the problems and ideas the agents sent.

Pure: plain records in, a `FeedbackTrend` out, then tables, chat text, CSV and ODS bytes.
The anonymity threshold is applied here, in `feedback_trend`, once: a wave answered by fewer
agents than the threshold carries no figure, a group of comments written by fewer authors
carries no comment, so no renderer can show them.
"""

from __future__ import annotations

import csv
import html
import io
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from conversations.language import Language

from .compute import PRECISION, weighted_mean
from .records import ScoringSpec
from .render import html_table, tables_ods
from .tables import Table, number


@dataclass(frozen=True)
class WaveSpec:
    number: int  # 1, 2, 3... within the plan
    day: date  # the day the wave was sent
    invited: int  # how many agents it was sent to


@dataclass(frozen=True)
class FeedbackRating:
    wave: int  # wave number
    agent: int  # internal agent id
    criterion: str  # criterion key
    value: float | None  # 0..10 (half points kept), None = no opinion


@dataclass(frozen=True)
class FeedbackComment:
    wave: int | None  # None: spontaneous (!avis)
    agent: int
    body: str


@dataclass(frozen=True)
class WaveTrend:
    number: int
    day: date
    invited: int
    respondents: int  # agents with a rating row for every criterion (values may be None)
    means: tuple[float | None, ...]  # per criterion, spec order; None when hidden or no values
    overall: float | None  # weighted mean of the criteria that have a mean; None when hidden
    change: float | None  # overall minus the previous shown wave's overall; None if none
    hidden: bool  # respondents < threshold


@dataclass(frozen=True)
class CommentGroup:
    wave: int | None  # None = spontaneous feedback, always the last group
    day: date | None
    comments: tuple[tuple[str, int], ...]  # (body, how many agents said it); empty when hidden
    count: int  # number of comments in the group (even when hidden)
    hidden: bool  # distinct authors in the group < threshold


@dataclass(frozen=True)
class FeedbackTrend:
    suite: str
    criteria: tuple[str, ...]  # criterion display names, spec order
    waves: tuple[WaveTrend, ...]  # by wave number
    groups: tuple[CommentGroup, ...]  # waves in order, then spontaneous; empty groups omitted
    threshold: int


def feedback_trend(
    spec: ScoringSpec,
    suite: str,
    waves: Sequence[WaveSpec],
    ratings: Sequence[FeedbackRating],
    comments: Sequence[FeedbackComment],
) -> FeedbackTrend:
    """Each wave's means, overall score and change, and the comments grouped by wave.

    Ratings and comments for a wave or criterion not in `waves` / `spec` are ignored; a later
    rating of the same agent, wave and criterion replaces the earlier one.
    """
    numbers = [w.number for w in waves]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"duplicate wave numbers in {sorted(numbers)}")
    ordered = sorted(waves, key=lambda w: w.number)
    keys = {c.key for c in spec.criteria}
    given: dict[int, dict[int, dict[str, float | None]]] = {w.number: {} for w in ordered}
    for rating in ratings:
        if rating.wave in given and rating.criterion in keys:
            given[rating.wave].setdefault(rating.agent, {})[rating.criterion] = rating.value
    trends: list[WaveTrend] = []
    previous: float | None = None  # overall of the last wave shown with a score
    for wave in ordered:
        trend = _wave_trend(spec, wave, given[wave.number], previous)
        trends.append(trend)
        if trend.overall is not None:
            previous = trend.overall
    return FeedbackTrend(
        suite=suite,
        criteria=tuple(c.name for c in spec.criteria),
        waves=tuple(trends),
        groups=_comment_groups(spec.anonymity_threshold, ordered, comments),
        threshold=spec.anonymity_threshold,
    )


def _wave_trend(
    spec: ScoringSpec,
    wave: WaveSpec,
    by_agent: dict[int, dict[str, float | None]],
    previous: float | None,
) -> WaveTrend:
    complete = [values for values in by_agent.values() if len(values) == len(spec.criteria)]
    hidden = len(complete) < spec.anonymity_threshold
    means: dict[str, float | None] = {}
    for criterion in spec.criteria:
        values = [v for agent in complete if (v := agent[criterion.key]) is not None]
        means[criterion.key] = (
            round(statistics.fmean(values), PRECISION) if values and not hidden else None
        )
    overall = None if hidden else weighted_mean(spec, means)
    change = None
    if overall is not None and previous is not None:
        change = round(overall - previous, PRECISION)
    return WaveTrend(
        number=wave.number,
        day=wave.day,
        invited=wave.invited,
        respondents=len(complete),
        means=tuple(means[c.key] for c in spec.criteria),
        overall=overall,
        change=change,
        hidden=hidden,
    )


def _comment_groups(
    threshold: int, waves: Sequence[WaveSpec], comments: Sequence[FeedbackComment]
) -> tuple[CommentGroup, ...]:
    days: dict[int | None, date | None] = {w.number: w.day for w in waves}
    days[None] = None
    by_group: dict[int | None, list[FeedbackComment]] = defaultdict(list)
    for comment in comments:
        if comment.wave in days and comment.body.strip():
            by_group[comment.wave].append(comment)
    order: list[int | None] = [*(w.number for w in waves), None]
    return tuple(
        _comment_group(threshold, key, days[key], by_group[key]) for key in order if by_group[key]
    )


def _comment_group(
    threshold: int, wave: int | None, day: date | None, comments: list[FeedbackComment]
) -> CommentGroup:
    hidden = len({c.agent for c in comments}) < threshold
    shown: dict[str, str] = {}  # folded body -> its first spelling, in order of appearance
    authors: dict[str, set[int]] = defaultdict(set)
    for comment in comments:
        folded = _fold(comment.body)
        shown.setdefault(folded, comment.body.strip())
        authors[folded].add(comment.agent)
    position = {folded: index for index, folded in enumerate(shown)}
    merged = sorted(shown, key=lambda folded: (-len(authors[folded]), position[folded]))
    return CommentGroup(
        wave=wave,
        day=day,
        comments=() if hidden else tuple((shown[f], len(authors[f])) for f in merged),
        count=len(comments),
        hidden=hidden,
    )


def _fold(body: str) -> str:
    return " ".join(body.casefold().split())


# ---------------------------------------------------------------------------- renderers

LABELS: dict[Language, dict[str, str]] = {
    "fr": {
        "trend": "Évolution des retours — {suite}", "wave": "Vague", "date": "Date",
        "respondents": "Répondants / invités", "of": "{respondents} / {invited}",
        "overall": "Note globale", "change": "Évolution",
        "hidden_wave": "moins de {threshold} réponses",
        "ideas": "Problèmes et idées", "group": "Vague", "comment": "Problème ou idée",
        "agents": "Nombre d'agents", "wave_group": "Vague {number} ({day})",
        "spontaneous": "Retours spontanés (!avis)",
        "hidden_group_one": "1 retour — masqué\u202f: moins de {threshold} auteurs",
        "hidden_group": "{count} retours — masqués\u202f: moins de {threshold} auteurs",
        "nothing": (
            "Aucun retour n'a encore été reçu pour {suite}. "
            "Les résultats apparaîtront ici dès les premières réponses."
        ),
        "withheld": (
            "Par respect de l'anonymat, rien n'est affiché pour moins de {threshold} personnes."
        ),
    },
    "en": {
        "trend": "Feedback trend — {suite}", "wave": "Wave", "date": "Date",
        "respondents": "Respondents / invited", "of": "{respondents} / {invited}",
        "overall": "Overall score", "change": "Change",
        "hidden_wave": "fewer than {threshold} answers",
        "ideas": "Problems and ideas", "group": "Wave", "comment": "Problem or idea",
        "agents": "Number of agents", "wave_group": "Wave {number} ({day})",
        "spontaneous": "Spontaneous feedback (!feedback)",
        "hidden_group_one": "1 comment — hidden: fewer than {threshold} authors",
        "hidden_group": "{count} comments — hidden: fewer than {threshold} authors",
        "nothing": (
            "No feedback has been received for {suite} yet. "
            "The results will appear here as soon as the first answers arrive."
        ),
        "withheld": "To protect anonymity, nothing is shown for fewer than {threshold} people.",
    },
}  # fmt: skip

MINUS = "\N{MINUS SIGN}"


def trend_tables(trend: FeedbackTrend, language: Language = "fr") -> list[Table]:
    """The waves table and the problems-and-ideas table, every cell already text."""
    labels = LABELS[language]
    waves = Table(
        "feedback_trend",
        labels["trend"].format(suite=trend.suite),
        (
            labels["wave"], labels["date"], labels["respondents"], *trend.criteria,
            labels["overall"], labels["change"],
        ),
        tuple(_wave_row(trend, wave, language) for wave in trend.waves),
    )  # fmt: skip
    ideas = Table(
        "feedback_ideas",
        labels["ideas"],
        (labels["group"], labels["comment"], labels["agents"]),
        tuple(row for group in trend.groups for row in _group_rows(trend, group, language)),
    )
    return [waves, ideas]


def _wave_row(trend: FeedbackTrend, wave: WaveTrend, language: Language) -> tuple[str, ...]:
    labels = LABELS[language]
    if wave.hidden:
        hidden = labels["hidden_wave"].format(threshold=trend.threshold)
        figures = ("—",) * (len(trend.criteria) + 2)
        shown = labels["of"].format(respondents=hidden, invited=wave.invited)
        return (str(wave.number), _day(wave.day, language), shown, *figures)
    return (
        str(wave.number), _day(wave.day, language),
        labels["of"].format(respondents=wave.respondents, invited=wave.invited),
        *(number(mean, language) for mean in wave.means),
        number(wave.overall, language), _change(wave.change, language),
    )  # fmt: skip


def _group_rows(
    trend: FeedbackTrend, group: CommentGroup, language: Language
) -> list[tuple[str, str, str]]:
    labels = LABELS[language]
    if group.wave is None or group.day is None:
        label = labels["spontaneous"]
    else:
        label = labels["wave_group"].format(number=group.wave, day=_day(group.day, language))
    if group.hidden:
        key = "hidden_group_one" if group.count == 1 else "hidden_group"
        return [(label, labels[key].format(count=group.count, threshold=trend.threshold), "—")]
    return [(label, body, str(agents)) for body, agents in group.comments]


def _day(day: date, language: Language) -> str:
    """dd/mm/yyyy in French; ISO in English, which no reader can take for mm/dd."""
    return day.strftime("%d/%m/%Y") if language == "fr" else day.isoformat()


def _change(value: float | None, language: Language) -> str:
    """ "+0,8", "−0,3" (a true minus sign), "0,0" when it rounds to nothing."""
    if value is None:
        return "—"
    shown = number(abs(value), language)
    if shown == number(0.0, language):
        return shown
    return ("+" if value > 0 else MINUS) + shown


def trend_chat(trend: FeedbackTrend, title: str, language: Language = "fr") -> tuple[str, str]:
    """(plain text, HTML) of the trend for a Matrix message; user text escaped in the HTML."""
    labels = LABELS[language]
    if not trend.waves and not trend.groups:
        sentence = labels["nothing"].format(suite=trend.suite)
        return (
            f"{title}\n{sentence}",
            f"<h3>{html.escape(title)}</h3>\n<p>{html.escape(sentence)}</p>",
        )
    remarks = []
    if any(w.hidden for w in trend.waves) or any(g.hidden for g in trend.groups):
        remarks.append(labels["withheld"].format(threshold=trend.threshold))
    plain = [title, *remarks]
    rich = [
        f"<h3>{html.escape(title)}</h3>",
        *(f"<p><em>{html.escape(r)}</em></p>" for r in remarks),
    ]
    for table in trend_tables(trend, language):
        if not table.rows:
            continue
        plain.append("")
        plain.append(table.title.upper())
        plain.append(" · ".join(table.headers))
        plain.extend(" · ".join(row) for row in table.rows)
        rich.append(f"<h4>{html.escape(table.title)}</h4>")
        rich.append(html_table(table))
    return "\n".join(plain), "\n".join(rich)


def trend_csv(trend: FeedbackTrend, language: Language = "fr") -> bytes:
    """UTF-8 with BOM, ";" in French: each table as its title row, its headers and its rows,
    a blank row between the two."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "fr" else ",")
    for index, table in enumerate(trend_tables(trend, language)):
        if index:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    return out.getvalue().encode("utf-8-sig")


def trend_ods(trend: FeedbackTrend, language: Language = "fr") -> bytes:
    """An OpenDocument spreadsheet, one sheet per table (odfpy)."""
    return tables_ods(trend_tables(trend, language))
