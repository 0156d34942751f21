"""`!rapport comparaison [catégorie]`: an organisation among the others its structure
serves. A commune's managers get their own position only (`!rapport` delegates here); the
structure's staff get every organisation named (bot/handlers/structure.py).

Both read each organisation's scores as they were frozen with its latest released
campaign, through `session.structure` (the one read across tenants), and show them only
through `scoring.benchmark`'s views: a commune's managers read `organisation_benchmark`,
which holds counts and their own scores, no other organisation's name or score.
"""

from __future__ import annotations

from dataclasses import replace

from bot.config import Config
from bot.handlers.context import Outgoing, quoted
from conversations.formatting import Reply
from conversations.survey import Survey
from conversations.texts import Language, text
from scoring import ScoringSpec
from scoring.benchmark import OrganisationScores, load_scores, organisation_benchmark
from scoring.benchmark_render import organisation_message
from storage import DEFAULT_TENANT, Session


async def frozen_organisations(session: Session) -> list[OrganisationScores]:
    """Every organisation's frozen scores, by key, each under the key it was stored for
    and the name its bot registered (the JSON's own key and name are not trusted)."""
    return [
        replace(load_scores(row.scores), key=row.organisation, name=row.name)
        for row in await session.structure.frozen_scores()
    ]


def category_of(
    survey: Survey, spec: ScoringSpec, typed: str, language: Language
) -> ScoringSpec | Reply:
    """`spec` cut to the category typed (all of them when nothing is), or the reply that
    names the categories there are."""
    if not typed.strip():
        return spec
    category = survey.find_category(typed)
    if category is None:
        choices = ", ".join(c.name(language) for c in survey.categories)
        return Reply(
            text(language, "report.unknown_category", value=quoted(typed.strip()), choices=choices)
        )
    return replace(spec, categories=tuple(c for c in spec.categories if c.key == category.key))


def in_a_structure(config: Config) -> bool:
    """Whether this organisation is one of a structure's (a single commune's installation
    has no other to be compared with)."""
    return config.tenant != DEFAULT_TENANT


async def organisation_comparison(
    session: Session,
    config: Config,
    survey: Survey,
    spec: ScoringSpec,
    language: Language,
    args: str,
) -> list[Outgoing]:
    """What a commune's managers read: their position, per category (and, for one
    category, per criterion), against at least the structure's threshold of others."""
    if not in_a_structure(config):
        return [
            Reply(text(language, "report.comparison.alone", organisation=config.organisation.named))
        ]
    wanted = category_of(survey, spec, args, language)
    if isinstance(wanted, Reply):
        return [wanted]
    benchmark = organisation_benchmark(
        wanted,
        await frozen_organisations(session),
        session.organisation,
        config.structure.benchmark_threshold,
    )
    # Its own name as configured, even before it has published anything.
    benchmark = replace(benchmark, name=config.organisation.name)
    plain, rich = organisation_message(benchmark, language, detailed=bool(args.strip()))
    return [Reply(plain, html_body=rich)]
