"""The recommendation report as people read it: the recommendation line in French and
English, the tables (chat, CSV, OpenDocument) and the chart; a figure withheld is in no
format, and the catalogue's and the pilots' words are escaped in the HTML."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace

import pytest
from odf.opendocument import load
from odf.table import Table as OdsTable
from odf.table import TableRow
from odf.text import P

from scoring import (
    ChoiceReport,
    ChoiceWeights,
    TrialComment,
    TrialRating,
    choice_chart_png,
    choice_chat,
    choice_csv,
    choice_ods,
    choice_report,
    choice_tables,
)
from scoring.choice import CRITERIA
from scoring.choice_labels import LABELS
from scoring.choice_line import choice_notes, recommendation_line
from scoring.desk import euros
from scoring.suites import Accessibility, Deployment, Distribution, Hosting, Suite, Support
from scoring.tables import NBSP, NNBSP, Language
from tests.support.kit import readable

THRESHOLD = 3
VISIO, MESSAGERIE, GED = "visioconference", "messagerie", "ged"
NEEDED = (VISIO, MESSAGERIE, GED)
NAMES = {"fr": {VISIO: "visioconférence", MESSAGERIE: "messagerie instantanée", GED: "GED"},
         "en": {VISIO: "video calls", MESSAGERIE: "instant messaging", GED: "EDM"}}  # fmt: skip
TITLE = "Recommandation — essai n° 1"


def suite(
    key: str,
    name: str,
    *,
    country: str = "FR",
    hosting: Hosting = Hosting.FRANCE,
    certifications: tuple[str, ...] = ("SecNumCloud",),
    support: Support | None = None,
    price: str | None = "6.5",
    covers: Sequence[str] = NEEDED,
) -> Suite:
    from decimal import Decimal

    return Suite(
        key=key,
        name=name,
        publisher=f"Éditeur {key}",
        publisher_country=country,
        hosting=hosting,
        support=support or Support("Rennes", in_french=True, country="FR"),
        certifications=certifications,
        price_per_user_month=Decimal(price) if price is not None else None,
        modules=tuple((category, f"{key} {category}") for category in covers),
    )


# The buyers' headings are facts shown, never scored: Bêta, the same suite without them,
# scores as Alpha does on the same ratings.
ALPHA = replace(
    suite("alpha", "Suite Alpha"),
    distribution=Distribution.FREE_SOFTWARE,
    deployment=(Deployment.ON_PREMISES, Deployment.CLOUD),
    economic_model="abonnement par agent",
    purchasing=("UGAP",),
    accessibility=Accessibility.FULLY_COMPLIANT,
    reversibility="export en ODF",
)
BETA = suite("beta", "Suite Bêta")
GAMMA = suite(
    "gamma",
    "Suite Gamma",
    country="US",
    hosting=Hosting.OUTSIDE_EU,
    certifications=(),
    support=Support("Dublin", in_french=False, country="IE"),
    price="4",
    covers=(VISIO,),
)


def pilots(key: str, *marks: tuple[float | None, ...]) -> list[TrialRating]:
    """Agents 1, 2, 3… rating `key` on visioconference (simplicité, efficacité, sécurité)."""
    return [
        TrialRating(agent, key, VISIO, criterion, value)
        for agent, values in enumerate(marks, start=1)
        for criterion, value in zip(CRITERIA, values, strict=True)
    ]


def report(
    suites: Sequence[Suite],
    ratings: Sequence[TrialRating] = (),
    comments: Sequence[TrialComment] = (),
    weights: ChoiceWeights | None = None,
) -> ChoiceReport:
    return choice_report(
        suites,
        NEEDED,
        300,
        ratings,
        comments,
        threshold=THRESHOLD,
        weights=weights or ChoiceWeights(),
        invited_pilots=4,
    )


def trial() -> ChoiceReport:
    """Alpha 9,0 (simplicity 8), Bêta 8,5 (simplicity 6; see test_choice for the figures),
    Gamma short of two needs."""
    ratings = [*pilots("alpha", *[(8, 8, 8)] * 3), *pilots("beta", *[(6, 8, 8)] * 3)]
    return report([ALPHA, BETA, GAMMA], ratings)


# ---------------------------------------------------------------------------- the line


def test_the_french_line_gives_the_reasons_and_what_would_change_the_verdict() -> None:
    line = recommendation_line(trial(), "fr", NAMES["fr"])

    assert readable(line) == (
        "Suite recommandée : Suite Alpha (9,0/10) — couvre 3/3 besoins, prise en main "
        "8,0/10 par 3 pilotes, éditeur français, hébergée en France, certifiée SecNumCloud, "
        "support à Rennes. Suite Bêta passerait devant si sa note pour la prise en main "
        "gagnait 2,3 points. Suite Gamma n'est pas retenue : elle ne couvre pas "
        "« messagerie instantanée » ni « GED »."
    )
    assert f"recommandée{NNBSP}:" in line and f"«{NNBSP}GED{NNBSP}»" in line


def test_the_english_line_says_the_same() -> None:
    line = recommendation_line(trial(), "en", NAMES["en"])

    assert line == (
        "Recommended suite: Suite Alpha (9.0/10) — covers 3/3 needs, ease of getting started "
        "8.0/10 from 3 pilots, French publisher, hosted in France, certified SecNumCloud, "
        "support in Rennes. Suite Bêta would move ahead if its ease of getting started score "
        "gained 2.3 points. Suite Gamma is not retained: it does not cover “instant "
        "messaging” or “EDM”."
    )


def test_a_point_and_a_half_is_singular_in_french() -> None:
    # Bêta's simplicity 7: 114 / 13 = 8,77; 1,2 more gives 117,6 / 13 = 9,046, shown
    # « 9,0 » (a tie); 1,3 gives 117,9 / 13 = 9,069, shown « 9,1 ».
    ratings = [*pilots("alpha", *[(8, 8, 8)] * 3), *pilots("beta", *[(7, 8, 8)] * 3)]
    line = readable(recommendation_line(report([ALPHA, BETA], ratings), "fr"))

    assert "si sa note pour la prise en main gagnait 1,3 point." in line


def test_the_line_of_a_suite_without_pilots_or_certification_says_so() -> None:
    remote = suite(
        "beta",
        "Suite Bêta",
        country="DE",
        hosting=Hosting.EU,
        certifications=(),
        support=Support("à distance", in_french=True),
        price=None,
    )
    line = readable(recommendation_line(report([remote]), "fr"))

    # security 0 (no certification, no pilot), sovereignty 5, proximity 5, no price:
    # (3·0 + 2·5 + 2·5) / 7 = 2,86
    assert line == (
        "Suite recommandée : Suite Bêta (2,9/10) — couvre 3/3 besoins, prise en main non "
        "notée (moins de 3 pilotes), éditeur européen (DE), hébergée dans l'UE, sans "
        "certification, support en français à distance."
    )


def test_a_tie_names_the_tied_suites_and_leaves_the_decision_to_the_administrator() -> None:
    twin = report([ALPHA, BETA])  # the same facts, no pilot: 10,0 each

    assert readable(recommendation_line(twin, "fr")) == (
        "Pas de suite recommandée : Suite Alpha et Suite Bêta sont à égalité (10,0/10) ; "
        "le choix revient à l'administrateur."
    )
    assert recommendation_line(twin, "en") == (
        "No single suite recommended: Suite Alpha and Suite Bêta are tied (10.0/10); the "
        "decision is the administrator's."
    )


def test_with_no_suite_covering_every_need_the_closest_is_named() -> None:
    result = report([GAMMA, suite("delta", "Suite Delta", covers=(VISIO, GED))])

    assert readable(recommendation_line(result, "fr", NAMES["fr"])) == (
        "Aucune suite ne couvre tous les besoins ; la plus proche : Suite Delta (2/3 — "
        "manque : messagerie instantanée)."
    )
    assert recommendation_line(result, "en", NAMES["en"]) == (
        "No suite covers every need; the closest: Suite Delta (2/3 — missing: instant messaging)."
    )


def test_a_weight_change_that_would_change_the_verdict_is_said() -> None:
    beta = suite(
        "beta",
        "Suite Bêta",
        country="DE",
        hosting=Hosting.EU,
        certifications=("ISO 27001",),
        support=Support("à distance", in_french=True),
    )
    ratings = [*pilots("alpha", *[(5, 7, 7)] * 3), *pilots("beta", *[(9, 7, 7)] * 3)]
    line = readable(recommendation_line(report([ALPHA, beta], ratings), "fr"))

    assert line.endswith(
        "Même à 10 pour une seule composante, Suite Bêta ne passerait pas devant. Avec un "
        "poids de 7 pour la prise en main (au lieu de 3), Suite Bêta serait recommandée."
    )


def test_an_empty_catalogue_says_so() -> None:
    assert recommendation_line(report([]), "fr") == (
        "Aucune suite candidate n'est décrite dans le catalogue."
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_labels_are_the_same_in_both_languages(language: Language) -> None:
    assert set(LABELS[language]) == set(LABELS["fr"])


# -------------------------------------------------------------------------- the tables


def test_a_yearly_cost_is_in_whole_euros_with_french_spacing() -> None:
    from decimal import Decimal

    assert euros(Decimal("23400.0"), "fr") == f"23{NNBSP}400{NNBSP}€"
    assert euros(Decimal("1234567.5"), "fr") == f"1{NNBSP}234{NNBSP}568{NNBSP}€"
    assert euros(Decimal("23400"), "en") == "€23,400"


def test_the_candidates_table_has_every_fact_in_french() -> None:
    tables = {t.key: t for t in choice_tables(trial(), NAMES["fr"], "fr")}
    candidates = tables["candidates"]

    assert [readable(h) for h in candidates.headers] == [
        "Rang", "Suite", "Besoins couverts", "Éditeur", "Hébergement",
        "Exposition aux lois extra-européennes", "Distribution", "Déploiement",
        "Certifications", "Accessibilité (RGAA)", "Réversibilité", "Centrales d'achat public",
        "Modèle économique", "Support", "Coût annuel", "Simplicité de prise en main",
        "Efficacité", "Sécurité perçue", "Pilotes", "Note",
    ]  # fmt: skip
    alpha, beta, gamma = ([readable(cell) for cell in row] for row in candidates.rows)
    # 6,5 € × 12 × 300 agents = 23 400 €
    assert alpha == [
        "1", "Suite Alpha", "3/3", "Éditeur alpha, France", "en France", "aucune",
        "logiciel libre", "sur site ou cloud", "SecNumCloud", "totalement conforme",
        "export en ODF", "UGAP", "abonnement par agent", "Rennes, en français",
        "23 400 € HT/an",  # worded as !choix comparer words it (scoring/desk.py)
        "8,0", "8,0", "8,0", "3", "9,0/10",
    ]  # fmt: skip
    assert beta[0] == "2" and beta[-1] == "8,5/10"
    assert beta[5:13] == [
        "aucune", "non précisée", "non précisé", "SecNumCloud", "non précisée", "non précisée",
        "non précisé", "non précisé",
    ]  # fmt: skip
    assert gamma == [
        "—", "Suite Gamma", "1/3 — manque : messagerie instantanée, GED",
        "Éditeur gamma, hors UE (US)", "hors UE", "par l'éditeur (US) et l'hébergement hors UE",
        "non précisée", "non précisé", "aucune", "non précisée", "non précisée", "non précisé",
        "non précisé", "Dublin (IE), pas en français", "14 400 € HT/an", "—", "—", "—",
        "moins de 3",
        "non retenue : ne couvre pas « messagerie instantanée » ni « GED »",
    ]  # fmt: skip


def test_the_candidates_table_in_english() -> None:
    candidates = choice_tables(trial(), NAMES["en"], "en")[1]

    assert candidates.headers[5:13] == (
        "Exposure to extra-European laws", "Distribution", "Deployment", "Certifications",
        "Accessibility (RGAA)", "Reversibility", "Public purchasing bodies", "Economic model",
    )  # fmt: skip
    alpha, beta, gamma = candidates.rows
    assert alpha[5:13] == (
        "none", "free software", "on premises or cloud", "SecNumCloud", "fully compliant",
        "export en ODF", "UGAP", "abonnement par agent",
    )  # fmt: skip
    assert beta[6] == "not stated"
    assert gamma[5] == "through the publisher (US) and the hosting outside the EU"


def test_the_exports_have_every_heading_and_the_chat_none_of_them() -> None:
    result = trial()
    exported = choice_csv(result, NAMES["fr"], "fr").decode("utf-8-sig")
    plain, rich = choice_chat(result, TITLE, NAMES["fr"], "fr")

    rows = list(csv.reader(io.StringIO(exported), delimiter=";"))
    header = next(row for row in rows if row[:2] == ["Rang", "Suite"])
    alpha_row = next(row for row in rows if row[1:2] == ["Suite Alpha"])
    alpha = dict(zip(header, alpha_row, strict=True))
    assert alpha["Exposition aux lois extra-européennes"] == "aucune"
    assert alpha["Centrales d'achat public"] == "UGAP"
    assert alpha["Accessibilité (RGAA)"] == "totalement conforme"
    for heading in ("Exposition", "Distribution", "Déploiement", "Réversibilité"):
        assert heading not in plain and heading not in rich


def test_the_buyers_headings_change_no_score() -> None:
    ratings = [*pilots("alpha", *[(8, 8, 8)] * 3), *pilots("beta", *[(8, 8, 8)] * 3)]
    bare = replace(
        ALPHA, key="beta", name="Suite Bêta", distribution=None, deployment=(),
        economic_model="", purchasing=None, accessibility=None, reversibility="",
    )  # fmt: skip

    with_headings, without = report([ALPHA, bare], ratings).candidates

    assert with_headings.components == without.components
    assert with_headings.score == without.score == 9.0


def test_the_chat_version_of_the_candidates_is_narrower() -> None:
    candidates = choice_tables(trial(), NAMES["fr"], "fr")[1]

    assert len(candidates.in_chat().headers) == 6 < len(candidates.headers)
    assert candidates.in_chat().rows[0] == (
        "Suite Alpha", "3/3", "9,0/10", "3", "8,0\u00a0/\u00a08,0\u00a0/\u00a08,0",
        f"23{NNBSP}400{NNBSP}€{NBSP}HT/an",
    )  # fmt: skip


def test_an_unknown_price_is_said_and_a_tie_is_marked_in_the_rank() -> None:
    result = report([suite("alpha", "Suite Alpha", price=None), suite("beta", "B", price=None)])
    candidates = choice_tables(result, NAMES["fr"], "fr")[1]

    assert [row[0] for row in candidates.rows] == ["1 (ex æquo)", "1 (ex æquo)"]
    assert candidates.rows[0][14] == "prix non communiqué"
    english = choice_tables(result, NAMES["en"], "en")[1]
    assert [row[0] for row in english.rows] == ["1 (tie)", "1 (tie)"]
    assert english.rows[0][14] == "price not disclosed"


def test_the_components_table_shows_each_weight() -> None:
    components = choice_tables(trial(), NAMES["fr"], "fr")[2]

    assert [readable(h) for h in components.headers] == [
        "Suite", "Sécurité (×3)", "Prise en main (×3)", "Souveraineté (×2)",
        "Proximité du support (×2)", "Efficacité (×2)", "Coût (×1)", "Note",
    ]  # fmt: skip
    assert components.rows[0] == (
        "Suite Alpha", "9,0", "8,0", "10,0", "10,0", "8,0", "10,0", "9,0/10",
    )  # fmt: skip


def test_a_candidate_with_no_pilot_answers_is_said_to_be_scored_without_them() -> None:
    result = report(
        [ALPHA, suite("beta", "Suite Bêta", price=None)], pilots("alpha", *[(8, 8, 8)] * 3)
    )
    notes = [readable(n) for n in choice_notes(result, "fr")]

    assert (
        "Note de Suite Bêta calculée sans prise en main (moins de 3 pilotes), efficacité "
        "(moins de 3 pilotes), coût (prix inconnu)."
    ) in notes
    english = choice_notes(result, "en")
    assert (
        "Suite Bêta's score is computed without ease of getting started (fewer than 3 "
        "pilots), effectiveness (fewer than 3 pilots), cost (price unknown)."
    ) in english


# ----------------------------------------------------------- withheld figures, formats


def under_threshold() -> ChoiceReport:
    """Two pilots (three needed) gave alpha 1,5 and 7,5: a mean of 4,5 nobody may read."""
    ratings = pilots("alpha", (1.5, 1.5, 1.5), (7.5, 7.5, 7.5))
    return report([ALPHA], ratings, [TrialComment(1, "alpha", "Mot-unique-du-pilote")])


def every_text(result: ChoiceReport, language: Language) -> list[str]:
    plain, rich = choice_chat(result, TITLE, NAMES[language], language)
    exported = choice_csv(result, NAMES[language], language).decode("utf-8-sig")
    return [plain, rich, exported]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_pilot_group_under_the_threshold_shows_no_figure_in_any_format(
    language: Language,
) -> None:
    result = under_threshold()
    for shown in every_text(result, language):
        assert "4,5" not in shown and "4.5" not in shown
        assert "1,5" not in shown and "7,5" not in shown
        assert "1.5" not in shown and "7.5" not in shown
        assert "Mot-unique-du-pilote" not in shown
    trial_rows = choice_tables(result, NAMES["fr"], "fr")[3].rows
    assert {row[3:] for row in trial_rows} == {("moins de 3", "—")}
    plain = readable(choice_chat(result, TITLE, NAMES["fr"], "fr")[0])
    assert "Moins de 3 pilotes ont répondu : aucune de leurs notes n'est donnée." in plain
    assert "1 commentaire — masqué : moins de 3 pilotes" in plain
    assert "aucune note n'est donnée pour moins de 3" not in plain  # said once is enough


def test_a_cell_withheld_to_protect_another_reads_a_dash_with_its_footnote() -> None:
    ratings = [TrialRating(a, "alpha", VISIO, "simplicite", 7) for a in (1, 2, 3, 4)]
    ratings += [TrialRating(a, "alpha", MESSAGERIE, "simplicite", 6) for a in (1, 2, 3)]
    ratings += [TrialRating(1, "alpha", GED, "simplicite", 8)]
    result = report([ALPHA], ratings)
    rows = {row[1]: row[3:] for row in choice_tables(result, NAMES["fr"], "fr")[3].rows}

    assert rows == {
        "visioconférence": ("4", "7,0"),
        "messagerie instantanée": ("—", "—"),  # 3 pilots, withheld to protect the GED
        "GED": ("moins de 3", "—"),
    }
    notes = [readable(n) for n in choice_notes(result, "fr")]
    assert (
        "« — » : non communiqué, pour qu'une note de moins de 3 pilotes ne se déduise pas "
        "de la moyenne de la suite."
    ) in notes


def test_the_suite_names_and_the_comments_are_escaped_in_the_html() -> None:
    bold = suite("alpha", "Suite <b>Alpha</b> & Cie")
    comments = [TrialComment(a, "alpha", "<script>alert(1)</script>") for a in (1, 2, 3)]
    result = report([bold, GAMMA], pilots("alpha", *[(8, 8, 8)] * 3), comments)
    plain, rich = choice_chat(result, "Titre <i>", NAMES["fr"], "fr")

    assert "<b>" not in rich and "<script>" not in rich and "<i>" not in rich
    assert "Suite &lt;b&gt;Alpha&lt;/b&gt; &amp; Cie" in rich
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rich
    assert "Suite <b>Alpha</b> & Cie" in plain  # the plain text is text


def test_the_chat_puts_the_verdict_first_then_the_notes_then_the_tables() -> None:
    plain, rich = choice_chat(trial(), TITLE, NAMES["fr"], "fr")
    lines = plain.splitlines()

    assert lines[0] == TITLE
    assert readable(lines[1]).startswith("Suite recommandée : Suite Alpha (9,0/10)")
    assert readable(lines[2]) == "Pilotes ayant répondu : 3 (invités : 4)."
    assert "SUITES CANDIDATES" in lines and "COMPOSANTES DE LA NOTE" in lines
    assert "NOTES DES PILOTES PAR CATÉGORIE" not in lines  # in the exports only
    assert "<p><strong>Suite recommandée" in rich and rich.count("<table") == 2


def test_the_csv_has_every_table_under_its_title_and_headers() -> None:
    exported = choice_csv(trial(), NAMES["fr"], "fr")
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))

    assert exported.startswith("\ufeff".encode())
    titles = [rows[0][0]] + [rows[i + 1][0] for i, row in enumerate(rows[:-1]) if row == []]
    assert titles == [
        "Recommandation", "Suites candidates", "Composantes de la note",
        "Notes des pilotes par catégorie", "Commentaires des pilotes",
    ]  # fmt: skip
    candidates = rows.index(["Suites candidates"])
    assert rows[candidates + 1][:3] == ["Rang", "Suite", "Besoins couverts"]
    assert rows[candidates + 2][-1] == "9,0/10"


def test_each_sheet_of_the_spreadsheet_starts_with_its_headers() -> None:
    document = load(io.BytesIO(choice_ods(trial(), NAMES["en"], "en")))
    sheets = document.spreadsheet.getElementsByType(OdsTable)

    assert [s.getAttribute("name") for s in sheets] == [
        "Recommendation", "Candidate suites", "Components of the score",
        "Pilots' ratings by category", "Pilots' comments",
    ]  # fmt: skip
    first_row = sheets[1].getElementsByType(TableRow)[0]
    assert [str(p) for p in first_row.getElementsByType(P)][:2] == ["Rank", "Suite"]


def test_the_chart_is_a_png_even_with_a_dollar_in_a_name() -> None:
    dollars = suite("alpha", "Suite $x$ à 1 $")
    png = choice_chart_png(report([dollars, GAMMA]), "Choix $", "fr")

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert choice_chart_png(report([]), TITLE, "en").startswith(b"\x89PNG")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_kind_of_line_is_well_written(language: Language) -> None:
    from tests.unit.conversations.test_texts import problems

    beta = suite(
        "beta",
        "Suite Bêta",
        country="DE",
        hosting=Hosting.EU,
        certifications=("ISO 27001",),
        support=Support("à distance", in_french=True),
    )
    reports = [
        trial(),
        report([ALPHA, BETA]),
        report([GAMMA, suite("delta", "Suite Delta", covers=(VISIO, GED))]),
        report(
            [ALPHA, beta], [*pilots("alpha", *[(5, 7, 7)] * 3), *pilots("beta", *[(9, 7, 7)] * 3)]
        ),
        under_threshold(),
        report([]),
    ]
    found = []
    for result in reports:
        found += problems(recommendation_line(result, language, NAMES[language]), language)
        for note in choice_notes(result, language):
            found += problems(note, language)
    assert found == []
