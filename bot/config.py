"""Harmonie's configuration: one TOML file, secrets optionally from the environment.

The file is read by the IT department, so every problem is reported at once, each naming the
file and the dotted key, in plain English, and never echoing a value (a misplaced password
must not end up in a terminal or a log).

This module is the schema and its loading only: the wording of problems is in
`bot.config_problems`, `harmonie check-config`'s output in `bot.cli`. It is over 400 lines
because the schema, one model per TOML section with its validators, reads best whole, in
the order of the documented file.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import zoneinfo
from collections.abc import Mapping
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
        parts = urlsplit(self.url.get_secret_value())
        if parts.password is None:
            return parts.geturl()
        host = parts.hostname or ""
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
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


class Config(_Section):
    """The whole configuration; `source` is the file it was loaded from, if any."""

    matrix: MatrixSettings
    storage: StorageSettings = Field(default_factory=StorageSettings)
    organisation: OrganisationSettings
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    survey: SurveySettings = Field(default_factory=SurveySettings)
    campaign: CampaignSettings = Field(default_factory=CampaignSettings)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    rollout: RolloutSettings = Field(default_factory=RolloutSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    choice: ChoiceSettings = Field(default_factory=ChoiceSettings)
    source: Path | None = None

    @model_validator(mode="after")
    def _check_owners(self) -> Config:
        # `!etape n fait` is a manager's command: an owner who may not use it could never
        # mark their step done.
        allowed = set(self.organisation.managers) | set(self.organisation.admins)
        for step, owners in sorted(self.rollout.owners.items()):
            if any(owner not in allowed for owner in owners):
                raise ValueError(
                    f"rollout.owners: an owner of step {step} is neither a manager nor an admin"
                )
        return self


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
    if "source" in data:
        # A Config field, but set by load_config, never read from the file.
        problems.append(ConfigProblem(source, "source", "unknown key"))
        data = {key: value for key, value in data.items() if key != "source"}
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
        raise ConfigError(sorted_unique(problems, Config)) from None
    if problems:
        raise ConfigError(sorted_unique(problems, Config))
    config = _resolve_paths(config, base_dir)
    problems = _consistency_problems(config, source)
    if problems:
        raise ConfigError(problems)
    return config


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
    """Cross-section checks: people the bot would silently ignore are a configuration error."""
    allowed = config.matrix.allowed()
    problems = []
    people = [(f"organisation.{role}", getattr(config.organisation, role))
              for role in ("admins", "managers", "agents")]  # fmt: skip
    people.append(("choice.pilots", config.choice.pilots))
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
