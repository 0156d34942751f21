"""What the evaluation dialog says: the current question, the summary, help, and the
acknowledgement that tells the agent what was recorded. Pure reading of a state."""

from __future__ import annotations

from .dialog_state import CategoryAnswer, DialogState, Step, ToolAnswer, draft_of
from .formatting import Reply
from .ratings import Rating, shown
from .survey import Category, Survey, normalise
from .texts import Language, text, typed


def question(survey: Survey, state: DialogState, language: Language) -> Reply:
    """The current question, short, with its numbered choices."""
    position = state.position
    total = len(survey.categories)
    if position.step is Step.SERVICE:
        choices = _numbered(survey.services)
        return Reply(text(language, "q.service", choices=choices))
    if position.step is Step.CONFIRM:
        return Reply(text(language, "q.confirm", summary=summary(survey, state, language)))
    if position.step is Step.DONE:
        return Reply(text(language, "dialog.already_done"))
    category = survey.categories[position.category]
    header = text(
        language,
        "q.header",
        number=position.category + 1,
        total=total,
        category=category.name(language),
    )
    draft = draft_of(state)
    first_rating = not _rated_before(state)
    match position.step:
        case Step.TOOL:
            tools = [survey.tool_label(t, language) for t in category.tools]
            tools += [text(language, "q.tool.other"), text(language, "q.tool.none")]
            named = [survey.tool_label(t, language) for t in category.tools[:2]]
            example = joined(named, language) if len(named) == 2 else "1"
            body = text(language, "q.tool", choices=_numbered(tools), example=example)
            body += "\n" + _fast_tip(survey, category, language, first_rating)
        case Step.OTHER:
            body = text(language, "q.other")
        case Step.RATING:
            tool = draft.tools[position.tool]
            criterion = survey.criteria[position.criterion]
            body = text(
                language,
                "q.rating",
                tool=tool_name(survey, tool, language),
                criterion=criterion.name(language),
                number=position.criterion + 1,
                count=len(survey.criteria),
            )
            if first_rating and criterion.scale(language):
                body += "\n" + text(language, "q.scale", scale=criterion.scale(language))
            if position.criterion == 0 and len(survey.criteria) > 1:
                names = ", ".join(c.name(language) for c in survey.criteria)
                example = rating_example(len(survey.criteria))
                body += "\n" + text(language, "q.rating.fast", criteria=names, example=example)
        case Step.NEED:
            body = text(language, "q.need", category=category.name(language))
        case Step.NEED_WHY:
            body = text(language, "q.need_why")
        case Step.PROBLEM:
            tool = draft.tools[position.tool]
            body = text(language, "q.problem", tool=tool_name(survey, tool, language))
        case _:
            raise AssertionError(position.step)
    return Reply(f"{header}\n{body}")


def _rated_before(state: DialogState) -> bool:
    """Has the agent rated a tool before this question (so the scales were explained)?"""
    current = state.position.category
    for index, answer in enumerate(state.answers):
        if answer is not None and index != current and any(t.ratings for t in answer.tools):
            return True
    earlier = state.draft.tools[: state.position.tool] if state.draft is not None else ()
    return any(t.ratings for t in earlier)


def _fast_tip(survey: Survey, category: Category, language: Language, first: bool) -> str:
    """How to answer a category in one message; with the scales until the first rating."""
    example_tool = survey.tool_label(category.tools[0], language) if category.tools else "Teams"
    example = f"{example_tool} {rating_example(len(survey.criteria))}"
    if not first or not any(c.scale(language) for c in survey.criteria):
        return text(language, "q.tool.fast_short", example=example)
    colon = " : " if language == "fr" else ": "
    scales = "\n".join(
        f"• {c.name(language)}{colon}{c.scale(language)}" if c.scale(language)
        else f"• {c.name(language)}"
        for c in survey.criteria
    )  # fmt: skip
    return text(language, "q.tool.fast", example=example, scales=scales)


def summary(survey: Survey, state: DialogState, language: Language) -> str:
    """One line per category: what the agent answered, as they would say it."""
    lines = []
    if state.service:
        lines.append(text(language, "summary.service", service=typed(state.service)))
    for number, (category, answer) in enumerate(
        zip(survey.categories, state.answers, strict=False), 1
    ):
        lines.append(
            f"{number}. **{category.name(language)}** : {_detail(survey, answer, language)}"
            if language == "fr"
            else f"{number}. **{category.name(language)}**: {_detail(survey, answer, language)}"
        )
    return "\n".join(lines)


def _detail(survey: Survey, answer: CategoryAnswer | None, language: Language) -> str:
    if answer is None:
        return text(language, "summary.unanswered")
    if answer.skipped:
        return text(language, "summary.skipped")
    if not answer.tools:
        need = {True: "summary.need.yes", False: "summary.need.no", None: "summary.need.unknown"}
        detail = text(language, need[answer.needed])
        if answer.need_why:
            detail += f" — « {typed(answer.need_why)} »"
        return detail
    parts = []
    for tool in answer.tools:
        marks = " · ".join(shown(r, language) for r in tool.ratings) or "—"
        part = text(language, "summary.tool", tool=tool_name(survey, tool, language), marks=marks)
        if tool.problem:
            part += " — " + text(language, "summary.problem", problem=typed(tool.problem))
        parts.append(part)
    return " ; ".join(parts)


def help_text(survey: Survey, state: DialogState, language: Language) -> str:
    step_help = text(language, f"help.step.{state.position.step.value}")
    if state.position.step is Step.RATING:
        criterion = survey.criteria[state.position.criterion]
        if criterion.scale(language):
            step_help += "\n" + text(language, "q.scale", scale=criterion.scale(language))
    return text(language, "help.dialog", step_help=step_help)


def with_lead(lead: str | None, survey: Survey, state: DialogState, language: Language) -> Reply:
    body = question(survey, state, language).text
    return Reply(f"{lead}\n\n{body}" if lead else body)


def tool_name(survey: Survey, tool: ToolAnswer, language: Language) -> str:
    return typed(survey.tool_label(tool.name, language))


def of_name(name: str, language: Language) -> str:
    """« de Teams », « d'Outlook » (French elides before a vowel), « of Teams »."""
    if language != "fr":
        return f"of {name}"
    first = normalise(name[:1])
    return f"d'{name}" if first and first in "aeiouy" else f"de {name}"


def ratings_ack(survey: Survey, tool: ToolAnswer, language: Language) -> str:
    marks = ", ".join(
        f"{c.name(language)} {shown(r, language)}"
        for c, r in zip(survey.criteria, tool.ratings, strict=False)
    )
    of_tool = of_name(tool_name(survey, tool, language), language)
    ack = text(language, "ack.ratings", of_tool=of_tool, marks=marks)
    if tool.done:
        ack += " " + (
            text(language, "ack.problem", problem=typed(tool.problem))
            if tool.problem
            else text(language, "ack.no_problem")
        )
    return ack


def one_rating_ack(survey: Survey, ratings: tuple[Rating, ...], language: Language) -> str:
    criterion = survey.criteria[len(ratings) - 1]
    mark = shown(ratings[-1], language)
    return text(language, "ack.rating", criterion=criterion.name(language), mark=mark)


def need_ack(needed: bool | None, why: str | None, language: Language) -> str:
    key = {True: "ack.need_yes", False: "ack.need_no", None: "ack.need_unknown"}[needed]
    ack = text(language, key)
    if why:
        ack += " " + text(language, "ack.why", why=typed(why))
    return ack


def joined(items: list[str], language: Language) -> str:
    """« A », « A et B », « A, B et C »."""
    if len(items) < 2:
        return "".join(items)
    word = " et " if language == "fr" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def rating_example(count: int) -> str:
    """Ratings to show in the "all at once" tip: as many as there are criteria."""
    sample = ("8", "6", "9", "7", "5")
    return " ".join(sample[n % len(sample)] for n in range(count))


def _numbered(choices: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{n}. {choice}" for n, choice in enumerate(choices, 1))
