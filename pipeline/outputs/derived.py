"""Telling a derived output's failure: one line on stderr, whatever Python's warning filters.

The catalog site and ``catalog.duckdb`` are rendered from the store *after* the commit point,
so their failure never undoes a commit (``pipeline.outputs.site``, ``pipeline.outputs.bi``). It
must still reach the person who ran the command, and a ``warnings.warn`` alone does not:
another library's filters can silence it, and Python shows a warning once per code location.
So each failure is printed as its own ``warning:`` line on stderr, always, and is also issued
as its warning category for programs (and tests) that record warnings; the commands that
print the line ignore the category, so a person never reads it twice.
"""

from __future__ import annotations

import sys
import warnings

from pipeline.errors import PipelineError
from pipeline.terminal import for_terminal

__all__ = ["DerivedOutputWarning", "reason", "tell_failure"]


class DerivedOutputWarning(UserWarning):
    """A derived output (the site, ``catalog.duckdb``) was not rebuilt; the commit stands."""


def tell_failure(category: type[DerivedOutputWarning], message: str) -> None:
    """Print ``warning: <message>`` on stderr (one line), then issue it as ``category``."""
    print(f"warning: {for_terminal(message)}", file=sys.stderr, flush=True)
    warnings.warn(message, category, stacklevel=3)


def reason(error: Exception) -> str:
    """Why an output failed, in a few words: a ``PipelineError`` or ``OSError`` as its own
    message, anything else (a bug) with its type's name."""
    if isinstance(error, (PipelineError, OSError)):
        return str(error)
    return f"{type(error).__name__}: {error}"
