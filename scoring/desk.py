"""Phase 2's desk work as tables: the needs read from the evaluation (`!choix besoins`) and
the candidate suites set against them (`!choix comparer`), before any pilot trial.

Pure: records in (`scoring.needs.Need`, `scoring.suites.DeskRow`), `Table`s out, rendered
by `scoring.render.tables_message` like the report. The small formatters (euros, a
coverage, a hosting, a support, the buyers' headings) are public so that the
recommendation's tables say the same facts in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from .needs import Need
from .suites import (
    EU_COUNTRIES,
    Accessibility,
    Coverage,
    DeskRow,
    Distribution,
    Exposure,
    Hosting,
    Suite,
    Support,
)
from .tables import NNBSP, Language, Table, number

__all__ = [
    "INCOMPLETE_MARK", "LABELS", "accessibility_label", "certifications_label", "cost_label",
    "coverage_label", "deployment_label", "desk_notes", "desk_table", "distribution_label",
    "economic_model_label", "euros", "exposure_label", "hosting_label", "law_label",
    "monthly_price_label", "needs_table", "out_of_ten", "publisher_label", "purchasing_label",
    "reversibility_label", "support_label",
]  # fmt: skip

# Before the coverage of a suite that leaves a need uncovered: shown, not hidden.
INCOMPLETE_MARK = "⚠️"

LABELS: dict[Language, dict[str, str]] = {
    "fr": {
        "needs": "Besoins", "category": "Catégorie", "need": "Besoin",
        "in_use": "utilisé", "to_acquire": "jugé nécessaire (à acquérir)",
        "best": "Meilleur outil actuel", "score": "Note",
        "weakest": "Points faibles (la barre à franchir)",
        "too_few": "trop peu d'utilisateurs pour le détailler",
        "comparison": "Suites candidates", "suite": "Suite", "coverage": "Besoins couverts",
        "publisher": "Éditeur", "hosting": "Hébergement", "certifications": "Certifications",
        "support": "Support", "cost": "Coût annuel estimé",
        "exposure": "Exposition aux lois extra-européennes", "distribution": "Distribution",
        "exposure_short": "Lois extra-UE",
        "deployment": "Déploiement", "economic_model": "Modèle économique",
        "purchasing": "Centrales d'achat public", "accessibility": "Accessibilité (RGAA)",
        "reversibility": "Réversibilité",
        "missing": "manque\u202f: {categories}",
        "france": "France", "eu": "UE ({country})", "outside_eu": "hors UE ({country})",
        "hosted_france": "en France", "hosted_eu": "dans l'UE", "hosted_outside_eu": "hors UE",
        "no_certification": "aucune", "in_french": "en français",
        "not_in_french": "pas en français",
        "per_year": "{amount}\u00a0HT/an",
        "per_user_month": "{amount}\u00a0HT par agent et par mois",
        "unknown_price": "prix non communiqué",
        "exposure_none": "aucune", "exposure_publisher": "par l'éditeur ({country})",
        "exposure_hosting": "par l'hébergement hors UE",
        "exposure_publisher_and_hosting": "par l'éditeur ({country}) et l'hébergement hors UE",
        "distribution_libre": "logiciel libre", "distribution_proprietaire": "propriétaire",
        "distribution_hybride": "hybride (libre et propriétaire)",
        "deployment_sur_site": "sur site", "deployment_cloud": "cloud", "or": "ou",
        "accessibility_totale": "totalement conforme",
        "accessibility_partielle": "partiellement conforme",
        "accessibility_non_conforme": "non conforme",
        "no_purchasing": "aucune",
        "not_stated": "non précisé", "not_stated_feminine": "non précisée",
        "exposure_note": (
            "Exposition aux lois extra-européennes\u202f: un éditeur établi hors de l'UE reste "
            "soumis aux lois de son pays où que soient hébergées les données (ainsi le Cloud "
            "Act américain)\u202f; des données hébergées hors de l'UE relèvent aussi du droit "
            "du pays qui les accueille."
        ),
        "incomplete": (
            "⚠️\u202f: ne couvre pas tous les besoins — la méthode retient une seule suite "
            "qui les couvre tous."
        ),
        "cost_basis": (
            "Coût annuel estimé pour {agents} agents\u202f: prix par agent et par mois × 12, "
            "hors taxes."
        ),
        "no_agents": (
            "Nombre d'agents inconnu\u202f: le coût est donné par agent et par mois, hors taxes."
        ),
    },
    "en": {
        "needs": "Needs", "category": "Category", "need": "Need",
        "in_use": "in use", "to_acquire": "judged necessary (to acquire)",
        "best": "Best tool today", "score": "Score",
        "weakest": "Weak points (the bar to clear)",
        "too_few": "too few users to detail it",
        "comparison": "Candidate suites", "suite": "Suite", "coverage": "Needs covered",
        "publisher": "Publisher", "hosting": "Hosting", "certifications": "Certifications",
        "support": "Support", "cost": "Estimated yearly cost",
        "exposure": "Exposure to extra-European laws", "distribution": "Distribution",
        "exposure_short": "Non-EU laws",
        "deployment": "Deployment", "economic_model": "Economic model",
        "purchasing": "Public purchasing bodies", "accessibility": "Accessibility (RGAA)",
        "reversibility": "Reversibility",
        "missing": "missing: {categories}",
        "france": "France", "eu": "EU ({country})", "outside_eu": "outside the EU ({country})",
        "hosted_france": "in France", "hosted_eu": "in the EU",
        "hosted_outside_eu": "outside the EU",
        "no_certification": "none", "in_french": "in French", "not_in_french": "not in French",
        "per_year": "{amount} excl. tax a year",
        "per_user_month": "{amount} excl. tax per user a month",
        "unknown_price": "price not disclosed",
        "exposure_none": "none", "exposure_publisher": "through the publisher ({country})",
        "exposure_hosting": "through the hosting outside the EU",
        "exposure_publisher_and_hosting": (
            "through the publisher ({country}) and the hosting outside the EU"
        ),
        "distribution_libre": "free software", "distribution_proprietaire": "proprietary",
        "distribution_hybride": "hybrid (free and proprietary)",
        "deployment_sur_site": "on premises", "deployment_cloud": "cloud", "or": "or",
        "accessibility_totale": "fully compliant",
        "accessibility_partielle": "partially compliant",
        "accessibility_non_conforme": "not compliant",
        "no_purchasing": "none",
        "not_stated": "not stated", "not_stated_feminine": "not stated",
        "exposure_note": (
            "Exposure to extra-European laws: a publisher established outside the EU remains "
            "subject to the laws of its country wherever the data is hosted (the US CLOUD Act, "
            "for one); data hosted outside the EU also falls under the law of the country "
            "that holds it."
        ),
        "incomplete": (
            "⚠️: does not cover every need — the method retains one suite that covers them all."
        ),
        "cost_basis": (
            "Estimated yearly cost for {agents} agents: price per user a month × 12, "
            "excluding tax."
        ),
        "no_agents": (
            "Number of agents unknown: the cost is given per user a month, excluding tax."
        ),
    },
}  # fmt: skip


# --------------------------------------------------------------------- one fact, in words


def euros(amount: Decimal, language: Language = "fr", *, cents: bool = False) -> str:
    """ "23 400 €" (narrow no-break spaces between thousands and before €), "€23,400" in
    English; whole euros, rounded half up, unless `cents` ("6,50 €")."""
    rounded = amount.quantize(Decimal("0.01") if cents else Decimal(1), rounding=ROUND_HALF_UP)
    shown = f"{rounded:,.2f}" if cents else f"{rounded:,.0f}"
    if language == "fr":
        return shown.replace(",", NNBSP).replace(".", ",") + f"{NNBSP}€"
    return f"€{shown}"


def cost_label(yearly: Decimal | None, language: Language = "fr") -> str:
    """ "23 400 € HT/an", or « prix non communiqué »."""
    labels = LABELS[language]
    if yearly is None:
        return labels["unknown_price"]
    return labels["per_year"].format(amount=euros(yearly, language))


def monthly_price_label(suite: Suite, language: Language = "fr") -> str:
    """ "6,50 € HT par agent et par mois", or « prix non communiqué »."""
    labels = LABELS[language]
    if suite.price_per_user_month is None:
        return labels["unknown_price"]
    amount = euros(suite.price_per_user_month, language, cents=True)
    return labels["per_user_month"].format(amount=amount)


def law_label(country: str, language: Language = "fr") -> str:
    """The law a publisher falls under: « France », « UE (DE) », « hors UE (US) »."""
    labels = LABELS[language]
    if country == "FR":
        return labels["france"]
    key = "eu" if country in EU_COUNTRIES else "outside_eu"
    return labels[key].format(country=country)


def publisher_label(suite: Suite, language: Language = "fr") -> str:
    """ "Éditeur Alpha, France"."""
    return f"{suite.publisher}, {law_label(suite.publisher_country, language)}"


def hosting_label(hosting: Hosting, language: Language = "fr") -> str:
    """« en France », « dans l'UE », « hors UE »."""
    return LABELS[language][f"hosted_{hosting.value}"]


def certifications_label(certifications: Sequence[str], language: Language = "fr") -> str:
    return ", ".join(certifications) or LABELS[language]["no_certification"]


def support_label(support: Support, language: Language = "fr") -> str:
    """ "Rennes, en français, lundi–vendredi 8 h 30–18 h"; a team abroad says its country:
    "Dublin (IE), pas en français"."""
    labels = LABELS[language]
    spoken = labels["in_french"] if support.in_french else labels["not_in_french"]
    country = (support.country or "").upper()
    where = f"{support.where} ({country})" if country and country != "FR" else support.where
    return ", ".join(part for part in (where, spoken, support.hours) if part)


def exposure_label(suite: Suite, exposure: Exposure, language: Language = "fr") -> str:
    """« aucune », « par l'éditeur (US) », « par l'hébergement hors UE », or both."""
    return LABELS[language][f"exposure_{exposure.value}"].format(country=suite.publisher_country)


def distribution_label(distribution: Distribution | None, language: Language = "fr") -> str:
    """« logiciel libre », « propriétaire », « hybride (libre et propriétaire) »."""
    labels = LABELS[language]
    if distribution is None:
        return labels["not_stated_feminine"]
    return labels[f"distribution_{distribution.value}"]


def deployment_label(suite: Suite, language: Language = "fr") -> str:
    """« sur site », « cloud », « sur site ou cloud »."""
    labels = LABELS[language]
    ways = [labels[f"deployment_{way.value}"] for way in suite.deployment]
    return f" {labels['or']} ".join(ways) or labels["not_stated"]


def purchasing_label(suite: Suite, language: Language = "fr") -> str:
    """The purchasing bodies that list it ("UGAP"), « aucune », or « non précisé »."""
    labels = LABELS[language]
    if suite.purchasing is None:
        return labels["not_stated"]
    return ", ".join(suite.purchasing) or labels["no_purchasing"]


def accessibility_label(accessibility: Accessibility | None, language: Language = "fr") -> str:
    """The RGAA status: « totalement conforme », « partiellement conforme », « non
    conforme »; unknown when the catalogue does not state it."""
    labels = LABELS[language]
    if accessibility is None:
        return labels["not_stated_feminine"]
    return labels[f"accessibility_{accessibility.value}"]


def economic_model_label(suite: Suite, language: Language = "fr") -> str:
    return suite.economic_model or LABELS[language]["not_stated"]


def reversibility_label(suite: Suite, language: Language = "fr") -> str:
    return suite.reversibility or LABELS[language]["not_stated_feminine"]


def coverage_label(
    coverage: Coverage, categories: Mapping[str, str], language: Language = "fr"
) -> str:
    """ "9/9", or "7/9 — manque : gestion de projet, réservation" (`categories`: key ->
    name as shown)."""
    shown = f"{len(coverage.covered)}/{coverage.needed}"
    if coverage.complete:
        return shown
    names = ", ".join(categories.get(key, key) for key in coverage.missing)
    return f"{shown} — {LABELS[language]['missing'].format(categories=names)}"


def out_of_ten(value: float | None, language: Language = "fr") -> str:
    """ "6,4/10", or "—" when there is no figure."""
    return "—" if value is None else f"{number(value, language)}/10"


# --------------------------------------------------------------------- the tables


def needs_table(
    needs: Sequence[Need],
    categories: Mapping[str, str],
    criteria: Mapping[str, str],
    language: Language = "fr",
) -> Table:
    """Each need: its category, whether it is in use or to acquire, today's best tool, its
    score and its weak points (`categories`, `criteria`: key -> name as shown)."""
    labels = LABELS[language]

    def best(need: Need) -> str:
        if need.best_tool is not None:
            return need.best_tool
        return labels["too_few"] if need.in_use else "—"

    return Table(
        "needs",
        labels["needs"],
        (labels["category"], labels["need"], labels["best"], labels["score"], labels["weakest"]),
        tuple(
            (
                categories.get(need.category, need.category),
                labels["in_use"] if need.in_use else labels["to_acquire"],
                best(need),
                out_of_ten(need.best_overall, language),
                ", ".join(criteria.get(key, key) for key in need.weakest) or "—",
            )
            for need in needs
        ),
    )


def desk_table(
    rows: Sequence[DeskRow],
    categories: Mapping[str, str],
    language: Language = "fr",
    *,
    agents: int | None,
) -> Table:
    """Every candidate in the order given (`desk_comparison`'s: those covering every need
    first), one that leaves a need uncovered marked; the cost for `agents` a year, or per
    agent a month when their number is not known (None or 0). Every heading of the
    catalogue; in chat, the exposure to extra-European laws besides the coverage,
    publisher, hosting, certifications, support and cost (nine columns broke words at a
    desktop client's usual width)."""
    labels = LABELS[language]

    def coverage(row: DeskRow) -> str:
        shown = coverage_label(row.coverage, categories, language)
        return shown if row.coverage.complete else f"{INCOMPLETE_MARK} {shown}"

    def cost(row: DeskRow) -> str:
        if not agents:
            return monthly_price_label(row.suite, language)
        return cost_label(row.yearly_cost, language)

    def cells(row: DeskRow) -> dict[str, str]:
        suite = row.suite
        return {
            "suite": suite.name,
            "coverage": coverage(row),
            "publisher": publisher_label(suite, language),
            "hosting": hosting_label(suite.hosting, language),
            "exposure": exposure_label(suite, row.exposure, language),
            "distribution": distribution_label(suite.distribution, language),
            "deployment": deployment_label(suite, language),
            "certifications": certifications_label(suite.certifications, language),
            "accessibility": accessibility_label(suite.accessibility, language),
            "reversibility": reversibility_label(suite, language),
            "purchasing": purchasing_label(suite, language),
            "economic_model": economic_model_label(suite, language),
            "support": support_label(suite.support, language),
            "cost": cost(row),
        }

    by_row = [cells(row) for row in rows]

    def table(columns: Sequence[str], chat: Table | None = None) -> Table:
        # A chat's narrow columns take the short header where there is one.
        short = chat is None and columns == _CHAT_COLUMNS
        return Table(
            "comparison",
            labels["comparison"],
            tuple(labels.get(f"{c}_short", labels[c]) if short else labels[c] for c in columns),
            tuple(tuple(found[column] for column in columns) for found in by_row),
            chat=chat,
        )

    in_chat = table(_CHAT_COLUMNS)
    return table(_COLUMNS, chat=in_chat)


# The order of the comparison's columns: what the suite is and covers, its law, what it is,
# what is said of it, who helps, what it costs. A chat message has room for fewer.
_COLUMNS = (
    "suite", "coverage", "publisher", "hosting", "exposure", "distribution", "deployment",
    "certifications", "accessibility", "reversibility", "purchasing", "economic_model",
    "support", "cost",
)  # fmt: skip
_CHAT_COLUMNS = (
    "suite", "coverage", "publisher", "hosting", "exposure", "certifications", "support", "cost",
)  # fmt: skip


def desk_notes(rows: Sequence[DeskRow], agents: int | None, language: Language = "fr") -> list[str]:
    """What goes with the comparison: the mark of an incomplete suite, why a suite is
    exposed to extra-European laws, how the cost is reckoned."""
    labels = LABELS[language]
    found = []
    if any(not row.coverage.complete for row in rows):
        found.append(labels["incomplete"])
    if any(row.exposure.exposed for row in rows):
        found.append(labels["exposure_note"])
    if agents:
        found.append(labels["cost_basis"].format(agents=_grouped(agents, language)))
    else:
        found.append(labels["no_agents"])
    return found


def _grouped(count: int, language: Language) -> str:
    """12 500 (narrow no-break space) in French, 12,500 in English."""
    shown = f"{count:,}"
    return shown.replace(",", NNBSP) if language == "fr" else shown
