"""The anonymous benchmark across the organisations of one structure (issue 17, part C).

An organisation's scores obey its own threshold, and none gives a small group's mean back
by subtraction from its own report. Across organisations a score is compared only when at
least `threshold` of them have it; the staff see them named, next to their distribution;
a commune's managers see their own position only, against at least `threshold` others, and
nothing they read changes when another commune's score moves without crossing theirs: no
score of another commune can be read from it, at one moment or by difference between two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Answer, ScoringSpec, build_report
from scoring.benchmark import (
    Figure,
    OrganisationScores,
    Position,
    dump_scores,
    load_scores,
    organisation_benchmark,
    organisation_scores,
    staff_benchmark,
)
from scoring.benchmark_render import organisation_message, share_below, staff_message
from tests.support.kit import readable
from tests.unit.scoring.compute_kit import (
    AGENDA,
    ASSIMILATION,
    COUT,
    EFFICACITE,
    MESSAGERIE,
    SECURITE,
    SPEC,
    VISIO,
    rated,
    score_of,
    users,
    without_tool,
)

NNBSP = "\u202f"
Point = tuple[str, str | None]


def org(
    key: str,
    figures: Mapping[Point, float],
    *,
    name: str | None = None,
    respondents: int = 10,
) -> OrganisationScores:
    """An organisation's scores, as `organisation_scores` would give them."""
    return OrganisationScores(
        key,
        name or key.capitalize(),
        tuple(Figure(category, criterion, value, respondents)
              for (category, criterion), value in figures.items()),
    )  # fmt: skip


def visio(key: str, value: float, *, name: str | None = None) -> OrganisationScores:
    """An organisation with a visioconférence overall score only."""
    return org(key, {(VISIO, None): value}, name=name)


def commune_reads(
    organisations: Sequence[OrganisationScores], key: str, threshold: int = 5
) -> tuple[str, str]:
    return organisation_message(organisation_benchmark(SPEC, organisations, key, threshold))


def lines(plain: str) -> list[str]:
    return readable(plain).splitlines()


# Twelve communes besides Plouzané, eight of them below its 7.4.
OTHERS = [4.0, 5.0, 5.5, 6.0, 6.5, 7.0, 7.1, 7.3, 7.5, 8.0, 8.5, 9.0]
STRUCTURE = [visio("plouzane", 7.4, name="Plouzané")] + [
    visio(f"c{index}", value, name=f"Commune {index}") for index, value in enumerate(OTHERS)
]


# --- an organisation's scores, from its answers ---------------------------------------------


def test_a_category_score_is_the_weighted_mean_of_its_criteria_over_every_tool() -> None:
    answers = [
        *users(VISIO, "Teams", range(5), (8, 6, 9, 7)),
        *users(VISIO, "Zoom", range(5, 10), (4, 6, 5, 7)),
    ]

    scores = organisation_scores("plouzane", "Plouzané", SPEC, answers)

    means = {f.criterion: f.value for f in scores.figures if f.category == VISIO}
    assert means == {
        EFFICACITE: 6.0,
        COUT: 6.0,
        SECURITE: 7.0,
        ASSIMILATION: 7.0,
        None: (2 * 6 + 6 + 7 + 7) / 5,
    }  # efficacité counts double
    overall = scores.figure(VISIO)
    assert overall is not None and overall.respondents == 10
    assert scores.figure(MESSAGERIE) is None  # nobody answered it


def test_no_opinion_is_left_out_of_a_mean_and_of_its_respondents() -> None:
    answers = [
        *users(VISIO, "Teams", range(5), (8, 6, 9, 7)),
        rated(5, VISIO, "Teams", (2, None, 2, 2)),
    ]

    scores = organisation_scores("plouzane", "Plouzané", SPEC, answers)

    cost = scores.figure(VISIO, COUT)
    efficiency = scores.figure(VISIO, EFFICACITE)
    assert cost == Figure(VISIO, COUT, 6.0, 5)
    assert efficiency == Figure(VISIO, EFFICACITE, 7.0, 6)


def test_an_agent_with_two_tools_counts_once_among_respondents_and_in_both_means() -> None:
    answers = [
        *users(VISIO, "Teams", range(5), (8, 8, 8, 8)),
        *users(VISIO, "Zoom", range(5), (4, 4, 4, 4)),
    ]

    overall = organisation_scores("plouzane", "Plouzané", SPEC, answers).figure(VISIO)

    assert overall == Figure(VISIO, None, 6.0, 5)


def test_fewer_agents_than_the_organisation_s_own_threshold_give_no_score() -> None:
    four = users(VISIO, "Teams", range(4), (8, 6, 9, 7))

    assert organisation_scores("a", "A", SPEC, four).figures == ()
    lenient = ScoringSpec(SPEC.categories, SPEC.criteria, anonymity_threshold=3)
    scores = organisation_scores("a", "A", lenient, four)
    assert scores.figure(VISIO) is not None and scores.anonymity_threshold == 3


def test_a_score_that_would_give_a_small_tool_s_mean_by_subtraction_is_left_out() -> None:
    teams = users(VISIO, "Teams", range(6), (7, 7, 7, 7))
    zoom = users(VISIO, "Zoom", range(6, 8), (2, 2, 2, 2))  # two agents: hidden in the report
    report = build_report(SPEC, [*teams, *zoom])
    assert score_of(report, VISIO, "Teams").overall == 7.0 and report.hidden_tools == 1
    # Had the category's score been given, 8 agents at 5.75, its managers would subtract the
    # six Teams users their report shows and read the two Zoom users' own mean:
    assert (8 * (6 * 7 + 2 * 2) / 8 - 6 * 7) / 2 == 2.0

    assert organisation_scores("a", "A", SPEC, [*teams, *zoom]).figures == ()


def test_small_tools_together_as_large_as_the_threshold_hide_no_one() -> None:
    teams = users(VISIO, "Teams", range(6), (7, 7, 7, 7))
    zoom = users(VISIO, "Zoom", range(6, 9), (2, 2, 2, 2))
    jitsi = users(VISIO, "Jitsi", range(9, 12), (4, 4, 4, 4))

    overall = organisation_scores("a", "A", SPEC, [*teams, *zoom, *jitsi]).figure(VISIO)

    assert overall == Figure(VISIO, None, (6 * 7 + 3 * 2 + 3 * 4) / 12, 12)


def test_the_overall_score_is_left_out_with_any_criterion_it_is_made_of() -> None:
    teams = users(VISIO, "Teams", range(6), (7, 7, 7, 7))
    # two agents of a hidden tool rate its cost only: the cost mean would give theirs back,
    # and so would the overall score next to the three other criteria
    zoom = [rated(agent, VISIO, "Zoom", (None, 1, None, None)) for agent in (6, 7)]

    scores = organisation_scores("a", "A", SPEC, [*teams, *zoom])

    assert scores.figure(VISIO, COUT) is None and scores.figure(VISIO) is None
    assert scores.figure(VISIO, EFFICACITE) == Figure(VISIO, EFFICACITE, 7.0, 6)


def test_spellings_of_one_tool_are_one_tool_as_in_the_report() -> None:
    answers = [
        *users(VISIO, "autre Framadate", range(3), (6, 6, 6, 6)),
        *users(VISIO, "autre framadate", range(3, 6), (8, 8, 8, 8)),
    ]

    assert organisation_scores("a", "A", SPEC, answers).figure(VISIO) == Figure(VISIO, None, 7.0, 6)


def test_agents_without_a_tool_and_skipped_categories_rate_nothing() -> None:
    answers: list[Answer] = [
        *users(VISIO, "Teams", range(5), (8, 8, 8, 8)),
        *(without_tool(agent, VISIO, needed=True) for agent in range(5, 9)),
        rated(9, VISIO, "Teams", (0, 0, 0, 0), skipped=True),
    ]

    assert organisation_scores("a", "A", SPEC, answers).figure(VISIO) == Figure(VISIO, None, 8.0, 5)


def test_scores_frozen_with_a_release_read_back_the_same() -> None:
    answers = users(VISIO, "Teams", range(5), (8, 6, 9, 7))
    scores = organisation_scores("plouzane", "Plouzané", SPEC, answers)

    assert load_scores(dump_scores(scores)) == scores


# --- the staff's view -----------------------------------------------------------------------


def test_a_score_fewer_organisations_than_the_threshold_have_is_not_compared() -> None:
    four = [visio(key, value) for key, value in zip("abcd", (5, 6, 7, 8), strict=True)]

    figure = staff_benchmark(SPEC, four).figure(VISIO)
    assert (figure.contributors, figure.distribution, figure.ranked) == (4, None, ())

    five = staff_benchmark(SPEC, [*four, visio("e", 9)]).figure(VISIO)
    assert five.distribution is not None and len(five.ranked) == 5


def test_the_threshold_is_a_parameter() -> None:
    three = [visio(key, value) for key, value in zip("abc", (5, 6, 7), strict=True)]

    assert staff_benchmark(SPEC, three, threshold=3).figure(VISIO).distribution is not None
    assert staff_benchmark(SPEC, three, threshold=4).figure(VISIO).distribution is None
    with pytest.raises(ValueError, match="at least 1"):
        staff_benchmark(SPEC, three, threshold=0)


def test_the_distribution_is_the_quartiles_and_the_median() -> None:
    five = [visio(key, value) for key, value in zip("abcde", (9, 5, 8, 6, 7), strict=True)]

    distribution = staff_benchmark(SPEC, five).figure(VISIO).distribution

    assert distribution is not None
    assert (distribution.organisations, distribution.low_quartile, distribution.median,
            distribution.high_quartile) == (5, 6.0, 7.0, 8.0)  # fmt: skip


def test_equal_scores_share_a_rank_and_are_listed_by_name() -> None:
    organisations = [
        visio("z", 7.0, name="Zonza"), visio("a", 7.0, name="Arles"), visio("b", 8.0),
        visio("c", 6.0), visio("d", 5.0),
    ]  # fmt: skip

    ranked = staff_benchmark(SPEC, organisations).figure(VISIO).ranked

    assert [(r.name, r.rank) for r in ranked] == [
        ("B", 1), ("Arles", 2), ("Zonza", 2), ("C", 4), ("D", 5),
    ]  # fmt: skip


def test_an_organisation_without_a_score_does_not_count_in_its_distribution() -> None:
    organisations = [
        org(key, {(VISIO, None): 6.0, (VISIO, COUT): 5.0}) for key in ("a", "b", "c", "d")
    ] + [visio("e", 7.0)]  # its cost mean withheld by its own threshold

    benchmark = staff_benchmark(SPEC, organisations)

    assert benchmark.figure(VISIO).contributors == 5
    assert benchmark.figure(VISIO, COUT).contributors == 4
    assert benchmark.figure(VISIO, COUT).distribution is None


def staff_structure() -> list[OrganisationScores]:
    values = {"brest": 9.0, "guipavas": 8.0, "plouzane": 7.0, "gouesnou": 6.0, "bohars": 5.0}
    organisations = [
        org(key, {(VISIO, None): value, **{(VISIO, c): value for c in (EFFICACITE, SECURITE,
            ASSIMILATION)}, **({(VISIO, COUT): 4.5} if key != "bohars" else {})},
            name=key.capitalize(), respondents=12)
        for key, value in values.items()
    ]  # fmt: skip
    organisations[0] = OrganisationScores(
        "brest", "Brest", (*organisations[0].figures, Figure(AGENDA, None, 6.0, 8))
    )
    return [*organisations, OrganisationScores("trebabu", "Trébabu", ())]


def test_the_staff_read_each_commune_named_next_to_the_distribution_in_french() -> None:
    plain, rich = staff_message(staff_benchmark(SPEC, staff_structure()), "CDG 29")

    shown = lines(plain)
    assert shown[0] == "Comparaison des communes — CDG 29"
    assert shown[1] == (
        "6 communes ont des résultats publiés. Une note n'est comparée que si au moins "
        "5 communes l'ont."
    )
    assert "Sans aucune note comparée ici : Trébabu." in shown
    assert "VISIOCONFÉRENCE — RÉPARTITION" in shown
    assert ("• Note globale — Communes : 5 · 1er quartile : 6,0 · Médiane : 7,0 · "
            "3e quartile : 8,0") in shown  # fmt: skip
    assert "• Coût — Communes : 4 · 1er quartile : — · Médiane : — · 3e quartile : —" in shown
    table = shown.index("VISIOCONFÉRENCE — PAR COMMUNE")
    rows = shown[table + 1 : table + 6]
    assert [row.split(" — ")[0] for row in rows] == [
        "• Brest",
        "• Guipavas",
        "• Plouzane",
        "• Gouesnou",
        "• Bohars",
    ]  # highest first
    assert rows[0] == (
        "• Brest — Répondants : 12 · Note globale : 9,0 · Rang : 1 sur 5 · "
        "Efficacité / coût / sécurité / assimilation : 9,0 / — / 9,0 / 9,0"
    )  # its cost is not compared: four communes have one
    assert any(line.startswith("« — » : note non comparée") for line in shown)
    assert (
        "Agenda partagé : pas assez de communes comparables (1 commune a une note, il en faut "
        "au moins 5)."
    ) in shown
    assert f"Note globale{NNBSP}:" in plain and "7,0" in plain and "7.0" not in plain
    assert "<h4>Visioconférence — par commune</h4>" in rich and "<td>Guipavas</td>" in rich


def test_the_staff_view_in_english() -> None:
    plain, _ = staff_message(staff_benchmark(SPEC, staff_structure()), "CDG 29", "en")

    shown = lines(plain)
    assert shown[0] == "Comparison of the municipalities — CDG 29"
    assert (
        "• Overall score — Municipalities: 5 · Lower quartile: 6.0 · Median: 7.0 · "
        "Upper quartile: 8.0"
    ) in shown
    assert "• Brest — Respondents: 12 · Overall score: 9.0 · Rank: 1 of 5 · " in plain
    assert NNBSP not in plain


def test_the_staff_view_can_be_limited_to_some_categories() -> None:
    plain, _ = staff_message(
        staff_benchmark(SPEC, staff_structure()), "CDG 29", categories={AGENDA}
    )

    assert "VISIOCONFÉRENCE" not in plain and "Agenda partagé" in plain


def test_a_window_of_the_staffs_table_of_communes_says_which_rows_it_holds() -> None:
    benchmark = staff_benchmark(SPEC, staff_structure())

    first, _ = staff_message(benchmark, "CDG 29", categories={VISIO}, rows=slice(0, 3))
    second, rich = staff_message(benchmark, "CDG 29", categories={VISIO}, rows=slice(3, 5))
    whole, _ = staff_message(benchmark, "CDG 29", categories={VISIO}, rows=slice(0, 5))

    def communes(plain: str) -> list[str]:
        shown = lines(plain)
        start = next(i for i, line in enumerate(shown) if "— PAR COMMUNE" in line)
        return [line.split(" — ")[0] for line in shown[start + 1 :] if line.startswith("•")]

    assert "VISIOCONFÉRENCE — PAR COMMUNE (1 À 3 SUR 5)" in lines(first)
    assert communes(first) == ["• Brest", "• Guipavas", "• Plouzane"]
    assert "VISIOCONFÉRENCE — PAR COMMUNE (4 À 5 SUR 5)" in lines(second)
    assert communes(second) == ["• Gouesnou", "• Bohars"]
    assert "<h4>Visioconférence — par commune (4 à 5 sur 5)</h4>" in readable(rich)
    # each part has the whole distribution; a window of every row is the table as it is
    assert "• Note globale — Communes : 5 · 1er quartile : 6,0 · Médiane : 7,0 · " in (
        readable(second)
    )
    assert "VISIOCONFÉRENCE — PAR COMMUNE" in lines(whole) and "SUR 5)" not in whole


def test_a_hostile_commune_name_is_escaped_in_the_staff_html() -> None:
    hostile = "<script>alert('x')</script> & <b>Cie</b>"
    organisations = [visio(k, v) for k, v in zip("abcd", (5, 6, 7, 8), strict=True)]

    plain, rich = staff_message(
        staff_benchmark(SPEC, [*organisations, visio("h", 9, name=hostile)]), "<i>CDG</i>"
    )

    assert "<script>" not in rich and "<b>" not in rich and "<i>" not in rich
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;Cie&lt;/b&gt;" in rich
    assert "&lt;i&gt;CDG&lt;/i&gt;" in rich
    assert hostile in plain  # the plain text is text: nothing to escape


# --- a commune's view -----------------------------------------------------------------------


def test_a_commune_reads_its_position_among_comparable_communes() -> None:
    plain, rich = commune_reads(STRUCTURE, "plouzane")

    shown = lines(plain)
    assert shown[0] == "Votre commune parmi les communes comparables — Plouzané"
    # 8 of the 12 others are below 7.4: 66.7 %, said « au-dessus de 66 % », which is true
    assert (
        "• Visioconférence : 7,4/10, au-dessus de 66 % des communes comparables (12 communes)"
    ) in shown
    assert f"66{NNBSP}%" in plain and f"Visioconférence{NNBSP}:" in plain
    assert "au-dessus de 66" in rich


def test_the_share_below_is_rounded_down_and_never_all_or_nothing_when_it_is_not() -> None:
    assert share_below(Position(others=10, below=7), "fr") == f"70{NNBSP}%"
    assert share_below(Position(others=12, below=8), "en") == "66%"
    assert share_below(Position(others=300, below=1), "en") == "1%"
    assert share_below(Position(others=300, below=299), "en") == "99%"


def test_the_others_must_reach_the_threshold_on_their_own() -> None:
    five = STRUCTURE[:5]  # Plouzané and four others: the staff compare them, not Plouzané

    assert staff_benchmark(SPEC, five).figure(VISIO).distribution is not None
    assert organisation_benchmark(SPEC, five, "plouzane").standing(VISIO).position is None
    assert (
        "• Visioconférence : 7,4/10, pas assez de communes comparables (il en faut au moins 5)"
    ) in lines(commune_reads(five, "plouzane")[0])

    six = STRUCTURE[:6]
    assert organisation_benchmark(SPEC, six, "plouzane").standing(VISIO).position == Position(
        others=5, below=5
    )
    assert (
        "• Visioconférence : 7,4/10, au-dessus de toutes les communes comparables (5 communes)"
    ) in lines(commune_reads(six, "plouzane")[0])


def test_the_threshold_applies_to_the_communes_view_too() -> None:
    four = STRUCTURE[:4]  # three others

    assert "au-dessus de toutes" in commune_reads(four, "plouzane", threshold=3)[0]
    assert "il en faut au moins 4" in readable(commune_reads(four, "plouzane", threshold=4)[0])


def test_what_a_commune_reads_names_no_other_commune_and_holds_none_of_their_scores() -> None:
    benchmark = organisation_benchmark(SPEC, STRUCTURE, "plouzane")
    plain, rich = organisation_message(benchmark)

    # the record holds its own scores and counts: a renderer has no other commune's to show
    record = repr((benchmark.key, benchmark.name, benchmark.standings))
    assert {s.own for s in benchmark.standings} == {None, *STRUCTURE[0].figures}
    for other in STRUCTURE[1:]:
        assert other.name not in plain and other.name not in rich
        assert repr(other.key) not in record and other.name not in record
        assert repr(other.figures[0].value) not in record


@settings(max_examples=200, deadline=None)
@given(
    own=st.floats(0, 10),
    others=st.lists(
        st.tuples(*[st.floats(0, 10)] * 2, *[st.floats(0, 1, exclude_max=True)] * 2),
        min_size=5,
        max_size=15,
    ),
)
def test_no_other_commune_s_score_can_be_recovered_from_what_a_commune_reads(
    own: float, others: list[tuple[float, float, float, float]]
) -> None:
    """Two structures whose other communes score differently — each score only kept on the
    same side of this commune's — read exactly the same: no score of theirs is in what it
    reads, alone or combined, overall or criterion."""

    def elsewhere(value: float, fraction: float) -> float:
        """Another score on the same side of `own`."""
        return fraction * own if value < own else own + fraction * (10 - own)

    first = [(overall, cost) for overall, cost, _, _ in others]
    second = [(elsewhere(o, f), elsewhere(c, g)) for o, c, f, g in others]

    def structure(values: list[tuple[float, float]]) -> list[OrganisationScores]:
        return [org("me", {(VISIO, None): own, (VISIO, COUT): own})] + [
            org(f"c{index}", {(VISIO, None): overall, (VISIO, COUT): cost})
            for index, (overall, cost) in enumerate(values)
        ]

    assert [(o < own, c < own) for o, c in first] == [(o < own, c < own) for o, c in second]
    assert commune_reads(structure(first), "me") == commune_reads(structure(second), "me")


def test_the_check_above_can_fail_a_score_crossing_the_commune_s_changes_what_it_reads() -> None:
    crossed = [STRUCTURE[0], *STRUCTURE[1:-1], visio("c11", 1.0, name="Commune 11")]

    assert commune_reads(crossed, "plouzane") != commune_reads(STRUCTURE, "plouzane")


def test_a_newcomer_s_score_cannot_be_read_by_difference_between_two_benchmarks() -> None:
    before = commune_reads(STRUCTURE, "plouzane")
    low, very_low = (
        commune_reads([*STRUCTURE, visio("new", value)], "plouzane") for value in (7.3, 0.5)
    )

    assert before != low  # one more commune, below: the counts move...
    assert low == very_low  # ...but by nothing that depends on its score


def test_a_commune_tied_with_others_is_not_said_above_them() -> None:
    tied = [visio("me", 7.0), *(visio(f"t{i}", 7.0) for i in range(3)),
            *(visio(f"l{i}", 5.0) for i in range(3))]  # fmt: skip

    assert organisation_benchmark(SPEC, tied, "me").standing(VISIO).position == Position(6, 3)
    assert "au-dessus de 50 % des communes comparables (6 communes)" in readable(
        commune_reads(tied, "me")[0]
    )
    all_equal = [visio("me", 7.0), *(visio(f"t{i}", 7.0) for i in range(5))]
    shown = readable(commune_reads(all_equal, "me")[0])
    assert "au niveau le plus bas des communes comparables (5 communes)" in shown
    assert "égalité" not in shown  # a tie would tell another commune's score


def test_a_commune_without_a_score_of_its_own_is_told_why() -> None:
    structure = [
        org("me", {(VISIO, None): 7.0}),
        *(org(f"c{i}", {(VISIO, None): 6.0, (MESSAGERIE, None): 6.0}) for i in range(6)),
    ]

    shown = lines(commune_reads(structure, "me")[0])

    assert (
        "• Messagerie instantanée : pas de note pour votre commune (trop peu de réponses pour "
        "respecter l'anonymat)"
    ) in shown
    assert "• Visioconférence : 7,0/10, au-dessus de toutes les communes comparables " in (
        readable(commune_reads(structure, "me")[0])
    )


def test_a_commune_alone_in_its_structure_has_nothing_to_compare() -> None:
    alone = [org("me", {(VISIO, None): 7.0, (VISIO, COUT): 4.0})]

    plain, _ = commune_reads(alone, "me")

    assert (
        "• Visioconférence : 7,0/10, pas assez de communes comparables (il en faut au moins 5)"
        in lines(plain)
    )
    assert "EN RETRAIT" not in plain
    assert staff_benchmark(SPEC, alone).figure(VISIO).distribution is None


def test_a_commune_without_published_results_is_told_so() -> None:
    plain, _ = commune_reads(STRUCTURE, "trebabu")

    assert lines(plain)[-1] == (
        "Votre commune n'a pas encore de résultats publiés : il n'y a rien à comparer."
    )
    # published, but too few answers for any score: told so per category, not "not yet"
    nothing = readable(commune_reads([*STRUCTURE, OrganisationScores("t", "T", ())], "t")[0])
    assert "pas encore" not in nothing
    assert "• Visioconférence : pas de note pour votre commune" in nothing


def lowest_structure() -> list[OrganisationScores]:
    """Plouzané above all five others on efficacité, two above on coût, one on sécurité,
    four on assimilation."""
    mine = {EFFICACITE: 9.0, COUT: 5.0, SECURITE: 3.0, ASSIMILATION: 6.0}
    others = {EFFICACITE: [1, 2, 3, 4, 5], COUT: [4, 4.5, 6, 7, 8],
              SECURITE: [2, 4, 5, 6, 7], ASSIMILATION: [1, 2, 3, 4, 8]}  # fmt: skip
    return [
        org("plouzane", {(VISIO, None): 6.0, **{(VISIO, c): v for c, v in mine.items()}},
            name="Plouzané"),
        *(org(f"c{i}", {(VISIO, None): 6.0, **{(VISIO, c): float(v[i]) for c, v in
              others.items()}}) for i in range(5)),
    ]  # fmt: skip


def test_the_criteria_where_a_commune_stands_lowest_come_lowest_first() -> None:
    plain, _ = commune_reads(lowest_structure(), "plouzane")

    shown = lines(plain)
    start = shown.index("LÀ OÙ VOTRE COMMUNE EST LE PLUS EN RETRAIT")
    assert shown[start + 1 :] == [
        "• Visioconférence, sécurité : 3,0/10, au-dessus de 20 % des communes comparables "
        "(5 communes)",
        "• Visioconférence, coût : 5,0/10, au-dessus de 40 % des communes comparables (5 communes)",
    ]  # efficacité (100 %) and assimilation (80 %) are in the upper half


def test_a_commune_in_the_upper_half_everywhere_is_told_so() -> None:
    structure = [org("me", {(VISIO, None): 9.0, (VISIO, COUT): 9.0})] + [
        org(f"c{i}", {(VISIO, None): 5.0, (VISIO, COUT): 5.0}) for i in range(5)
    ]

    assert lines(commune_reads(structure, "me")[0])[-1] == (
        "Sur aucun critère comparé votre commune n'est dans la moitié basse des communes "
        "comparables."
    )


def test_one_category_in_detail_gives_every_criterion_s_position_and_no_lowest() -> None:
    benchmark = organisation_benchmark(SPEC, lowest_structure(), "plouzane")

    plain, _ = organisation_message(benchmark, detailed=True)

    shown = lines(plain)
    assert shown[shown.index("• Visioconférence : 6,0/10, au niveau le plus bas des communes "
                             "comparables (5 communes)") + 1 :][:4] == [
        "• Visioconférence, efficacité : 9,0/10, au-dessus de toutes les communes comparables "
        "(5 communes)",
        "• Visioconférence, coût : 5,0/10, au-dessus de 40 % des communes comparables "
        "(5 communes)",
        "• Visioconférence, sécurité : 3,0/10, au-dessus de 20 % des communes comparables "
        "(5 communes)",
        "• Visioconférence, assimilation : 6,0/10, au-dessus de 80 % des communes comparables "
        "(5 communes)",
    ]  # fmt: skip
    assert "LÀ OÙ VOTRE COMMUNE EST LE PLUS EN RETRAIT" not in shown


def test_a_commune_s_view_in_english() -> None:
    benchmark = organisation_benchmark(SPEC, lowest_structure(), "plouzane")
    plain, _ = organisation_message(benchmark, "en")

    shown = lines(plain)
    assert shown[0] == "Your municipality among comparable ones — Plouzané"
    assert (
        "• Visioconférence, sécurité: 3.0/10, above 20% of comparable municipalities "
        "(5 municipalities)" in shown
    )
    assert "WHERE YOUR MUNICIPALITY IS FURTHEST BEHIND" in shown
    assert NNBSP not in plain and "«" not in plain


def test_a_hostile_name_of_its_own_is_escaped_in_the_commune_s_html() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    structure = [visio("me", 7.0, name=hostile), *STRUCTURE[1:]]

    plain, rich = commune_reads(structure, "me")

    assert "<img" not in rich and "&lt;img src=x onerror=alert(1)&gt;" in rich
    assert hostile in plain


def test_an_organisation_given_twice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="'a' is given twice"):
        organisation_benchmark(SPEC, [visio("a", 5), visio("a", 6)], "a")


def test_from_answers_to_what_a_commune_reads() -> None:
    def commune(key: str, marks: tuple[int, int, int, int]) -> OrganisationScores:
        return organisation_scores(
            key, key.capitalize(), SPEC, users(VISIO, "Teams", range(6), marks)
        )

    structure = [commune("me", (8, 8, 8, 8))] + [commune(f"c{i}", (i, 5, 5, 5)) for i in range(6)]

    assert (
        "• Visioconférence : 8,0/10, au-dessus de toutes les communes comparables "
        "(6 communes)" in lines(commune_reads(structure, "me")[0])
    )
