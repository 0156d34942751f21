"""The catalogue of candidate suites: a TOML file the administrator owns, read and checked
like the configuration (every problem named by file and key, never a value echoed).

`suites.example.toml` shows the format. What a suite covers is written per survey
category key; a key that is not one of the survey's is refused with the closest one.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from bot.config_problems import (
    ConfigError,
    ConfigProblem,
    problem_from_error,
    sorted_unique,
    toml_message,
)
from scoring.suites import Accessibility, Deployment, Distribution, Hosting, Suite, Support

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _key(value: str) -> str:
    if not value or not all(
        c.isascii() and (c.islower() or c.isdigit() or c in "-_") for c in value
    ):
        raise ValueError('use lower-case letters, digits, "-" or "_", e.g. "suite-alpha"')
    return value


def _country(value: str) -> str:
    if len(value) != 2 or not (value.isascii() and value.isalpha() and value.isupper()):
        raise ValueError('expected a two-letter country code in capitals, e.g. "FR"')
    return value


class _Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class SupportTable(_Table):
    where: Text
    in_french: bool
    hours: str = ""
    country: Annotated[str, AfterValidator(_country)] | None = None


class SuiteTable(_Table):
    key: Annotated[str, AfterValidator(_key)]
    name: Text
    publisher: Text
    publisher_country: Annotated[str, AfterValidator(_country)]
    hosting: Hosting
    support: SupportTable
    certifications: list[Text] = []
    price_per_user_month: Annotated[Decimal, Field(ge=0)] | None = None
    # category key -> the module that covers it; a category left out is not covered.
    modules: dict[str, Text] = {}
    # Where and how the pilots try it (free text, shown in the trial's invitation).
    trial_access: str = ""
    # The headings public buyers compare, shown and never scored; left out: not stated.
    distribution: Distribution | None = None
    deployment: list[Deployment] = []
    economic_model: str = ""
    # The public purchasing bodies that list it; [] says that none does.
    purchasing: list[Text] | None = None
    accessibility: Accessibility | None = None
    reversibility: str = ""


class CatalogueFile(_Table):
    suites: Annotated[list[SuiteTable], Field(min_length=1)]


def load_catalogue(path: Path, categories: Sequence[str]) -> tuple[Suite, ...]:
    """The suites of the TOML file at `path`; ConfigError listing every problem."""
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([ConfigProblem(source, "", "file not found")]) from None
    except UnicodeDecodeError:
        raise ConfigError([ConfigProblem(source, "", "the file is not valid UTF-8 text")]) from None
    except OSError as error:
        message = f"cannot read the file ({error.strerror or type(error).__name__})"
        raise ConfigError([ConfigProblem(source, "", message)]) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([ConfigProblem(source, "", toml_message(error))]) from None
    return parse_catalogue(data, source=source, categories=categories)


def parse_catalogue(
    data: dict[str, Any], *, source: str, categories: Sequence[str]
) -> tuple[Suite, ...]:
    try:
        catalogue = CatalogueFile.model_validate(data)
    except ValidationError as error:
        problems = [problem_from_error(source, entry, CatalogueFile) for entry in error.errors()]
        raise ConfigError(sorted_unique(problems, CatalogueFile)) from None
    problems = _consistency_problems(catalogue, source, categories)
    if problems:
        raise ConfigError(problems)
    return tuple(_suite(table) for table in catalogue.suites)


def _consistency_problems(
    catalogue: CatalogueFile, source: str, categories: Sequence[str]
) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    seen: set[str] = set()
    for index, suite in enumerate(catalogue.suites, start=1):
        if suite.key in seen:
            problems.append(
                ConfigProblem(source, "suites.key", f"entry {index}: this key is already used")
            )
        seen.add(suite.key)
        for category in suite.modules:
            if category in categories:
                continue
            close = difflib.get_close_matches(category, list(categories), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                ConfigProblem(
                    source,
                    f"suites.modules.{category}",
                    f"entry {index}: not a category of the survey{hint}",
                )
            )
    return problems


def _suite(table: SuiteTable) -> Suite:
    return Suite(
        key=table.key,
        name=table.name,
        publisher=table.publisher,
        publisher_country=table.publisher_country,
        hosting=table.hosting,
        support=Support(
            table.support.where,
            table.support.in_french,
            table.support.hours,
            table.support.country,
        ),
        certifications=tuple(table.certifications),
        price_per_user_month=table.price_per_user_month,
        modules=tuple(table.modules.items()),
        trial_access=" ".join(table.trial_access.split()),
        distribution=table.distribution,
        deployment=tuple(way for way in Deployment if way in table.deployment),
        economic_model=" ".join(table.economic_model.split()),
        purchasing=None if table.purchasing is None else tuple(dict.fromkeys(table.purchasing)),
        accessibility=table.accessibility,
        reversibility=" ".join(table.reversibility.split()),
    )
