"""`harmonie migrate`: one commune's SQLite database into the structure's PostgreSQL, told
as the person at the terminal wants it: what was moved, what was already there, the
counts checked table by table, the numbers that changed; and, when it refuses, why, with
nothing written. The work itself is storage's (storage/transfer.py).

Exit codes: 0 moved, or found already there; 1 a database that cannot be used (the
source is not Harmonie's, the server cannot be reached, the check after writing failed);
2 what was typed (no such file); 3 refused to mix data: the destination holds other data
for that organisation, or one of its agents in another, or a running bot serves it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from bot.config import masked_url
from storage import SchemaTooNewError
from storage.connection import DATABASE_ERRORS
from storage.errors import StorageError
from storage.transfer import Moved, MoveError, MoveRefused, TableCount, move_commune

REFUSED = 3
_UNREACHABLE: tuple[type[BaseException], ...] = (OSError, StorageError, *DATABASE_ERRORS)


def migrate_command(source: Path, url: str, organisation: str, out: TextIO, err: TextIO) -> int:
    """Move `source` into `url` as `organisation`; what happened on `out`, why not on
    `err`; the exit code."""
    where = masked_url(url)

    def fail(message: str, code: int) -> int:
        print(f"harmonie migrate: {_without(message, url)}", file=err)
        return code

    if not source.exists():
        return fail(f"--from {source}: there is no such file", 2)
    if source.is_dir():
        return fail(f"--from {source} is a folder: give the commune's database file", 2)
    try:
        moved = asyncio.run(move_commune(source, url, organisation))
    except MoveRefused as error:
        return fail(f"refused, nothing written: {error}", REFUSED)
    except MoveError as error:
        return fail(f"nothing written: {error}", 1)
    except SchemaTooNewError as error:
        message = f"the database {where} was written by a newer Harmonie ({error})"
        return fail(f"{message}: move into it with that one; nothing written", 1)
    except _UNREACHABLE as error:
        return fail(f"cannot use the database {where}: {_reason(error)}; nothing written", 1)
    _report(moved, source, where, out)
    return 0


def _report(moved: Moved, source: Path, where: str, out: TextIO) -> None:
    organisation = moved.organisation
    if moved.already_there or moved.moved == 0:
        print(f"Nothing to do: the organisation {organisation} in {where} already holds what "
              f"{source} holds (moved before). Nothing was written.", file=out)  # fmt: skip
        _table(moved.tables, out)
        return
    print(f"Moved {source} into {where} as the organisation {organisation}.", file=out)
    if moved.upgraded:
        print(f"The source was at schema version {moved.source_version}: brought up to "
              f"date first.", file=out)  # fmt: skip
    if moved.bots:
        print(f"Bot: {', '.join(moved.bots)} (its login, sync token, DMs and outbox moved "
              "with it: give it the same store folder).", file=out)  # fmt: skip
    print(file=out)
    _table(moved.tables, out)
    print(file=out)
    print(f"Checked before committing: the organisation {organisation} holds, table by table, "
          f"the {moved.tenant_rows} rows of the source (ids aside).", file=out)  # fmt: skip
    changed = _changed_numbers(moved)
    if changed:
        print(f"Numbers changed (for !rapport campagne=… and --campaign): {changed}.", file=out)
    else:
        print("Campaign and trial numbers are unchanged.", file=out)
    for note in moved.notes:
        print(f"Note: {note}.", file=out)
    print(f"Done: {moved.moved} rows moved in one transaction.", file=out)


def _table(counts: tuple[TableCount, ...], out: TextIO) -> None:
    """The tables with any row, one a line: in the source, moved, already there (and
    left out, when some were)."""
    shown = [c for c in counts if c.source or c.moved or c.already]
    left = any(c.left_out for c in counts)
    heading = ["table", "in the source", "moved", "already there"] + (["left out"] if left else [])
    lines = [heading] + [
        [c.table, str(c.source), str(c.moved), str(c.already)] + ([str(c.left_out)] if left else [])
        for c in shown
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(heading))]
    for line in lines:
        cells = [line[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(line[1:], widths[1:], strict=True)
        ]
        print("  " + "  ".join(cells), file=out)
    empty = len(counts) - len(shown)
    if empty:
        print(f"  (and {empty} {'table' if empty == 1 else 'tables'} empty in both)", file=out)


def _changed_numbers(moved: Moved) -> str:
    parts = [f"campaign {old} is now {new}" for old, new in moved.campaigns.items() if old != new]
    parts += [f"trial {old} is now {new}" for old, new in moved.trials.items() if old != new]
    return ", ".join(parts)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _without(message: str, url: str) -> str:
    """A message with the URL's password masked wherever it shows."""
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    message = message.replace(url, masked_url(url))
    return message.replace(password, "***") if password else message
