"""Which files in ``raw/`` are new editions, and in which order to ingest them.

Scheduled ingestion must be idempotent: a file counts as ingested when its *content* (SHA-256 of
its bytes, as recorded in ``editions.source_sha256``) is, whatever it is called now, so a re-run
with nothing new does nothing and a renamed copy is not ingested twice. New editions go in oldest
first, so each is diffed against the one that really preceded it: by date when every new label
is a date (``2024-06``, ``20250101``, ``2025年3月``), else by file modification time.

That order is the one order of editions: ``catalog ingest`` (with or without paths, serial or
on Dask) and ``catalog serve`` all put files through ``edition_order`` before publishing, so
the same files always become the same sequence, whichever path ingests them. A raw folder is
listed by ``raw_editions`` alone, and an edition's label is derived by ``edition_label``
alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import regex as re

from pipeline.errors import PipelineError, SourceMissing
from pipeline.locations import is_remote, location_stem
from pipeline.parse.sources import EDITION_SUFFIXES, file_sha256
from pipeline.parse.sources.remote import list_remote
from pipeline.store.layout import check_label

__all__ = [
    "DATE_LABEL_PATTERNS",
    "IngestionPlan",
    "RawFile",
    "SkippedFile",
    "already_published_line",
    "describe_plan",
    "edition_label",
    "edition_order",
    "ingestion_order",
    "label_date",
    "order_edition_paths",
    "plan_ingestion",
    "raw_editions",
    "scan_raw",
]

#: Labels read as dates (year, optional month, optional day); anything else is not a date.
DATE_LABEL_PATTERNS: tuple[str, ...] = (
    r"(?P<y>\d{4})(?:[-_.]?(?P<m>\d{2})(?:[-_.]?(?P<d>\d{2}))?)?",  # 2024, 2024-06, 20240601
    r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?",  # 2024年6月
)
_DATE_LABELS = tuple(re.compile(pattern) for pattern in DATE_LABEL_PATTERNS)
_Edition = TypeVar("_Edition")
_Path = TypeVar("_Path", Path, str, Path | str)


@dataclass(frozen=True, slots=True)
class RawFile:
    """An edition file in ``raw/``: its path, label (the stem), content hash and mtime."""

    path: Path
    label: str
    sha256: str
    modified: float


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file not ingested although its name is new, and why (naming what it duplicates)."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class IngestionPlan:
    """New files in ingestion order; files already ingested under their own label; others."""

    new: tuple[RawFile, ...]
    already: tuple[RawFile, ...]
    skipped: tuple[SkippedFile, ...]


def edition_label(location: str | Path, given: str | None = None) -> str:
    """The label an edition is published as: ``given``, else the stem of its file's name
    (``2025`` for ``raw/2025.pdf`` and ``s3://bucket/raw/2025.pdf?region=x``); checked
    (``check_label``: ``PublishError`` for one that cannot name a folder). Every entry point
    derives labels here."""
    return check_label(location_stem(location) if given is None else given)


def _edition_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES]


def raw_editions(raw: Path | str, *, per_folder: bool = False,
                 required: bool = True) -> list[Path | str]:  # fmt: skip
    """The edition files (by suffix) in the raw folder ``raw`` (URIs when it is on an object
    store) in the one edition order (``order_edition_paths``), or (``per_folder``) those of
    each of its subfolders, folder by folder in name order, each folder's in edition order.

    Raises ``SourceMissing`` when ``raw`` is not a folder, and (``required``) when it holds
    no edition file; ``PipelineError`` for ``per_folder`` on an object store.
    """
    if per_folder and is_remote(raw):
        raise PipelineError("--catalog-per-folder searches a local raw folder", file=str(raw))
    if is_remote(raw):  # it names what it lacks itself
        return list[Path | str](order_edition_paths(list_remote(str(raw), EDITION_SUFFIXES)))
    folder = Path(raw)
    if not folder.is_dir():
        raise SourceMissing("no such folder", file=folder)
    groups = sorted(p for p in folder.iterdir() if p.is_dir()) if per_folder else [folder]
    found = [path for group in groups for path in order_edition_paths(_edition_files(group))]
    if not found and required:
        raise SourceMissing("no edition files in its subfolders" if per_folder else
                            f"no edition files ({', '.join(sorted(EDITION_SUFFIXES))})",
                            file=folder)  # fmt: skip
    return list[Path | str](found)


def scan_raw(raw_dir: Path) -> list[RawFile]:
    """Every edition file in ``raw_dir`` (``raw_editions``: in edition order; none is no
    error here), with its hash.

    Raises ``SourceMissing`` when ``raw_dir`` is not a folder.
    """
    paths = [Path(p) for p in raw_editions(raw_dir, required=False)]
    return [RawFile(p, location_stem(p), file_sha256(p), p.stat().st_mtime) for p in paths]


def label_date(label: str) -> date | None:
    """The date a label names (first of the month/year when only those are given), or None."""
    for pattern in _DATE_LABELS:
        found = pattern.fullmatch(label)
        if found:
            try:
                return date(int(found["y"]), int(found["m"] or 1), int(found["d"] or 1))
            except ValueError:
                return None
    return None


def edition_order(
    editions: Iterable[_Edition], label: Callable[[_Edition], str],
    modified: Callable[[_Edition], float],
) -> list[_Edition]:
    """``editions`` oldest first: by the date of their ``label`` when every label is a date,
    else by ``modified`` (a file's modification time); ties by label. The one edition order
    every ingest path uses."""
    found = list(editions)
    dates = [label_date(label(e)) for e in found]
    if found and all(d is not None for d in dates):
        order = sorted(zip(dates, found, strict=True), key=lambda p: (p[0], label(p[1])))
        return [e for _, e in order]
    return sorted(found, key=lambda e: (modified(e), label(e)))


def ingestion_order(files: Iterable[RawFile]) -> list[RawFile]:
    """``edition_order`` of raw files (their stems as labels)."""
    return edition_order(files, lambda f: f.label, lambda f: f.modified)


def _path_modified(path: Path | str) -> float:
    """A local file's modification time; 0 for a URI (ties go by label: name order)."""
    if isinstance(path, Path):
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0
    return 0.0


def order_edition_paths(paths: Iterable[_Path]) -> list[_Path]:
    """``paths`` (local files or URIs) in ``edition_order``, their stems as labels: by label
    date, else by modification time (a URI has none: URIs whose labels are not all dates go
    by name)."""
    return edition_order(paths, location_stem, _path_modified)


def already_published_line(name: str, label: str) -> str:
    """The line a run prints for a file whose content is published: ``haicang-catalog.txt:
    already published as haicang-catalog; skipped``."""
    return f"{name}: already published as {label}; skipped"


def _skip_reason(
    raw: RawFile,
    ingested: Mapping[str, str],
    refused: Mapping[str, str],
    planned: Mapping[str, RawFile],
    labels: Mapping[str, RawFile],
) -> str | None:
    """Why a file not ingested under its own label is still not new, or None when it is."""
    if raw.sha256 in ingested:
        return f"same content as edition {ingested[raw.sha256]}, already ingested"
    if raw.sha256 in refused:
        return (f"same content as edition {refused[raw.sha256]}, refused by the quality gate "
                "(see its quarantine folder in the store)")
    if raw.sha256 in planned:
        return f"same content as {planned[raw.sha256].path.name}"
    if raw.label in labels:
        return f"label {raw.label} is already taken by {labels[raw.label].path.name}"
    return None


def plan_ingestion(
    files: Sequence[RawFile],
    ingested: Mapping[str, str],
    quarantined: Mapping[str, str] | None = None,
) -> IngestionPlan:
    """Split ``files`` into new, already ingested and skipped ones.

    ``ingested`` (``quarantined``) maps a source SHA-256 to the edition label it was published
    (refused by the quality gate) under. A file whose content is published under another
    label, was refused, or repeats another new file, is skipped; so is a second new file with
    the same label (it would replace the first).
    """
    planned: dict[str, RawFile] = {}
    labels: dict[str, RawFile] = {}
    already: list[RawFile] = []
    skipped: list[SkippedFile] = []
    for raw in files:
        reason = _skip_reason(raw, ingested, quarantined or {}, planned, labels)
        if ingested.get(raw.sha256) == raw.label:
            already.append(raw)
        elif reason is not None:
            skipped.append(SkippedFile(raw.path, reason))
        else:
            planned[raw.sha256] = labels[raw.label] = raw
    return IngestionPlan(tuple(ingestion_order(planned.values())), tuple(already), tuple(skipped))


def describe_plan(plan: IngestionPlan, raw_dir: str | Path) -> list[str]:
    """Lines saying what a run will skip, and that it has nothing to do when so."""
    lines = [f"skipped {skipped.path}: {skipped.reason}" for skipped in plan.skipped]
    if not plan.new:
        lines.append(f"nothing new in {raw_dir}: "
                     f"{len(plan.already)} edition file(s) already ingested")
    return lines
