"""The recommendation report (`!rapport choix`) as people read it: the recommendation line
with its reasons, the tables (chat, CSV, OpenDocument) and the chart. Pure: strings and
bytes out, from a `ChoiceReport` whose figures are already those that may be shown.

Suite names, publishers and support places come from the catalogue, comments from the
pilots: every one of them is escaped where it goes into HTML, and a "$" cannot start
matplotlib's mathematics in the chart.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping, Sequence

from conversations.language import NBSP, Language

from .choice import (
    COMPONENTS,
    CRITERIA,
    Candidate,
    ChoiceReport,
    SuiteComments,
)
from .choice_labels import LABELS
from .choice_line import (
    choice_notes,
    component_name,
    escape_dollars,
    names_of,
    quoted_none_of,
    recommendation_line,
    verdict_sentences,
    weight_text,
)
from .desk import (
    accessibility_label,
    certifications_label,
    cost_label,
    deployment_label,
    distribution_label,
    economic_model_label,
    exposure_label,
    hosting_label,
    publisher_label,
    purchasing_label,
    reversibility_label,
    support_label,
)
from .render import html_table, plain_table, tables_markdown, tables_ods
from .suites import extra_eu_exposure
from .tables import Table, number

# ------------------------------------------------------------------------- the tables


def choice_tables(
    report: ChoiceReport, category_names: Mapping[str, str], language: Language = "fr"
) -> tuple[Table, ...]:
    """The recommendation, the candidates, the components of their scores, the pilots'
    ratings by category and their comments; every cell already text."""
    labels = LABELS[language]
    summary = Table(
        "recommendation",
        labels["summary"],
        (labels["summary_header"],),
        tuple(
            (sentence,)
            for sentence in (
                recommendation_line(report, language, category_names),
                *choice_notes(report, language),
            )
        ),
    )
    return (
        summary,
        _candidates(report, category_names, language),
        _components(report, category_names, language),
        _trial(report, category_names, language),
        _comments(report, language),
    )


def _candidates(
    report: ChoiceReport, category_names: Mapping[str, str], language: Language
) -> Table:
    labels = LABELS[language]
    criteria = [labels[k] for k in CRITERIA]
    headers = (
        labels["rank"], labels["suite"], labels["needs"], labels["publisher"],
        labels["hosting"], labels["exposure"], labels["distribution"], labels["deployment"],
        labels["certifications"], labels["accessibility"], labels["reversibility"],
        labels["purchasing"], labels["economic_model"], labels["support"], labels["cost"],
        *(name[:1].upper() + name[1:] for name in criteria), labels["pilots"], labels["score"],
    )  # fmt: skip
    rows = tuple(
        (
            _rank(c, language), c.suite.name, _needs(c, category_names, language),
            publisher_label(c.suite, language), hosting_label(c.suite.hosting, language),
            exposure_label(c.suite, extra_eu_exposure(c.suite), language),
            distribution_label(c.suite.distribution, language),
            deployment_label(c.suite, language),
            certifications_label(c.suite.certifications, language),
            accessibility_label(c.suite.accessibility, language),
            reversibility_label(c.suite, language), purchasing_label(c.suite, language),
            economic_model_label(c.suite, language),
            support_label(c.suite.support, language), cost_label(c.yearly_cost, language),
            *(number(c.means[k], language) for k in CRITERIA),
            _pilots(c.pilots, report.threshold, language),
            _score(c, category_names, language),
        )
        for c in report.candidates
    )  # fmt: skip
    joined = " / ".join(criteria)
    in_chat = Table(
        "candidates",
        labels["candidates"],
        (
            labels["suite"], labels["needs"], labels["score"], labels["pilots"],
            joined[:1].upper() + joined[1:], labels["cost"],
        ),
        tuple(
            (
                c.suite.name, _needs(c, category_names, language),
                _score(c, category_names, language),
                _pilots(c.pilots, report.threshold, language),
                # no-break spaces: the three means wrap as one, never "7,8 /" then "6,0"
                f"{NBSP}/{NBSP}".join(number(c.means[k], language) for k in CRITERIA),
                cost_label(c.yearly_cost, language),
            )
            for c in report.candidates
        ),
    )  # fmt: skip
    return Table("candidates", labels["candidates"], headers, rows, label_columns=2, chat=in_chat)


def _components(
    report: ChoiceReport, category_names: Mapping[str, str], language: Language
) -> Table:
    labels = LABELS[language]
    headers = (
        labels["suite"],
        *(
            labels["weighted"].format(
                name=_capital(component_name(k, language)),
                weight=weight_text(report.weights.of(k), language),
            )
            for k in COMPONENTS
        ),
        labels["score"],
    )
    rows = tuple(
        (
            c.suite.name,
            *(number(c.components[k], language) for k in COMPONENTS),
            _score(c, category_names, language),
        )
        for c in report.candidates
    )
    return Table("components", labels["components"], headers, rows)


def _trial(report: ChoiceReport, category_names: Mapping[str, str], language: Language) -> Table:
    labels = LABELS[language]
    hidden = labels["hidden"].format(threshold=report.threshold)
    rows = []
    for c in report.candidates:
        for cell in c.cells:
            # never a number: "moins de 5" when that is what it is, "—" (with its
            # footnote) when a larger group is withheld to protect a smaller one
            withheld = "—" if cell.masked else hidden
            count = withheld if cell.withheld else str(cell.n)
            rows.append(
                (
                    c.suite.name,
                    category_names.get(cell.category, cell.category),
                    labels[cell.criterion],
                    count,
                    number(cell.mean, language),
                )
            )
    return Table(
        "trial",
        labels["trial"],
        (labels["suite"], labels["category"], labels["criterion"], labels["pilots"],
         labels["mean"]),
        tuple(rows),
        label_columns=3,
    )  # fmt: skip


def _comments(report: ChoiceReport, language: Language) -> Table:
    labels = LABELS[language]
    return Table(
        "comments",
        labels["comments"],
        (labels["suite"], labels["comment"], labels["said"]),
        tuple(
            row
            for group in report.comments
            for row in _comment_rows(report.candidate(group.suite), group, report, language)
        ),
    )


def _comment_rows(
    candidate: Candidate, group: SuiteComments, report: ChoiceReport, language: Language
) -> list[tuple[str, str, str]]:
    labels = LABELS[language]
    if group.hidden:
        key = "hidden_comments_one" if group.count == 1 else "hidden_comments"
        text = labels[key].format(count=group.count, threshold=report.threshold)
        return [(candidate.suite.name, text, "—")]
    return [(candidate.suite.name, body, str(count)) for body, count in group.comments]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rank(candidate: Candidate, language: Language) -> str:
    if candidate.rank is None:
        return "—"
    if candidate.tied:
        return LABELS[language]["tied_rank"].format(rank=candidate.rank)
    return str(candidate.rank)


def _needs(candidate: Candidate, category_names: Mapping[str, str], language: Language) -> str:
    cover = candidate.coverage
    if cover.complete:
        return f"{len(cover.covered)}/{cover.needed}"
    return LABELS[language]["covered_missing"].format(
        covered=len(cover.covered),
        needed=cover.needed,
        missing=", ".join(names_of(cover.missing, category_names)),
    )


def _pilots(pilots: int | None, threshold: int, language: Language) -> str:
    return LABELS[language]["hidden"].format(threshold=threshold) if pilots is None else str(pilots)


def _score(candidate: Candidate, category_names: Mapping[str, str], language: Language) -> str:
    labels = LABELS[language]
    if not candidate.retained:
        missing = quoted_none_of(names_of(candidate.coverage.missing, category_names), language)
        return labels["not_retained"].format(missing=missing)
    if candidate.score is None:
        return "—"
    return labels["out_of_ten"].format(score=number(candidate.score, language))


# ------------------------------------------------------------------------ the formats


def choice_chat(
    report: ChoiceReport,
    title: str,
    category_names: Mapping[str, str],
    language: Language = "fr",
    context: Sequence[str] = (),
) -> tuple[str, str]:
    """(plain text, HTML) for a Matrix message: the recommendation line, the notes (after
    the `context` the caller adds: the trial's state, the decision), then the candidates
    (chat version), the components and the comments. The ratings by category are in the
    exports (CSV, OpenDocument): a chat message has no room for them."""
    verdict, changes = verdict_sentences(report, language, category_names)
    remarks = [*context, *choice_notes(report, language)]
    plain = [title, " ".join([verdict, *changes]), *remarks]
    rich = [
        f"<h3>{html.escape(title)}</h3>",
        f"<p><strong>{html.escape(verdict)}</strong>"
        + "".join(f" {html.escape(sentence)}" for sentence in changes)
        + "</p>",
        *(f"<p><em>{html.escape(r)}</em></p>" for r in remarks),
    ]
    for table in choice_tables(report, category_names, language):
        if table.key not in ("candidates", "components", "comments") or not table.rows:
            continue
        shown = table.in_chat()
        plain.append("")
        plain.extend(plain_table(shown, language))
        rich.append(f"<h4>{html.escape(shown.title)}</h4>")
        rich.append(html_table(shown))
    return "\n".join(plain), "\n".join(rich)


def choice_markdown(
    report: ChoiceReport,
    title: str,
    category_names: Mapping[str, str],
    language: Language = "fr",
    context: Sequence[str] = (),
) -> str:
    """The whole report as Markdown (`harmonie report --choice`): every table, all columns."""
    verdict, changes = verdict_sentences(report, language, category_names)
    remarks = [" ".join([verdict, *changes]), *context, *choice_notes(report, language)]
    return tables_markdown(title, remarks, choice_tables(report, category_names, language))


def choice_csv(
    report: ChoiceReport, category_names: Mapping[str, str], language: Language = "fr"
) -> bytes:
    """UTF-8 with BOM, ";" in French: each table as its title row, its headers and its rows
    (every column), a blank row between two."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "fr" else ",")
    for index, table in enumerate(choice_tables(report, category_names, language)):
        if index:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    return out.getvalue().encode("utf-8-sig")


def choice_ods(
    report: ChoiceReport, category_names: Mapping[str, str], language: Language = "fr"
) -> bytes:
    """An OpenDocument spreadsheet, one sheet per table (odfpy)."""
    return tables_ods(choice_tables(report, category_names, language))


def choice_chart_png(report: ChoiceReport, title: str, language: Language = "fr") -> bytes:
    """Bars of each candidate's components and its score (black), side by side; a component
    absent is no bar but a "—", a suite that does not cover every need is marked."""
    import matplotlib

    matplotlib.use("Agg")  # headless: no display on a server
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    labels = LABELS[language]
    candidates = list(report.candidates)
    figure = Figure(figsize=(max(8.0, 1.6 * len(candidates) + 3), 6), dpi=100)
    axes = figure.subplots()
    width = 0.8 / (len(COMPONENTS) + 1)
    colours = pyplot.get_cmap("tab10")
    for index, component in enumerate(COMPONENTS):
        name = labels["weighted"].format(
            name=_capital(component_name(component, language)),
            weight=weight_text(report.weights.of(component), language),
        )
        positions = [x + index * width for x in range(len(candidates))]
        values = [c.components[component] for c in candidates]
        axes.bar(
            [p for p, v in zip(positions, values, strict=True) if v is not None],
            [v for v in values if v is not None],
            width,
            label=escape_dollars(name),
            color=colours(index),
        )
        for position, value in zip(positions, values, strict=True):
            if value is None:
                axes.text(position, 0.1, "—", ha="center", va="bottom", fontsize=8)
    score_positions = [x + len(COMPONENTS) * width for x in range(len(candidates))]
    scores = [c.score for c in candidates]
    axes.bar(
        [p for p, s in zip(score_positions, scores, strict=True) if s is not None],
        [s for s in scores if s is not None],
        width,
        label=labels["score"],
        color="black",
    )
    axes.set_xticks([x + len(COMPONENTS) * width / 2 for x in range(len(candidates))])
    axes.set_xticklabels(
        [
            escape_dollars(
                c.suite.name if c.retained else f"{c.suite.name}\n({labels['not_retained_short']})"
            )
            for c in candidates
        ],
        rotation=20,
        ha="right",
        fontsize=8,
    )
    axes.set_ylim(0, 12.5)  # room above the bars for the legend
    axes.set_yticks(range(0, 11, 2))
    axes.set_ylabel("0 – 10")
    axes.set_title(escape_dollars(title))
    if candidates:
        axes.legend(fontsize=7, loc="upper center", ncol=4)
    else:
        axes.text(
            0.5, 0.5, labels["no_candidate"], ha="center", va="center", transform=axes.transAxes
        )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
