"""`harmonie` (and `python -m bot`): run, check-config, demo, report.

An administrator's mistake (a wrong path, an unknown campaign) ends in one message on
stderr and exit code 2, as argparse's own usage errors do; a file of the bot that cannot be
used, in exit code 1. Never in a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.config import Config, ConfigError, check_config_command, load_config

INTERRUPTED = 130  # what a shell reports for a command stopped by Ctrl-C


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the subcommand; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print(f"harmonie {args.command}: interrupted", file=sys.stderr)
        return INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="harmonie",
        description="Harmonie: the Matrix bot that helps a collectivité choose its tools.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the bot with a configuration file")
    run.add_argument("--config", type=Path, default=Path("config.toml"))

    check = commands.add_parser("check-config", help="validate a configuration file")
    check.add_argument("--config", type=Path, default=Path("config.toml"))

    demo = commands.add_parser(
        "demo", help="start a throwaway local homeserver, the bot and demo accounts"
    )
    demo.add_argument(
        "--state",
        type=Path,
        default=Path("demo-state"),
        help="folder for the demo's homeserver, database and accounts",
    )
    demo.add_argument(
        "--port",
        type=_whole_number(1, 65535),
        default=8008,
        help="homeserver port on 127.0.0.1 (another one is chosen if busy)",
    )
    demo.add_argument(
        "--agents",
        type=_whole_number(0),
        default=10,
        help="simulated agents who answer the evaluation",
    )
    demo.add_argument(
        "--rollout",
        action="store_true",
        help="then run the rollout of the chosen suite, weeks compressed into a minute",
    )
    demo.add_argument(
        "--exit-after",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="stop by itself after the self-check and this many seconds",
    )

    report = commands.add_parser(
        "report", help="write a campaign's report from the database, without Matrix"
    )
    report.add_argument("--config", type=Path, default=Path("config.toml"))
    report.add_argument("--format", choices=("md", "csv", "ods", "png"), default="md")
    report.add_argument(
        "--output",
        type=Path,
        default=None,
        help="file to write (md and csv go to the terminal without it)",
    )
    report.add_argument("--campaign", type=int, default=None, help="campaign number")
    report.add_argument("--category", default=None, help="one category (number or name)")
    report.add_argument("--service", default=None, help="one service")

    return parser


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "check-config":
        return check_config_command(args.config, sys.stdout)
    if args.command == "run":
        return _run(args.config)
    if args.command == "report":
        return _report(args)
    return _demo(args)


def _run(path: Path) -> int:
    from bot import logs
    from bot import wiring as runner
    from bot.offline import OfflineError, check_storage

    config = _load(path)
    if config is None:
        return 2
    os.umask(0o077)  # as the bot does: the store, the database and their journals, owner only
    try:
        asyncio.run(check_storage(config))
    except OfflineError as exc:
        print(f"harmonie run: {exc}", file=sys.stderr)
        return exc.exit_code
    logs.configure(config.logging.level)
    return asyncio.run(runner.run(config))


def _report(args: argparse.Namespace) -> int:
    from bot.offline import OfflineError, write_report

    config = _load(args.config)
    if config is None:
        return 2
    try:
        written = write_report(
            config, args.format, args.output, args.campaign, args.category, args.service
        )
    except OfflineError as exc:
        print(f"harmonie report: {exc}", file=sys.stderr)
        return exc.exit_code
    if written is not None:
        print(f"Report written to {written}", file=sys.stderr)
    return 0


def _demo(args: argparse.Namespace) -> int:
    state: Path = args.state
    if state.exists() and not state.is_dir():
        print(f"harmonie demo: --state {state} is a file, not a folder", file=sys.stderr)
        return 2
    try:
        state.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(f"harmonie demo: cannot create the folder {state}: {reason}", file=sys.stderr)
        return 2
    from bot.demo.homeserver import HomeserverError
    from bot.demo.run import run_demo  # imports the optional homeserver parts only when needed

    try:
        return run_demo(state, args.port, args.agents, args.exit_after, args.rollout)
    except HomeserverError as exc:
        print(f"harmonie demo: {exc}", file=sys.stderr)
        return 1


def _load(path: Path) -> Config | None:
    """The configuration, or None after listing its problems on stderr."""
    try:
        return load_config(path)
    except ConfigError as exc:
        print(f"Configuration invalide / invalid: {path}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` (to `high`)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
        if high is not None and not low <= number <= high:
            raise argparse.ArgumentTypeError(f"expected a number from {low} to {high}")
        if number < low:
            raise argparse.ArgumentTypeError(f"expected {low} or more")
        return number

    return parse


def _seconds(value: str) -> float:
    """An argparse type: a number of seconds, zero or more."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {value!r}") from None
    if not seconds >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError("expected a number of seconds, zero or more")
    return seconds
