"""The benchmark as chat messages, (plain text, HTML): the staff's tables per category, and
an organisation's position in sentences. Pure: strings out.

The plain text is what phones often show: one bullet per line, each figure after its label.
Every piece of text is escaped where it goes into HTML: the organisations' names and the
categories' come from a configuration that someone typed.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence

from conversations.language import NBSP, NNBSP, Language
from conversations.texts import text

from .benchmark import (
    OrganisationBenchmark,
    Position,
    Ranked,
    StaffBenchmark,
    StaffFigure,
    Standing,
)
from .records import CategorySpec
from .render import html_table, plain_table
from .tables import Table, number

WITHHELD = "—"


# ----------------------------------------------------------------------- the staff's view


def staff_message(
    benchmark: StaffBenchmark,
    structure: str,
    language: Language = "fr",
    categories: Collection[str] | None = None,
    *,
    rows: slice | None = None,
) -> tuple[str, str]:
    """Every organisation named, per category: the distribution of the overall score and of
    each criterion, then each organisation's scores and rank; `categories` limits it to
    some (a structure of a hundred communes does not fit one message with all nine), and
    `rows` each category's table of organisations to those rows (its title says which)."""
    spec = benchmark.spec
    shown = [c for c in spec.categories if categories is None or c.key in categories]
    message = _Message(text(language, "benchmark.staff.title", structure=structure))
    message.remark(
        text(
            language,
            "benchmark.staff.intro",
            count=len(benchmark.organisations),
            threshold=benchmark.threshold,
        )
    )
    sections: list[str | Table] = []
    compared: set[str] = set()
    for category in shown:
        figures = _figures_of(benchmark, category)
        if all(f.distribution is None for f in figures):
            sections.append(
                text(
                    language,
                    "benchmark.staff.too_few",
                    category=_capitalised(category.name),
                    count=max(f.contributors for f in figures),
                    threshold=benchmark.threshold,
                )
            )
            continue
        sections.append(_distribution_table(benchmark, category, figures, language))
        sections.append(_organisations_table(benchmark, category, figures, language, rows))
        compared |= {r.organisation for f in figures for r in f.ranked}
    without = [name for key, name in benchmark.organisations if key not in compared]
    if without:
        message.remark(text(language, "benchmark.staff.without", names=", ".join(without)))
    tables = [s for s in sections if isinstance(s, Table)]
    if any(WITHHELD in cell for table in tables for row in table.rows for cell in row):
        message.remark(text(language, "benchmark.staff.withheld", threshold=benchmark.threshold))
    for section in sections:
        if isinstance(section, Table):
            message.table(section, language)
        else:
            message.paragraph(section)
    return message.done()


def _figures_of(benchmark: StaffBenchmark, category: CategorySpec) -> list[StaffFigure]:
    criteria = benchmark.spec.criteria
    return [
        benchmark.figure(category.key),
        *(benchmark.figure(category.key, c.key) for c in criteria),
    ]


def _distribution_table(
    benchmark: StaffBenchmark,
    category: CategorySpec,
    figures: Sequence[StaffFigure],
    language: Language,
) -> Table:
    labels = [_label(language, "overall"), *(c.name for c in benchmark.spec.criteria)]
    rows = []
    for label, figure in zip(labels, figures, strict=True):
        d = figure.distribution
        quartiles = (
            (number(d.low_quartile, language), number(d.median, language),
             number(d.high_quartile, language))
            if d is not None
            else (WITHHELD, WITHHELD, WITHHELD)
        )  # fmt: skip
        rows.append((_capitalised(label), str(figure.contributors), *quartiles))
    return Table(
        "benchmark.distribution",
        text(language, "benchmark.staff.distribution", category=_capitalised(category.name)),
        (
            _label(language, "score"), _label(language, "organisations"),
            _label(language, "low_quartile"), _label(language, "median"),
            _label(language, "high_quartile"),
        ),
        tuple(rows),
    )  # fmt: skip


def _organisations_table(
    benchmark: StaffBenchmark,
    category: CategorySpec,
    figures: Sequence[StaffFigure],
    language: Language,
    window: slice | None = None,
) -> Table:
    """One row per organisation with a score compared in this category: the highest overall
    score first, those without one after them, by name; only the rows of `window` if given."""
    overall, *criteria = figures
    by_figure: list[dict[str, Ranked]] = [{r.organisation: r for r in f.ranked} for f in figures]
    order = {key: index for index, (key, _) in enumerate(benchmark.organisations)}
    present = {key for ranked in by_figure for key in ranked}
    ranked_first = [r.organisation for r in overall.ranked]
    rest = sorted(present - set(ranked_first), key=order.__getitem__)
    names = dict(benchmark.organisations)
    rows = []
    for key in [*ranked_first, *rest]:
        mine = by_figure[0].get(key)
        means = [
            number(r.value, language) if (r := ranked.get(key)) else WITHHELD
            for ranked in by_figure[1:]
        ]
        rows.append(
            (
                names[key],
                str(mine.respondents) if mine else WITHHELD,
                number(mine.value, language) if mine else WITHHELD,
                text(language, "benchmark.rank", rank=mine.rank, count=overall.contributors)
                if mine
                else WITHHELD,
                # no-break spaces: the means wrap as one, never "7,1 /" then "6,0"
                f"{NBSP}/{NBSP}".join(means),
            )
        )
    header = " / ".join(c.name for c in benchmark.spec.criteria)
    title = text(language, "benchmark.staff.by_organisation", category=_capitalised(category.name))
    if window is not None:
        first, last, _ = window.indices(len(rows))
        if (first, last) != (0, len(rows)):
            part = text(language, "benchmark.staff.rows", first=first + 1, last=last,
                        count=len(rows))  # fmt: skip
            title = f"{title} ({part})"
        rows = rows[window]
    return Table(
        "benchmark.organisations",
        title,
        (
            _label(language, "organisation"), _label(language, "respondents"),
            _label(language, "overall"), _label(language, "rank"), _capitalised(header),
        ),
        tuple(rows),
    )  # fmt: skip


# ----------------------------------------------------------------------- an organisation's view


def organisation_message(
    benchmark: OrganisationBenchmark, language: Language = "fr", *, detailed: bool = False
) -> tuple[str, str]:
    """Its position per category, then the criteria where it stands lowest; `detailed`
    (one category asked for): each category's position followed by every criterion's.
    Made of the organisation's own scores and of counts: no other organisation's name or
    score is in `benchmark` to be shown."""
    message = _Message(
        text(language, "benchmark.organisation.title", name=benchmark.name or benchmark.key)
    )
    if not benchmark.published:
        message.paragraph(text(language, "benchmark.organisation.no_results"))
        return message.done()
    message.remark(text(language, "benchmark.organisation.intro", threshold=benchmark.threshold))
    categories = {c.key: c.name for c in benchmark.spec.categories}
    criteria = {c.key: c.name for c in benchmark.spec.criteria}

    def label(standing: Standing) -> str:
        name = _capitalised(categories[standing.category])
        return name if standing.criterion is None else f"{name}, {criteria[standing.criterion]}"

    message.bullets(
        [
            _sentence(standing, label(standing), benchmark.threshold, language)
            for standing in benchmark.standings
            if detailed or standing.criterion is None
        ]
    )
    if detailed:
        return message.done()
    if any(s.position for s in benchmark.standings if s.criterion is not None):
        lowest = benchmark.lowest()
        message.heading(text(language, "benchmark.organisation.lowest"))
        if lowest:
            message.bullets(
                [_sentence(s, label(s), benchmark.threshold, language) for s in lowest],
                spaced=False,
            )
        else:
            message.paragraph(text(language, "benchmark.organisation.lowest_none"))
    return message.done()


def _sentence(standing: Standing, label: str, threshold: int, language: Language) -> str:
    """ "Visioconférence : 7,4/10, au-dessus de 66 % des communes comparables (12 communes)"."""
    if standing.own is None:
        return text(language, "benchmark.organisation.no_score", label=label)
    score = number(standing.own.value, language)
    position = standing.position
    if position is None:
        return text(
            language, "benchmark.organisation.too_few", label=label, score=score,
            threshold=threshold,
        )  # fmt: skip
    values = {"label": label, "score": score, "count": position.others}
    if position.below == position.others:
        return text(language, "benchmark.organisation.top", **values)
    if position.below == 0:
        return text(language, "benchmark.organisation.bottom", **values)
    share = share_below(position, language)
    return text(language, "benchmark.organisation.compared", share=share, **values)


def share_below(position: Position, language: Language) -> str:
    """The share of the others below, rounded down so that « au-dessus de 66 % » is true
    (8 of 12 is 66.7 %), and never 0 % or 100 % when some are, and some are not."""
    percent = max(1, min(99, 100 * position.below // position.others))
    return f"{percent}{NNBSP}%" if language == "fr" else f"{percent}%"


# ----------------------------------------------------------------------- shared


def _label(language: Language, key: str) -> str:
    return text(language, f"benchmark.label.{key}")


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


class _Message:
    """A chat message built twice as it goes: plain text and HTML, every text escaped in the
    HTML."""

    def __init__(self, title: str) -> None:
        self.plain = [title]
        self.rich = [f"<h3>{html.escape(title)}</h3>"]

    def remark(self, sentence: str) -> None:
        self.plain.append(sentence)
        self.rich.append(f"<p><em>{html.escape(sentence)}</em></p>")

    def paragraph(self, sentence: str) -> None:
        self.plain += ["", sentence]
        self.rich.append(f"<p>{html.escape(sentence)}</p>")

    def heading(self, title: str) -> None:
        self.plain += ["", title.upper()]
        self.rich.append(f"<h4>{html.escape(title)}</h4>")

    def bullets(self, sentences: Sequence[str], *, spaced: bool = True) -> None:
        """One line per sentence; `spaced`: after a blank line (not right under a heading)."""
        self.plain += [*([""] if spaced else []), *(f"• {s}" for s in sentences)]
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
        self.rich.append(f"<ul>{items}</ul>")

    def table(self, table: Table, language: Language) -> None:
        self.plain += ["", *plain_table(table, language)]
        self.rich += [f"<h4>{html.escape(table.title)}</h4>", html_table(table)]

    def done(self) -> tuple[str, str]:
        return "\n".join(self.plain), "\n".join(self.rich)
