"""``catalog validate [--edition LABEL] [--curated DIR]``: re-check what is published.

Runs the current suites on published editions (all, or one), rewrites each one's
``validation.json`` (and so its checks on the catalog site, ``curated/_site/``) and prints the
verdict, the edition's site page and every failure. The tables are not changed
(``editions.validation_status`` keeps what the gate said at publish time); the exit status is 1
when a critical expectation fails. It takes the store's lock and first recovers from a crashed
publish, so it never checks a half-swapped edition.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pipeline.commands.profile_option import add_profile_option, loaded_profile
from pipeline.commands.report_lines import derived_lines_only, failure_lines, verdict_line
from pipeline.commands.store_option import add_catalog_option, add_curated_option
from pipeline.errors import SourceMissing

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``validate`` parser to the CLI's subparsers."""
    parser = commands.add_parser(
        "validate", help="re-validate published editions and rewrite their results on the site"
    )
    parser.add_argument("--edition", help="only this edition (default: every published one)")
    add_curated_option(parser)
    add_catalog_option(parser)
    add_profile_option(parser)


@derived_lines_only
def run(args: argparse.Namespace) -> int:
    """Validate each chosen edition in one store transaction (the rewritten results become
    visible together); a verdict line each, then its failures."""
    from pipeline.outputs import refresh_outputs
    from pipeline.quality.validate import result_document, validate_edition
    from pipeline.store.layout import check_label
    from pipeline.store.store import CuratedStore

    profile = loaded_profile(args.profile)
    curated: Path = args.curated
    if not curated.is_dir():
        raise SourceMissing("no such folder", file=curated)
    store = CuratedStore(curated, catalog=args.catalog)
    if not store.editions() and not store.fs.exists(store.layout.journal):
        raise store.nothing_published()  # before the lock: an unknown catalog gets no folder
    reports = []
    with store.transaction() as tx:
        labels = [e.edition for e in tx.editions]
        chosen = [check_label(args.edition)] if args.edition else labels
        if not chosen:
            raise store.nothing_published()
        for label in chosen:
            position = store.require(label, tx.editions)
            previous = tx.editions[position - 1].entries if position else None
            report = validate_edition(store.read(label), label, previous_entries=previous,
                                      profile=profile)  # fmt: skip
            tx.stage_text(tx.layout.result(label), result_document(report))
            reports.append(report)
        tx.commit()
        refreshed = refresh_outputs(store, tx.changed,
                                    time_zone=profile.time_zone)
    for report in reports:  # the site's page only when the refreshed site shows it
        page = tx.layout.site_page if refreshed.site else tx.layout.result
        print(verdict_line(report.edition, report.status, store.where(page(report.edition))))
        for line in failure_lines(report.failures):
            print(line)
    return 1 if any(report.critical for report in reports) else 0
