"""``--curated DIR`` and ``--catalog ID``: the curated store's folder and the catalog in it, the
same options in every command."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_catalog_option", "catalog_id", "folder", "location"]


def folder(text: str) -> Path:
    """An argparse type: ``text`` as a path, refusing an empty one (``Path("")`` is the current
    folder, so ``--curated ''`` would otherwise publish into wherever the command runs)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: name a folder")
    return Path(text)


def catalog_id(text: str) -> str:
    """An argparse type: a catalog id (letters of any script, digits, ``._-``)."""
    from pipeline.errors import PublishError
    from pipeline.store.layout import check_catalog

    try:
        return check_catalog(text)
    except PublishError as error:
        raise argparse.ArgumentTypeError(error.problem) from None


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    """``--catalog ID``: which publisher's catalog of a many-catalog store (default: the
    store's unnamed catalog, the only one a single-catalog store has)."""
    parser.add_argument(
        "--catalog", type=catalog_id, default=None,
        help="the publisher's catalog in the store, e.g. 思明区 (editions are ordered and "
        "compared within it; default: the store's unnamed catalog)",
    )


def location(text: str) -> Path | str:
    """An argparse type: a local path, or a URI of an object store kept as written
    (``s3://bucket/curated?endpoint_override=…``: ``Path`` would fold its ``//``)."""
    if "://" in text and not text.startswith("file://"):
        return text
    return folder(text.removeprefix("file://"))
