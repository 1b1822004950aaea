"""``catalog`` command line: one summary line per edition, one error line per bad input.

Each subcommand lives in ``pipeline/commands/``. Heavy libraries (Prefect, Great Expectations)
are imported inside the commands that need them, so ``catalog --help`` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from pipeline.commands import diff, ingest, serve, validate
from pipeline.errors import PipelineError

__all__ = ["COMMANDS", "main"]

#: Subcommand name → module with ``register(subparsers)`` and ``run(args) -> int``.
COMMANDS: dict[str, ModuleType] = {
    "ingest": ingest, "diff": diff, "serve": serve, "validate": validate,
}
EXIT_BAD_INPUT = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="catalog", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS.values():
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``catalog`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        status: int = COMMANDS[args.command].run(args)
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return status


if __name__ == "__main__":
    sys.exit(main())
