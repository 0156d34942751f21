"""The pilot trial's questionnaire (phase 2, « choisir »), as a pure function of
(survey, plan, state, message).

For each candidate suite, in the plan's order: which of its modules the pilot tried, three
ratings for each module tried (simplicité de prise en main, efficacité, sécurité perçue),
then a comment. The same input forms as the evaluation (« 8 7 9 », « 8/10 », « sept »,
« nsp ») and the words retour / passer / pause / aide; invalid input keeps the state and
says what is expected. A suite's answers become final when its comment is answered
(`TrialTransition.completed_suite`): the bot stores them then, replacing what that pilot
had given for that suite before (« retour » may reopen a suite already answered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .dialog import MAX_FREE_TEXT, rating_example
from .dialog_wording import joined
from .formatting import Reply
from .names import Ambiguous, Found, Match, Suggested, find_name, strip_filler
from .parsing import InvalidAnswer, keyword
from .phrases import after_greeting, asks_what, bare, is_greeting, is_thanks, says_nothing
from .ratings import Rating, add_ratings, shown
from .rules import day_text
from .survey import Survey, normalise
from .texts import Language, text, typed
from .tool_names import SEPARATORS, SPLIT
from .trial_plan import TRIAL_CRITERIA, TrialPlan, TrialSuite
from .trial_state import SuiteAnswers, TrialState, TrialStep
from .words import FILLER, KEYWORDS, TRIED_ALL, TRIED_LEAD, TRIED_NONE

_COUNT = len(TRIAL_CRITERIA)


@dataclass(frozen=True)
class TrialTransition:
    state: TrialState
    replies: tuple[Reply, ...]
    # The key of the suite whose answers just became complete (its comment answered):
    # store its ratings and comment now, replacing that pilot's earlier ones for it.
    completed_suite: str | None = None


def trial_first_state(plan: TrialPlan) -> TrialState:
    """The state before any answer: the first suite's first question."""
    return _arrive(plan, ())


# --------------------------------------------------------------------------- the dialog


def trial_intro(plan: TrialPlan, language: Language) -> Reply:
    """The invitation: what the trial is, the suites to try, until when, what is asked."""
    until = (
        ""
        if plan.closes_on is None
        else text(language, "trial.until", date=day_text(plan.closes_on))
    )
    suites = joined([f"**{typed(s.name)}**" for s in plan.suites], language)
    criteria = ", ".join(c.name(language) for c in TRIAL_CRITERIA)
    return Reply(
        text(language, "trial.intro", count=len(plan.suites), suites=suites, until=until,
             criteria=criteria)
    )  # fmt: skip


def trial_start(survey: Survey, plan: TrialPlan, language: Language) -> TrialTransition:
    """The invitation and the first question."""
    state = trial_first_state(plan)
    return TrialTransition(
        state, (trial_intro(plan, language), trial_question(survey, plan, state, language))
    )


def trial_step(
    survey: Survey, plan: TrialPlan, state: TrialState, message: str, language: Language
) -> TrialTransition:
    """Apply one pilot message to their questionnaire."""
    if state.finished:
        return _kept(state, Reply(text(language, "trial.already_done")))
    word = KEYWORDS.get(keyword(message))
    if state.paused:
        if word == "pause":
            return _kept(state, Reply(text(language, "trial.pause")))
        resumed = replace(state, paused=False)
        return TrialTransition(
            resumed,
            (
                Reply(text(language, "trial.resumed")),
                trial_question(survey, plan, resumed, language),
            ),
        )
    if is_greeting(message) or (is_thanks(message) and state.step is TrialStep.COMMENT):
        lead = "dialog.greeting" if is_greeting(message) else "dialog.thanks"
        return _kept(
            state, Reply(text(language, lead)), trial_question(survey, plan, state, language)
        )
    answer = after_greeting(message)
    if answer is not None:  # « Bonjour, 1 et 3 »: the answer is what follows
        message = answer
        word = KEYWORDS.get(keyword(message))
    if word is None and asks_what(message) and state.step is not TrialStep.COMMENT:
        word = "help"  # « c'est quoi la sécurité perçue ? » (a comment may be a question)
    if word == "help":
        return _kept(
            state, _help(plan, state, language), trial_question(survey, plan, state, language)
        )
    if word == "pause":
        return _kept(replace(state, paused=True), Reply(text(language, "trial.pause")))
    if word == "back":
        return _back(survey, plan, state, language)
    try:
        return _answer(survey, plan, state, message, language, skip=word == "skip")
    except InvalidAnswer as error:
        return _kept(
            state,
            Reply(text(language, error.key, **error.values)),
            trial_question(survey, plan, state, language),
        )


def _kept(state: TrialState, *replies: Reply) -> TrialTransition:
    return TrialTransition(state, replies)


def _answer(
    survey: Survey,
    plan: TrialPlan,
    state: TrialState,
    message: str,
    language: Language,
    *,
    skip: bool,
) -> TrialTransition:
    if state.step is TrialStep.TRIED:
        return _answer_tried(survey, plan, state, message, language, skip=skip)
    if state.step is TrialStep.RATING:
        return _answer_rating(survey, plan, state, message, language, skip=skip)
    return _answer_comment(survey, plan, state, message, language, skip=skip)


def _answer_tried(
    survey: Survey,
    plan: TrialPlan,
    state: TrialState,
    message: str,
    language: Language,
    *,
    skip: bool,
) -> TrialTransition:
    """« passer » says none was tried: the comment is asked all the same."""
    suite = plan.suites[len(state.answers)]
    tried = () if skip else _read_tried(survey, suite, message, language)
    current = SuiteAnswers(suite.key, tried, ((),) if tried else ())
    step = TrialStep.RATING if tried else TrialStep.COMMENT
    new = TrialState(step, (*state.answers, current))
    if tried:
        names = [survey.category(c).name(language) for c in tried]
        noted = text(language, "trial.tried_noted", categories=joined(names, language))
    else:
        noted = text(language, "trial.tried_none")
    return TrialTransition(new, (Reply(noted), trial_question(survey, plan, new, language)))


def _answer_rating(
    survey: Survey,
    plan: TrialPlan,
    state: TrialState,
    message: str,
    language: Language,
    *,
    skip: bool,
) -> TrialTransition:
    current = state.answers[-1]
    given = current.ratings[-1]
    marks = (*given, None) if skip else add_ratings(given, message, _COUNT)
    ratings = (*current.ratings[:-1], marks[:_COUNT])
    if len(marks) < _COUNT:
        new = replace(state, answers=_with_last(state, replace(current, ratings=ratings)))
        return TrialTransition(new, (trial_question(survey, plan, new, language),))
    category = current.tried[len(ratings) - 1]
    more = len(ratings) < len(current.tried)
    current = replace(current, ratings=(*ratings, ()) if more else ratings)
    step = TrialStep.RATING if more else TrialStep.COMMENT
    new = TrialState(step, _with_last(state, current))
    noted = _ratings_noted(plan, current.suite, category, marks[:_COUNT], language)
    return TrialTransition(new, (noted, trial_question(survey, plan, new, language)))


def _answer_comment(
    survey: Survey,
    plan: TrialPlan,
    state: TrialState,
    message: str,
    language: Language,
    *,
    skip: bool,
) -> TrialTransition:
    """The suite's answers are complete: the bot stores them (`completed_suite`)."""
    current = state.answers[-1]
    comment = None if skip or says_nothing(message) else " ".join(message.split())
    if comment == "":
        raise InvalidAnswer("error.empty")
    answered = _with_last(state, replace(current, comment=comment and comment[:MAX_FREE_TEXT]))
    if len(answered) == len(plan.suites):
        done = TrialState(TrialStep.DONE, answered)
        return TrialTransition(done, (Reply(text(language, "trial.thanks")),), current.suite)
    new = _arrive(plan, answered)
    name = typed(_suite(plan, current.suite).name)
    noted = Reply(text(language, "trial.comment_noted", suite=name))
    return TrialTransition(new, (noted, trial_question(survey, plan, new, language)), current.suite)


def _arrive(plan: TrialPlan, answers: tuple[SuiteAnswers, ...]) -> TrialState:
    """The first question about the next suite: the modules tried, or the comment alone
    when the suite covers none of the needs (there is nothing to try)."""
    suite = plan.suites[len(answers)]
    if suite.modules:
        return TrialState(TrialStep.TRIED, answers)
    return TrialState(TrialStep.COMMENT, (*answers, SuiteAnswers(suite.key)))


def _with_last(state: TrialState, current: SuiteAnswers) -> tuple[SuiteAnswers, ...]:
    return (*state.answers[:-1], current)


def _back(
    survey: Survey, plan: TrialPlan, state: TrialState, language: Language
) -> TrialTransition:
    new = _previous(plan, state)
    if new is None:
        return _kept(
            state,
            Reply(text(language, "dialog.first_question")),
            trial_question(survey, plan, state, language),
        )
    return TrialTransition(new, (trial_question(survey, plan, new, language),))


def _previous(plan: TrialPlan, state: TrialState) -> TrialState | None:
    """The question before the current one, its answer taken back; None at the first.
    Going back from a suite's first question reopens the previous suite's comment."""
    answers = state.answers
    if state.step is TrialStep.TRIED:
        if not answers:
            return None
        return TrialState(TrialStep.COMMENT, (*answers[:-1], replace(answers[-1], comment=None)))
    current = answers[-1]
    ratings = current.ratings
    if state.step is TrialStep.RATING and ratings[-1]:
        ratings = (*ratings[:-1], ratings[-1][:-1])
    elif state.step is TrialStep.RATING:
        ratings = ratings[:-1]
        ratings = (*ratings[:-1], ratings[-1][:-1]) if ratings else ()
    elif ratings:  # at the comment: the last rating of the last module tried
        ratings = (*ratings[:-1], ratings[-1][:-1])
    if ratings:
        return TrialState(TrialStep.RATING, _with_last(state, replace(current, ratings=ratings)))
    if _suite(plan, current.suite).modules:
        return TrialState(TrialStep.TRIED, answers[:-1])
    return _previous(plan, TrialState(TrialStep.TRIED, answers[:-1]))  # nothing was to try


# --------------------------------------------------------------------------- the modules tried

_NUMBER_RANGE = r"[0-9]{1,4}(?:\s*(?:-|–|—|a|to)\s*[0-9]{1,4})?"
_NUMBERS = re.compile(rf"{_NUMBER_RANGE}(?:\s+{_NUMBER_RANGE})*")
_ONE_RANGE = re.compile(r"([0-9]+)(?:\s*(?:-|–|—|a|to)\s*([0-9]+))?")
_LONGEST_NAME = 4  # words: longer, a part is a sentence, not a name to quote back


def _read_tried(
    survey: Survey, suite: TrialSuite, message: str, language: Language
) -> tuple[str, ...]:
    """The categories tried, in the suite's order: « 1 3 4 », « 1-3 », « visio et
    agenda », « tous », « aucun »."""
    said = bare(message)
    if said in TRIED_ALL:
        return tuple(m.category for m in suite.modules)
    if said in TRIED_NONE:
        return ()
    parts = [p.strip(SEPARATORS) for p in SPLIT.split(message.strip(SEPARATORS))]
    parts = [p for p in parts if p]
    if not parts:
        raise InvalidAnswer("trial.error.tried")
    chosen: set[str] = set()
    for part in parts:
        chosen |= _read_part(survey, suite, part, language)
    return tuple(m.category for m in suite.modules if m.category in chosen)


def _read_part(survey: Survey, suite: TrialSuite, part: str, language: Language) -> set[str]:
    """The categories one piece of the answer names: numbers (« 1 3 », « 1-3 ») or a name."""
    count = len(suite.modules)
    lead = _without_lead(part)
    if _NUMBERS.fullmatch(lead):
        chosen: set[str] = set()
        for match in _ONE_RANGE.finditer(lead):
            first = int(match.group(1))
            last = int(match.group(2) or first)
            for number in (first, last):
                if not 1 <= number <= count:
                    raise InvalidAnswer("trial.error.tried_number", number=number, count=count)
            low, high = sorted((first, last))
            chosen |= {m.category for m in suite.modules[low - 1 : high]}
        return chosen
    if bare(part) in TRIED_ALL | TRIED_NONE:
        raise InvalidAnswer("trial.error.tried_mixed")
    return _named(survey, suite, part, lead, language)


def _without_lead(part: str) -> str:
    """« j'ai essayé la visio » → « visio »: the words before the names dropped."""
    words = normalise(part).replace("'", "' ").split()
    while words and (words[0] in FILLER or words[0] in TRIED_LEAD):
        words.pop(0)
    return " ".join(words).replace("' ", "'").strip(SEPARATORS + ")")


def _named(survey: Survey, suite: TrialSuite, part: str, lead: str, language: Language) -> set[str]:
    labels = _labels(survey, suite)
    names = list(labels)
    match: Match = None
    for attempt in (part, lead, strip_filler(part)):
        found = find_name(attempt, names) if attempt else None
        if isinstance(found, Found | Ambiguous):
            match = found
            break
        match = match or found
    shown = " ".join(part.split())
    if isinstance(match, Found):
        return set(labels[match.name])
    if isinstance(match, Ambiguous):
        categories = set().union(*(labels[name] for name in match.names))
        if len(categories) == 1:  # « visio »: the category's French and English names
            return categories
        raise InvalidAnswer("trial.error.tried_ambiguous", name=typed(shown))
    if len(shown.split()) > _LONGEST_NAME:
        raise InvalidAnswer("trial.error.tried")
    if isinstance(match, Suggested):  # offered as the list shows it, not as it was spelt
        (category, *others) = labels[match.name]
        close = match.name if others else survey.category(category).name(language)
        raise InvalidAnswer("trial.error.tried_close", name=typed(shown), close=typed(close))
    raise InvalidAnswer("trial.error.tried_unknown", name=typed(shown))


def _labels(survey: Survey, suite: TrialSuite) -> dict[str, frozenset[str]]:
    """Each name a pilot may use for a module (its category's, in both languages, and the
    module's own), and the categories it stands for: one module may cover two."""
    labels: dict[str, set[str]] = {}
    for module in suite.modules:
        category = survey.category(module.category)
        for label in (category.name_fr, category.name_en, module.module):
            labels.setdefault(label, set()).add(module.category)
    return {label: frozenset(categories) for label, categories in labels.items()}


# --------------------------------------------------------------------------- what is said


def trial_question(survey: Survey, plan: TrialPlan, state: TrialState, language: Language) -> Reply:
    """The current question, with the suite it is about."""
    if state.finished:
        return Reply(text(language, "trial.already_done"))
    index = state.suite_index
    assert index is not None
    suite = plan.suites[index]
    header = f"**{typed(suite.name)}**"
    if len(plan.suites) > 1:
        header = f"**{index + 1}/{len(plan.suites)} — {typed(suite.name)}**"
    if state.step is TrialStep.TRIED:
        choices = "\n".join(
            f"{n}. {survey.category(m.category).name(language)} — {typed(m.module)}"
            for n, m in enumerate(suite.modules, 1)
        )
        example = {1: "1", 2: "1 2"}.get(len(suite.modules), "1 3")
        body = text(language, "trial.q.tried", choices=choices, example=example)
        return Reply(f"{header}\n{body}")
    current = state.answers[-1]
    if state.step is TrialStep.COMMENT:
        return Reply(f"{header}\n{text(language, 'trial.q.comment', suite=typed(suite.name))}")
    number = len(current.ratings) - 1
    category = current.tried[number]
    criterion_number = len(current.ratings[-1])
    criterion = TRIAL_CRITERIA[criterion_number]
    body = text(
        language,
        "q.rating",
        tool=_module_label(survey, suite, category, language),
        criterion=criterion.name(language),
        number=criterion_number + 1,
        count=_COUNT,
    )
    if _first_ratings(state) and criterion.scale(language):
        body += "\n" + text(language, "q.scale", scale=criterion.scale(language))
    if criterion_number == 0:
        names = ", ".join(c.name(language) for c in TRIAL_CRITERIA)
        body += "\n" + text(language, "q.rating.fast", criteria=names, example=rating_example(3))
    return Reply(f"{header}\n{body}")


def _first_ratings(state: TrialState) -> bool:
    """Is this the first module the pilot rates (so the scales are explained)?"""
    earlier = [r for a in state.answers for r in a.ratings]
    return len(earlier) <= 1


def _module_label(survey: Survey, suite: TrialSuite, category: str, language: Language) -> str:
    """« Alpha Visio (visioconférence) »."""
    module = next(m.module for m in suite.modules if m.category == category)
    return f"{typed(module)} ({survey.category(category).name(language)})"


def _ratings_noted(
    plan: TrialPlan, suite_key: str, category: str, marks: tuple[Rating, ...], language: Language
) -> Reply:
    suite = _suite(plan, suite_key)
    module = next(m.module for m in suite.modules if m.category == category)
    given = ", ".join(
        f"{c.name(language)} {shown(r, language)}"
        for c, r in zip(TRIAL_CRITERIA, marks, strict=False)
    )
    return Reply(text(language, "trial.ratings_noted", module=typed(module), marks=given))


def _help(plan: TrialPlan, state: TrialState, language: Language) -> Reply:
    if state.step is TrialStep.TRIED:
        step_help = text(language, "trial.help.tried")
    elif state.step is TrialStep.RATING:
        scales = "\n".join(
            text(language, "trial.help.scale", criterion=c.name(language), scale=c.scale(language))
            for c in TRIAL_CRITERIA
        )
        step_help = text(language, "trial.help.rating", scales=scales)
    else:
        suite = _suite(plan, state.answers[-1].suite)
        step_help = text(language, "trial.help.comment", suite=typed(suite.name))
    return Reply(text(language, "trial.help", step_help=step_help))


def _suite(plan: TrialPlan, key: str) -> TrialSuite:
    return next(s for s in plan.suites if s.key == key)
