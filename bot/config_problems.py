"""What is wrong with a configuration file, in plain English for the IT department.

Each problem names the file and the dotted key, and never echoes a value (a misplaced
password must not end up in a terminal or a log). The schema itself is in `bot.config`,
passed here as `root`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from typing import Any, NamedTuple, get_args, get_origin

from pydantic import BaseModel


class ConfigProblem(NamedTuple):
    """One thing wrong with a configuration file, meant to be read by a sysadmin."""

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        if not self.key:
            return f"{self.file}: {self.message}"
        return f"{self.file}: {self.key}: {self.message}"


class ConfigError(Exception):
    """The configuration cannot be used; `problems` lists every reason, not only the first."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def problem_from_error(
    source: str, entry: Mapping[str, Any], root: type[BaseModel]
) -> ConfigProblem:
    """Turn one pydantic error into plain English, built from its type only, never its input."""
    loc: tuple[str | int, ...] = tuple(entry["loc"])
    names = [part for part in loc if isinstance(part, str)]
    indexes = [part for part in loc if isinstance(part, int)]
    key = ".".join(names)
    message = _describe(entry["type"], entry.get("ctx") or {}, names, root)
    if indexes:
        # [[suites]] entry 1, its certifications' item 2: "entry 1, item 2", not "entry 2"
        where = f"entry {indexes[0] + 1}"
        if len(indexes) > 1:
            where += f", item {indexes[-1] + 1}"
        message = f"{where}: {message}"
    return ConfigProblem(source, key, message)


def _describe(kind: str, ctx: Mapping[str, Any], names: list[str], root: type[BaseModel]) -> str:
    if kind == "missing":
        if _section_model(names, root) is not None:
            if _is_array(names, root):
                return f"missing section [[{'.'.join(names)}]]"
            return f"missing section [{'.'.join(names)}]"
        return "required key is missing"
    if kind == "extra_forbidden":
        parent = _section_model(names[:-1], root)
        fields = parent.model_fields if parent else {}
        known = [name for name in fields if name not in _SET_BY_THE_LOADER]
        close = difflib.get_close_matches(names[-1], known, n=1) if names else []
        return f"unknown key (did you mean '{close[0]}'?)" if close else "unknown key"
    if kind == "value_error":
        # Our own validators: their messages are written never to include the value.
        return str(ctx.get("error", "invalid value"))
    if kind in ("literal_error", "enum"):
        return f"expected {ctx.get('expected', 'one of the documented values')}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a table, e.g. [{'.'.join(names)}]" if names else "expected a table"
    return _TYPE_MESSAGES.get(kind, "invalid value")


_TYPE_MESSAGES: dict[str, str] = {
    "string_type": 'expected a text string in quotes, e.g. "..."',
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": 'expected a list, e.g. ["a", "b"]',
    "path_type": 'expected a path in quotes, e.g. "state/harmonie.db"',
    "string_too_short": "must not be empty",
    "decimal_parsing": "expected a number, e.g. 4.5",
    "decimal_type": "expected a number, e.g. 4.5",
    "float_parsing": "expected a number, e.g. 4.5",
}


# Fields of the configuration that the loader sets, never the file: not offered as corrections.
_SET_BY_THE_LOADER = frozenset({"source", "tenant"})


def _is_array(names: list[str], root: type[BaseModel]) -> bool:
    """Whether the key at `names` is an array of tables ([[suites]])."""
    parent = _section_model(names[:-1], root) if names else None
    field = parent.model_fields.get(names[-1]) if parent is not None else None
    return field is not None and get_origin(field.annotation) is list


def _section_model(names: list[str], root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class of the section at `names` (e.g. ["matrix"]), or None for a plain key."""
    model = root
    rest = iter(names)
    for name in rest:
        field = model.model_fields.get(name)
        annotation = field.annotation if field is not None else None
        if get_origin(annotation) is list:  # an array of tables: [[suites]]
            annotation = next(iter(get_args(annotation)), None)
        elif get_origin(annotation) is dict:  # tables by key: [organisations.<key>]
            if next(rest, None) is None:
                return None
            annotation = get_args(annotation)[-1]
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return model


def sorted_unique(problems: list[ConfigProblem], root: type[BaseModel]) -> list[ConfigProblem]:
    """Drop repeats and group problems by section, in the order the sections are documented."""
    sections = list(root.model_fields)

    def rank(problem: ConfigProblem) -> int:
        head = problem.key.split(".", 1)[0]
        return sections.index(head) if head in sections else len(sections)

    return sorted(dict.fromkeys(problems), key=rank)


_TOML_POSITION = re.compile(r"^(?P<what>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def toml_message(error: tomllib.TOMLDecodeError) -> str:
    """Put the line first: 'TOML syntax error at line 3, column 7: ...'."""
    text = str(error)
    match = _TOML_POSITION.match(text)
    if match is None:
        return f"TOML syntax error: {text}"
    where = f"line {match['line']}, column {match['column']}"
    return f"TOML syntax error at {where}: {match['what'][:1].lower()}{match['what'][1:]}"
