"""`harmonie demo --structure`, its pure parts: three communes configured as a structure's,
whose simulated agents answer so that every score can be compared, and differs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.cli import STRUCTURE_AGENTS
from bot.config import parse_config
from bot.demo.console import DemoAccount
from bot.demo.run import DEMO_THRESHOLD
from bot.demo.stage import toml_text
from bot.demo.structure import (
    BENCHMARK_THRESHOLD,
    COMMUNES,
    NOTES,
    Commune,
    People,
    agent_messages,
    structure_data,
)
from conversations.dialog import start, step
from conversations.survey import DEFAULT_SURVEY, Survey
from scoring.benchmark import OrganisationScores, organisation_scores
from scoring.records import Answer, CategorySpec, CriterionSpec, ScoringSpec

EXAMPLE = Path(__file__).resolve().parents[4] / "config.structure.example.toml"
SPEC = ScoringSpec(
    categories=tuple(CategorySpec(c.key, c.name("fr")) for c in DEFAULT_SURVEY.categories),
    criteria=tuple(CriterionSpec(c.key, c.name("fr"), c.weight) for c in DEFAULT_SURVEY.criteria),
    anonymity_threshold=DEMO_THRESHOLD,
    problem_threshold=5.0,
)


def survey_of(commune: Commune) -> Survey:
    return Survey(DEFAULT_SURVEY.categories, DEFAULT_SURVEY.criteria, commune.services)


def answers_of(commune: Commune, agents: int) -> list[Answer]:
    """What the commune's simulated agents answer, as the dialog stores it."""
    survey = survey_of(commune)
    criteria = [c.key for c in survey.criteria]
    answers = []
    for number in range(1, agents + 1):
        state = start(survey, "fr").state
        for message in agent_messages(commune, survey, number):
            transition = step(survey, state, message, "fr")
            assert transition.accepted, (commune.key, number, message)
            state = transition.state
        assert state.finished
        for category, answer in zip(survey.categories, state.answers, strict=True):
            assert answer is not None
            answers += [
                Answer(number, state.service, category.key, tool.name,
                       ratings=dict(zip(criteria, tool.ratings, strict=True)))
                for tool in answer.tools
            ]  # fmt: skip
    return answers


def scores_of(commune: Commune) -> OrganisationScores:
    return organisation_scores(
        commune.key, commune.name, SPEC, answers_of(commune, STRUCTURE_AGENTS)
    )


def people(key: str, agents: int = STRUCTURE_AGENTS) -> People:
    def account(role: str, name: str) -> DemoAccount:
        return DemoAccount(role, f"@{key}.{name}:harmonie.localhost", f"{name}-1")

    simulated = tuple(account("simulated", f"agent{n}") for n in range(1, agents + 1))
    return People(account("admin", "dsi"), account("manager", "encadrante"), simulated)


STAFF = DemoAccount("staff", "@vous:harmonie.localhost", "vous-1")
CAST = {c.key: people(c.key) for c in COMMUNES}


def data() -> dict[str, dict[str, object]]:
    return structure_data("http://127.0.0.1:8008", "harmonie.localhost", "pw", STAFF, CAST)


@pytest.mark.parametrize("commune", COMMUNES, ids=[c.key for c in COMMUNES])
def test_each_communes_agents_answer_in_full_with_the_tools_it_gave_them(
    commune: Commune,
) -> None:
    answers = answers_of(commune, 8)

    assert {(a.category, a.tool) for a in answers} == set(commune.habits.items())
    assert {a.agent for a in answers} == set(range(1, 9))


@pytest.mark.parametrize("commune", COMMUNES, ids=[c.key for c in COMMUNES])
def test_with_the_demos_agents_every_commune_has_every_score_to_compare(commune: Commune) -> None:
    scores = scores_of(commune)

    # every category's overall score and every criterion's: a manager's position is given
    # in each category, and no staff's row is withheld
    points = {(f.category, f.criterion) for f in scores.figures}
    assert points == {
        (c.key, criterion)
        for c in SPEC.categories
        for criterion in (None, *(k.key for k in SPEC.criteria))
    }
    assert all(f.respondents >= DEMO_THRESHOLD for f in scores.figures)


def test_the_three_communes_differ_in_their_tools_and_their_scores() -> None:
    scores = [scores_of(c) for c in COMMUNES]
    orders = set()
    for category in SPEC.categories:
        assert len({c.habits[category.key] for c in COMMUNES}) == 3, category.key
        overall = {s.key: s.figure(category.key) for s in scores}
        values = {key: figure.value for key, figure in overall.items() if figure is not None}
        assert len(set(values.values())) == 3, category.key
        orders.add(tuple(sorted(values, key=values.__getitem__)))
    # the staff's ranking is not the same in every category
    assert len(orders) > 1


def test_the_communes_are_named_as_in_the_example_one_of_them_in_alsace_moselle() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["organisations"]

    assert {c.key: c.name for c in COMMUNES} == {k: v["name"] for k, v in example.items()}
    assert [c.key for c in COMMUNES if c.alsace_moselle] == ["hohwiller"]
    assert example["hohwiller"]["calendar"]["alsace_moselle"] is True


def test_the_configuration_is_a_structures_of_three_communes_with_a_threshold_of_two(
    tmp_path: Path,
) -> None:
    config = parse_config(data(), source="demo", base_dir=tmp_path, environ={})

    tenants = config.tenants()
    assert list(tenants) == ["kerbihan", "hohwiller", "saint-aubin"]
    assert config.structure.benchmark_threshold == BENCHMARK_THRESHOLD == 2
    assert config.is_structure_staff(STAFF.user_id)
    assert config.tenant_of(STAFF.user_id) is None  # the staff belong to no commune
    for commune in COMMUNES:
        tenant = tenants[commune.key]
        assert tenant.organisation.name == commune.name
        assert tenant.organisation.anonymity_threshold == DEMO_THRESHOLD
        assert tenant.calendar.alsace_moselle is commune.alsace_moselle
        for account in CAST[commune.key].all():
            assert config.tenant_of(account.user_id) == commune.key
    assert config.storage.url is None  # one SQLite file


def test_the_configuration_file_reads_back_its_threshold_explained_above_it() -> None:
    text = toml_text(data(), NOTES)

    assert tomllib.loads(text) == data()
    lines = text.splitlines()
    where = lines.index("benchmark_threshold = 2")
    assert lines[where - 1].startswith("# ") and "5 would take five communes" in lines[where - 1]
    assert "Lowered from 5 for a structure of three communes" in "\n".join(lines[where - 3 : where])
    assert "[organisations]" not in lines  # a table of tables needs no header of its own
    assert "[organisations.hohwiller.calendar]" in lines


def test_a_flat_configuration_is_written_as_before_a_table_a_section() -> None:
    flat = {"matrix": {"user_id": "@harmonie:h", "encryption": True}, "storage": {"path": "db"}}

    assert toml_text(flat, {}) == (
        '[matrix]\nuser_id = "@harmonie:h"\nencryption = true\n\n[storage]\npath = "db"\n'
    )
