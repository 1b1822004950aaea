"""``catalog site [--rebuild] [--curated DIR] [--catalog ID] [--profile FILE]``: the catalog site.

Every run that publishes keeps ``_site/`` current page by page (``pipeline.outputs.site``). This
command brings it up to date on its own (rendered whole when it is missing or was rendered by
other templates) and, with ``--rebuild``, renders every page again: after a template change
made in place, or to show times in a profile's new ``[display] time_zone``. It holds the
catalog's writer lock while it writes, as a publishing run does, and prints where the index is.
"""

from __future__ import annotations

import argparse
from typing import Any

from pipeline.commands.profile_option import add_profile_option, loaded_profile
from pipeline.commands.report_lines import derived_lines_only
from pipeline.commands.store_option import (
    add_catalog_option,
    add_curated_option,
    published_store,
)
from pipeline.errors import PipelineError

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``site`` parser to the CLI's subparsers."""
    parser = commands.add_parser(
        "site", help="bring the catalog site (_site/) up to date, or render it whole again"
    )
    parser.add_argument("--rebuild", action="store_true",
                        help="render every page again (after a template or time zone change)")
    add_curated_option(parser)
    add_catalog_option(parser)
    add_profile_option(parser)


@derived_lines_only
def run(args: argparse.Namespace) -> int:
    """Refresh (or rebuild) the site; print its index. 1 when it could not be written (the
    reason is a ``warning:`` line already printed)."""
    from pipeline.outputs.site import refresh_site

    profile = loaded_profile(args.profile)
    store, editions = published_store(args)
    with store.transaction():  # the writer lock: no publishing run writes the site meanwhile
        written = refresh_site(store, rebuild=args.rebuild, time_zone=profile.time_zone)
    index = store.where(store.layout.site_index)
    if not written and not store.fs.is_file(store.layout.site_index):
        raise PipelineError("the catalog site could not be written", file=index)
    state = "rendered" if written else "already up to date"
    print(f"catalog site {state}: {index} ({len(editions)} editions)")
    return 0
