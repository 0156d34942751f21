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

from conversations.language import NBSP, NNBSP, Language

from .choice import (
    COMPONENTS,
    CRITERIA,
    Candidate,
    ChoiceReport,
    Component,
    Reasons,
    SuiteComments,
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
from .suites import Hosting, extra_eu_exposure
from .tables import Table, number

LABELS: dict[Language, dict[str, str]] = {
    "fr": {
        # tables
        "summary": "Recommandation", "summary_header": "Recommandation et remarques",
        "candidates": "Suites candidates",
        "components": "Composantes de la note", "trial": "Notes des pilotes par catégorie",
        "comments": "Commentaires des pilotes",
        "rank": "Rang", "suite": "Suite", "needs": "Besoins couverts", "publisher": "Éditeur",
        "hosting": "Hébergement", "certifications": "Certifications", "support": "Support",
        "cost": "Coût annuel", "pilots": "Pilotes", "score": "Note", "category": "Catégorie",
        "exposure": "Exposition aux lois extra-européennes", "distribution": "Distribution",
        "deployment": "Déploiement", "economic_model": "Modèle économique",
        "purchasing": "Centrales d'achat public", "accessibility": "Accessibilité (RGAA)",
        "reversibility": "Réversibilité",
        "criterion": "Critère", "mean": "Moyenne", "comment": "Commentaire",
        "said": "Pilotes l'ayant écrit",
        # cells
        "covered_missing": "{covered}/{needed} — manque\u202f: {missing}",
        "out_of_ten": "{score}/10", "tied_rank": "{rank} (ex æquo)",
        "not_retained": "non retenue\u202f: ne couvre pas {missing}",
        "not_retained_short": "non retenue",
        "hidden": "moins de {threshold}",
        "hidden_comments_one": "1 commentaire — masqué\u202f: moins de {threshold} pilotes",
        "hidden_comments": "{count} commentaires — masqués\u202f: moins de {threshold} pilotes",
        "weighted": "{name} (×{weight})",
        # the trial's criteria and the score's components
        "simplicite": "simplicité de prise en main", "efficacite": "efficacité",
        "securite": "sécurité perçue",
        "security": "sécurité", "simplicity": "prise en main", "sovereignty": "souveraineté",
        "proximity": "proximité du support", "efficiency": "efficacité", "cost_component": "coût",
        "the_security": "la sécurité", "the_simplicity": "la prise en main",
        "the_sovereignty": "la souveraineté", "the_proximity": "la proximité du support",
        "the_efficiency": "l'efficacité", "the_cost": "le coût",
        # notes
        "answered": "Pilotes ayant répondu\u202f: {count}.",
        "answered_invited": "Pilotes ayant répondu\u202f: {count} (invités\u202f: {invited}).",
        "answered_few": (
            "Moins de {threshold} pilotes ont répondu\u202f: aucune de leurs notes n'est donnée."
        ),
        "gate": (
            "Couvrir tous les besoins est une condition, pas un critère\u202f: une suite qui ne "
            "les couvre pas n'est pas notée."
        ),
        "method": (
            "Note sur 10, moyenne pondérée des composantes connues. Coût\u202f: 10 pour la "
            "moins chère des suites qui couvrent tous les besoins, moins à proportion du prix "
            "pour les autres."
        ),
        "without": "Note de {suite} calculée sans {components}.",
        "missing_pilots": "{component} (moins de {threshold} pilotes)",
        "missing_price": "{component} (prix inconnu)",
        "withheld": (
            "Par respect de l'anonymat, aucune note n'est donnée pour moins de {threshold} "
            "pilotes."
        ),
        "masked": (
            "«\u202f—\u202f»\u202f: non communiqué, pour qu'une note de moins de {threshold} "
            "pilotes ne se déduise pas de la moyenne de la suite."
        ),
        # the recommendation line
        "recommended": "Suite recommandée\u202f: {suite} ({score}/10) — {reasons}.",
        "recommended_unscored": "Suite recommandée\u202f: {suite} — {reasons}.",
        "covers": "couvre {covered}/{needed} {needs}", "need": "besoin", "needs_word": "besoins",
        "simplicity_shown": "prise en main {mean}/10 par {count} {pilots_word}",
        "pilot": "pilote", "pilots_word": "pilotes",
        "simplicity_none": "prise en main non notée (moins de {threshold} pilotes)",
        "from_FR": "éditeur français", "from_EU": "éditeur européen ({country})",
        "from_other": "éditeur hors UE ({country})",
        "hosted_france": "hébergée en France", "hosted_eu": "hébergée dans l'UE",
        "hosted_outside_eu": "hébergée hors de l'UE",
        "certified": "certifiée {names}", "uncertified": "sans certification",
        "support_near": "support à {where}",
        "support_french_abroad": "support en français à {where} ({country})",
        "support_french_remote": "support en français à distance",
        "support_other_near": "support à {where}, pas en français",
        "support_other_abroad": "support à {where} ({country}), pas en français",
        "support_other_remote": "support à distance, pas en français",
        "tie": (
            "Pas de suite recommandée\u202f: {suites} sont à égalité ({score}/10)\u202f; le "
            "choix revient à l'administrateur."
        ),
        "tie_unscored": (
            "Pas de suite recommandée\u202f: {suites} couvrent tous les besoins, sans note "
            "pour les départager\u202f; le choix revient à l'administrateur."
        ),
        "none_covers": (
            "Aucune suite ne couvre tous les besoins\u202f; la plus proche\u202f: {closest}."
        ),
        "none_covers_many": (
            "Aucune suite ne couvre tous les besoins\u202f; les plus proches\u202f: {closest}."
        ),
        "closest": "{suite} ({covered}/{needed} — manque\u202f: {missing})",
        "no_candidate": "Aucune suite candidate n'est décrite dans le catalogue.",
        "overtake": "{suite} passerait devant si sa note pour {component} gagnait {gain} {points}.",
        "point": "point", "points": "points",
        "no_overtake": "Même à 10 pour une seule composante, {suite} ne passerait pas devant.",
        "weight_change": (
            "Avec un poids de {weight} pour {component} (au lieu de {was}), {suite} serait "
            "recommandée."
        ),
        "lacking": "{suite} n'est pas retenue\u202f: elle ne couvre pas {missing}.",
        "and": "et", "nor": "ni",
    },
    "en": {
        "summary": "Recommendation", "summary_header": "Recommendation and remarks",
        "candidates": "Candidate suites",
        "components": "Components of the score", "trial": "Pilots' ratings by category",
        "comments": "Pilots' comments",
        "rank": "Rank", "suite": "Suite", "needs": "Needs covered", "publisher": "Publisher",
        "hosting": "Hosting", "certifications": "Certifications", "support": "Support",
        "cost": "Yearly cost", "pilots": "Pilots", "score": "Score", "category": "Category",
        "exposure": "Exposure to extra-European laws", "distribution": "Distribution",
        "deployment": "Deployment", "economic_model": "Economic model",
        "purchasing": "Public purchasing bodies", "accessibility": "Accessibility (RGAA)",
        "reversibility": "Reversibility",
        "criterion": "Criterion", "mean": "Mean", "comment": "Comment",
        "said": "Pilots who wrote it",
        "covered_missing": "{covered}/{needed} — missing: {missing}",
        "out_of_ten": "{score}/10", "tied_rank": "{rank} (tie)",
        "not_retained": "not retained: does not cover {missing}",
        "not_retained_short": "not retained",
        "hidden": "fewer than {threshold}",
        "hidden_comments_one": "1 comment — hidden: fewer than {threshold} pilots",
        "hidden_comments": "{count} comments — hidden: fewer than {threshold} pilots",
        "weighted": "{name} (×{weight})",
        "simplicite": "ease of getting started", "efficacite": "effectiveness",
        "securite": "perceived security",
        "security": "security", "simplicity": "ease of getting started",
        "sovereignty": "sovereignty", "proximity": "nearby support", "efficiency": "effectiveness",
        "cost_component": "cost",
        "the_security": "security", "the_simplicity": "ease of getting started",
        "the_sovereignty": "sovereignty", "the_proximity": "nearby support",
        "the_efficiency": "effectiveness", "the_cost": "cost",
        "answered": "Pilots who answered: {count}.",
        "answered_invited": "Pilots who answered: {count} (invited: {invited}).",
        "answered_few": "Fewer than {threshold} pilots answered: none of their ratings is shown.",
        "gate": (
            "Covering every need is a condition, not a criterion: a suite that does not cover "
            "them is not scored."
        ),
        "method": (
            "Score out of 10, the weighted mean of the components known. Cost: 10 for the "
            "cheapest of the suites that cover every need, less in proportion to the price "
            "for the others."
        ),
        "without": "{suite}'s score is computed without {components}.",
        "missing_pilots": "{component} (fewer than {threshold} pilots)",
        "missing_price": "{component} (price unknown)",
        "withheld": "To protect anonymity, no rating is shown for fewer than {threshold} pilots.",
        "masked": (
            "“—”: withheld, so that a rating of fewer than {threshold} pilots cannot be deduced "
            "from the suite's mean."
        ),
        "recommended": "Recommended suite: {suite} ({score}/10) — {reasons}.",
        "recommended_unscored": "Recommended suite: {suite} — {reasons}.",
        "covers": "covers {covered}/{needed} {needs}", "need": "need", "needs_word": "needs",
        "simplicity_shown": "ease of getting started {mean}/10 from {count} {pilots_word}",
        "pilot": "pilot", "pilots_word": "pilots",
        "simplicity_none": "ease of getting started not rated (fewer than {threshold} pilots)",
        "from_FR": "French publisher", "from_EU": "European publisher ({country})",
        "from_other": "publisher outside the EU ({country})",
        "hosted_france": "hosted in France", "hosted_eu": "hosted in the EU",
        "hosted_outside_eu": "hosted outside the EU",
        "certified": "certified {names}", "uncertified": "no certification",
        "support_near": "support in {where}",
        "support_french_abroad": "French-speaking support in {where} ({country})",
        "support_french_remote": "remote French-speaking support",
        "support_other_near": "support in {where}, not in French",
        "support_other_abroad": "support in {where} ({country}), not in French",
        "support_other_remote": "remote support, not in French",
        "tie": (
            "No single suite recommended: {suites} are tied ({score}/10); the decision is the "
            "administrator's."
        ),
        "tie_unscored": (
            "No single suite recommended: {suites} cover every need, with no score to tell them "
            "apart; the decision is the administrator's."
        ),
        "none_covers": "No suite covers every need; the closest: {closest}.",
        "none_covers_many": "No suite covers every need; the closest: {closest}.",
        "closest": "{suite} ({covered}/{needed} — missing: {missing})",
        "no_candidate": "The catalogue describes no candidate suite.",
        "overtake": "{suite} would move ahead if its {component} score gained {gain} {points}.",
        "point": "point", "points": "points",
        "no_overtake": "Even at 10 on any single component, {suite} would not move ahead.",
        "weight_change": (
            "With a weight of {weight} for {component} (instead of {was}), {suite} would be "
            "recommended."
        ),
        "lacking": "{suite} is not retained: it does not cover {missing}.",
        "and": "and", "nor": "or",
    },
}  # fmt: skip

_FROM = {"FR": "from_FR", "EU": "from_EU", "other": "from_other"}
_HOSTING = {Hosting.FRANCE: "france", Hosting.EU: "eu", Hosting.OUTSIDE_EU: "outside_eu"}


# ----------------------------------------------------------------------- small words


def _weight(value: float, language: Language) -> str:
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


def _quoted_none_of(names: Sequence[str], language: Language) -> str:
    """« « a », « b » ni « c » » (fr), “a”, “b” or “c” (en): what a suite does not cover."""
    if language == "fr":
        quoted = [f"«{NNBSP}{name}{NNBSP}»" for name in names]
    else:
        quoted = [f"“{name}”" for name in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {LABELS[language]['nor']} {quoted[-1]}"


def _names(keys: Sequence[str], category_names: Mapping[str, str]) -> list[str]:
    return [category_names.get(key, key) for key in keys]


def _escape_dollars(text: str) -> str:
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
    verdict, changes = _line(report, language, category_names or {})
    return " ".join([verdict, *changes])


def _line(
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
                missing=", ".join(_names(r.missing, names)),
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
                weight=_weight(change.weight, language),
                component=labels[f"the_{change.component}"],
                was=_weight(change.was, language),
                suite=name(change.leader),
            )
        )
    if verdict.kind != "none_covers":
        for lacking in verdict.lacking:
            sentences.append(
                labels["lacking"].format(
                    suite=name(lacking.suite),
                    missing=_quoted_none_of(_names(lacking.missing, names), language),
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
                weight=_weight(report.weights.of(k), language),
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
        missing=", ".join(_names(cover.missing, category_names)),
    )


def _pilots(pilots: int | None, threshold: int, language: Language) -> str:
    return LABELS[language]["hidden"].format(threshold=threshold) if pilots is None else str(pilots)


def _score(candidate: Candidate, category_names: Mapping[str, str], language: Language) -> str:
    labels = LABELS[language]
    if not candidate.retained:
        missing = _quoted_none_of(_names(candidate.coverage.missing, category_names), language)
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
    verdict, changes = _line(report, language, category_names)
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
    verdict, changes = _line(report, language, category_names)
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
            weight=_weight(report.weights.of(component), language),
        )
        positions = [x + index * width for x in range(len(candidates))]
        values = [c.components[component] for c in candidates]
        axes.bar(
            [p for p, v in zip(positions, values, strict=True) if v is not None],
            [v for v in values if v is not None],
            width,
            label=_escape_dollars(name),
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
            _escape_dollars(
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
    axes.set_title(_escape_dollars(title))
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
