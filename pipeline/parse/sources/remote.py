"""Editions on an object store (``s3://bucket/raw/2025.pdf``, or any URI ``pyarrow.fs`` opens):
copied to a local folder, then read like any file.

The parsers read local files (pdfplumber, pypdfium2 and python-docx want a path or a seekable
file), so a remote edition is fetched whole first; its name, and so its default label and
``editions.source_file``, stay the remote file's.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import SourceMissing

if TYPE_CHECKING:
    import pyarrow.fs as pafs

__all__ = ["fetch_remote", "is_remote", "list_remote"]


def is_remote(location: str | Path) -> bool:
    """Whether ``location`` is a URI of a remote filesystem (not a local path or ``file://``)."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def _open(uri: str) -> tuple[pafs.FileSystem, str]:
    import pyarrow as pa  # not at the CLI's start-up: only a remote edition needs it
    import pyarrow.fs as pafs

    try:
        filesystem, path = pafs.FileSystem.from_uri(uri)
    except (pa.ArrowException, ValueError) as error:
        raise SourceMissing(f"cannot open it: {error}", file=uri) from None
    return filesystem, str(path)


def list_remote(uri: str, suffixes: frozenset[str]) -> list[str]:
    """The URIs of the edition files (by suffix) directly in the remote folder ``uri``, sorted
    by name; ``SourceMissing`` when it has none."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    filesystem, folder = _open(uri)
    try:
        found = filesystem.get_file_info(pafs.FileSelector(folder, allow_not_found=True))
    except (OSError, pa.ArrowException) as error:
        raise SourceMissing(f"cannot list it: {error}", file=uri) from None
    base = uri.split("?", 1)[0].rstrip("/")
    query = f"?{uri.split('?', 1)[1]}" if "?" in uri else ""
    names = sorted(posixpath.basename(i.path) for i in found if i.type == pafs.FileType.File
                   and posixpath.splitext(i.path)[1].lower() in suffixes)  # fmt: skip
    if not names:
        raise SourceMissing(f"no edition files ({', '.join(sorted(suffixes))})", file=uri)
    return [f"{base}/{name}{query}" for name in names]


def fetch_remote(uri: str, folder: Path) -> Path:
    """Copy the edition at ``uri`` into ``folder`` under its own name; the local copy.
    ``SourceMissing`` when it is not there or cannot be read."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    filesystem, path = _open(uri)
    target = folder / posixpath.basename(path)
    try:
        if filesystem.get_file_info(path).type != pafs.FileType.File:
            raise SourceMissing("no such file", file=uri.split("?", 1)[0])
        with filesystem.open_input_stream(path) as source, target.open("wb") as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
    except (OSError, pa.ArrowException) as error:
        raise SourceMissing(f"cannot read it: {error}", file=uri.split("?", 1)[0]) from None
    return target
