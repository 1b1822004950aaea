"""The options that say where a command's data is, the same in every command: ``--curated``
(the store), ``--raw`` (the editions' folder), ``--catalog`` (the catalog in the store); and
their defaults (``pipeline.locations``: argparse reads a default as it reads the option).
``--profile`` is ``profile_option``'s."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.locations import DEFAULT_CURATED, DEFAULT_RAW, LOCAL_SCHEME, is_remote

if TYPE_CHECKING:
    from pipeline.store.store import CuratedStore, PublishedEdition

__all__ = [
    "add_catalog_option",
    "add_curated_option",
    "add_raw_option",
    "catalog_id",
    "folder",
    "location",
    "published_store",
]  # fmt: skip


def folder(text: str) -> Path:
    """An argparse type: ``text`` as a path, refusing an empty one (``Path("")`` is the current
    folder, so ``--curated ''`` would otherwise publish into wherever the command runs)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: name a folder")
    return Path(text)


def location(text: str) -> Path | str:
    """An argparse type: a local path, or a URI of an object store kept as written
    (``s3://bucket/curated?endpoint_override=…``: ``Path`` would fold its ``//``)."""
    if is_remote(text):
        return text
    return folder(text.removeprefix(LOCAL_SCHEME))


def add_curated_option(parser: argparse.ArgumentParser, help_text: str = "curated store", *,
                       remote: bool = False) -> None:  # fmt: skip
    """``--curated DIR`` (default ``DEFAULT_CURATED``); ``remote``: an object store's URI too."""
    parser.add_argument("--curated", type=location if remote else folder,
                        default=DEFAULT_CURATED, help=help_text)  # fmt: skip


def add_raw_option(parser: argparse.ArgumentParser, help_text: str, *,
                   remote: bool = False) -> None:  # fmt: skip
    """``--raw DIR`` (default ``DEFAULT_RAW``); ``remote``: an object store's URI too."""
    parser.add_argument("--raw", type=location if remote else folder, default=DEFAULT_RAW,
                        help=help_text)  # fmt: skip


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


def published_store(args: argparse.Namespace) -> tuple[CuratedStore, tuple[PublishedEdition, ...]]:
    """The store ``--curated`` and ``--catalog`` name, with its published editions in order.
    Raises ``SourceMissing`` for a missing folder, ``EditionNotFound`` (naming the store's
    catalogs) when nothing is published there."""
    from pipeline.errors import SourceMissing
    from pipeline.store.store import CuratedStore

    curated: Path = args.curated
    if not curated.is_dir():
        raise SourceMissing("no such folder", file=curated)
    store = CuratedStore(curated, catalog=args.catalog)
    editions = store.editions()
    if not editions:
        raise store.nothing_published()
    return store, editions
