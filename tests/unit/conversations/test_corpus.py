"""What agents really type (tests/data/agent_messages.toml) is understood as a French agent
would expect: at least 97 % exactly, the rest refused with a reason, none misunderstood."""

from __future__ import annotations

from tests.support.corpus import DATA, SURVEY, judge, load

CASES = load()
HELD_OUT = load(DATA.with_name("agent_messages_heldout.toml"))


def test_the_corpus_is_large_enough_and_covers_every_question() -> None:
    assert len(CASES) >= 300
    questions = {case.at for case in CASES}
    assert questions >= {
        "service", "outil", "autre", "note", "probleme", "besoin", "pourquoi",
        "recapitulatif", "commande",
    }  # fmt: skip
    assert {case.category for case in CASES} >= {c.key for c in SURVEY.categories}


def test_no_message_of_the_corpus_is_misunderstood() -> None:
    wrong = [o for o in map(judge, CASES) if o.verdict == "misunderstood"]
    assert not wrong, "\n".join(
        f"{o.case.at} « {o.case.message} »: expected {o.case.expected}, read {o.observed}"
        for o in wrong
    )


def test_at_least_97_percent_of_the_corpus_is_understood_as_expected() -> None:
    outcomes = [judge(case) for case in CASES]
    missed = [o for o in outcomes if o.verdict != "understood"]
    share = 1 - len(missed) / len(outcomes)
    assert share >= 0.97, f"{share:.1%} understood; missed:\n" + "\n".join(
        f"{o.case.at} « {o.case.message} »: expected {o.case.expected}, read {o.observed}"
        for o in missed
    )


def test_no_message_of_the_held_out_set_is_misunderstood() -> None:
    wrong = [o for o in map(judge, HELD_OUT) if o.verdict == "misunderstood"]
    assert not wrong, "\n".join(
        f"{o.case.at} « {o.case.message} »: expected {o.case.expected}, read {o.observed}"
        for o in wrong
    )
