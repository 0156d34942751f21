"""The report as plain tables (title, headers, rows of text), shared by every renderer:
the chat message, Markdown, CSV, the OpenDocument spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass

from conversations.language import NBSP, NNBSP, Language

from .records import ParticipationLine, Report

__all__ = [
    "LABELS", "NBSP", "NNBSP", "VERDICTS", "Language", "Table", "notes", "number", "percent",
    "report_tables",
]  # fmt: skip

# The report is French typography too: a narrow no-break space (espace fine insécable)
# before ":" and "%" (`NNBSP`, `NBSP` from `conversations.language`).

LABELS: dict[Language, dict[str, str]] = {
    "fr": {
        "ranking": "Classement", "gaps": "Manques", "problems": "Problèmes",
        "fragmentation": "Fragmentation", "recommendations": "Recommandations",
        "participation": "Participation", "category": "Catégorie", "tool": "Outil",
        "n": "Répondants", "overall": "Note globale", "rank_category": "Rang (catégorie)",
        "rank_overall": "Rang (général)", "median": "Médiane", "spread": "Écart-type",
        "respondents": "Répondants", "without": "Sans outil", "needed": "Besoin\u202f: oui",
        "not_needed": "Besoin\u202f: non", "verdict": "Verdict",
        "weakest": "Critère le plus faible",
        "under": "Sous le seuil", "comments": "Commentaires", "users": "Utilisateurs",
        "distinct": "Outils différents",
        "shares": "Part des utilisateurs (plusieurs outils possibles)",
        "best": "Outil le mieux noté",
        "score": "Note", "migration": "Agents à faire migrer", "service": "Service",
        "invited": "Invités", "started": "Commencé", "finished": "Terminé",
        "no_service": "service non indiqué", "total": "Total", "others": "autres",
        "hidden": "moins de {threshold}",
        "hidden_tools_one": (
            "1 outil utilisé par moins de {threshold} personnes n'est pas détaillé."
        ),
        "hidden_tools": (
            "{count} outils utilisés par moins de {threshold} personnes ne sont pas détaillés."
        ),
        "empty": "Pas encore assez de réponses (il en faut au moins {threshold} par groupe).",
        "until_close": (
            "Les résultats paraîtront à la clôture de la campagne\u202f: publiés au fil des "
            "réponses, deux rapports successifs montreraient la réponse d'une seule personne. "
            "D'ici là, seule la participation est indiquée."
        ),
        "needs_withheld": (
            "Besoin «\u202f—\u202f»\u202f: non communiqué, moins de {threshold} agents "
            "sans outil de ce type (ou masqué pour qu'un petit groupe ne se déduise pas "
            "des totaux)."
        ),
        "masked": (
            "«\u202f—\u202f»\u202f: non communiqué, pour qu'un service de moins de "
            "{threshold} personnes ne se déduise pas du total par soustraction."
        ),
    },
    "en": {
        "ranking": "Ranking", "gaps": "Gaps", "problems": "Problems",
        "fragmentation": "Fragmentation", "recommendations": "Recommendations",
        "participation": "Participation", "category": "Category", "tool": "Tool",
        "n": "Respondents", "overall": "Overall score", "rank_category": "Rank (category)",
        "rank_overall": "Rank (overall)", "median": "Median", "spread": "Std. dev.",
        "respondents": "Respondents", "without": "No tool", "needed": "Needed: yes",
        "not_needed": "Needed: no", "verdict": "Verdict", "weakest": "Weakest criterion",
        "under": "Under the threshold", "comments": "Comments", "users": "Users",
        "distinct": "Distinct tools", "shares": "Share of users (several tools possible)",
        "best": "Best-rated tool",
        "score": "Score", "migration": "Agents to migrate", "service": "Department",
        "invited": "Invited", "started": "Started", "finished": "Finished",
        "no_service": "department not given", "total": "Total", "others": "others",
        "hidden": "fewer than {threshold}",
        "hidden_tools_one": "1 tool used by fewer than {threshold} people is not detailed.",
        "hidden_tools": "{count} tools used by fewer than {threshold} people are not detailed.",
        "empty": "Not enough answers yet (at least {threshold} per group are needed).",
        "until_close": (
            "The results will be shown when the campaign closes: published as answers come "
            "in, two successive reports would show one person's answer. Until then, only "
            "participation is shown."
        ),
        "needs_withheld": (
            "Needed “—”: withheld, fewer than {threshold} agents without such a tool (or "
            "withheld so that a small group cannot be deduced from the totals)."
        ),
        "masked": (
            "“—”: withheld, so that a department of fewer than {threshold} people cannot be "
            "deduced from the total by subtraction."
        ),
    },
}  # fmt: skip

VERDICTS = {
    "en": {
        "à acquérir": "to acquire",
        "à exclure": "to exclude",
        "indécis": "undecided",
        "non communiqué": "withheld (too few)",
    },
    "fr": {},
}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # How many first columns say what a row is about (the category, then the tool): a line
    # of the plain text starts with them, the other cells follow after their headers.
    label_columns: int = 1
    # A narrower version for a chat message, where a dozen columns run together at a
    # normal window width; the exports (Markdown, CSV, OpenDocument) keep every column.
    chat: Table | None = None

    def in_chat(self) -> Table:
        return self.chat or self


def number(value: float | None, language: Language) -> str:
    if value is None:
        return "—"
    shown = f"{value:.1f}"
    return shown.replace(".", ",") if language == "fr" else shown


def percent(value: float, language: Language) -> str:
    shown = f"{value * 100:.0f}"
    return f"{shown}{NNBSP}%" if language == "fr" else f"{shown}%"


def report_tables(report: Report, language: Language = "fr") -> tuple[Table, ...]:
    labels = LABELS[language]
    spec = report.spec
    category_names = {c.key: c.name for c in spec.categories}
    criteria_names = {c.key: c.name for c in spec.criteria}
    threshold = spec.anonymity_threshold

    def name(key: str) -> str:
        return category_names.get(key, key)

    ranking = _ranking(report, language)
    gaps = Table(
        "gaps",
        labels["gaps"],
        (labels["category"], labels["respondents"], labels["without"], labels["needed"],
         labels["not_needed"], labels["verdict"]),
        tuple(
            (name(g.category), str(g.respondents), str(g.without_tool), _count(g.needed),
             _count(g.not_needed), VERDICTS[language].get(g.verdict, g.verdict))
            for g in report.gaps
        ),
    )  # fmt: skip
    problems = Table(
        "problems",
        labels["problems"],
        (labels["category"], labels["tool"], labels["weakest"], labels["under"],
         labels["comments"]),
        tuple(
            (
                name(p.category), p.tool,
                criteria_names.get(p.weakest, "—") if p.weakest else "—",
                ", ".join(criteria_names.get(k, k) for k in p.under_threshold) or "—",
                " | ".join(_counted(p.comments)) or "—",
            )
            for p in report.problems
        ),
    )  # fmt: skip
    fragmentation = Table(
        "fragmentation",
        labels["fragmentation"],
        (labels["category"], labels["users"], labels["distinct"], labels["shares"]),
        tuple(
            (
                name(f.category), str(f.users), str(f.distinct_tools),
                ", ".join(
                    [f"{tool} {percent(share, language)}" for tool, share in f.shares]
                    + ([f"{labels['others']} {percent(f.hidden_share, language)}"]
                       if f.hidden_share else [])
                ),
            )
            for f in report.fragmentation
        ),
    )  # fmt: skip
    recommendations = Table(
        "recommendations",
        labels["recommendations"],
        (labels["category"], labels["best"], labels["score"], labels["migration"]),
        tuple(
            (name(r.category), r.best_tool, number(r.overall, language),
             percent(r.migration_share, language))
            for r in report.recommendations
        ),
    )  # fmt: skip
    hidden = labels["hidden"].format(threshold=threshold)

    def counts(line: ParticipationLine, label: str) -> tuple[str, ...]:
        # a withheld count is never a number: "moins de 5" when that is what it is, "—"
        # (with its footnote) when a larger group is withheld to protect a smaller one
        withheld = "—" if line.masked else hidden
        return (label, *(withheld if n is None else str(n)
                         for n in (line.invited, line.started, line.finished)))  # fmt: skip

    participation = Table(
        "participation",
        labels["participation"],
        (labels["service"], labels["invited"], labels["started"], labels["finished"]),
        (
            *(counts(line, line.service or labels["no_service"]) for line in report.participation),
            counts(report.total, labels["total"]),
        ),
    )  # fmt: skip
    return (ranking, gaps, problems, fragmentation, recommendations, participation)


def _ranking(report: Report, language: Language) -> Table:
    """Every figure of each tool shown; in chat, who, how many, the score and the rank, and
    the criteria means in one cell ("5,0 / 4,0 / 6,0 / 8,0" under "Efficacité / coût /
    sécurité / assimilation")."""
    labels = LABELS[language]
    spec = report.spec
    category_names = {c.key: c.name for c in spec.categories}

    def name(key: str) -> str:
        return category_names.get(key, key)

    headers = (
        labels["category"], labels["tool"], labels["n"],
        *(c.name for c in spec.criteria),
        labels["overall"], labels["rank_category"], labels["rank_overall"],
        labels["median"], labels["spread"],
    )  # fmt: skip
    rows = tuple(
        (
            name(s.category), s.tool, str(s.n),
            *(number(s.means.get(c.key), language) for c in spec.criteria),
            number(s.overall, language), str(s.rank_in_category), str(s.rank_overall),
            number(s.median, language), number(s.spread, language),
        )
        for s in report.tools
    )  # fmt: skip
    criteria_header = " / ".join(c.name for c in spec.criteria)
    in_chat = Table(
        "ranking",
        labels["ranking"],
        (
            labels["category"], labels["tool"], labels["n"], labels["overall"],
            labels["rank_category"], criteria_header[:1].upper() + criteria_header[1:],
        ),
        tuple(
            (
                name(s.category), s.tool, str(s.n), number(s.overall, language),
                str(s.rank_in_category),
                # no-break spaces: the four means wrap as one, never "5,0 /" then "4,0"
                f"{NBSP}/{NBSP}".join(number(s.means.get(c.key), language)
                                      for c in spec.criteria),
            )
            for s in report.tools
        ),
        label_columns=2,
    )  # fmt: skip
    return Table("ranking", labels["ranking"], headers, rows, label_columns=2, chat=in_chat)


def notes(report: Report, language: Language = "fr") -> list[str]:
    """Sentences that go with the tables: what was withheld, and why."""
    labels = LABELS[language]
    threshold = report.spec.anonymity_threshold
    lines = []
    if report.until_close:
        lines.append(labels["until_close"])
    elif not report.tools:
        lines.append(labels["empty"].format(threshold=threshold))
    if report.hidden_tools:
        key = "hidden_tools_one" if report.hidden_tools == 1 else "hidden_tools"
        lines.append(labels[key].format(count=report.hidden_tools, threshold=threshold))
    if any(g.needed is None for g in report.gaps):
        lines.append(labels["needs_withheld"].format(threshold=threshold))
    if any(line.masked for line in (*report.participation, report.total)):
        lines.append(labels["masked"].format(threshold=threshold))
    return lines


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _counted(comments: tuple[str, ...]) -> list[str]:
    """Identical comments once, with how many agents wrote them, most frequent first."""
    counts: dict[str, int] = {}
    for comment in comments:
        counts[comment] = counts.get(comment, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    return [f"{comment} (×{count})" if count > 1 else comment for comment, count in ordered]
