"""`harmonie` (and `python -m bot`): run, check-config, demo, report, migrate; check-config's
output.

An administrator's mistake (a wrong path, an unknown campaign) ends in one message on
stderr and exit code 2, as argparse's own usage errors do; a file of the bot that cannot be
used, in exit code 1. Never in a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.config import (
    CROSS_SIGNING_FILE,
    DEFAULT_TENANT,
    Config,
    ConfigError,
    load_config,
    masked_url,
)

INTERRUPTED = 130  # what a shell reports for a command stopped by Ctrl-C
DEMO_AGENTS = 10  # simulated agents of `harmonie demo`
STRUCTURE_AGENTS = 4  # of each commune, with --structure: three communes in parallel


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
        "demo",
        help="start a throwaway local homeserver, the bot and demo accounts, and show the "
        "evaluation (--choix, --rollout: the rest of the method; --structure: a structure "
        "serving three communes)",
    )
    demo.set_defaults(usage_error=demo.error)
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
        default=None,
        help=f"simulated agents who answer the evaluation (and the pilot trial), "
        f"{DEMO_AGENTS} by default; with --structure, of each commune ({STRUCTURE_AGENTS})",
    )
    demo.add_argument(
        "--choix",
        action="store_true",
        help="then phase 2: the needs, the candidate suites, a pilot trial, the "
        "recommendation and the decision",
    )
    demo.add_argument(
        "--rollout",
        action="store_true",
        help="then the rollout of the retained suite, weeks compressed into a minute "
        "(implies --choix: the whole method)",
    )
    demo.add_argument(
        "--structure",
        action="store_true",
        help="instead, a structure (a Centre de gestion) serving three communes with one bot: "
        "each commune's evaluation and report, then the comparison of the communes as a "
        "commune's manager and as the structure's staff read it",
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
    report.add_argument(
        "--choice",
        action="store_true",
        help="phase 2: the latest pilot trial's candidates and the recommendation",
    )
    report.add_argument(
        "--organisation",
        default=None,
        metavar="KEY",
        help="a structure's configuration: the organisation to report on, by its key in "
        "[organisations.<key>] (required there; refused with a single [organisation])",
    )

    migrate = commands.add_parser(
        "migrate",
        help="move one commune's SQLite database into the structure's PostgreSQL",
        description="Move one commune's SQLite database into a PostgreSQL database, as one "
        "organisation: in one transaction (interrupted, it leaves nothing, and the next run "
        "does it all), idempotently (run again, it finds the data there and writes nothing), "
        "with the counts checked table by table before it commits. The source is brought to "
        "the latest schema first, then only read; the destination is brought to it too. "
        "Ids change in "
        "PostgreSQL (campaign and trial numbers are printed when they do); the bot's own rows "
        "(login, sync token, DMs, outbox, letters) keep their bot. Stop the commune's bot "
        "first. See docs/deployment.md.",
        epilog="Exit codes: 0 moved, or already there; 1 a database that cannot be used "
        "(the source is not Harmonie's, the server cannot be reached); 2 a usage error; "
        "3 refused, nothing written: the destination holds other data for that organisation, "
        "or one of its agents as another organisation's, or a running bot serves it.",
    )
    migrate.add_argument(
        "--from",
        dest="source",
        type=Path,
        required=True,
        metavar="SQLITE_FILE",
        help="the commune's database file (storage.path of its configuration)",
    )
    migrate.add_argument(
        "--to",
        dest="destination",
        type=_postgresql_url,
        required=True,
        metavar="POSTGRESQL_URL",
        help="postgresql://user@host:5432/harmonie (a password is best left to PGPASSWORD "
        "or ~/.pgpass; it is never printed)",
    )
    migrate.add_argument(
        "--organisation",
        type=_organisation_key,
        default=DEFAULT_TENANT,
        metavar="KEY",
        help="the commune's key in the structure's [organisations.<key>] (default: "
        f"'{DEFAULT_TENANT}', the tenant of a one-commune configuration's [organisation])",
    )

    return parser


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "check-config":
        return check_config_command(args.config, sys.stdout)
    if args.command == "run":
        return _run(args.config)
    if args.command == "report":
        return _report(args)
    if args.command == "migrate":
        from bot.migrate import migrate_command

        return migrate_command(
            args.source, args.destination, args.organisation, sys.stdout, sys.stderr
        )
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
    from bot.offline import (
        BadArgument,
        OfflineError,
        organisation_config,
        write_choice_report,
        write_report,
    )

    config = _load(args.config)
    if config is None:
        return 2
    try:
        config = organisation_config(config, args.organisation)
        if args.choice:
            if args.campaign is not None or args.category or args.service:
                raise BadArgument("--choice reads the latest trial: leave out --campaign, "
                                  "--category and --service")  # fmt: skip
            written = write_choice_report(config, args.format, args.output)
        else:
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
    if args.structure and (args.choix or args.rollout):
        args.usage_error(
            "--structure shows a structure's communes and their comparison, not the "
            "method's next phases: leave out --choix and --rollout"
        )
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
    from bot.demo.structure import run_structure_demo

    try:
        if args.structure:
            agents = STRUCTURE_AGENTS if args.agents is None else args.agents
            return run_structure_demo(state, args.port, agents, args.exit_after)
        agents = DEMO_AGENTS if args.agents is None else args.agents
        return run_demo(
            state, args.port, agents, args.exit_after, args.rollout, args.choix or args.rollout
        )
    except HomeserverError as exc:
        print(f"harmonie demo: {exc}", file=sys.stderr)
        return 1


def check_config_command(path: Path, out: TextIO, environ: Mapping[str, str] | None = None) -> int:
    """What `harmonie check-config` runs: 0 if the file is usable, 2 with every problem if not."""
    try:
        config = load_config(path, environ)
    except ConfigError as error:
        _print_problems(path, error, out)
        return 2
    print(f"Configuration OK: {path}", file=out)
    print(redacted_summary(config), file=out)
    for warning in config_warnings(config):
        print(f"Warning: {warning}", file=out)
    return 0


def config_warnings(config: Config) -> list[str]:
    """What a usable configuration will not do that was probably meant: said, not refused
    (a first installation may add its people later)."""
    warnings = []
    for tenant in config.tenants().values():
        organisation = tenant.organisation
        if not organisation.agents and organisation.agents_room is None:
            agents = tenant.file_key("organisation.agents")
            room = tenant.file_key("organisation.agents_room")
            warnings.append(
                f"no agent will be invited to a campaign: list them in {agents} "
                f"or give {room} (until then, only those who write "
                "!évaluer to the bot take part)"
            )
    return warnings


def cross_signing_summary(store_path: Path) -> str:
    """Whether this installation holds the keys to cross-sign its devices (read from the
    store, without contacting the homeserver)."""
    if (store_path / CROSS_SIGNING_FILE).exists():
        return "set up; its keys are kept, encrypted, in the store"
    return "not set up yet in this store: the bot sets it up (or recovers it) when it starts"


def redacted_summary(config: Config) -> str:
    """A few lines to check what the bot will do, safe to paste in a ticket: no secret values."""
    matrix = config.matrix

    def is_set(secret: SecretStr | None) -> str:
        return "set" if secret is not None else "not set"

    lines = [
        f"bot user: {matrix.user_id}",
        f"homeserver: {matrix.homeserver}",
        f"device name: {matrix.device_name}",
        f"password: {is_set(matrix.password)}",
        f"access token: {is_set(matrix.access_token)}",
        f"recovery key: {is_set(matrix.recovery_key)}",
        "cross-signing: " + cross_signing_summary(matrix.store_path),
        "encryption: " + ("on" if matrix.encryption else "off"),
        "store pickle key: "
        + ("set" if matrix.pickle_key is not None else "generated by the bot, kept in the store"),
        f"allowed servers: {', '.join(sorted(matrix.allowed()))}",
        f"E2EE store: {matrix.store_path}",
        f"database: {config.storage.describe()}",
        *(_structure_summary(config) if config.organisations else _organisation_summary(config)),
        f"log level: {config.logging.level}",
    ]
    return "\n".join(f"  {line}" for line in lines)


def _organisation_summary(config: Config) -> list[str]:
    organisation = config.organisation
    return [
        f"organisation: {organisation.name} (in French sentences: "
        f"'{organisation.named.french()}', '{organisation.named.french('de')}')",
        f"time zone: {organisation.timezone}, language: {organisation.language}",
        f"admins: {len(organisation.admins)}, managers: {len(organisation.managers)}",
        f"management room: {organisation.management_room or 'not set'}",
        f"agents room: {organisation.agents_room or 'not set'}",
        f"agents listed: {len(organisation.agents)}",
        f"services: {len(organisation.services)}",
        f"anonymity threshold: {organisation.anonymity_threshold}",
    ]


def _structure_summary(config: Config) -> list[str]:
    """The structure, then two lines per organisation: its key, its name and its counts."""
    structure = config.organisation.named
    lines = [
        f"structure: {structure.name} (in French sentences: "
        f"'{structure.french()}', '{structure.french('de')}')",
        f"structure staff: {len(config.structure.staff)}, "
        f"benchmark threshold: {config.structure.benchmark_threshold} organisations",
        f"organisations: {len(config.organisations)}",
    ]
    for key, tenant in config.tenants().items():
        organisation, calendar = tenant.organisation, tenant.calendar
        lines += [
            f"  {key}: {organisation.name} ('{organisation.named.french()}'), "
            f"time zone: {organisation.timezone}, language: {organisation.language}, "
            f"Alsace-Moselle holidays: {'yes' if calendar.alsace_moselle else 'no'}",
            f"    admins: {len(organisation.admins)}, managers: {len(organisation.managers)}, "
            f"agents listed: {len(organisation.agents)}, "
            f"agents room: {'set' if organisation.agents_room else 'not set'}, "
            f"pilots listed: {len(tenant.choice.pilots)}, services: {len(organisation.services)}, "
            f"anonymity threshold: {organisation.anonymity_threshold}",
        ]
    return lines


def _load(path: Path) -> Config | None:
    """The configuration, or None after listing its problems on stderr."""
    try:
        return load_config(path)
    except ConfigError as error:
        _print_problems(path, error, sys.stderr)
        return None


def _print_problems(path: Path, error: ConfigError, out: TextIO) -> None:
    print(f"Configuration invalide / invalid: {path}", file=out)
    for problem in error.problems:
        print(f"  {problem}", file=out)


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


def _postgresql_url(value: str) -> str:
    """An argparse type: a PostgreSQL URL (its password never echoed back)."""
    if not value.startswith(("postgresql://", "postgres://")):
        raise argparse.ArgumentTypeError(
            f"expected postgresql://user@host/database, not {masked_url(value)!r}"
        )
    return value


def _organisation_key(value: str) -> str:
    """An argparse type: an organisation's key, as [organisations.<key>] names it."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise argparse.ArgumentTypeError(
            f"expected a key of lower-case letters, digits and -, e.g. plouzane, not {value!r}"
        )
    return value


def _seconds(value: str) -> float:
    """An argparse type: a number of seconds, zero or more."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {value!r}") from None
    if not seconds >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError("expected a number of seconds, zero or more")
    return seconds
