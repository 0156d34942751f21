"""The feedback trend of a rollout: each wave's means, overall score and change, the agents'
problems and ideas, and the anonymity threshold applied to both.

Worked examples state their hand-computed figures beside the asserts; property tests check, on
random waves, that scores stay on the 0-10 scale, that a hidden wave carries and shows no
figure, that the change skips hidden waves, and that the order of the ratings does not matter.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import (
    CommentGroup,
    CriterionSpec,
    FeedbackComment,
    FeedbackRating,
    FeedbackTrend,
    ScoringSpec,
    WaveSpec,
    feedback_trend,
)
from scoring.feedback import trend_chat, trend_csv, trend_ods, trend_tables

EFFICACITE, SIMPLICITE = "efficacite", "simplicite"
KEYS = (EFFICACITE, SIMPLICITE)

# Efficacité counts double: overall = (2·efficacité + simplicité) / 3. Shown from 3 people.
SPEC = ScoringSpec(
    categories=(),
    criteria=(
        CriterionSpec(EFFICACITE, "efficacité", 2.0),
        CriterionSpec(SIMPLICITE, "simplicité"),
    ),
    anonymity_threshold=3,
)
SUITE = "Suite collaborative"
D7, D30, D90, D180 = date(2027, 3, 8), date(2027, 4, 7), date(2027, 6, 6), date(2027, 9, 4)
WAVES = (WaveSpec(1, D7, 12), WaveSpec(2, D30, 12), WaveSpec(3, D90, 12), WaveSpec(4, D180, 12))


def rate(
    wave: int, agent: int, efficacite: int | None, simplicite: int | None
) -> list[FeedbackRating]:
    return [
        FeedbackRating(wave, agent, EFFICACITE, efficacite),
        FeedbackRating(wave, agent, SIMPLICITE, simplicite),
    ]


def everyone(wave: int, *pairs: tuple[int | None, int | None]) -> list[FeedbackRating]:
    """Agents 1, 2, 3... of `wave` giving these (efficacité, simplicité)."""
    return [r for agent, pair in enumerate(pairs, start=1) for r in rate(wave, agent, *pair)]


def trend(
    ratings: Sequence[FeedbackRating] = (),
    comments: Sequence[FeedbackComment] = (),
    waves: Sequence[WaveSpec] = WAVES,
    spec: ScoringSpec = SPEC,
    suite: str = SUITE,
) -> FeedbackTrend:
    return feedback_trend(spec, suite, waves, ratings, comments)


def said(wave: int | None, *bodies: str) -> list[FeedbackComment]:
    """Agents 1, 2, 3... of `wave` each sending one of these comments."""
    return [FeedbackComment(wave, agent, body) for agent, body in enumerate(bodies, start=1)]


# ------------------------------------------------------------------------------- the waves


def test_each_wave_averages_each_criterion_leaving_out_no_opinion() -> None:
    result = trend(everyone(1, (8, 6), (6, 5), (None, 4), (7, None)))
    first = result.waves[0]
    assert first.respondents == 4
    assert first.means == (7.0, 5.0)  # (8+6+7)/3, (6+5+4)/3
    assert first.overall == pytest.approx(19 / 3)  # (2·7 + 5) / 3
    assert first.change is None
    assert not first.hidden
    assert result.criteria == ("efficacité", "simplicité")
    assert [w.number for w in result.waves] == [1, 2, 3, 4]


def test_an_agent_who_did_not_rate_every_criterion_is_not_a_respondent() -> None:
    ratings = [*everyone(1, (6, 6), (6, 6), (6, 6)), FeedbackRating(1, 9, EFFICACITE, 0)]
    first = trend(ratings).waves[0]
    assert first.respondents == 3
    assert first.means == (6.0, 6.0)  # the lone 0 moved nothing


def test_an_agent_with_no_opinion_at_all_is_a_respondent_who_moves_no_mean() -> None:
    first = trend(everyone(1, (6, 6), (6, 6), (None, None))).waves[0]
    assert first.respondents == 3
    assert not first.hidden
    assert first.means == (6.0, 6.0)


def test_a_criterion_nobody_rated_has_no_mean_and_the_overall_uses_the_others() -> None:
    first = trend(everyone(1, (None, 4), (None, 6), (None, 8))).waves[0]
    assert first.means == (None, 6.0)
    assert first.overall == 6.0


def test_the_overall_score_weighs_each_criterion_by_its_weight() -> None:
    ratings = everyone(1, (9, 3), (9, 3), (9, 3))
    assert trend(ratings).waves[0].overall == 7.0  # (2·9 + 3) / 3
    equal = ScoringSpec((), (CriterionSpec(EFFICACITE, "e"), CriterionSpec(SIMPLICITE, "s")), 3)
    assert trend(ratings, spec=equal).waves[0].overall == 6.0  # (9 + 3) / 2


def test_a_wave_below_the_threshold_shows_no_figure_nor_its_comments() -> None:
    result = trend(
        everyone(1, (2, 3), (9, 9)),
        said(1, "Le son coupe", "Trop de notifications"),
    )
    first = result.waves[0]
    assert first.hidden
    assert first.respondents == 2
    assert (first.means, first.overall, first.change) == ((None, None), None, None)
    assert result.groups == (CommentGroup(1, D7, (), 2, True),)


def test_a_wave_of_exactly_the_threshold_is_shown() -> None:
    first = trend(everyone(1, (5, 5), (5, 5), (5, 5))).waves[0]
    assert not first.hidden
    assert first.overall == 5.0


def test_the_change_is_measured_from_the_last_wave_shown_skipping_hidden_ones() -> None:
    result = trend(
        [
            *everyone(1, (6, 6), (6, 6), (6, 6)),  # overall 6
            *everyone(2, (10, 10), (10, 10)),  # hidden: two respondents
            *everyone(3, (7, 6), (7, 6), (7, 6)),  # overall (14 + 6) / 3
            *everyone(4, (5, 5), (5, 5), (5, 5)),  # overall 5
        ]
    )
    changes = [w.change for w in result.waves]
    assert changes[0] is None
    assert changes[1] is None
    assert changes[2] == pytest.approx(20 / 3 - 6)
    assert changes[3] == pytest.approx(5 - 20 / 3)
    rows = trend_tables(result, "fr")[0].rows
    assert [row[-1] for row in rows] == ["—", "—", "+0,7", "\N{MINUS SIGN}1,7"]


def test_ratings_for_unknown_waves_or_criteria_are_ignored() -> None:
    ratings = [
        *everyone(1, (6, 6), (6, 6), (6, 6)),
        *everyone(7, (0, 0), (0, 0), (0, 0)),
        *(FeedbackRating(1, agent, "inconnu", 0) for agent in (1, 2, 3)),
    ]
    result = trend(ratings)
    assert [w.number for w in result.waves] == [1, 2, 3, 4]
    assert result.waves[0].means == (6.0, 6.0)


def test_waves_come_out_in_number_order_with_their_day_and_invitations() -> None:
    result = trend(waves=(WaveSpec(2, D30, 40), WaveSpec(1, D7, 38)))
    assert [(w.number, w.day, w.invited) for w in result.waves] == [(1, D7, 38), (2, D30, 40)]
    assert all(w.hidden and w.respondents == 0 for w in result.waves)


def test_two_waves_with_the_same_number_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        trend(waves=(WaveSpec(1, D7, 10), WaveSpec(1, D30, 10)))


def test_a_perfect_wave_scores_exactly_ten() -> None:
    assert trend(everyone(1, (10, 10), (10, 10), (10, 10))).waves[0].overall == 10.0


# ---------------------------------------------------------------------------- the comments


def test_identical_comments_are_merged_and_counted_by_agent_most_frequent_first() -> None:
    comments = [
        *said(1, "Le son coupe", "Trop de notifications", "Un tutoriel vidéo ?"),
        FeedbackComment(1, 4, "  trop de   NOTIFICATIONS "),
        FeedbackComment(1, 5, "Trop de notifications"),
        FeedbackComment(1, 6, "Le son coupe"),
        FeedbackComment(1, 1, "le son coupe"),  # the same agent again: still one agent
        FeedbackComment(1, 7, "Pas de mode sombre"),
    ]
    group = trend(comments=comments).groups[0]
    assert group.comments == (
        ("Trop de notifications", 3),
        ("Le son coupe", 2),
        ("Un tutoriel vidéo ?", 1),  # equal counts: in the order they came
        ("Pas de mode sombre", 1),
    )
    assert group.count == 8
    assert not group.hidden


def test_spontaneous_feedback_is_the_last_group_and_empty_groups_are_omitted() -> None:
    comments = [
        *said(None, "Merci pour la formation", "Où trouver l'aide ?", "Très bien"),
        *said(3, "Plus rapide qu'avant", "Bien", "Bien"),
        *said(1, "Je m'y perds", "Idem", "Idem"),
        FeedbackComment(2, 1, "   "),  # blank: no comment
    ]
    groups = trend(comments=comments).groups
    assert [(g.wave, g.day) for g in groups] == [(1, D7), (3, D90), (None, None)]
    assert groups[-1].comments[0] == ("Merci pour la formation", 1)


def test_comments_for_an_unknown_wave_are_ignored() -> None:
    assert trend(comments=said(9, "a", "b", "c")).groups == ()


def test_a_group_with_fewer_authors_than_the_threshold_keeps_only_its_count() -> None:
    comments = [
        FeedbackComment(None, 1, "Le micro ne marche pas"),
        FeedbackComment(None, 1, "Toujours pas"),
        FeedbackComment(None, 2, "Pareil"),
    ]
    result = trend(comments=comments)
    assert result.groups == (CommentGroup(None, None, (), 3, True),)
    ideas = trend_tables(result, "fr")[1]
    assert ideas.rows == (
        ("Retours spontanés (!avis)", "3 retours — masqués\u202f: moins de 3 auteurs", "—"),
    )


# --------------------------------------------------------------------------- the renderers


def shown_trend() -> FeedbackTrend:
    return trend(
        [
            *everyone(1, (8, 6), (6, 5), (None, 4), (7, None)),
            *everyone(2, (9, 9)),
        ],
        [*said(2, "Trop de notifications", "trop de notifications", "Le son coupe"),
         *said(None, "Merci", "Merci", "Un tutoriel ?")],
    )  # fmt: skip


def test_the_french_tables_show_dates_counts_and_french_numbers() -> None:
    waves, ideas = trend_tables(shown_trend(), "fr")
    assert waves.title == "Évolution des retours — Suite collaborative"
    assert waves.headers == (
        "Vague", "Date", "Répondants / invités", "efficacité", "simplicité", "Note globale",
        "Évolution",
    )  # fmt: skip
    assert waves.rows[0] == ("1", "08/03/2027", "4 / 12", "7,0", "5,0", "6,3", "—")
    assert waves.rows[1] == (
        "2", "07/04/2027", "moins de 3 réponses / 12", "—", "—", "—", "—",
    )  # fmt: skip
    assert ideas.title == "Problèmes et idées"
    assert ideas.rows == (
        ("Vague 2 (07/04/2027)", "Trop de notifications", "2"),
        ("Vague 2 (07/04/2027)", "Le son coupe", "1"),
        ("Retours spontanés (!avis)", "Merci", "2"),
        ("Retours spontanés (!avis)", "Un tutoriel ?", "1"),
    )


def test_the_english_tables_speak_english() -> None:
    waves, ideas = trend_tables(shown_trend(), "en")
    assert waves.title == "Feedback trend — Suite collaborative"
    assert waves.headers[:3] == ("Wave", "Date", "Respondents / invited")
    assert waves.headers[-2:] == ("Overall score", "Change")
    assert waves.rows[0] == ("1", "2027-03-08", "4 / 12", "7.0", "5.0", "6.3", "—")
    assert waves.rows[1][2] == "fewer than 3 answers / 12"
    assert ideas.title == "Problems and ideas"
    assert [row[0] for row in ideas.rows] == [
        "Wave 2 (2027-04-07)", "Wave 2 (2027-04-07)",
        "Spontaneous feedback (!feedback)", "Spontaneous feedback (!feedback)",
    ]  # fmt: skip
    hidden = trend(comments=said(None, "x"))
    assert trend_tables(hidden, "en")[1].rows[0][1] == ("1 comment — hidden: fewer than 3 authors")


def test_the_chat_message_escapes_the_suite_name_and_the_comments() -> None:
    hostile = trend(
        everyone(1, (7, 7), (7, 7), (7, 7)),
        said(1, "<script>alert(1)</script>", "<script>alert(1)</script>", "<b>gras</b>"),
        suite="<img src=x onerror=alert(1)>",
    )
    plain, rich = trend_chat(hostile, "Retours <du> déploiement", "fr")
    assert "<script>" not in rich
    assert "<img" not in rich
    assert "<b>" not in rich
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rich
    assert "&lt;img src=x onerror=alert(1)&gt;" in rich
    assert "<h3>Retours &lt;du&gt; déploiement</h3>" in rich
    assert "<script>alert(1)</script> · 2" in plain  # plain text is shown as typed


def test_the_chat_message_says_why_figures_are_missing() -> None:
    plain, rich = trend_chat(shown_trend(), "Retours", "fr")
    assert "rien n'est affiché pour moins de 3 personnes" in plain
    assert "<table " in rich
    assert "moins de 3 réponses / 12" in plain


def test_the_chat_message_with_no_feedback_yet_says_so_politely() -> None:
    nothing = trend(waves=())
    plain, rich = trend_chat(nothing, "Retours", "fr")
    assert plain == (
        "Retours\nAucun retour n'a encore été reçu pour Suite collaborative. "
        "Les résultats apparaîtront ici dès les premières réponses."
    )
    assert "<table" not in rich
    english, _ = trend_chat(nothing, "Feedback", "en")
    assert "No feedback has been received for Suite collaborative yet." in english


def test_the_chat_message_leaves_out_a_table_with_no_row() -> None:
    plain, rich = trend_chat(trend(comments=said(None, "a", "b", "c"), waves=()), "Retours", "fr")
    assert "PROBLÈMES ET IDÉES" in plain
    assert "ÉVOLUTION DES RETOURS" not in plain
    assert rich.count("<table ") == 1


def test_the_csv_parses_back_with_both_tables() -> None:
    data = trend_csv(shown_trend(), "fr")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Évolution des retours — Suite collaborative"]
    assert rows[1][:3] == ["Vague", "Date", "Répondants / invités"]
    assert rows[2] == ["1", "08/03/2027", "4 / 12", "7,0", "5,0", "6,3", "—"]
    assert [] in rows
    assert ["Vague 2 (07/04/2027)", "Trop de notifications", "2"] in rows
    english = trend_csv(shown_trend(), "en").decode("utf-8-sig")
    assert ["1", "2027-03-08", "4 / 12", "7.0", "5.0", "6.3", "—"] in list(
        csv.reader(io.StringIO(english))
    )


def test_the_ods_reopens_with_one_sheet_per_table_and_the_comments() -> None:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table as OdsTable
    from odf.table import TableRow

    result = trend(
        everyone(1, (7, 7), (7, 7), (7, 7)),
        said(1, "Trop de notifications", "Trop de notifications", "Le son coupe"),
        suite="Suite [2027]: test/pilote",
    )
    document = load(io.BytesIO(trend_ods(result, "fr")))
    sheets = document.spreadsheet.getElementsByType(OdsTable)
    assert len(sheets) == 2
    assert sheets[0].getAttribute("name") == "Évolution des retours — Suite _2027__ test_pilote"
    assert sheets[1].getAttribute("name") == "Problèmes et idées"
    rows = [
        [teletype.extractText(cell) for cell in row.childNodes]
        for row in sheets[1].getElementsByType(TableRow)
    ]
    assert rows == [
        ["Vague", "Problème ou idée", "Nombre d'agents"],
        ["Vague 1 (08/03/2027)", "Trop de notifications", "2"],
        ["Vague 1 (08/03/2027)", "Le son coupe", "1"],
    ]


# ------------------------------------------------------------------------------ properties

values = st.none() | st.integers(min_value=0, max_value=10)
rating_rows = st.dictionaries(
    st.tuples(
        st.integers(min_value=1, max_value=4),  # wave
        st.integers(min_value=1, max_value=7),  # agent
        st.sampled_from((*KEYS, "inconnu")),
    ),
    values,
    max_size=60,
)


def spec_with(weights: tuple[float, float], threshold: int) -> ScoringSpec:
    return ScoringSpec(
        (),
        (CriterionSpec(EFFICACITE, "efficacité", weights[0]),
         CriterionSpec(SIMPLICITE, "simplicité", weights[1])),
        anonymity_threshold=threshold,
    )  # fmt: skip


def as_ratings(rows: dict[tuple[int, int, str], int | None]) -> list[FeedbackRating]:
    return [FeedbackRating(w, a, c, v) for (w, a, c), v in rows.items()]


@settings(max_examples=150, deadline=None)
@given(
    rows=rating_rows,
    weights=st.tuples(st.floats(0.1, 5.0), st.floats(0.1, 5.0)),
    threshold=st.integers(min_value=1, max_value=5),
)
def test_every_shown_figure_is_on_the_zero_to_ten_scale_and_hidden_waves_show_none(
    rows: dict[tuple[int, int, str], int | None],
    weights: tuple[float, float],
    threshold: int,
) -> None:
    result = trend(as_ratings(rows), spec=spec_with(weights, threshold))
    table = trend_tables(result, "fr")[0]
    for wave, row in zip(result.waves, table.rows, strict=True):
        assert wave.hidden == (wave.respondents < threshold)
        figures = [*wave.means, wave.overall]
        assert all(0.0 <= f <= 10.0 for f in figures if f is not None)
        if wave.hidden:
            assert (wave.overall, wave.change) == (None, None)
            assert all(m is None for m in wave.means)
            assert row[2] == f"moins de {threshold} réponses / 12"
            assert set(row[3:]) == {"—"}


@settings(max_examples=150, deadline=None)
@given(rows=rating_rows, threshold=st.integers(min_value=1, max_value=4))
def test_the_change_is_always_from_the_last_wave_with_a_shown_score(
    rows: dict[tuple[int, int, str], int | None], threshold: int
) -> None:
    result = trend(as_ratings(rows), spec=spec_with((2.0, 1.0), threshold))
    previous: float | None = None
    for wave in result.waves:
        if wave.overall is None or previous is None:
            assert wave.change is None
        else:
            assert wave.change is not None
            assert math.isclose(wave.change, wave.overall - previous, abs_tol=1e-9)
        if wave.overall is not None:
            previous = wave.overall


@settings(max_examples=100, deadline=None)
@given(rows=rating_rows, seed=st.randoms(use_true_random=False))
def test_the_trend_does_not_depend_on_the_order_of_the_ratings(
    rows: dict[tuple[int, int, str], int | None], seed: random.Random
) -> None:
    ratings = as_ratings(rows)
    shuffled = list(ratings)
    seed.shuffle(shuffled)
    assert trend(shuffled) == trend(ratings)


@settings(max_examples=100, deadline=None)
@given(
    authors=st.lists(
        st.tuples(st.sampled_from((1, 2, None)), st.integers(1, 6), st.sampled_from("abcAB ")),
        max_size=30,
    ),
    threshold=st.integers(min_value=1, max_value=5),
)
def test_no_comment_is_shown_for_fewer_authors_than_the_threshold(
    authors: list[tuple[int | None, int, str]], threshold: int
) -> None:
    comments = [FeedbackComment(wave, agent, body) for wave, agent, body in authors]
    result = trend(comments=comments, spec=spec_with((1.0, 1.0), threshold))
    for group in result.groups:
        written = [c for c in comments if c.wave == group.wave and c.body.strip()]
        assert group.count == len(written) > 0
        assert group.hidden == (len({c.agent for c in written}) < threshold)
        if group.hidden:
            assert group.comments == ()
        else:
            assert sum(n for _, n in group.comments) >= len(group.comments)
            assert {body.casefold() for body, _ in group.comments} == {
                c.body.strip().casefold() for c in written
            }
    assert [g.wave for g in result.groups] == sorted(
        {c.wave for c in comments if c.body.strip()}, key=lambda w: (w is None, w or 0)
    )
