"""A structure's configuration: several organisations (tenants) in one file, each with what it
sets apart, and who belongs where; one collectivité's [organisation] keeps working unchanged."""

from __future__ import annotations

import io
from datetime import date, time
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.cli import check_config_command, config_warnings, redacted_summary
from bot.config import (
    Config,
    ConfigError,
    ConfigProblem,
    OrganisationSettings,
    load_config,
    parse_config,
)

ROOT = Path(__file__).resolve().parents[3]
STRUCTURE_EXAMPLE = ROOT / "config.structure.example.toml"
ENV = {"HARMONIE_MATRIX__PASSWORD": "from-env"}

MATRIX = """\
[matrix]
homeserver = "https://matrix.example.org"
user_id = "@bot:example.org"
password = "pw"
"""

PLOUZANE = """\
[organisations.plouzane]
name = "Commune de Plouzané"
admins = ["@dgs.plouzane:example.org"]
managers = ["@rh.plouzane:example.org"]
agents = ["@agent.plouzane:example.org"]
services = ["Accueil", "Enfance"]
"""

SAVERNE = """\
[organisations.saverne]
name = "Commune de Saverne"
admins = ["@dgs.saverne:example.org"]
agents_room = "#agents-saverne:example.org"
anonymity_threshold = 3
"""

STAFF = """\
[structure]
name = "Centre de gestion du Finistère"
staff = ["@conseil.cdg:example.org"]
"""

SINGLE = (
    MATRIX
    + """\
[organisation]
name = "Commune de Test"
admins = ["@dsi:example.org"]
managers = ["@dgs:example.org"]
agents = ["@agent:example.org"]

[choice]
pilots = ["@pilote:example.org"]

[rollout]
owners = { "2" = ["@dgs:example.org"] }
"""
)


def write(tmp_path: Path, *tables: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


def load(tmp_path: Path, *tables: str) -> Config:
    return load_config(write(tmp_path, MATRIX, *tables), {})


def problems_of(tmp_path: Path, *tables: str) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, *tables)
    return [(problem.key, problem.message) for problem in caught.value.problems]


# --- the example of a structure ----------------------------------------------------------------


def test_the_structure_example_loads_three_communes_and_their_staff() -> None:
    config = load_config(STRUCTURE_EXAMPLE, ENV)

    tenants = config.tenants()

    assert list(tenants) == ["kerbihan", "hohwiller", "saint-aubin"]
    assert [t.organisation.name for t in tenants.values()] == [
        "Commune de Kerbihan",
        "Commune de Hohwiller-sur-Moder",
        "Commune de Saint-Aubin-des-Prés",
    ]
    assert [t.calendar.alsace_moselle for t in tenants.values()] == [False, True, False]
    assert tenants["hohwiller"].calendar.working_hours_start == time(8, 0)
    assert tenants["kerbihan"].calendar.days_off == [date(2027, 5, 17)]
    assert {t.privacy.contact for t in tenants.values()} == {"dpo@numerique-territoires.example"}
    assert tenants["kerbihan"].choice.catalogue == ROOT / "suites.example.toml"
    assert config.organisation.name == "Syndicat mixte Numérique et Territoires"
    assert config.structure.benchmark_threshold == 5
    staff = "@sophie.guillou-numerique-territoires.fr:agent.collectivites.tchap.gouv.fr"
    assert config.is_structure_staff(staff) and config.tenant_of(staff) is None
    pilot = "@erwan.quere-kerbihan.fr:agent.collectivites.tchap.gouv.fr"
    assert config.tenant_of(pilot) == "kerbihan"


def test_check_config_on_the_structure_example_shows_each_organisation() -> None:
    out = io.StringIO()

    code = check_config_command(STRUCTURE_EXAMPLE, out, environ=ENV)

    lines = out.getvalue().splitlines()
    assert code == 0
    assert lines[0] == f"Configuration OK: {STRUCTURE_EXAMPLE}"
    assert "  structure staff: 2, benchmark threshold: 5 organisations" in lines
    assert "  organisations: 3" in lines
    hohwiller = lines.index(
        "    hohwiller: Commune de Hohwiller-sur-Moder ('la Commune de Hohwiller-sur-Moder'), "
        "time zone: Europe/Paris, language: fr, Alsace-Moselle holidays: yes"
    )
    assert lines[hohwiller + 1] == (
        "      admins: 1, managers: 1, agents listed: 3, agents room: not set, "
        "pilots listed: 0, services: 2, anonymity threshold: 3"
    )
    assert not any(line.startswith("Warning") for line in lines)
    assert not any(line.startswith("  organisation: ") for line in lines)


# --- one collectivité: unchanged, the tenant "default" -----------------------------------------


def test_a_single_organisation_is_its_own_only_tenant(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, SINGLE), {})

    assert config.tenant == "default"
    assert config.organisations == {}
    assert config.tenants() == {"default": config}
    assert config.tenants()["default"] is config
    assert config.file_key("organisation.agents") == "organisation.agents"


@pytest.mark.parametrize(
    "user_id",
    ["@dsi:example.org", "@dgs:example.org", "@agent:example.org", "@pilote:example.org"],
)
def test_everyone_listed_in_a_single_organisation_belongs_to_default(
    tmp_path: Path, user_id: str
) -> None:
    config = load_config(write(tmp_path, SINGLE), {})

    assert config.tenant_of(user_id) == "default"
    assert not config.is_structure_staff(user_id)


def test_someone_listed_nowhere_belongs_to_no_organisation(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, SINGLE), {})

    assert config.tenant_of("@inconnu:example.org") is None


def test_a_single_organisation_s_summary_names_no_structure(tmp_path: Path) -> None:
    summary = redacted_summary(load_config(write(tmp_path, SINGLE), {}))

    assert "  organisation: Commune de Test (in French sentences: " in summary
    assert "structure" not in summary and "organisations" not in summary


# --- each organisation's own Config -------------------------------------------------------------


def test_each_tenant_gets_its_organisation_and_no_other(tmp_path: Path) -> None:
    config = load(tmp_path, STAFF, PLOUZANE, SAVERNE)

    plouzane = config.tenants()["plouzane"]

    assert plouzane.tenant == "plouzane"
    assert type(plouzane.organisation) is OrganisationSettings
    assert plouzane.organisation.name == "Commune de Plouzané"
    assert plouzane.organisation.admins == ["@dgs.plouzane:example.org"]
    assert plouzane.organisation.services == ["Accueil", "Enfance"]
    assert plouzane.organisations == {}
    assert plouzane.structure == config.structure  # the benchmark's threshold, for its managers
    assert plouzane.matrix == config.matrix and plouzane.source == config.source
    assert plouzane.tenants() == {"plouzane": plouzane}
    assert config.tenants()["saverne"].organisation.anonymity_threshold == 3


def test_a_tenant_s_sections_are_merged_key_by_key(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "[calendar]\nworking_hours_start = 08:30:00\ndays_off = [2027-05-17]\n",
        '[privacy]\ncontact = "dpo@cdg29.example"\nretention_days = 400\n',
        "[choice]\nask_working_days = 5\n",
        "[rollout]\nreminder_working_days = 4\n",
        PLOUZANE,
        SAVERNE,
        "[organisations.saverne.calendar]\nalsace_moselle = true\nworking_hours_end = 16:00:00\n",
        '[organisations.saverne.privacy]\ndata_controller = "Commune de Saverne"\n'
        'contact = "dpo@saverne.example"\n',
        '[organisations.saverne.choice]\npilots = ["@pilote.saverne:example.org"]\n'
        'pilots_room = "#pilotes-saverne:example.org"\n',
        '[organisations.saverne.rollout]\nowners = { "3" = ["@dgs.saverne:example.org"] }\n',
    )

    saverne, plouzane = config.tenants()["saverne"], config.tenants()["plouzane"]

    assert saverne.calendar.alsace_moselle is True
    assert saverne.calendar.working_hours_end == time(16, 0)
    assert saverne.calendar.working_hours_start == time(8, 30)  # the installation's
    assert saverne.calendar.days_off == [date(2027, 5, 17)]
    assert (saverne.privacy.data_controller, saverne.privacy.contact) == (
        "Commune de Saverne",
        "dpo@saverne.example",
    )
    assert saverne.privacy.retention_days == 400
    assert plouzane.privacy.contact == "dpo@cdg29.example"
    assert saverne.choice.pilots == ["@pilote.saverne:example.org"]
    assert saverne.choice.pilots_room == "#pilotes-saverne:example.org"
    assert saverne.choice.ask_working_days == 5
    assert saverne.rollout.owners == {"3": ["@dgs.saverne:example.org"]}
    assert saverne.rollout.reminder_working_days == 4
    # an organisation that sets nothing apart has the installation's sections
    assert plouzane.calendar == config.calendar and plouzane.privacy == config.privacy
    assert plouzane.choice == config.choice and plouzane.rollout == config.rollout
    assert plouzane.calendar.alsace_moselle is False
    assert plouzane.privacy.data_controller is None


def test_an_organisation_of_a_structure_takes_every_key_of_organisation(tmp_path: Path) -> None:
    table = """\
[organisations.le-havre]
name = "Le Havre"
article = ""
timezone = "America/Cayenne"
language = "EN"
admins = ["@dsi:example.org"]
managers = ["@dgs:example.org"]
management_room = "!encadrants:example.org"
manager_power_level = false
agents_room = "#agents:example.org"
agents = ["@agent:example.org"]
services = ["Port"]
anonymity_threshold = 8
live_results = true
problem_threshold = 4.5
"""
    organisation = load(tmp_path, table).tenants()["le-havre"].organisation

    assert organisation == OrganisationSettings(
        name="Le Havre",
        article="",
        timezone="America/Cayenne",
        language="en",
        admins=["@dsi:example.org"],
        managers=["@dgs:example.org"],
        management_room="!encadrants:example.org",
        manager_power_level=False,
        agents_room="#agents:example.org",
        agents=["@agent:example.org"],
        services=["Port"],
        anonymity_threshold=8,
        live_results=True,
        problem_threshold=4.5,
    )
    assert organisation.named.french("de") == "du Havre"


def test_file_key_says_where_a_tenant_s_key_is_written(tmp_path: Path) -> None:
    tenant = load(tmp_path, PLOUZANE).tenants()["plouzane"]

    assert tenant.file_key("organisation.agents") == "organisations.plouzane.agents"
    assert tenant.file_key("choice.pilots") == "organisations.plouzane.choice.pilots"
    assert tenant.file_key("calendar") == "organisations.plouzane.calendar"


# --- the structure itself -----------------------------------------------------------------------


def test_a_structure_s_top_level_organisation_is_the_structure_with_no_people(
    tmp_path: Path,
) -> None:
    config = load(tmp_path, STAFF, PLOUZANE)

    organisation = config.organisation

    assert organisation.name == "Centre de gestion du Finistère"
    assert organisation.named.french("de") == "du Centre de gestion du Finistère"
    assert (organisation.admins, organisation.managers, organisation.agents) == ([], [], [])
    assert organisation.agents_room is None and organisation.management_room is None
    assert config.tenant == "default"


def test_a_structure_without_a_name_is_la_structure(tmp_path: Path) -> None:
    config = load(tmp_path, PLOUZANE)

    assert config.organisation.name == "Structure"
    assert config.organisation.named.french("de") == "de la Structure"
    assert config.structure.staff == [] and config.structure.benchmark_threshold == 5


def test_the_structure_s_staff_belong_to_no_organisation(tmp_path: Path) -> None:
    config = load(tmp_path, STAFF, PLOUZANE)

    assert config.is_structure_staff("@conseil.cdg:example.org")
    assert config.tenant_of("@conseil.cdg:example.org") is None
    assert not config.is_structure_staff("@dgs.plouzane:example.org")


def test_the_benchmark_threshold_is_configured(tmp_path: Path) -> None:
    config = load(tmp_path, STAFF + "benchmark_threshold = 7\n", PLOUZANE)

    assert config.structure.benchmark_threshold == 7


@pytest.mark.parametrize(
    ("value", "message"),
    [("1", "must be at least 2"), ('"5"', "expected a whole number"), ("2.5", "expected a whole")],
)
def test_a_benchmark_threshold_under_two_or_not_a_number_is_refused(
    tmp_path: Path, value: str, message: str
) -> None:
    [(key, said)] = problems_of(tmp_path, f"[structure]\nbenchmark_threshold = {value}\n", PLOUZANE)

    assert key == "structure.benchmark_threshold" and said.startswith(message)


# --- who belongs where --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_id", "tenant"),
    [
        ("@dgs.plouzane:example.org", "plouzane"),  # admin
        ("@rh.plouzane:example.org", "plouzane"),  # manager
        ("@agent.plouzane:example.org", "plouzane"),  # agent
        ("@pilote.saverne:example.org", "saverne"),  # pilot
        ("@chef.saverne:example.org", "saverne"),  # manager and step owner
        ("@dgs.saverne:example.org", "saverne"),
        ("@conseil.cdg:example.org", None),  # the structure's staff
        ("@personne:example.org", None),
    ],
)
def test_tenant_of_reads_every_list_of_people(
    tmp_path: Path, user_id: str, tenant: str | None
) -> None:
    config = load(
        tmp_path,
        STAFF,
        PLOUZANE,
        SAVERNE + 'managers = ["@chef.saverne:example.org"]\n',
        '[organisations.saverne.choice]\npilots = ["@pilote.saverne:example.org"]\n',
        '[organisations.saverne.rollout]\nowners = { "1" = ["@chef.saverne:example.org"] }\n',
    )

    assert config.tenant_of(user_id) == tenant
    # and each organisation's own Config knows its people only
    assert [key for key, own in config.tenants().items() if own.tenant_of(user_id)] == (
        [tenant] if tenant else []
    )


@pytest.mark.parametrize(
    ("plouzane_role", "saverne_role", "key"),
    [
        ("agents", "agents", "organisations.saverne.agents"),
        ("admins", "managers", "organisations.saverne.managers"),
        ("managers", "choice.pilots", "organisations.saverne.choice.pilots"),
    ],
)
def test_a_person_listed_in_two_organisations_is_refused_naming_both(
    tmp_path: Path, plouzane_role: str, saverne_role: str, key: str
) -> None:
    twice = '["@double:example.org"]'
    saverne = (
        SAVERNE + f"{saverne_role} = {twice}\n"
        if "." not in saverne_role
        else SAVERNE + f"[organisations.saverne.choice]\npilots = {twice}\n"
    )
    plouzane = replace_list(PLOUZANE, plouzane_role, twice)

    problems = problems_of(tmp_path, plouzane, saverne)

    where = f"organisations.plouzane.{plouzane_role}"
    assert problems == [
        (key, f"entry 1: also listed in {where}; a person belongs to one organisation")
    ]
    assert "@double" not in str(problems)  # user IDs stay out of the messages


def replace_list(table: str, role: str, value: str) -> str:
    lines = [line for line in table.splitlines() if not line.startswith(f"{role} =")]
    return "\n".join([*lines, f"{role} = {value}", ""])


def test_a_person_listed_twice_in_one_organisation_is_not_a_conflict(tmp_path: Path) -> None:
    config = load(tmp_path, replace_list(PLOUZANE, "agents", '["@dgs.plouzane:example.org"]'))

    assert config.tenant_of("@dgs.plouzane:example.org") == "plouzane"


def test_the_structure_s_staff_listed_in_an_organisation_is_refused(tmp_path: Path) -> None:
    staff = STAFF.replace(
        '["@conseil.cdg:example.org"]', '["@x:example.org", "@rh.plouzane:example.org"]'
    )

    problems = problems_of(tmp_path, staff, PLOUZANE)

    assert problems == [
        (
            "structure.staff",
            "entry 2: also listed in organisations.plouzane.managers; "
            "the structure's staff belong to no organisation",
        )
    ]


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('[choice]\npilots = ["@pilote:example.org"]\n', "choice.pilots"),
        ('[choice]\npilots_room = "#pilotes:example.org"\n', "choice.pilots_room"),
        ('[rollout]\nowners = { "2" = ["@dgs.plouzane:example.org"] }\n', "rollout.owners"),
    ],
)
def test_a_structure_s_pilots_and_owners_are_given_per_organisation(
    tmp_path: Path, table: str, key: str
) -> None:
    section = key.split(".")[0]

    problems = problems_of(tmp_path, table, PLOUZANE)

    assert problems == [
        (key, f"each organisation has its own: give them in [organisations.<key>.{section}]")
    ]


# --- the checks of one collectivité, applied to each --------------------------------------------


def test_people_on_a_server_the_bot_ignores_are_reported_per_organisation(
    tmp_path: Path,
) -> None:
    problems = problems_of(
        tmp_path,
        STAFF.replace("@conseil.cdg:example.org", "@conseil:cdg.other.org"),
        replace_list(PLOUZANE, "agents", '["@a:example.org", "@b:other.org"]'),
        SAVERNE,
        '[organisations.saverne.choice]\npilots = ["@p:other.org"]\n',
    )

    assert [(key, message.split(":")[0]) for key, message in problems] == [
        ("organisations.plouzane.agents", "entry 2"),
        ("organisations.saverne.choice.pilots", "entry 1"),
        ("structure.staff", "entry 1"),
    ]
    assert all("matrix.allowed_servers" in message for _, message in problems)


def test_a_step_owner_who_is_not_of_the_organisation_s_managers_is_refused(
    tmp_path: Path,
) -> None:
    problems = problems_of(
        tmp_path,
        PLOUZANE,
        '[organisations.plouzane.rollout]\nowners = { "4" = ["@agent.plouzane:example.org"] }\n',
    )

    assert problems == [
        (
            "organisations.plouzane.rollout.owners",
            "an owner of step 4 is neither a manager nor an admin",
        )
    ]


def test_a_tenant_s_merged_hours_that_end_before_they_start_are_refused(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        "[calendar]\nworking_hours_end = 12:00:00\n",
        PLOUZANE,
        "[organisations.plouzane.calendar]\nworking_hours_start = 13:00:00\n",
    )

    assert problems == [
        ("organisations.plouzane.calendar", "working_hours_start must be before working_hours_end")
    ]


@pytest.mark.parametrize(
    ("line", "key", "message"),
    [
        ('nam = "x"', "organisations.plouzane.nam", "unknown key (did you mean 'name'?)"),
        ('timezone = "Europe/Pariss"', "organisations.plouzane.timezone", "unknown time zone"),
        ("anonymity_threshold = 0", "organisations.plouzane.anonymity_threshold", "must be at"),
        ('admins = ["alice"]', "organisations.plouzane.admins", "entry 1: expected a Matrix"),
        ('agents_room = "agents"', "organisations.plouzane.agents_room", "expected a room ID"),
        ('services = ["RH", "rh"]', "organisations.plouzane.services", "entry 2 repeats"),
        ('calendar = "x"', "organisations.plouzane.calendar", "expected a table"),
    ],
)
def test_each_mistake_in_an_organisation_names_its_key(
    tmp_path: Path, line: str, key: str, message: str
) -> None:
    table = "\n".join(
        existing
        for existing in PLOUZANE.splitlines()
        if existing.split(" =")[0] != line.split(" =")[0]
    )

    [(said_key, said)] = problems_of(tmp_path, table + "\n" + line + "\n")

    assert said_key == key and said.startswith(message)


def test_a_missing_name_of_an_organisation_is_named(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, '[organisations.plouzane]\nagents = ["@a:example.org"]\n')

    assert problems == [("organisations.plouzane.name", "required key is missing")]


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        (
            "[organisations.plouzane.privacy]\nretention_days = 90\n",
            "organisations.plouzane.privacy.retention_days",
            "set for every organisation at once, in [privacy]",
        ),
        (
            '[organisations.plouzane.choice]\ncatalogue = "suites.toml"\n',
            "organisations.plouzane.choice.catalogue",
            "set for every organisation at once, in [choice]",
        ),
        (
            "[organisations.plouzane.calendar]\nalsace_mosele = true\n",
            "organisations.plouzane.calendar.alsace_mosele",
            "unknown key (did you mean 'alsace_moselle'?)",
        ),
        (
            "[organisations.plouzane.campaign]\nmax_reminders = 1\n",
            "organisations.plouzane.campaign",
            "unknown key",
        ),
        (
            '[organisations.plouzane.calendar]\nalsace_moselle = "peut-être"\n',
            "organisations.plouzane.calendar.alsace_moselle",
            "expected true or false",
        ),
        (
            '[organisations.plouzane.rollout]\nowners = { "6" = [] }\n',
            "organisations.plouzane.rollout.owners.6.[key]",
            "expected '1', '2', '3', '4' or '5'",
        ),
    ],
)
def test_what_an_organisation_may_set_apart_is_said(
    tmp_path: Path, table: str, key: str, message: str
) -> None:
    assert problems_of(tmp_path, PLOUZANE, table) == [(key, message)]


# --- the kind of file: one organisation or several -----------------------------------------------


def test_organisation_and_organisations_together_are_refused_and_the_rest_still_checked(
    tmp_path: Path,
) -> None:
    problems = problems_of(
        tmp_path,
        '[organisation]\nname = "Commune de Test"\ntimezone = "Mars"\n',
        PLOUZANE,
        STAFF,
    )

    assert problems == [
        ("organisation.timezone", "unknown time zone (e.g. 'Europe/Paris')"),
        (
            "organisations",
            "give either [organisation], for one collectivité, or [organisations.<key>] "
            "tables, for the collectivités of a structure; not both",
        ),
    ]


def test_a_structure_table_beside_a_single_organisation_is_refused(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, '[organisation]\nname = "Commune de Test"\n', STAFF)

    assert problems == [
        ("structure", "[structure] goes with [organisations.<key>] tables, not with [organisation]")
    ]


@pytest.mark.parametrize("tables", [(STAFF,), ("[organisations]\n",), (STAFF, "[organisations]\n")])
def test_a_structure_without_organisations_is_told_so(
    tmp_path: Path, tables: tuple[str, ...]
) -> None:
    assert problems_of(tmp_path, *tables) == [
        ("organisations", "no organisation: list the structure's in [organisations.<key>] tables")
    ]


def test_a_file_with_no_organisation_at_all_still_asks_for_organisation(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [("organisation", "missing section [organisation]")]


def test_organisations_written_as_a_value_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path, 'organisations = "plouzane"\n' + MATRIX)

    with pytest.raises(ConfigError) as caught:
        load_config(path, {})

    assert caught.value.problems == [
        ConfigProblem(str(path), "organisations", "expected a table, e.g. [organisations]")
    ]


@pytest.mark.parametrize("key", ["plouzane", "saint-aubin", "29-brest", "a", "0"])
def test_keys_of_lower_case_letters_digits_and_dashes_are_accepted(
    tmp_path: Path, key: str
) -> None:
    config = load(tmp_path, f'[organisations.{key}]\nname = "Commune"\n')

    assert list(config.tenants()) == [key]


@pytest.mark.parametrize(
    "key", ["Plouzane", "-plouzane", "plou_zane", '"plouzané"', '"saint aubin"']
)
def test_a_bad_key_is_named_with_what_a_key_takes(tmp_path: Path, key: str) -> None:
    problems = problems_of(tmp_path, f'[organisations.{key}]\nname = "Commune"\n', PLOUZANE)
    unquoted = key.strip('"')

    assert problems == [
        (
            f"organisations.{unquoted}",
            "expected a key of lower-case letters, digits and -, beginning with a letter or "
            "a digit, e.g. plouzane",
        )
    ]


def test_default_is_kept_for_a_single_organisation(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, '[organisations.default]\nname = "Commune"\n')

    assert problems == [
        ("organisations.default", "'default' is kept for a single [organisation]: give another")
    ]


def test_tenant_cannot_be_set_from_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'tenant = "plouzane"\n' + SINGLE)

    with pytest.raises(ConfigError) as caught:
        load_config(path, {})

    assert [(p.key, p.message) for p in caught.value.problems] == [("tenant", "unknown key")]


def test_every_problem_of_a_structure_s_file_is_reported_together(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        "[structure]\nbenchmark_threshold = 0\n",
        PLOUZANE + "anonymity_threshold = 0\n",
        '[organisations.Saverne]\nname = "Commune de Saverne"\nadmins = ["x"]\n',
    )

    assert sorted(key for key, _ in problems) == [
        "organisations.Saverne",
        "organisations.Saverne.admins",
        "organisations.plouzane.anonymity_threshold",
        "structure.benchmark_threshold",
    ]


def test_check_config_on_a_bad_structure_lists_its_problems_and_returns_2(tmp_path: Path) -> None:
    path = write(tmp_path, MATRIX, PLOUZANE, SAVERNE + 'agents = ["@agent.plouzane:example.org"]\n')
    out = io.StringIO()

    code = check_config_command(path, out, environ={})

    assert code == 2
    assert out.getvalue().splitlines() == [
        f"Configuration invalide / invalid: {path}",
        f"  {path}: organisations.saverne.agents: entry 1: also listed in "
        "organisations.plouzane.agents; a person belongs to one organisation",
    ]


def test_check_config_warns_about_each_organisation_without_agents(tmp_path: Path) -> None:
    config = load(tmp_path, replace_list(PLOUZANE, "agents", "[]"), SAVERNE)

    assert config_warnings(config) == [
        "no agent will be invited to a campaign: list them in organisations.plouzane.agents "
        "or give organisations.plouzane.agents_room (until then, only those who write "
        "!évaluer to the bot take part)"
    ]


# --- a Config built in code -----------------------------------------------------------------------


def config_data(**sections: object) -> dict[str, object]:
    return {
        "matrix": {"homeserver": "http://h", "user_id": "@b:h", "access_token": "t"},
        **sections,
    }


def test_a_structure_s_config_can_be_built_in_code() -> None:
    config = Config.model_validate(
        config_data(organisations={"plouzane": {"name": "Plouzané", "agents": ["@a:h"]}})
    )

    assert config.organisation.name == "Structure" and config.organisation.agents == []
    assert config.tenant_of("@a:h") == "plouzane"


def test_a_config_built_in_code_with_both_kinds_is_refused() -> None:
    with pytest.raises(ValidationError, match="not both"):
        Config.model_validate(
            config_data(
                organisation={"name": "Test", "admins": ["@a:h"]},
                organisations={"plouzane": {"name": "Plouzané"}},
            )
        )


def test_a_config_built_in_code_with_a_structure_and_one_organisation_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"\[structure\] goes with"):
        Config.model_validate(
            config_data(organisation={"name": "Test"}, structure={"staff": ["@s:h"]})
        )


def test_tenants_of_a_config_built_in_code_refuses_hours_that_do_not_hold() -> None:
    config = Config.model_validate(
        config_data(
            calendar={"working_hours_end": "12:00:00"},
            organisations={
                "plouzane": {"name": "Plouzané", "calendar": {"working_hours_start": "13:00"}}
            },
        )
    )

    with pytest.raises(ConfigError) as caught:
        config.tenants()

    assert [p.key for p in caught.value.problems] == ["organisations.plouzane.calendar"]


def test_parse_config_leaves_the_caller_s_data_alone(tmp_path: Path) -> None:
    data: dict[str, object] = {
        **config_data(),
        "organisation": {"name": "Test"},
        "organisations": {"plouzane": {"name": "Plouzané"}},
    }

    with pytest.raises(ConfigError):
        parse_config(data, source="t.toml", base_dir=tmp_path, environ={})

    assert set(data) == {"matrix", "organisation", "organisations"}
