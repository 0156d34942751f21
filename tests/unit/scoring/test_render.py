"""The campaign report as people read it: in a chat message (HTML and its plain text, which
some clients and phones show), in Markdown, CSV and OpenDocument. Every table has its
headers in every format; the chat ranking fits a chat window, the exports keep every column.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from odf.opendocument import load
from odf.table import Table as OdsTable
from odf.table import TableRow
from odf.text import P

from scoring import (
    Answer,
    CategorySpec,
    CriterionSpec,
    Participant,
    Report,
    ScoringSpec,
    build_report,
)
from scoring.render import chat_message, csv_bytes, html_table, markdown, ods_bytes, plain_table
from scoring.tables import NNBSP, Language, Table, report_tables
from tests.support.kit import readable

CRITERIA = (
    CriterionSpec("efficacite", "efficacité"),
    CriterionSpec("cout", "coût"),
    CriterionSpec("securite", "sécurité"),
    CriterionSpec("assimilation", "assimilation par les équipes"),
)
SPEC = ScoringSpec(
    (
        CategorySpec("visio", "visioconférence"),
        CategorySpec("agenda", "agenda partagé"),
        CategorySpec("reservation", "réservation de matériel ou de salle"),
    ),
    CRITERIA,
    anonymity_threshold=3,
)
TITLE = "Rapport — campagne n° 1 « Outils 2027 »"


def rated(agent: int, category: str, tool: str, marks: tuple[int, int, int, int]) -> Answer:
    keys = [c.key for c in CRITERIA]
    return Answer(agent, "Culture", category, tool, ratings=dict(zip(keys, marks, strict=True)))


def campaign() -> Report:
    """Zoom and Outlook / Exchange rated by three agents each, one agent without a calendar."""
    answers = [
        *(rated(agent, "visio", "Zoom", (5, 4, 6, 8)) for agent in range(3)),
        *(rated(agent, "agenda", "Outlook / Exchange", (4, 6, 5, 6)) for agent in range(3)),
        Answer(3, "Culture", "agenda", None, needed=True),
        *(rated(agent, "reservation", "Outlook / Exchange", (6, 4, 4, 4)) for agent in range(3)),
    ]
    people = [Participant(agent, "Culture", True, True, True) for agent in range(4)]
    return build_report(SPEC, answers, people)


def test_the_chat_ranking_has_six_columns_and_the_exports_keep_all_twelve() -> None:
    ranking = report_tables(campaign())[0]

    assert ranking.in_chat().headers == (
        "Catégorie", "Outil", "Répondants", "Note globale", "Rang (catégorie)",
        "Efficacité / coût / sécurité / assimilation par les équipes",
    )  # fmt: skip
    means = "\u00a0/\u00a0".join(["5,0", "4,0", "6,0", "8,0"])  # never broken apart
    assert ranking.in_chat().rows[0] == ("visioconférence", "Zoom", "3", "5,8", "1", means)
    assert len(ranking.headers) == 12
    assert ranking.headers[3:7] == tuple(c.name for c in CRITERIA)


def test_the_other_tables_are_the_same_in_chat_and_in_the_exports() -> None:
    for table in report_tables(campaign())[1:]:
        assert table.in_chat() is table


def test_every_line_of_the_plain_text_names_its_figures() -> None:
    plain, _ = chat_message(campaign(), TITLE)

    lines = plain.split("\n")
    assert lines[lines.index("CLASSEMENT") + 1] == (
        f"• visioconférence — Zoom — Répondants{NNBSP}: 3 · Note globale{NNBSP}: 5,8 · "
        f"Rang (catégorie){NNBSP}: 1 · Efficacité / coût / sécurité / assimilation par les "
        f"équipes{NNBSP}: 5,0\u00a0/\u00a04,0\u00a0/\u00a06,0\u00a0/\u00a08,0"
    )
    assert lines[lines.index("CLASSEMENT") + 2].startswith(
        "• agenda partagé — Outlook / Exchange — Répondants"
    )
    gaps = readable(lines[lines.index("MANQUES") + 2])
    assert gaps.startswith("• agenda partagé — Répondants : 4 · Sans outil : 1 · Besoin : oui (")
    assert "Besoin : non (" in gaps  # never "Besoin : non : 0"
    participation = readable(lines[lines.index("PARTICIPATION") + 1])
    assert participation == "• Culture — Invités : 4 · Commencé : 4 · Terminé : 4"


def test_no_line_of_the_plain_text_is_a_bare_row_of_figures() -> None:
    plain, _ = chat_message(campaign(), TITLE)

    rows = [line for line in plain.split("\n") if line.startswith("• ")]
    assert len(rows) == 3 + 3 + 3 + 3 + 3 + 2
    for row in rows:
        for cell in row.split(" — ")[-1].split(" · "):
            assert re.fullmatch(rf".+{NNBSP}: .+|.+ \(.+\)", cell), (cell, row)


def test_the_english_plain_text_has_no_space_before_its_colons() -> None:
    plain, _ = chat_message(campaign(), "Report", "en")

    assert "• visioconférence — Zoom — Respondents: 3 · Overall score: 5.8 · Rank" in plain
    assert NNBSP + ":" not in plain


def test_the_chat_html_has_a_header_row_for_every_table() -> None:
    _, rich = chat_message(campaign(), TITLE)

    tables = re.findall(r"<table.*?</table>", rich)
    assert len(tables) == 6
    for table in tables:
        assert table.count("<thead><tr><th>") == 1
    ranking = tables[0]
    assert ranking.count("<th>") == 6
    assert all(row.count("<td>") == 6 for row in re.findall(r"<tr><td>.*?</tr>", ranking))


def test_the_html_cells_are_escaped_and_padded() -> None:
    table = Table("t", "T", ("<b>Outil</b>",), (("<script>alert(1)</script>",),))

    shown = html_table(table)

    assert shown.startswith('<table cellpadding="4"><thead>')
    assert "&lt;script&gt;" in shown and "<script>" not in shown and "<b>" not in shown


def test_a_table_with_no_other_column_than_its_name_is_one_name_a_line() -> None:
    table = Table("t", "Titre", ("Catégorie",), (("visioconférence",), ("agenda partagé",)))

    assert plain_table(table) == ["TITRE", "• visioconférence", "• agenda partagé"]


def test_the_markdown_keeps_every_column_under_its_header() -> None:
    shown = markdown(campaign(), TITLE)

    header = (
        "| Catégorie | Outil | Répondants | efficacité | coût | sécurité | assimilation par les "
        "équipes | Note globale | Rang (catégorie) | Rang (général) | Médiane | Écart-type |"
    )
    assert header in shown
    assert "| visioconférence | Zoom | 3 | 5,0 | 4,0 | 6,0 | 8,0 | 5,8 | 1 |" in shown
    for table in report_tables(campaign()):
        assert "| " + " | ".join(table.headers) + " |" in shown


def test_the_csv_has_every_figure_of_the_ranking_under_a_header() -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes(campaign()).decode("utf-8-sig")), delimiter=";"))

    assert rows[0] == [
        "Catégorie", "Outil", "Répondants", "Critère", "Moyenne", "Note globale",
        "Rang (catégorie)", "Rang (général)", "Médiane", "Écart-type",
    ]  # fmt: skip
    assert rows[1] == [
        "visioconférence", "Zoom", "3", "efficacité", "5,0", "5,8", "1", "1", "5,8", "0,0"
    ]  # fmt: skip
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_sheet_of_the_spreadsheet_starts_with_its_headers(language: Language) -> None:
    report = campaign()
    tables = report_tables(report, language)
    document = load(io.BytesIO(ods_bytes(report, language)))

    sheets = document.spreadsheet.getElementsByType(OdsTable)
    assert len(sheets) == len(tables)
    for sheet, table in zip(sheets, tables, strict=True):
        first = sheet.getElementsByType(TableRow)[0]
        assert tuple(str(p) for p in first.getElementsByType(P)) == table.headers
    assert len(tables[0].headers) == 12  # the full ranking, not the chat one
