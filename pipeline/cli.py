"""``catalog`` command line: one summary line per edition, one error line per bad input.

Each subcommand lives in ``pipeline/commands/``. Heavy libraries (Prefect, Great Expectations)
are imported inside the commands that need them, so ``catalog --help`` answers at once.

Every way a run can end badly is one ``error:`` line on stderr and a non-zero exit, never a
traceback: a ``PipelineError`` (bad input, a store it cannot write, a lock it cannot take),
an ``OSError`` nothing more specific caught, Ctrl-C and SIGTERM (the store's transaction has
already rolled back; exit 130 and 143), and, last, any other exception, named by its type
(``CATALOG_DEBUG=1`` shows its traceback). Messages pass through ``for_terminal``: text from
an edition file cannot move the cursor or forge a second line.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType, ModuleType
from typing import NoReturn

from pipeline import __version__
from pipeline.commands import diff, export, ingest, profile, serve, validate
from pipeline.errors import PipelineError
from pipeline.terminal import for_terminal

__all__ = ["COMMANDS", "main"]

#: Subcommand name → module with ``register(subparsers)`` and ``run(args) -> int``.
COMMANDS: dict[str, ModuleType] = {
    "ingest": ingest, "diff": diff, "export": export, "serve": serve, "validate": validate,
    "profile": profile,
}
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
#: Commands that only read the curated store.
STORE_COMMANDS = frozenset({"diff", "export", "validate"})
#: Exit status after a signal, as shells report it (128 + the signal's number).
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
#: Set to show the traceback of an unexpected error (a bug) instead of its one line.
DEBUG_VARIABLE = "CATALOG_DEBUG"


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so every ``finally`` (the store's rollback) runs."""


def _terminate(_signal: int, _frame: FrameType | None) -> None:
    raise Terminated


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
    for module in COMMANDS.values():
        module.register(subparsers)
    for command in subparsers.choices.values():
        command.formatter_class = _HelpFormatter
    return parser


def _error(message: str) -> None:
    print(f"error: {for_terminal(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``catalog`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    # what ``validate`` and ``diff`` read is the store: an error naming no file names it
    store = args.curated if args.command in STORE_COMMANDS else None
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        status: int = COMMANDS[args.command].run(args)
    except PipelineError as error:
        _error(str(error.located(store) if store is not None else error))
        return EXIT_BAD_INPUT
    except Terminated:
        _error("terminated (SIGTERM); the run was rolled back, nothing was published")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        _error("interrupted; the run was rolled back, nothing was published")
        return EXIT_INTERRUPTED
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _error(f"{where}{error.strerror or error}")
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: one line, the traceback on request
        if os.environ.get(DEBUG_VARIABLE):
            raise
        _error(f"unexpected {type(error).__name__}: {error} (set {DEBUG_VARIABLE}=1 for the "
               "traceback)")  # fmt: skip
        return EXIT_BAD_INPUT
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    return status


def console() -> None:
    """The ``catalog`` console script (and ``python -m pipeline.cli``): ``main``, then exit.

    Before exiting, every object is frozen out of the cyclic collector (``gc.freeze``): the
    interpreter's final collection would otherwise walk the millions of objects Great
    Expectations, pandas and jieba loaded, 0.6 s at the end of each ingest. Modules are still
    torn down and ``atexit`` handlers still run; only the collection pass is skipped. Not in
    ``main``, which tests call in their own process."""
    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    console()
