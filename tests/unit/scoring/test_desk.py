"""Phase 2's desk tables: the needs with the bar each sets, and the candidate suites with
their coverage, law, hosting, exposure to extra-European laws, the other headings public
buyers compare, support and cost, in the words a DGS reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.desk import (
    INCOMPLETE_MARK,
    LABELS,
    accessibility_label,
    certifications_label,
    cost_label,
    coverage_label,
    deployment_label,
    desk_notes,
    desk_table,
    distribution_label,
    economic_model_label,
    euros,
    exposure_label,
    hosting_label,
    law_label,
    monthly_price_label,
    needs_table,
    out_of_ten,
    publisher_label,
    purchasing_label,
    reversibility_label,
    support_label,
)
from scoring.needs import Need
from scoring.render import html_table, plain_table, tables_message
from scoring.suites import (
    Accessibility,
    Coverage,
    Deployment,
    Distribution,
    Hosting,
    Suite,
    Support,
    desk_comparison,
)
from scoring.tables import NNBSP

NBSP = "\u00a0"
CATEGORIES = {
    "visioconference": "visioconférence",
    "messagerie": "messagerie instantanée",
    "agenda": "agenda partagé",
    "questionnaire": "questionnaire",
    "sondage": "sondage",
    "gestion_projet": "gestion de projet",
    "reservation": "réservation de matériel ou de salle",
    "planification": "planification de tâches",
    "ged": "gestion électronique des documents (GED)",
}
CRITERIA = {"efficacite": "efficacité", "cout": "coût", "securite": "sécurité"}


def suite(**changes: object) -> Suite:
    fields: dict[str, object] = {
        "key": "delta",
        "name": "Suite Delta",
        "publisher": "Delta SAS",
        "publisher_country": "FR",
        "hosting": Hosting.FRANCE,
        "support": Support("Lyon", in_french=True, hours="9 h–17 h", country="FR"),
    }
    return Suite(**(fields | changes))  # type: ignore[arg-type]


def modules(*keys: str) -> tuple[tuple[str, str], ...]:
    return tuple((key, f"module {key}") for key in keys)


# As in suites.example.toml (tests/unit/bot/handlers/test_choice.py reads the file itself).
EXAMPLE = (
    Suite(
        "alpha", "Suite Alpha (fictive)", "Éditeur Alpha (fictif)", "FR", Hosting.FRANCE,
        Support("Rennes", True, "lundi–vendredi 8 h 30–18 h", "FR"), ("SecNumCloud",),
        Decimal("6.5"), modules(*CATEGORIES),
        distribution=Distribution.FREE_SOFTWARE,
        deployment=(Deployment.ON_PREMISES, Deployment.CLOUD),
        economic_model="abonnement par agent et par mois, ou sur site sans licence, support payant",
        purchasing=("UGAP",), accessibility=Accessibility.PARTIALLY_COMPLIANT,
        reversibility="export de toutes les données en formats ouverts (ODF, CSV, iCalendar)",
    ),
    Suite(
        "beta", "Suite Bêta (fictive)", "Beta GmbH (fictive)", "DE", Hosting.EU,
        Support("à distance", True, "lundi–vendredi 9 h–17 h"), ("ISO 27001",), None,
        modules("visioconference", "messagerie", "agenda", "questionnaire", "sondage",
                "planification", "ged"),
        distribution=Distribution.HYBRID, deployment=(Deployment.CLOUD,),
        economic_model="abonnement annuel par utilisateur, administration avancée en option",
        purchasing=(),
        reversibility="documents en ODF, agendas en iCalendar, messages exportés sur demande",
    ),
    Suite(
        "gamma", "Suite Gamma (fictive)", "Gamma Inc. (fictive)", "US", Hosting.OUTSIDE_EU,
        Support("Dublin", False, "", "IE"), (), Decimal("4.0"),
        modules("visioconference", "messagerie", "agenda", "gestion_projet", "ged"),
        distribution=Distribution.PROPRIETARY, deployment=(Deployment.CLOUD,),
        economic_model="abonnement mensuel par utilisateur, engagement d'un an",
        accessibility=Accessibility.NOT_COMPLIANT,
        reversibility="export dans les formats de l'éditeur, sur demande au support",
    ),
)  # fmt: skip


# --- one fact, in words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "french", "english"),
    [
        (Decimal("23400"), f"23{NNBSP}400{NNBSP}€", "€23,400"),
        (Decimal("234"), f"234{NNBSP}€", "€234"),
        (Decimal("1234567.5"), f"1{NNBSP}234{NNBSP}568{NNBSP}€", "€1,234,568"),  # half up
        (Decimal("0"), f"0{NNBSP}€", "€0"),
    ],
)
def test_euros_are_whole_and_grouped_by_thousands_with_narrow_spaces_in_french(
    amount: Decimal, french: str, english: str
) -> None:
    assert euros(amount, "fr") == french
    assert euros(amount, "en") == english


def test_a_monthly_price_keeps_its_cents() -> None:
    assert euros(Decimal("6.5"), "fr", cents=True) == f"6,50{NNBSP}€"
    assert euros(Decimal("6.5"), "en", cents=True) == "€6.50"
    priced = suite(price_per_user_month=Decimal("6.5"))
    assert monthly_price_label(priced, "fr") == f"6,50{NNBSP}€{NBSP}HT par agent et par mois"
    assert monthly_price_label(suite(), "fr") == "prix non communiqué"


def test_a_yearly_cost_is_said_excluding_tax_or_not_disclosed() -> None:
    assert cost_label(Decimal("23400"), "fr") == f"23{NNBSP}400{NNBSP}€{NBSP}HT/an"
    assert cost_label(Decimal("23400"), "en") == "€23,400 excl. tax a year"
    assert cost_label(None, "fr") == "prix non communiqué"
    assert cost_label(None, "en") == "price not disclosed"


@pytest.mark.parametrize(
    ("country", "french", "english"),
    [
        ("FR", "France", "France"),
        ("DE", "UE (DE)", "EU (DE)"),
        ("GR", "UE (GR)", "EU (GR)"),
        ("US", "hors UE (US)", "outside the EU (US)"),
        ("CH", "hors UE (CH)", "outside the EU (CH)"),  # Switzerland is not in the EU
    ],
)
def test_the_law_a_publisher_falls_under(country: str, french: str, english: str) -> None:
    assert law_label(country, "fr") == french
    assert law_label(country, "en") == english


def test_hosting_publisher_certifications_and_support_in_words() -> None:
    assert [hosting_label(h, "fr") for h in Hosting] == ["en France", "dans l'UE", "hors UE"]
    assert [hosting_label(h, "en") for h in Hosting] == ["in France", "in the EU", "outside the EU"]
    assert publisher_label(suite(publisher_country="DE"), "fr") == "Delta SAS, UE (DE)"
    assert certifications_label(("SecNumCloud", "HDS"), "fr") == "SecNumCloud, HDS"
    assert certifications_label((), "fr") == "aucune"
    assert certifications_label((), "en") == "none"
    assert support_label(Support("Rennes", True, "lundi–vendredi"), "fr") == (
        "Rennes, en français, lundi–vendredi"
    )
    assert support_label(Support("Dublin", False), "fr") == "Dublin, pas en français"
    assert support_label(Support("Dublin", False, country="IE"), "en") == (
        "Dublin (IE), not in French"  # a team abroad says its country
    )
    assert support_label(Support("Rennes", True, country="FR"), "fr") == "Rennes, en français"


@pytest.mark.parametrize(
    ("country", "hosting", "french", "english"),
    [
        ("FR", Hosting.FRANCE, "aucune", "none"),
        ("US", Hosting.FRANCE, "par l'éditeur (US)", "through the publisher (US)"),
        ("DE", Hosting.OUTSIDE_EU, "par l'hébergement hors UE",
         "through the hosting outside the EU"),
        ("US", Hosting.OUTSIDE_EU, "par l'éditeur (US) et l'hébergement hors UE",
         "through the publisher (US) and the hosting outside the EU"),
    ],
)  # fmt: skip
def test_the_exposure_to_extra_european_laws_says_through_what(
    country: str, hosting: Hosting, french: str, english: str
) -> None:
    rows = desk_comparison([suite(publisher_country=country, hosting=hosting)], ["agenda"], 1)
    (row,) = rows

    assert exposure_label(row.suite, row.exposure, "fr") == french
    assert exposure_label(row.suite, row.exposure, "en") == english


def test_the_buyers_headings_in_words() -> None:
    assert [distribution_label(d, "fr") for d in Distribution] == [
        "logiciel libre", "propriétaire", "hybride (libre et propriétaire)",
    ]  # fmt: skip
    assert [distribution_label(d, "en") for d in Distribution] == [
        "free software", "proprietary", "hybrid (free and proprietary)",
    ]  # fmt: skip
    both = suite(deployment=(Deployment.ON_PREMISES, Deployment.CLOUD))
    assert deployment_label(both, "fr") == "sur site ou cloud"
    assert deployment_label(both, "en") == "on premises or cloud"
    assert deployment_label(suite(deployment=(Deployment.CLOUD,)), "fr") == "cloud"
    assert [accessibility_label(a, "fr") for a in Accessibility] == [
        "totalement conforme", "partiellement conforme", "non conforme",
    ]  # fmt: skip
    assert [accessibility_label(a, "en") for a in Accessibility] == [
        "fully compliant", "partially compliant", "not compliant",
    ]  # fmt: skip
    assert purchasing_label(suite(purchasing=("UGAP", "CAIH")), "fr") == "UGAP, CAIH"
    assert purchasing_label(suite(purchasing=()), "fr") == "aucune"  # none lists it
    assert economic_model_label(suite(economic_model="abonnement"), "fr") == "abonnement"
    assert reversibility_label(suite(reversibility="export ODF"), "en") == "export ODF"


def test_a_heading_the_catalogue_does_not_state_is_said_so_not_guessed() -> None:
    silent = suite()

    assert distribution_label(silent.distribution, "fr") == "non précisée"
    assert accessibility_label(silent.accessibility, "fr") == "non précisée"  # not "non conforme"
    assert deployment_label(silent, "fr") == "non précisé"
    assert purchasing_label(silent, "fr") == "non précisé"  # unknown, not "aucune"
    assert economic_model_label(silent, "fr") == "non précisé"
    assert reversibility_label(silent, "fr") == "non précisée"
    in_english = {
        distribution_label(None, "en"), deployment_label(silent, "en"),
        purchasing_label(silent, "en"), reversibility_label(silent, "en"),
    }  # fmt: skip
    assert in_english == {"not stated"}


def test_a_coverage_names_what_is_missing_in_the_needs_order() -> None:
    whole = Coverage(("visioconference", "agenda"), ())
    partial = Coverage(("visioconference",), ("gestion_projet", "reservation"))

    assert coverage_label(whole, CATEGORIES, "fr") == "2/2"
    assert coverage_label(partial, CATEGORIES, "fr") == (
        f"1/3 — manque{NNBSP}: gestion de projet, réservation de matériel ou de salle"
    )
    assert coverage_label(partial, CATEGORIES, "en") == (
        "1/3 — missing: gestion de projet, réservation de matériel ou de salle"
    )
    assert coverage_label(Coverage((), ("inconnue",)), {}, "fr") == (
        f"0/1 — manque{NNBSP}: inconnue"  # a key the survey no longer has is still shown
    )


def test_a_score_out_of_ten_with_a_decimal_comma() -> None:
    assert out_of_ten(6.44, "fr") == "6,4/10"
    assert out_of_ten(6.44, "en") == "6.4/10"
    assert out_of_ten(None, "fr") == "—"


# --- the needs ---------------------------------------------------------------------------------


def test_the_needs_table_shows_each_need_with_the_bar_it_sets() -> None:
    found = (
        Need("visioconference", True, "Zoom", 6.44, ("cout", "securite")),
        Need("messagerie", True, None, None, ()),  # used by too few agents to be shown
        Need("agenda", False, None, None, ()),  # judged necessary
    )

    table = needs_table(found, CATEGORIES, CRITERIA, "fr")

    assert table.headers == (
        "Catégorie", "Besoin", "Meilleur outil actuel", "Note",
        "Points faibles (la barre à franchir)",
    )  # fmt: skip
    assert table.rows == (
        ("visioconférence", "utilisé", "Zoom", "6,4/10", "coût, sécurité"),
        ("messagerie instantanée", "utilisé", "trop peu d'utilisateurs pour le détailler",
         "—", "—"),
        ("agenda partagé", "jugé nécessaire (à acquérir)", "—", "—", "—"),
    )  # fmt: skip
    assert plain_table(table, "fr")[1] == (
        f"• visioconférence — Besoin{NNBSP}: utilisé · Meilleur outil actuel{NNBSP}: Zoom · "
        f"Note{NNBSP}: 6,4/10 · Points faibles (la barre à franchir){NNBSP}: coût, sécurité"
    )
    english = needs_table(found, CATEGORIES, CRITERIA, "en")
    assert english.rows[2][1] == "judged necessary (to acquire)"


def test_a_tool_name_typed_by_an_agent_is_escaped_in_the_html() -> None:
    found = (Need("visioconference", True, "<b>Zoom</b> & co", 7.0, ()),)

    plain, rich = tables_message(
        "Besoins <x>", [], [needs_table(found, CATEGORIES, CRITERIA)], "fr"
    )

    assert "<b>" not in rich and "&lt;b&gt;Zoom&lt;/b&gt; &amp; co" in rich
    assert "<h3>Besoins &lt;x&gt;</h3>" in rich
    assert "<b>Zoom</b> & co" in plain  # the plain text shows it as typed


# --- the comparison ----------------------------------------------------------------------------

NEEDED = ["visioconference", "messagerie", "agenda", "gestion_projet", "reservation", "ged"]


def test_the_example_catalogue_compared_for_300_agents() -> None:
    rows = desk_comparison(EXAMPLE, NEEDED, 300)

    table = desk_table(rows, CATEGORIES, "fr", agents=300)

    assert table.headers == (
        "Suite", "Besoins couverts", "Éditeur", "Hébergement",
        "Exposition aux lois extra-européennes", "Distribution", "Déploiement",
        "Certifications", "Accessibilité (RGAA)", "Réversibilité", "Centrales d'achat public",
        "Modèle économique", "Support", "Coût annuel estimé",
    )  # fmt: skip
    assert [row[0] for row in table.rows] == [
        "Suite Alpha (fictive)",  # covers every need
        "Suite Gamma (fictive)",  # 5/6: misses the booking
        "Suite Bêta (fictive)",  # 4/6
    ]
    alpha, gamma, beta = table.rows
    assert alpha == (
        "Suite Alpha (fictive)",
        "6/6",
        "Éditeur Alpha (fictif), France",
        "en France",
        "aucune",
        "logiciel libre",
        "sur site ou cloud",
        "SecNumCloud",
        "partiellement conforme",
        "export de toutes les données en formats ouverts (ODF, CSV, iCalendar)",
        "UGAP",
        "abonnement par agent et par mois, ou sur site sans licence, support payant",
        "Rennes, en français, lundi–vendredi 8 h 30–18 h",
        f"23{NNBSP}400{NNBSP}€{NBSP}HT/an",  # 6,50 € × 12 months × 300 agents
    )
    assert gamma[1] == (
        f"{INCOMPLETE_MARK} 5/6 — manque{NNBSP}: réservation de matériel ou de salle"
    )
    assert gamma[2:] == (
        "Gamma Inc. (fictive), hors UE (US)",
        "hors UE",
        "par l'éditeur (US) et l'hébergement hors UE",
        "propriétaire",
        "cloud",
        "aucune",
        "non conforme",
        "export dans les formats de l'éditeur, sur demande au support",
        "non précisé",  # the catalogue does not say which purchasing body lists it
        "abonnement mensuel par utilisateur, engagement d'un an",
        "Dublin (IE), pas en français",
        f"14{NNBSP}400{NNBSP}€{NBSP}HT/an",  # 4 € × 12 × 300
    )
    assert beta[1] == (
        f"{INCOMPLETE_MARK} 4/6 — manque{NNBSP}: gestion de projet, réservation de matériel "
        "ou de salle"
    )
    assert beta[2:6] == ("Beta GmbH (fictive), UE (DE)", "dans l'UE", "aucune",
                         "hybride (libre et propriétaire)")  # fmt: skip
    assert beta[8] == "non précisée"  # no accessibility statement given
    assert beta[10] == "aucune"  # purchasing = []: no purchasing body lists it
    assert beta[-1] == "prix non communiqué"


def test_the_chat_version_shows_the_exposure_only_under_a_short_header() -> None:
    rows = desk_comparison(EXAMPLE, NEEDED, 300)

    chat = desk_table(rows, CATEGORIES, "fr", agents=300).in_chat()

    assert chat.headers == (
        "Suite", "Besoins couverts", "Éditeur", "Hébergement", "Lois extra-UE",
        "Certifications", "Support", "Coût annuel estimé",
    )  # fmt: skip
    assert chat.rows[1] == (
        "Suite Gamma (fictive)",
        f"{INCOMPLETE_MARK} 5/6 — manque{NNBSP}: réservation de matériel ou de salle",
        "Gamma Inc. (fictive), hors UE (US)",
        "hors UE",
        "par l'éditeur (US) et l'hébergement hors UE",
        "aucune",
        "Dublin (IE), pas en français",
        f"14{NNBSP}400{NNBSP}€{NBSP}HT/an",
    )
    assert plain_table(chat, "fr")[1].startswith(
        f"• Suite Alpha (fictive) — Besoins couverts{NNBSP}: 6/6 · Éditeur{NNBSP}: Éditeur "
        f"Alpha (fictif), France · Hébergement{NNBSP}: en France · Lois "
        f"extra-UE{NNBSP}: aucune · Certifications{NNBSP}: SecNumCloud · "
    )


def test_the_comparison_in_english() -> None:
    rows = desk_comparison(EXAMPLE, NEEDED, 300)

    table = desk_table(rows, CATEGORIES, "en", agents=300)

    assert table.headers[4:12] == (
        "Exposure to extra-European laws", "Distribution", "Deployment", "Certifications",
        "Accessibility (RGAA)", "Reversibility", "Public purchasing bodies", "Economic model",
    )  # fmt: skip
    alpha, gamma, beta = table.rows
    assert alpha[4:9] == ("none", "free software", "on premises or cloud", "SecNumCloud",
                          "partially compliant")  # fmt: skip
    assert gamma[4:7] == ("through the publisher (US) and the hosting outside the EU",
                          "proprietary", "cloud")  # fmt: skip
    assert (beta[8], beta[10]) == ("not stated", "none")
    assert table.in_chat().headers[4:6] == ("Non-EU laws", "Certifications")


def test_without_the_number_of_agents_the_cost_is_per_agent_and_month() -> None:
    rows = desk_comparison(EXAMPLE, NEEDED, 0)

    table = desk_table(rows, CATEGORIES, "fr", agents=None)

    assert table.rows[0][-1] == f"6,50{NNBSP}€{NBSP}HT par agent et par mois"
    assert table.in_chat().rows[0][-1] == table.rows[0][-1]
    assert desk_notes(rows, None, "fr")[-1] == (
        f"Nombre d'agents inconnu{NNBSP}: le coût est donné par agent et par mois, hors taxes."
    )


def test_the_notes_explain_the_mark_the_exposure_and_the_cost_basis() -> None:
    incomplete = desk_comparison(EXAMPLE, NEEDED, 12_500)
    complete = desk_comparison(EXAMPLE[:1], NEEDED, 12_500)

    assert desk_notes(incomplete, 12_500, "fr") == [
        f"⚠️{NNBSP}: ne couvre pas tous les besoins — la méthode retient une seule suite qui "
        "les couvre tous.",
        f"Exposition aux lois extra-européennes{NNBSP}: un éditeur établi hors de l'UE reste "
        "soumis aux lois de son pays où que soient hébergées les données (ainsi le Cloud Act "
        f"américain){NNBSP}; des données hébergées hors de l'UE relèvent aussi du droit du "
        "pays qui les accueille.",
        f"Coût annuel estimé pour 12{NNBSP}500 agents{NNBSP}: prix par agent et par mois × 12, "
        "hors taxes.",
    ]
    # Alpha alone, French and hosted in France: nothing to explain about exposure.
    assert desk_notes(complete, 12_500, "en") == [
        "Estimated yearly cost for 12,500 agents: price per user a month × 12, excluding tax."
    ]


def test_a_suite_name_from_the_catalogue_is_escaped_in_the_html() -> None:
    rows = desk_comparison([suite(name="<script>Delta</script>")], ["agenda"], 10)

    rendered = html_table(desk_table(rows, CATEGORIES, "fr", agents=10))

    assert "<script>" not in rendered and "&lt;script&gt;Delta&lt;/script&gt;" in rendered


def test_both_languages_have_the_same_labels() -> None:
    assert set(LABELS["fr"]) == set(LABELS["en"])
