"""`harmonie` (and `python -m bot`): run, check-config, demo."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import ConfigError, check_config_command, load_config


def main(argv: Sequence[str] | None = None) -> int:
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
        type=int,
        default=8008,
        help="homeserver port on 127.0.0.1 (another one is chosen if busy)",
    )
    demo.add_argument(
        "--agents", type=int, default=10, help="simulated agents who answer the evaluation"
    )
    demo.add_argument(
        "--rollout",
        action="store_true",
        help="then run the rollout of the chosen suite, weeks compressed into a minute",
    )
    demo.add_argument(
        "--exit-after",
        type=float,
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

    args = parser.parse_args(argv)
    if args.command == "check-config":
        return check_config_command(args.config, sys.stdout)
    if args.command == "run":
        return _run(args.config)
    if args.command == "report":
        return _report(args)
    from .demo import run_demo  # imports the optional homeserver parts only when needed

    return run_demo(args.state, args.port, args.agents, args.exit_after, args.rollout)


def _run(path: Path) -> int:
    from . import logs, runner

    try:
        config = load_config(path)
    except ConfigError as exc:
        print(f"Configuration invalide / invalid: {path}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    logs.configure(config.logging.level)
    return asyncio.run(runner.run(config))


def _report(args: argparse.Namespace) -> int:
    from .offline import ReportError, write_report

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"Configuration invalide / invalid: {args.config}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    try:
        written = write_report(
            config, args.format, args.output, args.campaign, args.category, args.service
        )
    except ReportError as exc:
        print(f"harmonie report: {exc}", file=sys.stderr)
        return 1
    if written is not None:
        print(f"Report written to {written}", file=sys.stderr)
    return 0
