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
        "--agents", type=int, default=7, help="number of simulated agents who answer the evaluation"
    )
    demo.add_argument(
        "--exit-after",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop by itself after the self-check and this many seconds",
    )

    args = parser.parse_args(argv)
    if args.command == "check-config":
        return check_config_command(args.config, sys.stdout)
    if args.command == "run":
        return _run(args.config)
    from .demo import run_demo  # imports the optional homeserver parts only when needed

    return run_demo(args.state, args.port, args.agents, args.exit_after)


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
