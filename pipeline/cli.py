"""``catalog`` command line: one summary line per edition, one error line per bad input.

Each subcommand lives in ``pipeline/commands/``. Heavy libraries (Prefect, Great Expectations)
are imported inside the commands that need them, so ``catalog --help`` answers at once.

Every way a run can end badly is one ``error:`` line on stderr and a non-zero exit, never a
traceback: a ``PipelineError`` (bad input, a store it cannot write, a lock it cannot take),
an ``OSError`` nothing more specific caught, Ctrl-C and SIGTERM (the store's transaction has
already rolled back; exit 130 and 143), and, last, any other exception, named by its type
(``CATALOG_DEBUG=1`` shows its traceback). Messages pass through ``for_terminal``: text from
an edition file cannot move the cursor or forge a second line.

Signals go through ``pipeline.interrupts``, installed by the console script before anything
else is imported: a signal is never swallowed by a finaliser, an error it caused (an
interrupted import, a worker that died of the same Ctrl-C) is reported as the signal, and a
signal that was lost after all still sets the exit status. So the commands are imported inside
``main``, not at the top of this module.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any, NoReturn

from pipeline import __version__
from pipeline.interrupts import (
    HANDLED_SIGNALS,
    Terminated,
    acknowledge,
    acknowledged,
    catching_signals,
    published,
    received,
)

__all__ = ["Terminated", "commands", "console", "main"]

EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
#: Commands that only read the curated store.
STORE_COMMANDS = frozenset({"diff", "export", "validate"})
#: Exit status after a signal, as shells report it (128 + the signal's number).
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
#: Set to show the traceback of an unexpected error (a bug) instead of its one line.
DEBUG_VARIABLE = "CATALOG_DEBUG"
#: How the line for a signal that stopped a run names it, by signal.
SIGNAL_NAMES: dict[int, str] = {signal.SIGINT: "interrupted",
                                signal.SIGTERM: "terminated (SIGTERM)"}
#: What it says happened: nothing published yet, or an edition published before it.
ROLLED_BACK = "the run was rolled back, nothing was published"
AFTER_PUBLISHING = "after publishing; what was published stays published, the rest was rolled back"


def commands() -> dict[str, ModuleType]:
    """Subcommand name → module with ``register(subparsers)`` and ``run(args) -> int``
    (imported here, after the signal handlers are in place)."""
    from pipeline.commands import diff, export, ingest, profile, serve, site, validate

    return {"ingest": ingest, "diff": diff, "export": export, "serve": serve,
            "validate": validate, "site": site, "profile": profile}  # fmt: skip


#: What ``catalog --help`` tells a user (the module docstring is for developers).
DESCRIPTION = """\
Turn a district's shared-resource catalog (区级可共用可复用可对接资源目录, PDF or text export)
into validated Parquet tables for BI tools, and report what changed between editions."""
EPILOG = """\
examples:
  catalog ingest                              every edition file in raw/ into curated/
  catalog ingest raw/2025.pdf --edition 2025  one file under a label of your choice
  catalog diff 2024 2025                      what changed (Markdown; --csv for rows)
  catalog validate                            re-check what is published
  catalog site --rebuild                      render the catalog site (curated/_site/) again
  catalog serve --cron "0 6 * * *"            ingest new editions of raw/ on a schedule
  catalog profile draft raw/new.pdf --out p.toml  learn a new district's profile

Tables: curated/<table>/; data dictionary and more in README.md and docs/."""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Shows each option's default (when it has one worth showing) and keeps the examples'
    line breaks."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        shown = action.default not in (None, False, argparse.SUPPRESS, [])
        if shown and "default" not in text and action.option_strings:
            text += " (default: %(default)s)"
        return text


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one ``error:`` line too (exit 2, as argparse's)."""

    def error(self, message: str) -> NoReturn:
        _error(f"{self.prog}: {message} (see {self.prog} --help)")
        sys.exit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="catalog", description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=_HelpFormatter)  # fmt: skip
    parser.add_argument("--version", action="version",
                        version=f"catalog-pipeline {__version__}")  # fmt: skip
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in commands().values():
        module.register(subparsers)
    for command in subparsers.choices.values():
        command.formatter_class = _HelpFormatter
    return parser


def _error(message: str) -> None:
    from pipeline.terminal import for_terminal

    print(f"error: {for_terminal(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``catalog`` console script; returns the exit status."""
    store = None
    with catching_signals():
        try:
            args = _parser().parse_args(argv)
            # what ``validate`` and ``diff`` read is the store: an error naming no file names it
            store = args.curated if args.command in STORE_COMMANDS else None
            status: int = commands()[args.command].run(args)
        except SystemExit:  # argparse: --help, --version, a usage error
            if received() is None:
                raise
            return _interrupted(signal.SIGINT)
        except (KeyboardInterrupt, Exception) as error:
            return _failed(error, store)
        if received() is not None and not acknowledged():  # its exception was lost
            return _interrupted(signal.SIGINT)
    return status


def _interrupted(default: int) -> int:
    """The one line of a run a signal stopped, whatever exception it became; the signal's exit
    status. ``default``: the signal when no handler of ours saw one (a test's Ctrl-C)."""
    acknowledge()
    number = received() or default
    said = AFTER_PUBLISHING if published() else ROLLED_BACK
    separator = " " if published() else "; "
    _error(f"{SIGNAL_NAMES[number]}{separator}{said}")
    return 128 + number


def _failed(error: BaseException, store: Any) -> int:
    """The one line of a run that ended in ``error``; its exit status. Any error while a signal
    is pending is the signal's doing (an interrupted import, a worker the same Ctrl-C stopped)."""
    from pipeline.errors import PipelineError

    if received() is not None or isinstance(error, KeyboardInterrupt):
        return _interrupted(signal.SIGTERM if isinstance(error, Terminated) else signal.SIGINT)
    if isinstance(error, PipelineError):
        _error(str(error.located(store) if store is not None else error))
        return EXIT_BAD_INPUT
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        _error(f"{where}{error.strerror or error}")
        return EXIT_BAD_INPUT
    if os.environ.get(DEBUG_VARIABLE):  # a bug: one line, the traceback on request
        raise error
    _error(f"unexpected {type(error).__name__}: {error} (set {DEBUG_VARIABLE}=1 for the "
           "traceback)")  # fmt: skip
    return EXIT_BAD_INPUT


def console() -> None:
    """The ``catalog`` console script (and ``python -m pipeline.cli``): the signal handlers
    first, then ``main``, then exit.

    Before exiting, every object is frozen out of the cyclic collector (``gc.freeze``): the
    interpreter's final collection would otherwise walk the millions of objects Great
    Expectations, pandas and jieba loaded, 0.6 s at the end of each ingest. Modules are still
    torn down and ``atexit`` handlers still run; only the collection pass is skipped. Not in
    ``main``, which tests call in their own process."""
    with catching_signals(keep=True):  # kept until main returns: a late signal is noted
        status = main()
    # The outcome is reported: a signal from now on has nothing left to interrupt. Ignored,
    # because the interpreter's shutdown puts Python-level handlers back to the default
    # action, which would kill the exiting process and replace its status with the signal's.
    for number in HANDLED_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    gc.freeze()
    if received() is not None:
        _exit_reported(status)
    sys.exit(status)


def _exit_reported(status: int) -> NoReturn:
    """Exit with ``status`` after a signal ``main`` reported: the ``atexit`` handlers run and the
    streams are flushed, then the process ends (``os._exit``) without the interpreter's own
    exit. Under load, CPython's exit sometimes killed the process with SIGINT itself (its
    ``exit_sigint``, for a KeyboardInterrupt it counted as unhandled although ``main`` had
    caught and reported it): status -2 instead of 130, seen by tests/test_signals.py, and in
    strace as SIGINT set back to its default action and sent to itself after ``console`` had
    ignored it."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    console()
