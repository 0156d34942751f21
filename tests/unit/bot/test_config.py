"""The configuration file: what a sysadmin writes, and what they are told when it is wrong."""

from __future__ import annotations

import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import check_config_command, redacted_summary
from bot.config import Config, ConfigError, ConfigProblem, load_config, parse_config

EXAMPLE = Path(__file__).resolve().parents[3] / "config.example.toml"
SECRET = "hunter2-secret"

MINIMAL = """\
[matrix]
homeserver = "https://matrix.example.org/"
user_id = "@bot:example.org"
password = "pw"

[organisation]
name = "Commune de Test"
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, environ: dict[str, str] | None = None) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ or {})
    return caught.value.problems


def keys_of(problems: list[ConfigProblem]) -> list[str]:
    return [problem.key for problem in problems]


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


# --- loading ---------------------------------------------------------------------------------


def test_example_file_loads_with_the_password_from_the_environment() -> None:
    config = load_config(EXAMPLE, {"HARMONIE_MATRIX__PASSWORD": "from-env"})

    assert config.matrix.homeserver == "https://matrix.agent.collectivites.tchap.gouv.fr"
    assert config.matrix.user_id == "@harmonie-bot:agent.collectivites.tchap.gouv.fr"
    assert config.matrix.password is not None
    assert config.matrix.password.get_secret_value() == "from-env"
    assert config.matrix.allowed() == frozenset({"agent.collectivites.tchap.gouv.fr"})
    assert config.organisation.name == "Commune de Saint-Exemple"
    assert "Ressources humaines" in config.organisation.services
    assert config.organisation.anonymity_threshold == 5
    assert config.organisation.admins and config.organisation.managers
    assert config.source == EXAMPLE


def test_example_file_without_any_credential_says_how_to_give_one() -> None:
    problems = problems_of(EXAMPLE, {})

    assert [str(p) for p in problems] == [
        f"{EXAMPLE}: matrix: give either password or access_token "
        "(or set HARMONIE_MATRIX__PASSWORD)"
    ]


def test_minimal_file_gets_the_documented_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL), {})

    assert config.matrix.homeserver == "https://matrix.example.org"  # trailing slash stripped
    assert config.matrix.server_name == "example.org"
    assert config.matrix.allowed() == frozenset({"example.org"})
    assert config.matrix.access_token is None
    assert config.matrix.pickle_key is None
    assert config.matrix.device_name == "Harmonie"
    assert config.matrix.encryption is True
    assert config.organisation.timezone == "Europe/Paris"
    assert config.organisation.tz == ZoneInfo("Europe/Paris")
    assert config.organisation.language == "fr"
    assert config.organisation.admins == []
    assert config.organisation.management_room is None
    assert config.organisation.anonymity_threshold == 5
    assert config.logging.level == "INFO"


def test_relative_paths_are_resolved_against_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "etc" / "harmonie"
    folder.mkdir(parents=True)
    text = MINIMAL.replace('password = "pw"', 'password = "pw"\nstore_path = "keys/store"')
    path = write(folder, text + '\n[storage]\npath = "data/h.db"\n')
    monkeypatch.chdir(tmp_path)  # a working directory that is not the config's folder

    config = load_config(Path("etc/harmonie/config.toml"), {})

    assert config.matrix.store_path == folder / "keys" / "store"
    assert config.storage.path == folder / "data" / "h.db"
    assert config.source == path


def test_default_paths_are_also_relative_to_the_config_folder(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL), {})

    assert config.matrix.store_path == tmp_path / "state" / "store"
    assert config.storage.path == tmp_path / "state" / "harmonie.db"


def test_absolute_paths_are_kept(tmp_path: Path) -> None:
    text = MINIMAL + f'\n[storage]\npath = "{tmp_path / "elsewhere.db"}"\n'

    config = load_config(write(tmp_path, text), {})

    assert config.storage.path == tmp_path / "elsewhere.db"


def test_parse_config_uses_the_given_base_dir(tmp_path: Path) -> None:
    data = {
        "matrix": {"homeserver": "http://localhost:8008", "user_id": "@bot:localhost"},
        "organisation": {"name": "Demo"},
    }

    config = parse_config(
        data,
        source="demo",
        base_dir=tmp_path,
        environ={"HARMONIE_MATRIX__ACCESS_TOKEN": "tok"},
    )

    assert config.storage.path == tmp_path / "state" / "harmonie.db"
    assert config.matrix.access_token is not None
    assert config.matrix.access_token.get_secret_value() == "tok"
    assert "access_token" not in data["matrix"]  # the caller's dict is left alone


def test_empty_lists_of_allowed_servers_mean_the_bots_own_server(tmp_path: Path) -> None:
    text = MINIMAL.replace('password = "pw"', 'password = "pw"\nallowed_servers = []')

    assert load_config(write(tmp_path, text), {}).matrix.allowed() == {"example.org"}


def test_allowed_servers_replace_the_default(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'password = "pw"', 'password = "pw"\nallowed_servers = ["a.example", "b.example"]'
    )

    assert load_config(write(tmp_path, text), {}).matrix.allowed() == {"a.example", "b.example"}


def test_log_level_and_language_are_case_insensitive(tmp_path: Path) -> None:
    text = MINIMAL + 'language = "EN"\n\n[logging]\nlevel = "debug"\n'

    config = load_config(write(tmp_path, text), {})

    assert config.organisation.language == "en"
    assert config.logging.level == "DEBUG"


@pytest.mark.parametrize(
    ("name", "article", "in_a_sentence"),
    [
        ("Commune de Test", None, "de la Commune de Test"),  # guessed
        ("Département du Nord", None, "du Département du Nord"),
        ("Lyon", None, "de Lyon"),
        ("Pays de Gex agglo", '"le"', "du Pays de Gex agglo"),
        ("Eurométropole de Strasbourg", '"L’"', "de l'Eurométropole de Strasbourg"),
        ("Hauts-de-Seine", '" Les "', "des Hauts-de-Seine"),
        ("Commune de Test", '""', "de Commune de Test"),  # none, as configured
    ],
)
def test_the_organisation_s_article_is_configured_or_guessed(
    tmp_path: Path, name: str, article: str | None, in_a_sentence: str
) -> None:
    configured = "" if article is None else f"\narticle = {article}"
    text = replace(MINIMAL, 'name = "Commune de Test"', f'name = "{name}"{configured}')

    config = load_config(write(tmp_path, text), {})

    assert config.organisation.named.french("de") == in_a_sentence
    assert f"organisation: {name} (in French sentences: " in redacted_summary(config)


def test_config_is_frozen(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL), {})

    with pytest.raises(ValueError, match="frozen"):
        config.organisation.name = "Autre"  # type: ignore[misc, unused-ignore]


# --- secrets from the environment -------------------------------------------------------------


def test_environment_secrets_override_the_file(tmp_path: Path) -> None:
    environ = {
        "HARMONIE_MATRIX__PASSWORD": "env-pw",
        "HARMONIE_MATRIX__ACCESS_TOKEN": "env-token",
        "HARMONIE_MATRIX__PICKLE_KEY": "env-pickle",
    }

    matrix = load_config(write(tmp_path, MINIMAL), environ).matrix

    assert matrix.password is not None and matrix.password.get_secret_value() == "env-pw"
    assert matrix.access_token is not None
    assert matrix.access_token.get_secret_value() == "env-token"
    assert matrix.pickle_key is not None and matrix.pickle_key.get_secret_value() == "env-pickle"


def test_an_empty_environment_variable_counts_as_unset(tmp_path: Path) -> None:
    environ = {"HARMONIE_MATRIX__PASSWORD": "", "HARMONIE_MATRIX__PICKLE_KEY": ""}

    matrix = load_config(write(tmp_path, MINIMAL), environ).matrix

    assert matrix.password is not None and matrix.password.get_secret_value() == "pw"
    assert matrix.pickle_key is None


def test_environment_is_read_from_os_environ_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARMONIE_MATRIX__PASSWORD", "from-os")

    config = load_config(EXAMPLE)

    assert config.matrix.password is not None
    assert config.matrix.password.get_secret_value() == "from-os"


def test_an_access_token_alone_is_enough(tmp_path: Path) -> None:
    text = replace(MINIMAL, 'password = "pw"', 'access_token = "syt_abc"')

    matrix = load_config(write(tmp_path, text), {}).matrix

    assert matrix.password is None
    assert matrix.access_token is not None


def test_an_empty_password_in_the_file_is_no_credential(tmp_path: Path) -> None:
    text = replace(MINIMAL, 'password = "pw"', 'password = ""')

    problems = problems_of(write(tmp_path, text))

    assert keys_of(problems) == ["matrix"]


# --- one problem, precisely described ---------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            '"https://matrix.example.org/"',
            '"matrix.example.org"',
            "matrix.homeserver",
            "expected an http:// or https:// URL",
        ),
        (
            '"https://matrix.example.org/"',
            '"ftp://matrix.example.org"',
            "matrix.homeserver",
            "expected an http:// or https:// URL",
        ),
        (
            '"https://matrix.example.org/"',
            '"https://"',
            "matrix.homeserver",
            "expected an http:// or https:// URL",
        ),
        (
            '"@bot:example.org"',
            '"bot@example.org"',
            "matrix.user_id",
            "expected a Matrix user ID like @name:server",
        ),
        ('password = "pw"', "password = 1234", "matrix.password", "expected a text string"),
        ('password = "pw"', 'password = "pw"\npasswrd = "x"', "matrix.passwrd", "unknown key"),
        (
            'password = "pw"',
            'password = "pw"\nencryption = "yes"',
            "matrix.encryption",
            "expected true or false",
        ),
        (
            'password = "pw"',
            'password = "pw"\nallowed_servers = "example.org"',
            "matrix.allowed_servers",
            "expected a list",
        ),
        (
            'password = "pw"',
            'password = "pw"\nallowed_servers = ["https://example.org"]',
            "matrix.allowed_servers",
            "entry 1: expected a homeserver name",
        ),
        (
            'password = "pw"',
            'password = "pw"\nstore_path = ""',
            "matrix.store_path",
            "must not be empty",
        ),
        ('name = "Commune de Test"', 'name = "  "', "organisation.name", "must not be empty"),
        (
            'name = "Commune de Test"',
            'name = "X"\ntimezone = "Europe/Pariss"',
            "organisation.timezone",
            "unknown time zone (did you mean 'Europe/Paris'?)",
        ),
        (
            'name = "Commune de Test"',
            'name = "X"\nlanguage = "de"',
            "organisation.language",
            "expected 'fr' or 'en'",
        ),
        (
            'name = "Commune de Test"',
            'name = "X"\nadmins = ["@a:example.org", "alice"]',
            "organisation.admins",
            "entry 2: expected a Matrix user ID like @name:server",
        ),
        (
            'name = "Commune de Test"',
            'name = "X"\nmanagement_room = "harmonie"',
            "organisation.management_room",
            "expected a room ID (!abc:server) or a room alias (#name:server)",
        ),
        (
            'name = "Commune de Test"',
            'name = "X"\nanonymity_threshold = 0',
            "organisation.anonymity_threshold",
            "must be at least 1",
        ),
        (
            'name = "Commune de Test"',
            'name = "X"\nanonymity_threshold = "5"',
            "organisation.anonymity_threshold",
            "expected a whole number",
        ),
        (
            'name = "Commune de Test"',
            'name = "X"\nservices = ["RH", "Finances", "rh"]',
            "organisation.services",
            "entry 3 repeats an earlier service",
        ),
        ('name = "Commune de Test"', "", "organisation.name", "required key is missing"),
        (
            'name = "Commune de Test"',
            'name = "X"\narticle = "du"',
            "organisation.article",
            "expected 'le', 'la', \"l'\", 'les' or ''",
        ),
    ],
)
def test_each_mistake_names_the_file_the_key_and_what_was_expected(
    tmp_path: Path, old: str, new: str, key: str, message: str
) -> None:
    path = write(tmp_path, replace(MINIMAL, old, new))

    problems = problems_of(path)

    assert len(problems) == 1, problems
    assert problems[0].file == str(path)
    assert problems[0].key == key
    assert problems[0].message.startswith(message)
    assert str(problems[0]) == f"{path}: {key}: {problems[0].message}"


def test_an_unknown_key_suggests_the_closest_known_one(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace('password = "pw"', 'password = "pw"\npasswrd = "x"'))

    assert [p.message for p in problems_of(path)] == ["unknown key (did you mean 'password'?)"]


def test_an_unknown_section_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "\n[storag]\npath = 'x.db'\n")

    assert [str(p) for p in problems_of(path)] == [
        f"{path}: storag: unknown key (did you mean 'storage'?)"
    ]


def test_source_cannot_be_set_from_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'source = "/etc/other.toml"\n' + MINIMAL)

    assert [(p.key, p.message) for p in problems_of(path)] == [("source", "unknown key")]


def test_a_missing_section_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.split("[organisation]")[0])

    assert [(p.key, p.message) for p in problems_of(path)] == [
        ("organisation", "missing section [organisation]")
    ]


def test_a_section_written_as_a_value_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path, 'logging = "debug"\n' + MINIMAL)

    assert [(p.key, p.message) for p in problems_of(path)] == [
        ("logging", "expected a table, e.g. [logging]")
    ]


def test_a_missing_matrix_section_with_env_secret_names_the_missing_keys(tmp_path: Path) -> None:
    path = write(tmp_path, '[organisation]\nname = "X"\n')

    problems = problems_of(path, {"HARMONIE_MATRIX__PASSWORD": "pw"})

    assert keys_of(problems) == ["matrix.homeserver", "matrix.user_id"]


def test_an_empty_file_lists_both_required_sections(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, ""))

    assert [str(p) for p in problems] == [
        f"{tmp_path / 'config.toml'}: matrix: missing section [matrix]",
        f"{tmp_path / 'config.toml'}: organisation: missing section [organisation]",
    ]


def test_people_on_a_server_the_bot_ignores_are_reported(tmp_path: Path) -> None:
    text = MINIMAL + 'managers = ["@a:example.org", "@b:other.org"]\n'

    problems = problems_of(write(tmp_path, text))

    assert [(p.key, p.message.split(":")[0]) for p in problems] == [
        ("organisation.managers", "entry 2")
    ]
    assert "allowed_servers" in problems[0].message


def test_room_ids_without_a_server_part_are_accepted(tmp_path: Path) -> None:
    # Room version 12 dropped the server part of room IDs.
    text = MINIMAL + 'management_room = "!Abc123_def"\nagents_room = "#agents:example.org"\n'

    organisation = load_config(write(tmp_path, text), {}).organisation

    assert organisation.management_room == "!Abc123_def"
    assert organisation.agents_room == "#agents:example.org"


# --- all problems at once ---------------------------------------------------------------------


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    text = """\
[matrix]
homeserver = "matrix.example.org"
user_id = "bot"
passwrd = "pw"

[organisation]
name = "X"
timezone = "Mars/Olympus"
anonymity_threshold = 0
"""
    path = write(tmp_path, text)

    problems = problems_of(path)

    assert sorted(keys_of(problems)) == sorted(
        [
            "matrix",
            "matrix.homeserver",
            "matrix.user_id",
            "matrix.passwrd",
            "organisation.timezone",
            "organisation.anonymity_threshold",
        ]
    )
    assert all(problem.file == str(path) for problem in problems)
    assert [p.key.split(".")[0] for p in problems] == ["matrix"] * 4 + ["organisation"] * 2
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    assert str(caught.value).splitlines() == [str(problem) for problem in problems]


# --- the file itself --------------------------------------------------------------------------


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"

    assert [str(p) for p in problems_of(path)] == [f"{path}: file not found"]


def test_a_folder_instead_of_a_file_is_reported(tmp_path: Path) -> None:
    assert [p.message for p in problems_of(tmp_path)] == ["is a folder, not a file"]


def test_a_toml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[matrix]\nhomeserver = "https://x"\nuser_id = @bot:x\n')

    problems = problems_of(path)

    assert len(problems) == 1
    assert problems[0].file == str(path)
    assert problems[0].message.startswith("TOML syntax error at line 3, column 11:")


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(MINIMAL.replace("Test", "T\xe9st").encode("latin-1"))

    assert [p.message for p in problems_of(path)] == ["the file is not valid UTF-8 text"]


# --- secrets never leak -----------------------------------------------------------------------


LEAKY = f"""\
[matrix]
homeserver = "not a url {SECRET}"
user_id = "{SECRET}"
password = "{SECRET}"
passwrd = "{SECRET}"
device_name = 12
allowed_servers = ["{SECRET}!"]

[organisation]
name = "X"
timezone = "{SECRET}"
language = "{SECRET}"
admins = ["{SECRET}"]
management_room = "{SECRET}"
anonymity_threshold = "{SECRET}"
services = [1]

[logging]
level = "{SECRET}"
"""


def test_no_input_value_is_ever_echoed_in_problems(tmp_path: Path) -> None:
    path = write(tmp_path, LEAKY)
    out = io.StringIO()

    code = check_config_command(path, out, environ={})

    assert code == 2
    output = out.getvalue()
    assert "hunter2" not in output
    assert len(output.splitlines()) >= 12  # every problem listed, none swallowed


def test_a_secret_never_shows_in_the_config_or_its_summary(tmp_path: Path) -> None:
    text = MINIMAL.replace('"pw"', f'"{SECRET}"')
    environ = {"HARMONIE_MATRIX__ACCESS_TOKEN": SECRET, "HARMONIE_MATRIX__PICKLE_KEY": SECRET}
    path = write(tmp_path, text)
    config = load_config(path, environ)
    out = io.StringIO()

    code = check_config_command(path, out, environ=environ)

    assert code == 0
    for text_form in (repr(config), str(config), redacted_summary(config), out.getvalue()):
        assert "hunter2" not in text_form
    assert "password: set" in out.getvalue()
    assert "access token: set" in out.getvalue()


def test_a_secret_does_not_leak_when_the_rest_of_the_file_is_wrong(tmp_path: Path) -> None:
    text = MINIMAL.replace('"pw"', f'"{SECRET}"').replace("https://", "gopher://")
    text += 'timezone = "Nowhere"\nadmins = ["x"]\n'
    out = io.StringIO()

    code = check_config_command(write(tmp_path, text), out, environ={})

    assert code == 2
    assert "hunter2" not in out.getvalue()
    assert "matrix.homeserver" in out.getvalue()


# --- check-config -----------------------------------------------------------------------------


def test_check_config_on_a_good_file_prints_ok_and_a_summary(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    out = io.StringIO()

    code = check_config_command(path, out, environ={})

    lines = out.getvalue().splitlines()
    assert code == 0
    assert lines[0] == f"Configuration OK: {path}"
    summary = "\n".join(lines[1:])
    assert "@bot:example.org" in summary
    assert "https://matrix.example.org" in summary
    assert "encryption: on" in summary
    assert "allowed servers: example.org" in summary
    assert str(tmp_path / "state" / "harmonie.db") in summary
    assert str(tmp_path / "state" / "store") in summary
    assert "Commune de Test" in summary
    assert "admins: 0, managers: 0" in summary
    assert "password: set" in summary
    assert "access token: not set" in summary


def test_check_config_on_a_bad_file_lists_every_problem_and_returns_2(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace('name = "Commune de Test"', 'nam = "X"'))
    out = io.StringIO()

    code = check_config_command(path, out, environ={})

    assert code == 2
    assert out.getvalue().splitlines() == [
        f"Configuration invalide / invalid: {path}",
        f"  {path}: organisation.name: required key is missing",
        f"  {path}: organisation.nam: unknown key (did you mean 'name'?)",
    ]


def test_check_config_on_a_missing_file_returns_2(tmp_path: Path) -> None:
    out = io.StringIO()

    code = check_config_command(tmp_path / "absent.toml", out, environ={})

    assert code == 2
    assert "file not found" in out.getvalue()


def test_summary_shows_encryption_off_and_the_organisation_counts(tmp_path: Path) -> None:
    text = MINIMAL.replace('password = "pw"', 'password = "pw"\nencryption = false')
    text += 'admins = ["@a:example.org"]\nmanagers = ["@b:example.org", "@c:example.org"]\n'

    summary = redacted_summary(load_config(write(tmp_path, text), {}))

    assert "encryption: off" in summary
    assert "admins: 1, managers: 2" in summary


def test_config_can_be_built_in_code_with_its_defaults() -> None:
    config = Config.model_validate(
        {
            "matrix": {"homeserver": "http://h", "user_id": "@b:h", "access_token": "t"},
            "organisation": {"name": "X"},
        }
    )

    assert config.storage.path == Path("state/harmonie.db")
    assert config.source is None


def test_a_survey_with_two_categories_of_the_same_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        """
[matrix]
homeserver = "https://matrix.example.org"
user_id = "@bot:example.org"
password = "x"

[organisation]
name = "Commune"

[[survey.categories]]
key = "visio"
name = "visioconférence"

[[survey.categories]]
key = "visio"
name = "visio encore"
""",
        encoding="utf-8",
    )

    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})

    assert "survey: category 'visio' appears twice" in str(caught.value)


# --- rollout ---------------------------------------------------------------------------------


def test_the_rollout_defaults_follow_the_method(tmp_path: Path) -> None:
    rollout = load_config(write(tmp_path, MINIMAL), {}).rollout

    assert rollout.step_offsets == [-14, -7, 0, 7, 7]
    assert rollout.wave_offsets == [7, 30, 90] and rollout.wave_every_days == 91
    assert (rollout.reminder_working_days, rollout.grace_working_days) == (3, 1)


def test_a_step_owner_who_is_neither_manager_nor_admin_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'name = "Commune de Test"\n', 'name = "X"\nmanagers = ["@m:example.org"]\n'
    )
    path = write(
        tmp_path, text + '[rollout]\nowners = { "2" = ["@m:example.org", "@z:example.org"] }\n'
    )

    (problem,) = problems_of(path)

    assert "owner of step 2" in problem.message
    assert "@z:example.org" not in str(problem)  # user ids stay out of the messages


def test_rollout_settings_out_of_range_are_each_explained(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        MINIMAL
        + '[rollout]\nstep_offsets = [-14, -7, 0]\nwave_offsets = [-3]\nowners = { "9" = [] }\n'
        + "grace_working_days = -1\n",
    )

    problems = problems_of(path)

    assert sorted(keys_of(problems)) == [
        "rollout.grace_working_days",
        "rollout.owners.9.[key]",
        "rollout.step_offsets",
        "rollout.wave_offsets",
    ]
    assert any("five numbers of days" in p.message for p in problems)


# --- cross-signing ---------------------------------------------------------------------------


def recovery_key(seed: int = 0) -> str:
    from bot.e2ee.crosssigning import encode_recovery_key

    return encode_recovery_key(bytes((seed + i) % 256 for i in range(32)))


def with_recovery_key(value: str) -> str:
    return replace(MINIMAL, 'password = "pw"', f'password = "pw"\nrecovery_key = "{value}"')


def assert_never_shown(key: str, text: str) -> None:
    compact = key.replace(" ", "")
    assert key not in text
    assert compact not in text
    assert key[-14:] not in text  # the last three groups


def mistyped(key: str) -> dict[str, str]:
    other = "b" if key[20] != "b" else "c"
    return {
        "zero": key[:10] + "0" + key[11:],  # a zero for an O
        "short": key[:-5],  # the last group forgotten
        "one letter": key[:20] + other + key[21:],  # caught by the check digit
        "dashes": key.replace(" ", "-"),
    }


@pytest.mark.parametrize("mistake", list(mistyped(recovery_key())))
def test_a_mistyped_recovery_key_is_reported_without_quoting_it(
    tmp_path: Path, mistake: str
) -> None:
    typed = mistyped(recovery_key())[mistake]
    path = write(tmp_path, with_recovery_key(typed))
    out = io.StringIO()

    problems = problems_of(path)
    code = check_config_command(path, out, environ={})

    assert [(p.key, p.message.endswith("copy it again as it was printed")) for p in problems] == [
        ("matrix.recovery_key", True)
    ]
    assert code == 2
    for text in (str(problems[0]), out.getvalue()):
        assert_never_shown(typed, text)
        assert_never_shown(recovery_key(), text)


def test_a_valid_recovery_key_loads(tmp_path: Path) -> None:
    from bot.e2ee.crosssigning import decode_recovery_key

    key = recovery_key()

    matrix = load_config(write(tmp_path, with_recovery_key(key)), {}).matrix

    assert matrix.recovery_key is not None
    assert decode_recovery_key(matrix.recovery_key.get_secret_value()) == bytes(range(32))
    assert matrix.reset_cross_signing is False
    assert key not in repr(matrix)


def test_no_recovery_key_and_an_empty_one_are_both_unset(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, MINIMAL), {}).matrix.recovery_key is None
    assert load_config(write(tmp_path, with_recovery_key("")), {}).matrix.recovery_key is None


def test_the_recovery_key_from_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    from_env = recovery_key(1)
    path = write(tmp_path, with_recovery_key(recovery_key()))

    matrix = load_config(path, {"HARMONIE_MATRIX__RECOVERY_KEY": from_env}).matrix

    assert matrix.recovery_key is not None
    assert matrix.recovery_key.get_secret_value() == from_env


def test_a_good_recovery_key_in_the_environment_hides_a_mistyped_one_in_the_file(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, with_recovery_key(recovery_key()[:-5]))

    matrix = load_config(path, {"HARMONIE_MATRIX__RECOVERY_KEY": recovery_key(2)}).matrix

    assert matrix.recovery_key is not None
    assert matrix.recovery_key.get_secret_value() == recovery_key(2)


def test_a_mistyped_recovery_key_in_the_environment_is_reported(tmp_path: Path) -> None:
    typed = recovery_key()[:-5]

    problems = problems_of(write(tmp_path, MINIMAL), {"HARMONIE_MATRIX__RECOVERY_KEY": typed})

    assert keys_of(problems) == ["matrix.recovery_key"]
    assert_never_shown(typed, str(problems[0]))


def test_reset_cross_signing_is_a_strict_boolean(tmp_path: Path) -> None:
    text = replace(MINIMAL, 'password = "pw"', 'password = "pw"\nreset_cross_signing = true')
    assert load_config(write(tmp_path, text), {}).matrix.reset_cross_signing is True

    text = replace(MINIMAL, 'password = "pw"', 'password = "pw"\nreset_cross_signing = "yes"')
    assert [(p.key, p.message) for p in problems_of(write(tmp_path, text))] == [
        ("matrix.reset_cross_signing", "expected true or false")
    ]


def test_check_config_says_a_recovery_key_is_set_without_showing_it(tmp_path: Path) -> None:
    key = recovery_key()
    path = write(tmp_path, with_recovery_key(key))
    out = io.StringIO()

    code = check_config_command(path, out, environ={})

    assert code == 0
    assert "  recovery key: set\n" in out.getvalue()
    assert_never_shown(key, out.getvalue())
    assert_never_shown(key, redacted_summary(load_config(path, {})))


def test_check_config_says_when_no_recovery_key_is_set(tmp_path: Path) -> None:
    out = io.StringIO()

    check_config_command(write(tmp_path, MINIMAL), out, environ={})

    assert "  recovery key: not set\n" in out.getvalue()


def test_check_config_says_cross_signing_is_not_set_up_in_a_new_store(tmp_path: Path) -> None:
    out = io.StringIO()

    check_config_command(write(tmp_path, MINIMAL), out, environ={})

    (line,) = [x for x in out.getvalue().splitlines() if x.strip().startswith("cross-signing:")]
    assert line.strip().startswith("cross-signing: not set up yet")


def test_check_config_says_cross_signing_is_set_up_when_the_store_holds_its_keys(
    tmp_path: Path,
) -> None:
    from bot.config import CROSS_SIGNING_FILE

    store = tmp_path / "state" / "store"
    store.mkdir(parents=True)
    (store / CROSS_SIGNING_FILE).write_text("{}", encoding="utf-8")
    out = io.StringIO()

    code = check_config_command(write(tmp_path, MINIMAL), out, environ={})

    assert code == 0
    (line,) = [x for x in out.getvalue().splitlines() if x.strip().startswith("cross-signing:")]
    assert line.strip().startswith("cross-signing: set up")


# --- phase 2: the catalogue, the pilots, the weights -----------------------------------------


def test_the_example_points_at_the_shipped_catalogue_beside_it() -> None:
    config = load_config(EXAMPLE, {"HARMONIE_MATRIX__PASSWORD": "from-env"})

    assert config.choice.catalogue == EXAMPLE.parent / "suites.example.toml"
    assert config.choice.weights.security == 3 and config.choice.weights.cost == 1


def test_a_typo_in_the_catalogue_is_reported_with_the_configuration(tmp_path: Path) -> None:
    catalogue = (EXAMPLE.parent / "suites.example.toml").read_text(encoding="utf-8")
    write(tmp_path, replace(catalogue, "ged = ", "gde = "), "suites.toml")
    path = write(tmp_path, MINIMAL + '\n[choice]\ncatalogue = "suites.toml"\n')

    problems = problems_of(path)

    assert {p.file for p in problems} == {str(tmp_path / "suites.toml")}
    assert [(p.key, p.message.split(":")[0]) for p in problems] == [
        ("suites.modules.gde", "entry 1"),
        ("suites.modules.gde", "entry 2"),
        ("suites.modules.gde", "entry 3"),
    ]
    assert all("did you mean 'ged'?" in p.message for p in problems)


def test_a_missing_catalogue_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + '\n[choice]\ncatalogue = "nowhere.toml"\n')

    [problem] = problems_of(path)

    assert problem.file == str(tmp_path / "nowhere.toml") and problem.message == "file not found"


def test_a_pilot_of_another_homeserver_is_refused(tmp_path: Path) -> None:
    pilots = '["@a:example.org", "@b:elsewhere.org"]'
    path = write(tmp_path, MINIMAL + f"\n[choice]\npilots = {pilots}\n")

    [problem] = problems_of(path)

    assert problem.key == "choice.pilots" and problem.message.startswith("entry 2:")


def test_weights_cannot_all_be_zero(tmp_path: Path) -> None:
    zero = "\n".join(
        f"{name} = 0"
        for name in ("security", "simplicity", "sovereignty", "proximity", "efficiency", "cost")
    )
    path = write(tmp_path, MINIMAL + f"\n[choice.weights]\n{zero}\n")

    [problem] = problems_of(path)

    assert problem.key == "choice.weights" and "at least one weight" in problem.message


def test_a_postgresql_url_replaces_the_sqlite_file_and_hides_its_password(
    tmp_path: Path,
) -> None:
    url = "postgresql://harmonie:s3cret@db.cdg.example:5432/harmonie"
    config = load_config(write(tmp_path, MINIMAL + f'\n[storage]\nurl = "{url}"\n'), {})

    assert config.storage.target == url
    assert config.storage.describe() == "postgresql://harmonie:***@db.cdg.example:5432/harmonie"
    assert "s3cret" not in repr(config.storage)


def test_a_storage_with_both_a_path_and_a_url_is_refused(tmp_path: Path) -> None:
    text = MINIMAL + '\n[storage]\npath = "h.db"\nurl = "postgresql://db/harmonie"\n'

    (problem,) = problems_of(write(tmp_path, text))

    assert problem.key == "storage"
    assert "give path (a SQLite file) or url (PostgreSQL), not both" in problem.message


def test_a_storage_url_that_is_not_postgresql_says_what_it_takes(tmp_path: Path) -> None:
    text = MINIMAL + '\n[storage]\nurl = "mysql://db/harmonie"\n'

    (problem,) = problems_of(write(tmp_path, text))

    assert problem.key == "storage.url"
    assert "a PostgreSQL URL begins with postgresql://" in problem.message
