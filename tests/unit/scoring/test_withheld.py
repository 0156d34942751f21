"""A withheld figure is never shown as a number, in any format (issue 14's bug: with a
threshold of 3, « messagerie instantanée | 4 | 1 | 0 | 0 | non communiqué » read as
« nobody needs one » when the lone agent without a tool had said yes)."""

from __future__ import annotations

import io
import re
import zipfile

from scoring import Answer, Participant, ScoringSpec, build_report
from scoring.render import chat_message, markdown, ods_bytes
from scoring.tables import report_tables
from tests.unit.scoring.test_compute import CATEGORIES, MESSAGERIE, criteria, users

SPEC = ScoringSpec(CATEGORIES, criteria(1.0, 1.0, 1.0, 1.0), anonymity_threshold=3)
TITLE = "Rapport — campagne n° 1"


def lone_agent_without_a_tool() -> list[Answer]:
    # « aucun », then « oui » (one is needed), then « passer » at the why
    alone = Answer(agent=9, service="DRH", category=MESSAGERIE, tool=None, needed=True)
    return [*users(MESSAGERIE, "Tchap", range(1, 4)), alone]


def test_the_withheld_need_is_none_in_the_report_not_zero() -> None:
    (gap,) = build_report(SPEC, lone_agent_without_a_tool()).gaps
    assert (gap.respondents, gap.without_tool) == (4, 1)
    assert (gap.needed, gap.not_needed, gap.verdict) == (None, None, "non communiqué")


def test_every_table_shows_the_withheld_need_as_a_dash_with_its_footnote() -> None:
    report = build_report(SPEC, lone_agent_without_a_tool())
    gaps = next(t for t in report_tables(report) if t.key == "gaps")
    assert gaps.rows == (("messagerie instantanée", "4", "1", "—", "—", "non communiqué"),)

    plain, rich = chat_message(report, TITLE)
    md = markdown(report, TITLE)
    footnote = "non communiqué, moins de 3 agents sans outil de ce type"
    for shown in (plain, rich, md):
        assert footnote in shown
    assert "| messagerie instantanée | 4 | 1 | — | — | non communiqué |" in md
    assert "<td>1</td><td>—</td><td>—</td><td>non communiqué</td>" in rich
    # the plain text: no line about the gap shows a 0
    gap_lines = [line for line in plain.splitlines() if "non communiqué" in line]
    assert gap_lines and not any(re.search(r"(?<![\d,])0(?![\d,])", line) for line in gap_lines)

    with zipfile.ZipFile(io.BytesIO(ods_bytes(report))) as archive:
        content = archive.read("content.xml").decode()
    sheet = content[content.index('table:name="Manques"') :]
    row = re.search(r"messagerie instantanée.*?</table:table-row>", sheet)
    assert row is not None
    cells = re.findall(r"<text:p>(.*?)</text:p>", row.group(0))
    assert cells[-3:] == ["—", "—", "non communiqué"]


def test_a_ten_agent_survey_with_two_without_a_tool_withholds_their_yes() -> None:
    # seen: « sondage | 10 | 2 | 0 | 0 » when both had said yes
    spec = ScoringSpec(CATEGORIES, criteria(1.0, 1.0, 1.0, 1.0), anonymity_threshold=3)
    answers = [
        *users(MESSAGERIE, "Tchap", range(1, 9)),
        Answer(agent=9, service="DRH", category=MESSAGERIE, tool=None, needed=True),
        Answer(agent=10, service="DRH", category=MESSAGERIE, tool=None, needed=True),
    ]
    gaps = next(t for t in report_tables(build_report(spec, answers)) if t.key == "gaps")
    assert gaps.rows == (("messagerie instantanée", "10", "2", "—", "—", "non communiqué"),)


def test_withheld_participation_reads_fewer_than_the_threshold_never_zero() -> None:
    people = [Participant(1, "Finances", True, True, True)] + [
        Participant(a, None, True, False, False) for a in (2, 3)
    ]
    report = build_report(ScoringSpec(CATEGORIES, criteria(1, 1, 1, 1), 2), [], people)
    table = next(t for t in report_tables(report) if t.key == "participation")
    assert table.rows == (
        ("Finances", "moins de 2", "moins de 2", "moins de 2"),
        ("service non indiqué", "—", "—", "—"),  # else: the total minus it is Finances
        ("Total", "3", "1", "1"),
    )
    plain, _ = chat_message(report, TITLE)
    assert "pour qu'un service de moins de 2 personnes ne se déduise pas du total" in plain
