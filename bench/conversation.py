"""How well the evaluation understands people, and how many messages it costs them.

    .venv/bin/python -m bench.conversation

1. The corpus of what agents really type (tests/data/agent_messages.toml), and a second
   set written blind by someone who had not read the bot's code (its first measurement
   is in docs/benchmarks.md): the share of messages understood as a French agent
   expects, offered back to confirm, refused with a specific explanation, refused with
   only the question's instructions, and misunderstood (taken for something else).
   Targets: at least 97 % understood, none misunderstood.
2. The messages an agent sends for the nine default categories (service, tools, ratings,
   problems, then `valider`), through the real dialog, by way of answering:
   one rating at a time, the four ratings at once (what the bot's tip suggests), and the
   fast path (tool, ratings and problem in one message). Target for the fast path: 12.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from conversations.dialog import start, step
from conversations.survey import Survey
from tests.support.corpus import DATA, SURVEY, judge, load

HELD_OUT = DATA.with_name("agent_messages_heldout.toml")

VERDICTS = ("understood", "confirmed", "refused", "refused (generic)", "misunderstood")
TOOLS = ["Teams", "Tchap", "Outlook", "LimeSurvey", "Doodle", "Trello", "GRR", "To Do", "Nextcloud"]
PROBLEM = "le son coupe souvent"


def corpus_figures(path: Path, title: str) -> None:
    cases = load(path)
    began = time.perf_counter()
    outcomes = [judge(case) for case in cases]
    elapsed = time.perf_counter() - began
    counts = {verdict: 0 for verdict in VERDICTS}
    for outcome in outcomes:
        counts[outcome.verdict] += 1
    print(f"{title}: {len(cases)} messages ({elapsed * 1000 / len(cases):.2f} ms each)")
    labels = {
        "understood": "understood as expected",
        "confirmed": "the expected reading offered back to confirm",
        "refused": "refused, with a specific explanation",
        "refused (generic)": "refused, with the question's instructions only",
        "misunderstood": "MISUNDERSTOOD (taken for something else)",
    }
    for verdict in VERDICTS:
        share = counts[verdict] / len(cases)
        print(f"  {labels[verdict]:<48} {counts[verdict]:>4}  {share:6.1%}")
    by_question: dict[str, list[int]] = {}
    for outcome in outcomes:
        seen = by_question.setdefault(outcome.case.at, [0, 0])
        seen[0] += outcome.verdict == "understood"
        seen[1] += 1
    print("  by question: " + ", ".join(f"{at} {ok}/{n}" for at, (ok, n) in by_question.items()))
    for outcome in outcomes:
        if outcome.verdict != "understood":
            print(
                f"    {outcome.verdict}: {outcome.case.at} « {outcome.case.message} » "
                f"expected {outcome.case.expected}, read {outcome.observed}"
            )


def scripts(survey: Survey) -> dict[str, list[str]]:
    one_by_one: list[str] = ["2"]
    at_once: list[str] = ["2"]
    fast: list[str] = ["2"]
    for tool in TOOLS:
        one_by_one += [tool, "8", "6", "9", "7", PROBLEM]
        at_once += [tool, "8 6 9 7", PROBLEM]
        fast += [f"{tool} 8 6 9 7 {PROBLEM}"]
    for script in (one_by_one, at_once, fast):
        script.append("valider")
    del survey
    return {
        "guided, one rating at a time": one_by_one,
        "guided, the four ratings at once": at_once,
        "fast path (tool, ratings, problem)": fast,
    }


def messages_needed(survey: Survey, messages: Sequence[str]) -> int:
    """Run the script through the real dialog; every message must be taken."""
    state = start(survey, "fr").state
    for message in messages:
        transition = step(survey, state, message, "fr")
        if not transition.accepted:
            raise SystemExit(f"the dialog refused {message!r}: {transition.replies[0].plain}")
        state = transition.state
    if not state.finished or any(answer is None for answer in state.answers):
        raise SystemExit("the script did not finish the evaluation")
    return len(messages)


def message_counts() -> None:
    print("\nMessages an agent sends for the nine categories (service and valider included):")
    for label, script in scripts(SURVEY).items():
        print(f"  {label:<40} {messages_needed(SURVEY, script):>3}")


def main() -> None:
    corpus_figures(DATA, "Corpus")
    print()
    corpus_figures(HELD_OUT, "Held-out set (written blind, without reading the bot's code)")
    message_counts()


if __name__ == "__main__":
    main()
