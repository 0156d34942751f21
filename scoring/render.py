"""Renderers of the report tables: a Matrix message (HTML tables with a plain fallback),
Markdown, CSV, an OpenDocument spreadsheet and a PNG chart. Pure: bytes and strings out.

Every cell is escaped where it goes into HTML: tool names typed as "autre …" and the
agents' comments are user text.
"""

from __future__ import annotations

import csv
import html
import io
import textwrap
from collections.abc import Sequence

from .records import Report
from .tables import LABELS, NNBSP, Language, Table, notes, number, report_tables


def chat_message(
    report: Report, title: str, language: Language = "fr", sections: Sequence[str] | None = None
) -> tuple[str, str]:
    """(plain text, HTML) of the report; `sections` limits it to some tables by key.
    Each table in its chat version: the exports keep the columns a chat has no room for."""
    tables = [
        table.in_chat()
        for table in report_tables(report, language)
        if sections is None or table.key in sections
    ]
    return tables_message(title, notes(report, language), tables, language)


def tables_message(
    title: str,
    remarks: Sequence[str],
    tables: Sequence[Table],
    language: Language = "fr",
) -> tuple[str, str]:
    """(plain text, HTML) of a chat message: the title, the remarks that go with the
    tables, then each table that has rows. Every piece of text is escaped in the HTML
    (tool and suite names are typed by people)."""
    plain = [title, *remarks]
    rich = [
        f"<h3>{html.escape(title)}</h3>",
        *(f"<p><em>{html.escape(r)}</em></p>" for r in remarks),
    ]
    for table in tables:
        if not table.rows:
            continue
        plain.append("")
        plain.extend(plain_table(table, language))
        rich.append(f"<h4>{html.escape(table.title)}</h4>")
        rich.append(html_table(table))
    return "\n".join(plain), "\n".join(rich)


def plain_table(table: Table, language: Language = "fr") -> list[str]:
    """The title, then one line per row that names it and gives each other cell after its
    header: « • visioconférence — Zoom — Répondants : 5 · Note globale : 6,5 · … ». The
    plain text is what some clients show, on a phone too, where a row wraps over several
    lines (the bullet shows where each starts) and a header line far above its columns
    could not be followed."""
    lines = [table.title.upper()]
    named = table.label_columns
    for row in table.rows:
        cells = [
            _after_header(header, cell, language)
            for header, cell in zip(table.headers[named:], row[named:], strict=True)
        ]
        parts = [*row[:named], " · ".join(cells)] if cells else list(row[:named])
        lines.append("• " + " — ".join(parts))
    return lines


def _after_header(header: str, cell: str, language: Language) -> str:
    """ "Répondants : 5"; a header that holds a colon already takes its value in brackets
    ("Besoin : oui (3)"), never "Besoin : oui : 3"."""
    if ":" in header:
        return f"{header} ({cell})"
    colon = f"{NNBSP}:" if language == "fr" else ":"
    return f"{header}{colon} {cell}"


def html_table(table: Table) -> str:
    """Matrix clients keep <table>, <thead>, <tbody>, <tr>, <th> and <td> (the spec's list);
    `cellpadding` is outside that list: Element drops it and pads cells itself, nheko keeps
    it, without which its cells touch (« Outlook / Exchange » against the next number)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    return f'<table cellpadding="4"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def markdown(report: Report, title: str, language: Language = "fr") -> str:
    return tables_markdown(title, notes(report, language), report_tables(report, language))


def tables_markdown(title: str, remarks: Sequence[str], tables: Sequence[Table]) -> str:
    """A title, its remarks in italics, then each table under its own heading."""
    lines = [f"# {title}", ""]
    lines.extend(f"*{remark}*" for remark in remarks)
    for table in tables:
        lines += ["", f"## {table.title}", ""]
        if not table.rows:
            lines.append("—")
            continue
        lines.append("| " + " | ".join(_md(h) for h in table.headers) + " |")
        lines.append("|" + "---|" * len(table.headers))
        lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in table.rows)
    return "\n".join(lines) + "\n"


def _md(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def csv_bytes(report: Report, language: Language = "fr") -> bytes:
    """UTF-8 (with BOM, so that spreadsheets open it right), one row per category × tool ×
    criterion, with every figure of the ranking."""
    labels = LABELS[language]
    names = {c.key: c.name for c in report.spec.categories}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "fr" else ",")
    writer.writerow(
        [labels["category"], labels["tool"], labels["n"], "Critère" if language == "fr"
         else "Criterion", "Moyenne" if language == "fr" else "Mean", labels["overall"],
         labels["rank_category"], labels["rank_overall"], labels["median"], labels["spread"]]
    )  # fmt: skip
    for score in report.tools:
        for criterion in report.spec.criteria:
            writer.writerow(
                [names.get(score.category, score.category), score.tool, score.n, criterion.name,
                 number(score.means.get(criterion.key), language),
                 number(score.overall, language), score.rank_in_category, score.rank_overall,
                 number(score.median, language), number(score.spread, language)]
            )  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


def ods_bytes(report: Report, language: Language = "fr") -> bytes:
    """An OpenDocument spreadsheet, one sheet per section (odfpy)."""
    return tables_ods(report_tables(report, language))


def tables_ods(tables: Sequence[Table]) -> bytes:
    """One sheet per table, every cell as text (odfpy)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for table in tables:
        sheet = OdsTable(name=sheet_name(table.title))
        for values in (table.headers, *table.rows):
            row = TableRow()
            for value in values:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
                row.addElement(cell)
            sheet.addElement(row)
        document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def sheet_name(title: str) -> str:
    """A title may hold user text (a suite's name): spreadsheets refuse []*?:/\\ and a
    leading or trailing quote in a sheet name."""
    return "".join("_" if char in "[]*?:/\\" else char for char in title).strip("'") or "—"


def chart_png(report: Report, title: str, language: Language = "fr") -> bytes:
    """Bars of each tool's criteria means, grouped by category, with its overall score."""
    import matplotlib

    matplotlib.use("Agg")  # headless: no display on a server
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    names = {c.key: c.name for c in report.spec.categories}
    tools = list(report.tools)
    criteria = report.spec.criteria
    figure = Figure(figsize=(max(8.0, 1.1 * len(tools) + 3), 6), dpi=100)
    axes = figure.subplots()
    width = 0.8 / (len(criteria) + 1)
    colours = pyplot.get_cmap("tab10")
    for index, criterion in enumerate(criteria):
        values = [s.means.get(criterion.key) or 0.0 for s in tools]
        positions = [x + index * width for x in range(len(tools))]
        axes.bar(positions, values, width, label=criterion.name, color=colours(index))
    overall_positions = [x + len(criteria) * width for x in range(len(tools))]
    axes.bar(
        overall_positions,
        [s.overall or 0.0 for s in tools],
        width,
        label=LABELS[language]["overall"],
        color="black",
    )
    axes.set_xticks([x + 0.4 for x in range(len(tools))])
    axes.set_xticklabels(
        [f"{s.tool}\n({names.get(s.category, s.category)})" for s in tools],
        rotation=30,
        ha="right",
        fontsize=8,
    )
    axes.set_ylim(0, 10)
    axes.set_ylabel("0 – 10")
    axes.set_title(title)
    if tools:
        axes.legend(fontsize=8, loc="upper right")
    else:
        # No bar to draw: the reason, wrapped, in the middle of the axes (not of the data,
        # whose empty range would push a long line out of the figure).
        note = textwrap.fill(notes(report, language)[0], 70)
        axes.text(0.5, 0.5, note, ha="center", va="center", transform=axes.transAxes)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
