"""The survey of this organisation: the configured categories and criteria, or the defaults."""

from __future__ import annotations

from conversations.survey import (
    DEFAULT_CATEGORIES,
    DEFAULT_CRITERIA,
    Category,
    Criterion,
    Survey,
)

from .config import Config


def build_survey(config: Config) -> Survey:
    settings = config.survey
    categories = DEFAULT_CATEGORIES
    if settings.categories is not None:
        categories = tuple(
            Category(c.key, c.name, c.name_en or c.name, tuple(c.tools))
            for c in settings.categories
        )
    criteria = DEFAULT_CRITERIA
    if settings.criteria is not None:
        criteria = tuple(
            Criterion(c.key, c.name, c.name_en or c.name, c.weight) for c in settings.criteria
        )
    return Survey(categories, criteria, tuple(config.organisation.services))
