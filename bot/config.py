"""Harmonie's configuration: one TOML file, secrets optionally from the environment.

The file is read by the IT department, so every problem is reported at once, each naming the
file and the dotted key, in plain English, and never echoing a value (a misplaced password
must not end up in a terminal or a log).

One file serves one collectivité ([organisation], the tenant "default") or a structure's
several ([organisations.<key>], each with the sections it sets apart; `Config.tenants()`).

This module is the schema and its loading only: the wording of problems is in
`bot.config_problems`, `harmonie check-config`'s output in `bot.cli`. It is over 900 lines
because the schema, one model per TOML section with its validators, reads best whole, in
the order of the documented file, with the checks across sections that loading makes.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import zoneinfo
from collections.abc import Iterator, Mapping
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.catalogue import load_catalogue

# ConfigError and ConfigProblem are part of this module's interface (re-exported).
from bot.config_problems import ConfigError as ConfigError
from bot.config_problems import ConfigProblem as ConfigProblem
from bot.config_problems import problem_from_error, sorted_unique, toml_message
from bot.e2ee.crosssigning import CrossSigningError, decode_recovery_key
from conversations.language import Language
from conversations.survey import (
    DEFAULT_CATEGORIES,
    DEFAULT_CRITERIA,
    Category,
    Criterion,
    Survey,
    SurveyError,
)
from conversations.texts import Article, Named

ENV_PASSWORD = "HARMONIE_MATRIX__PASSWORD"
ENV_ACCESS_TOKEN = "HARMONIE_MATRIX__ACCESS_TOKEN"
ENV_PICKLE_KEY = "HARMONIE_MATRIX__PICKLE_KEY"
ENV_RECOVERY_KEY = "HARMONIE_MATRIX__RECOVERY_KEY"

# (environment variable, key in [matrix]) for the secrets that may stay out of the file.
_ENV_SECRETS: tuple[tuple[str, str], ...] = (
    (ENV_PASSWORD, "password"),
    (ENV_ACCESS_TOKEN, "access_token"),
    (ENV_PICKLE_KEY, "pickle_key"),
    (ENV_RECOVERY_KEY, "recovery_key"),
)

CROSS_SIGNING_FILE = "cross-signing.json"

# The tenant of a single [organisation], the key of its data in a shared database.
DEFAULT_TENANT = "default"
# The top-level organisation of a structure's file whose [structure] gives no name.
STRUCTURE_NAME = "Structure"

_NEED_CREDENTIALS = f"give either password or access_token (or set {ENV_PASSWORD})"

# Deliberately lenient shapes: enough to catch a typo or a value in the wrong key, without
# rejecting the odd legacy localpart some homeservers still carry.
_SERVER = r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
_SERVER_NAME = re.compile(_SERVER)
_USER_ID = re.compile(rf"@[^\s:]+:{_SERVER}")
# Room IDs lost their server part in room version 12, aliases keep it.
_ROOM = re.compile(rf"![^\s:]+(?::{_SERVER})?|#[^\s:]+:{_SERVER}")


def _check_user_id(value: str) -> str:
    if not _USER_ID.fullmatch(value):
        raise ValueError("expected a Matrix user ID like @name:server")
    return value


def _check_room(value: str) -> str:
    if not _ROOM.fullmatch(value):
        raise ValueError("expected a room ID (!abc:server) or a room alias (#name:server)")
    return value


def _check_server_name(value: str) -> str:
    if not _SERVER_NAME.fullmatch(value):
        raise ValueError(
            "expected a homeserver name like agent.collectivites.tchap.gouv.fr (no https://, no @)"
        )
    return value


def _check_key(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]{1,40}", value):
        raise ValueError("expected a short key of lower-case letters, digits and _")
    return value


def _check_tenant_key(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError(
            "expected a key of lower-case letters, digits and -, beginning with a letter or "
            "a digit, e.g. plouzane"
        )
    if value == DEFAULT_TENANT:
        # The single [organisation]'s data is stored under it: a structure's would mix with it.
        raise ValueError(f"'{DEFAULT_TENANT}' is kept for a single [organisation]: give another")
    return value


def _check_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _check_path_not_empty(value: object) -> object:
    # Path("") silently means "the current folder": almost certainly not what was meant.
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be empty")
    return value


def _upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


MatrixUserId = Annotated[str, AfterValidator(_check_user_id)]
TenantKey = Annotated[str, AfterValidator(_check_tenant_key)]
RoomRef = Annotated[str, AfterValidator(_check_room)]
ServerName = Annotated[str, AfterValidator(_check_server_name)]
NonBlank = Annotated[str, AfterValidator(_check_not_blank)]


def _article(value: object) -> object:
    """ "La", "l’" and " le " are "la", "l'" and "le"."""
    return value.strip().lower().replace("’", "'") if isinstance(value, str) else value


ConfigPath = Annotated[Path, BeforeValidator(_check_path_not_empty)]


class _Section(BaseModel):
    """Frozen, and strict about unknown keys so that a typo is an error, not a silent default."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class MatrixSettings(_Section):
    """How the bot reaches its homeserver and whom it agrees to talk to."""

    homeserver: str
    user_id: MatrixUserId
    password: SecretStr | None = None
    access_token: SecretStr | None = None
    device_name: NonBlank = "Harmonie"
    store_path: ConfigPath = Path("state/store")
    pickle_key: SecretStr | None = None
    # The recovery key printed when the bot set up cross-signing: given once, it lets a new
    # device of the bot (a lost store, a new server) sign itself with the same identity.
    recovery_key: SecretStr | None = None
    # For one start, with the password: replace a cross-signing identity whose keys and
    # recovery key are lost (agents then see that the bot's identity changed).
    reset_cross_signing: StrictBool = False
    allowed_servers: list[ServerName] = []
    encryption: StrictBool = True
    # An undecryptable message is retried when its key arrives; after this many seconds
    # the bot asks the sender's devices for the key, and after the second wait it asks
    # the agent, kindly, to send the message again.
    key_request_after_seconds: float = Field(default=5, ge=0)
    resend_request_after_seconds: float = Field(default=20, ge=0)

    @field_validator("homeserver")
    @classmethod
    def _check_homeserver(cls, value: str) -> str:
        value = value.strip()
        try:
            parts = urlsplit(value)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:  # e.g. a malformed port or IPv6 literal
            valid = False
        if not valid:
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("password", "access_token", "pickle_key", "recovery_key")
    @classmethod
    def _empty_secret_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        # Same rule as for the environment: an empty value counts as not given.
        if value is not None and not value.get_secret_value():
            return None
        return value

    @field_validator("recovery_key")
    @classmethod
    def _check_recovery_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value():
            try:
                decode_recovery_key(value.get_secret_value())
            except CrossSigningError as error:
                raise ValueError(f"{error}; copy it again as it was printed") from None
        return value

    @model_validator(mode="after")
    def _check_credentials(self) -> MatrixSettings:
        if self.password is None and self.access_token is None:
            raise ValueError(_NEED_CREDENTIALS)
        return self

    @property
    def server_name(self) -> str:
        """The bot's own homeserver name, the part of user_id after the first ':'."""
        return self.user_id.split(":", 1)[1]

    def allowed(self) -> frozenset[str]:
        """Homeservers whose users the bot talks to; by default only its own."""
        return frozenset(self.allowed_servers or [self.server_name])


def _postgresql_url(value: object) -> object:
    if isinstance(value, str) and not value.startswith(("postgresql://", "postgres://")):
        raise ValueError(
            "a PostgreSQL URL begins with postgresql:// (for a SQLite file, use path instead)"
        )
    return value


class StorageSettings(_Section):
    """Where the database lives: a SQLite file, the default for one collectivité, or a
    PostgreSQL server (`url`), for a structure serving many with several bot processes."""

    path: ConfigPath = Path("state/harmonie.db")
    # postgresql://user@host:5432/harmonie; the password is best left to PGPASSWORD or
    # ~/.pgpass, as for psql (never logged, but a URL is easily copied around).
    url: Annotated[SecretStr, BeforeValidator(_postgresql_url)] | None = None

    @model_validator(mode="after")
    def _path_or_url(self) -> StorageSettings:
        if self.url is not None and "path" in self.model_fields_set:
            raise ValueError("give path (a SQLite file) or url (PostgreSQL), not both")
        return self

    @property
    def target(self) -> Path | str:
        """What `Database.open` takes: the SQLite file, or the PostgreSQL URL."""
        return self.path if self.url is None else self.url.get_secret_value()

    def describe(self) -> str:
        """For messages and logs: the file, or the URL without its password."""
        if self.url is None:
            return str(self.path)
        return masked_url(self.url.get_secret_value())


def masked_url(url: str) -> str:
    """A PostgreSQL URL as messages and logs show it: its password, if any, as ***."""
    try:
        parts = urlsplit(url)
        password, port = parts.password, parts.port
    except ValueError:  # a malformed port: show nothing after the scheme rather than guess
        return url.split("://", 1)[0] + "://***"
    if password is None:
        return parts.geturl()
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{port}" if port else "")
    return parts._replace(netloc=netloc).geturl()


class OrganisationSettings(_Section):
    """The collectivité: its calendar, its people and its services."""

    name: NonBlank
    # The article French puts before the name: "la" (la Commune de …), "le", "l'", "les", or
    # "" for none (a place name: Lyon, Le Havre). Left out: guessed from the first word.
    article: Annotated[Article, BeforeValidator(_article)] | None = None
    timezone: str = "Europe/Paris"
    language: Annotated[Language, BeforeValidator(_lower)] = "fr"
    admins: list[MatrixUserId] = []
    managers: list[MatrixUserId] = []
    management_room: RoomRef | None = None
    # Members of the management room with at least this power level (50: moderators) are
    # managers too; false: only the managers listed above.
    manager_power_level: Literal[False] | Annotated[int, Field(ge=1, le=100)] | None = 50
    agents_room: RoomRef | None = None
    agents: list[MatrixUserId] = []
    services: list[NonBlank] = []
    anonymity_threshold: StrictInt = Field(default=5, ge=1)
    # false: an open campaign's report shows its participation only, the figures come at
    # its close (two reports a few answers apart would show those answers: docs/privacy.md).
    live_results: StrictBool = False
    # A criterion whose mean is under this is listed among a tool's problems.
    problem_threshold: float = Field(default=5.0, ge=0, le=10)

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            # Suggest a real name rather than quoting the value back.
            close = difflib.get_close_matches(value, zoneinfo.available_timezones(), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "e.g. 'Europe/Paris'"
            raise ValueError(f"unknown time zone ({hint})") from None
        return value

    @field_validator("services")
    @classmethod
    def _check_unique_services(cls, value: list[str]) -> list[str]:
        # Duplicates would split one service's answers in two in the reports.
        seen: set[str] = set()
        for index, service in enumerate(value, start=1):
            if service.casefold() in seen:
                raise ValueError(f"entry {index} repeats an earlier service")
            seen.add(service.casefold())
        return value

    @property
    def named(self) -> Named:
        """The name with its article, for sentences: « l'assistant de la Commune de … »."""
        return Named.of(self.name.strip(), self.article)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The collectivité's time zone, for working hours and schedules."""
        return zoneinfo.ZoneInfo(self.timezone)


class LoggingSettings(_Section):
    """How talkative the logs are (message contents are never logged at INFO)."""

    level: Annotated[Literal["DEBUG", "INFO", "WARNING", "ERROR"], BeforeValidator(_upper)] = "INFO"


class CategorySettings(_Section):
    """One kind of tool the agents rate; `key` names it in the database, never change it."""

    key: Annotated[str, AfterValidator(_check_key)]
    name: NonBlank
    name_en: NonBlank | None = None
    tools: list[NonBlank] = []


class CriterionSettings(_Section):
    key: Annotated[str, AfterValidator(_check_key)]
    name: NonBlank
    name_en: NonBlank | None = None
    weight: float = Field(default=1.0, gt=0)


class SurveySettings(_Section):
    """The evaluation's categories and criteria; left out, the method's defaults apply."""

    categories: list[CategorySettings] | None = None
    criteria: list[CriterionSettings] | None = None


class CampaignSettings(_Section):
    """How campaigns reach the agents, and remind those who have not finished."""

    # Tchap's guide for bots asks for about one call per second for bulk invitations.
    invite_interval_seconds: float = Field(default=1.0, ge=0)
    reminder_every_days: float = Field(default=7, gt=0)
    max_reminders: int = Field(default=2, ge=0)
    # How often the bot looks for reminders that are due (they go out in working hours).
    reminder_check_seconds: float = Field(default=300, gt=0)


class CalendarSettings(_Section):
    """When the bot may write to agents: working hours on working days only."""

    working_hours_start: time = time(9, 0)
    working_hours_end: time = time(17, 0)
    alsace_moselle: bool = False  # Good Friday and 26 December are public holidays there
    days_off: list[date] = []  # e.g. the journée de solidarité, a local holiday

    @model_validator(mode="after")
    def _check_hours(self) -> CalendarSettings:
        if not self.working_hours_start < self.working_hours_end:
            raise ValueError("working_hours_start must be before working_hours_end")
        return self


class PrivacySettings(_Section):
    """What the agents are told about their data, and how long their answers are kept."""

    # The data controller (responsable du traitement), named in the notice; left out,
    # the organisation. Give the DPO's contact too.
    data_controller: NonBlank | None = None
    contact: NonBlank | None = None
    # Raw answers and comments of a campaign closed longer ago than this are erased; the
    # report computed from them (above the anonymity threshold) is kept.
    retention_days: int = Field(default=365, ge=30, le=3650)
    # How often the bot looks for campaigns past their retention period, in seconds.
    check_seconds: float = Field(default=3600, gt=0)


class RolloutSettings(_Section):
    """The rollout of the chosen suite: step dates, who owns them, reminders, feedback."""

    # Days from the start date D of steps 1 to 5 (method: D-14, D-7, D, D+7, D+7 onwards).
    step_offsets: list[int] = [-14, -7, 0, 7, 7]
    # Owners per step number ("1" to "5"); a step left out is owned by the managers.
    owners: dict[Literal["1", "2", "3", "4", "5"], list[MatrixUserId]] = {}
    reminder_working_days: int = Field(default=3, ge=0, le=20)
    # Feedback surveys: days after D, then every `wave_every_days`.
    wave_offsets: list[Annotated[int, Field(ge=0)]] = Field(default=[7, 30, 90], min_length=1)
    wave_every_days: int = Field(default=91, ge=1)
    # A job due while the bot was down still runs this many working days late; older ones
    # are reported to the admins as missed instead of being sent late.
    grace_working_days: int = Field(default=1, ge=0)
    # How often the bot looks for rollout jobs that are due, in seconds.
    check_seconds: float = Field(default=60, gt=0)

    @field_validator("step_offsets")
    @classmethod
    def _check_five_steps(cls, value: list[int]) -> list[int]:
        if len(value) != 5:
            raise ValueError("give five numbers of days, one per step of the method")
        return value


class ChoiceWeights(_Section):
    """How much each quality counts in the recommendation; covering every need is a gate,
    not a weight. The defaults follow the method: « sûre, simple et française », with a
    support close by (docs/choisir.md)."""

    security: float = Field(default=3, ge=0)  # perceived by the pilots, and certified
    simplicity: float = Field(default=3, ge=0)  # ease of getting started (pilots)
    sovereignty: float = Field(default=2, ge=0)  # publisher's country and hosting
    proximity: float = Field(default=2, ge=0)  # support in French, in France
    efficiency: float = Field(default=2, ge=0)  # effectiveness (pilots)
    cost: float = Field(default=1, ge=0)  # yearly cost against the cheapest known

    @model_validator(mode="after")
    def _check_some_weight(self) -> ChoiceWeights:
        if not any(getattr(self, name) > 0 for name in type(self).model_fields):
            raise ValueError("give at least one weight above 0")
        return self


class ChoiceSettings(_Section):
    """Phase 2, « choisir »: the candidate suites and the pilot group of the trial."""

    # The catalogue of candidate suites (format: suites.example.toml); left out, the
    # `!choix` and `!essai` commands say that none is configured.
    catalogue: Path | None = None
    # The pilot group: these agents, and the members of this room.
    pilots: list[MatrixUserId] = []
    pilots_room: RoomRef | None = None
    # A trial with an end date asks its pilots the questions this many working days
    # before it (a trial without one: when each pilot writes, having tried the suites).
    ask_working_days: int = Field(default=3, ge=0)
    weights: ChoiceWeights = Field(default_factory=ChoiceWeights)


class StructureSettings(_Section):
    """The structure serving several organisations (a Centre de gestion, a syndicat
    informatique): its staff may read the anonymous benchmark across them."""

    name: NonBlank | None = None  # left out: "Structure"
    staff: list[MatrixUserId] = []
    # A figure of the benchmark needs at least this many organisations behind it.
    benchmark_threshold: StrictInt = Field(default=5, ge=2)


# An organisation of a structure may set a few keys of the installation's sections apart,
# key by key; the merged section is validated whole when the file is loaded.


class CalendarOverride(_Section):
    """[organisations.<key>.calendar]: an Alsace-Moselle commune, its own hours or days off."""

    working_hours_start: time | None = None
    working_hours_end: time | None = None
    alsace_moselle: bool | None = None
    days_off: list[date] | None = None


class PrivacyOverride(_Section):
    """[organisations.<key>.privacy]: each commune is its data's controller."""

    data_controller: NonBlank | None = None
    contact: NonBlank | None = None


class ChoiceOverride(_Section):
    """[organisations.<key>.choice]: the commune's own pilot group."""

    pilots: list[MatrixUserId] | None = None
    pilots_room: RoomRef | None = None


class RolloutOverride(_Section):
    """[organisations.<key>.rollout]: the commune's own step owners."""

    owners: dict[Literal["1", "2", "3", "4", "5"], list[MatrixUserId]] | None = None


class TenantSettings(OrganisationSettings):
    """[organisations.<key>]: every key of [organisation], and the sections it sets apart."""

    calendar: CalendarOverride = Field(default_factory=CalendarOverride)
    privacy: PrivacyOverride = Field(default_factory=PrivacyOverride)
    choice: ChoiceOverride = Field(default_factory=ChoiceOverride)
    rollout: RolloutOverride = Field(default_factory=RolloutOverride)

    def organisation(self) -> OrganisationSettings:
        """Its [organisation] part, as a single commune's Config holds it."""
        fields = OrganisationSettings.model_fields
        return OrganisationSettings.model_validate({name: getattr(self, name) for name in fields})


# The sections an organisation may set apart, in the order they are merged and reported.
_OVERRIDABLE: dict[str, type[_Section]] = {
    "calendar": CalendarSettings,
    "privacy": PrivacySettings,
    "choice": ChoiceSettings,
    "rollout": RolloutSettings,
}


class Config(_Section):
    """The whole configuration; `source` is the file it was loaded from, if any.

    One collectivité: [organisation], the tenant "default". A structure serving several:
    [organisations.<key>] tables and [structure]; then `organisation` is the structure
    itself, with no people, and `tenants()` gives each organisation's own Config.
    """

    matrix: MatrixSettings
    storage: StorageSettings = Field(default_factory=StorageSettings)
    organisation: OrganisationSettings
    organisations: dict[TenantKey, TenantSettings] = {}
    structure: StructureSettings = Field(default_factory=StructureSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    survey: SurveySettings = Field(default_factory=SurveySettings)
    campaign: CampaignSettings = Field(default_factory=CampaignSettings)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    rollout: RolloutSettings = Field(default_factory=RolloutSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    choice: ChoiceSettings = Field(default_factory=ChoiceSettings)
    source: Path | None = None
    # Set by the loader, never read from the file: whose Config this is.
    tenant: str = DEFAULT_TENANT

    @model_validator(mode="before")
    @classmethod
    def _structure_as_organisation(cls, data: Any) -> Any:
        # Code typed on config.organisation keeps working on a structure's file, and, with
        # no people in it, serves nobody by mistake.
        if isinstance(data, dict) and "organisation" not in data and data.get("organisations"):
            structure = data.get("structure")
            name = structure.get("name") if isinstance(structure, dict) else None
            if isinstance(name, str) and name.strip():
                return {**data, "organisation": {"name": name}}
            return {**data, "organisation": {"name": STRUCTURE_NAME, "article": "la"}}
        return data

    @model_validator(mode="after")
    def _check_one_kind(self) -> Config:
        # parse_config says it with the keys; this guards a Config built in code.
        organisation = self.organisation
        people = organisation.admins or organisation.managers or organisation.agents
        rooms = organisation.agents_room or organisation.management_room
        if self.organisations and (people or rooms):
            raise ValueError(_ONE_KIND)
        # An organisation's own Config (from tenants()) keeps its structure's settings.
        alone = not self.organisations and self.tenant == DEFAULT_TENANT
        if alone and self.structure != StructureSettings():
            raise ValueError(_STRUCTURE_ALONE)
        return self

    @model_validator(mode="after")
    def _check_owners(self) -> Config:
        # A structure's owners are checked per organisation, when the file is loaded.
        problem = None if self.organisations else _owner_problem(self)
        if problem is not None:
            raise ValueError(f"rollout.owners: {problem}")
        return self

    def tenants(self) -> dict[str, Config]:
        """Each organisation's own Config, as a single commune's: its `organisation`, the
        sections it sets apart merged, no `organisations`. One collectivité: itself."""
        if not self.organisations:
            return {self.tenant: self}
        configs, problems = _tenant_configs(self, str(self.source or "configuration"))
        if problems:  # only for a Config built in code: load_config refuses them
            raise ConfigError(problems)
        return configs

    def tenant_of(self, user_id: str) -> str | None:
        """The organisation whose lists name this person, or None (a room's members are known
        at run time only). Loading checked that no one is listed in two."""
        return next((tenant for tenant, _, users in self._listed() if user_id in users), None)

    def people_by_tenant(self) -> dict[str, str]:
        """Every person the lists name, with their organisation: `tenant_of` for all at
        once, for the router that asks at every message."""
        return {user: tenant for tenant, _, users in self._listed() for user in users}

    def is_structure_staff(self, user_id: str) -> bool:
        """Whether this person is of the structure's staff, who may read the benchmark."""
        return user_id in self.structure.staff

    def file_key(self, key: str) -> str:
        """Where a key of this Config is set in the file, for messages: a tenant's
        "organisation.agents" is "organisations.<tenant>.agents", its "choice.pilots"
        "organisations.<tenant>.choice.pilots"."""
        return _file_key(self.tenant, key)

    def _listed(self, owners: bool = True) -> Iterator[tuple[str, str, list[str]]]:
        """(tenant, key in the file, user IDs) of every list of people, in the file's order;
        read from the tables as they are, without merging, for it is asked often."""
        if not self.organisations:
            yield from _lists_of(self.tenant, self.organisation, self.choice, self.rollout, owners)
        for key, settings in self.organisations.items():
            # A structure's pilots and owners are its organisations' only (checked on loading).
            yield from _lists_of(key, settings, settings.choice, settings.rollout, owners)


def _lists_of(
    tenant: str,
    organisation: OrganisationSettings,
    choice: ChoiceSettings | ChoiceOverride,
    rollout: RolloutSettings | RolloutOverride,
    owners: bool,
) -> Iterator[tuple[str, str, list[str]]]:
    roles = [("organisation.admins", organisation.admins),
             ("organisation.managers", organisation.managers),
             ("organisation.agents", organisation.agents),
             ("choice.pilots", choice.pilots or [])]  # fmt: skip
    if owners:
        roles += [(f"rollout.owners.{step}", users)
                  for step, users in sorted((rollout.owners or {}).items())]  # fmt: skip
    for key, users in roles:
        yield tenant, _file_key(tenant, key), users


def _file_key(tenant: str, key: str) -> str:
    if tenant == DEFAULT_TENANT:
        return key
    head, _, rest = key.partition(".")
    return f"organisations.{tenant}." + (rest if head == "organisation" else key)


def _owner_problem(config: Config) -> str | None:
    """`!etape n fait` is a manager's command: an owner who may not use it could never mark
    their step done."""
    allowed = set(config.organisation.managers) | set(config.organisation.admins)
    for step, owners in sorted(config.rollout.owners.items()):
        if any(owner not in allowed for owner in owners):
            return f"an owner of step {step} is neither a manager nor an admin"
    return None


_ONE_KIND = (
    "give either [organisation], for one collectivité, or [organisations.<key>] tables, "
    "for the collectivités of a structure; not both"
)
_STRUCTURE_ALONE = "[structure] goes with [organisations.<key>] tables, not with [organisation]"
_NO_ORGANISATIONS = "no organisation: list the structure's in [organisations.<key>] tables"
_PER_ORGANISATION = "each organisation has its own: give them in [organisations.<key>.{section}]"
_ONE_ORGANISATION = "a person belongs to one organisation"
_STAFF_APART = "the structure's staff belong to no organisation"


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    """Read, validate and complete the TOML file at `path`; raise ConfigError on any problem."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError([ConfigProblem(source, "", "file not found")]) from None
    except IsADirectoryError:
        raise ConfigError([ConfigProblem(source, "", "is a folder, not a file")]) from None
    except OSError as error:
        message = f"cannot read the file ({error.strerror or type(error).__name__})"
        raise ConfigError([ConfigProblem(source, "", message)]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        message = "the file is not valid UTF-8 text"
        raise ConfigError([ConfigProblem(source, "", message)]) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([ConfigProblem(source, "", toml_message(error))]) from None
    config = parse_config(data, source=source, base_dir=path.absolute().parent, environ=environ)
    return config.model_copy(update={"source": path.absolute()})


def parse_config(
    data: dict[str, Any],
    *,
    source: str,
    base_dir: Path,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Validate already-parsed TOML; `source` names the file in messages, `base_dir` anchors
    relative paths so the bot behaves the same whatever its working directory."""
    data = _with_env_secrets(data, os.environ if environ is None else environ)
    problems: list[ConfigProblem] = []
    for key in ("source", "tenant"):
        if key in data:
            # A Config field, but set by the loader, never read from the file.
            problems.append(ConfigProblem(source, key, "unknown key"))
            data = {name: value for name, value in data.items() if name != key}
    data, kind_problems = _one_kind_of_organisation(data, source)
    problems.extend(kind_problems)
    matrix = data.get("matrix")
    if isinstance(matrix, dict) and not any(
        matrix.get(key) not in (None, "") for key in ("password", "access_token")
    ):
        # Also reported by the model, but only when the rest of [matrix] is valid.
        problems.append(ConfigProblem(source, "matrix", _NEED_CREDENTIALS))
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        problems.extend(problem_from_error(source, entry, Config) for entry in error.errors())
        problems = _in_a_structure_s_words(problems, data, source)
        raise ConfigError(sorted_unique(problems, Config)) from None
    if problems:
        raise ConfigError(sorted_unique(problems, Config))
    config = _resolve_paths(config, base_dir)
    problems = _consistency_problems(config, source)
    if problems:
        raise ConfigError(problems)
    return config


def _one_kind_of_organisation(
    data: dict[str, Any], source: str
) -> tuple[dict[str, Any], list[ConfigProblem]]:
    """[organisation] or [organisations.<key>], never both, and [structure] with the latter
    only; what is in the way is set aside, so that the rest is still checked."""
    one, many = "organisation" in data, bool(data.get("organisations"))
    if one and many:
        aside = {"organisations", "structure"}
        problem = ConfigProblem(source, "organisations", _ONE_KIND)
    elif one and "structure" in data:
        aside, problem = {"structure"}, ConfigProblem(source, "structure", _STRUCTURE_ALONE)
    else:
        return data, []
    return {key: value for key, value in data.items() if key not in aside}, [problem]


def _in_a_structure_s_words(
    problems: list[ConfigProblem], data: dict[str, Any], source: str
) -> list[ConfigProblem]:
    """A structure's file without organisations is told so, not that [organisation] is
    missing; a bad key of [organisations.<key>] is named without pydantic's "[key]"."""
    missing = ConfigProblem(source, "organisation", "missing section [organisation]")
    structure = "structure" in data or "organisations" in data
    words = []
    for problem in problems:
        names = problem.key.split(".")
        if structure and problem == missing:
            problem = ConfigProblem(source, "organisations", _NO_ORGANISATIONS)
        elif names[0] == "organisations" and names[2:] == ["[key]"]:
            problem = problem._replace(key=".".join(names[:-1]))
        elif problem.message.startswith("unknown key") and _installation_wide(names):
            message = f"set for every organisation at once, in [{names[2]}]"
            problem = problem._replace(message=message)
        words.append(problem)
    return words


def _installation_wide(names: list[str]) -> bool:
    """Whether `names` is organisations.<key>.<section>.<key> of a section no organisation
    sets apart (retention_days in privacy, say), rather than a typo."""
    if len(names) != 4 or names[0] != "organisations" or names[2] not in _OVERRIDABLE:
        return False
    return names[3] in _OVERRIDABLE[names[2]].model_fields


def _with_env_secrets(data: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Return a copy of `data` where non-empty HARMONIE_MATRIX__* variables win over the file."""
    overrides = {key: environ[name] for name, key in _ENV_SECRETS if environ.get(name)}
    if not overrides:
        return data
    matrix = data.get("matrix", {})
    if not isinstance(matrix, dict):
        return data  # Reported as "expected a table"; nothing sensible to merge into.
    return {**data, "matrix": {**matrix, **overrides}}


def _resolve_paths(config: Config, base_dir: Path) -> Config:
    def resolve(path: Path) -> Path:
        return base_dir / path.expanduser()

    matrix = config.matrix.model_copy(update={"store_path": resolve(config.matrix.store_path)})
    storage = config.storage.model_copy(update={"path": resolve(config.storage.path)})
    choice = config.choice
    if choice.catalogue is not None:
        choice = choice.model_copy(update={"catalogue": resolve(choice.catalogue)})
    return config.model_copy(update={"matrix": matrix, "storage": storage, "choice": choice})


def _consistency_problems(config: Config, source: str) -> list[ConfigProblem]:
    """Cross-section checks: people the bot would silently ignore, or could not place in one
    organisation, are a configuration error."""
    tenants, problems = _tenant_configs(config, source)
    allowed = config.matrix.allowed()
    people = [(key, user_ids) for _, key, user_ids in config._listed(owners=False)]
    people.append(("structure.staff", config.structure.staff))
    for key, user_ids in people:
        for index, user_id in enumerate(user_ids, start=1):
            if user_id.split(":", 1)[1] not in allowed:
                problems.append(
                    ConfigProblem(
                        source,
                        key,
                        f"entry {index}: this user's homeserver is not in "
                        "matrix.allowed_servers, so the bot would ignore them",
                    )
                )
    for key, settings in config.organisations.items():
        # Installation-wide owners in a structure's file are refused below, once.
        if key in tenants and settings.rollout.owners is not None:
            owner_problem = _owner_problem(tenants[key])
            if owner_problem is not None:
                where = f"organisations.{key}.rollout.owners"
                problems.append(ConfigProblem(source, where, owner_problem))
    problems.extend(_membership_problems(config, source))
    try:
        survey = build_survey(config)
    except SurveyError as error:
        problems.append(ConfigProblem(source, "survey", str(error)))
        return problems
    if config.choice.catalogue is not None:
        # A catalogue with a typo is found at start and by check-config, not by `!choix`.
        try:
            load_catalogue(config.choice.catalogue, [c.key for c in survey.categories])
        except ConfigError as error:
            problems.extend(error.problems)
    return problems


def _tenant_configs(config: Config, source: str) -> tuple[dict[str, Config], list[ConfigProblem]]:
    """Each organisation's Config, its sections merged key by key with the installation's;
    a merged section that does not hold (hours ending before they start) is its problem."""
    if not config.organisations:
        return {config.tenant: config}, []
    configs: dict[str, Config] = {}
    problems: list[ConfigProblem] = []
    for key, settings in config.organisations.items():
        update: dict[str, Any] = {"organisation": settings.organisation(), "organisations": {}}
        update |= {name: getattr(config, name) for name in _OVERRIDABLE}
        for name, section in _OVERRIDABLE.items():
            given = getattr(settings, name).model_dump(exclude_none=True)
            if not given:
                continue
            try:
                update[name] = section.model_validate({**update[name].model_dump(), **given})
            except ValidationError as error:
                where = f"organisations.{key}.{name}"
                for entry in error.errors():
                    problem = problem_from_error(source, entry, section)
                    inner = f"{where}.{problem.key}" if problem.key else where
                    problems.append(problem._replace(key=inner))
        if not any(problem.key.startswith(f"organisations.{key}.") for problem in problems):
            configs[key] = config.model_copy(update={**update, "tenant": key})
    return configs, problems


def _membership_problems(config: Config, source: str) -> list[ConfigProblem]:
    """In a structure's file, who is listed where must say which organisation someone writes
    to: one at most for each person, none for the structure's staff."""
    if not config.organisations:
        return []
    problems = [
        ConfigProblem(source, key, _PER_ORGANISATION.format(section=key.split(".")[0]))
        for key, given in (("choice.pilots", config.choice.pilots),
                           ("choice.pilots_room", config.choice.pilots_room),
                           ("rollout.owners", config.rollout.owners))
        if given
    ]  # fmt: skip
    first: dict[str, tuple[str, str]] = {}  # user ID: (tenant, key) where first listed
    for tenant, key, user_ids in config._listed():
        for index, user_id in enumerate(user_ids, start=1):
            other, other_key = first.setdefault(user_id, (tenant, key))
            if other != tenant:
                message = f"entry {index}: also listed in {other_key}; {_ONE_ORGANISATION}"
                problems.append(ConfigProblem(source, key, message))
    for index, user_id in enumerate(config.structure.staff, start=1):
        if user_id in first:
            message = f"entry {index}: also listed in {first[user_id][1]}; {_STAFF_APART}"
            problems.append(ConfigProblem(source, "structure.staff", message))
    return problems


def build_survey(config: Config) -> Survey:
    """The survey of this organisation: the configured categories and criteria, or the
    defaults."""
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
