"""Editions on an object store (``s3://bucket/raw/2025.pdf``, or any URI ``pyarrow.fs`` opens):
copied to a local folder, then read like any file.

The parsers read local files (pdfplumber, pypdfium2 and python-docx want a path or a seekable
file), so a remote edition is fetched whole first; its name, and so its default label and
``editions.source_file``, stay the remote file's. Its size is checked against the profile's
limit from the object's metadata (a HEAD request) before a byte of it is downloaded.
``local_copy`` is what a run reads an edition through, wherever it is.
"""

from __future__ import annotations

import posixpath
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import SourceMissing
from pipeline.locations import is_remote, without_options
from pipeline.parse.sources import EDITION_SUFFIXES, check_size
from pipeline.profile import Profile, default_profile

if TYPE_CHECKING:
    import pyarrow.fs as pafs

__all__ = ["fetch_remote", "is_remote", "list_remote", "local_copy"]

#: The prefix of the temporary folder a remote edition is fetched into.
COPY_FOLDER_PREFIX = "catalog-edition-"


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
    base = without_options(uri).rstrip("/")
    query = f"?{uri.split('?', 1)[1]}" if "?" in uri else ""
    names = sorted(posixpath.basename(i.path) for i in found if i.type == pafs.FileType.File
                   and posixpath.splitext(i.path)[1].lower() in suffixes)  # fmt: skip
    if not names:
        raise SourceMissing(f"no edition files ({', '.join(sorted(suffixes))})", file=uri)
    return [f"{base}/{name}{query}" for name in names]


def fetch_remote(uri: str, folder: Path, profile: Profile | None = None) -> Path:
    """Copy the edition at ``uri`` into ``folder`` under its own name; the local copy.
    ``SourceMissing`` when it is not there or cannot be read; ``SourceTooLarge`` when the
    object's metadata says it is over the profile's limit (default: the bundled profile's),
    before any of it is downloaded, or when more than the limit arrives all the same."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    filesystem, path = _open(uri)
    target, shown = folder / posixpath.basename(path), without_options(uri)
    # By its name: the limit of a PDF, or of a text or Word edition; a name that says neither
    # gets the larger limit here, and the local copy is checked by its first bytes after.
    pdf = target.suffix.lower() == ".pdf" or target.suffix.lower() not in EDITION_SUFFIXES
    rules = profile or default_profile()
    try:
        info = filesystem.get_file_info(path)
        if info.type != pafs.FileType.File:
            raise SourceMissing("no such file", file=shown)
        if info.size is not None and info.size >= 0:
            check_size(shown, info.size, pdf, rules)
        limit = (rules.source.max_pdf_mb if pdf else rules.source.max_text_mb) * 2**20
        with filesystem.open_input_stream(path) as source, target.open("wb") as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
                if copy.tell() > limit:  # it grew since its size was read
                    check_size(shown, copy.tell(), pdf, rules)
    except (OSError, pa.ArrowException) as error:
        raise SourceMissing(f"cannot read it: {error}", file=shown) from None
    return target


@contextmanager
def local_copy(location: str | Path, profile: Profile | None = None) -> Iterator[Path]:
    """The edition at ``location`` as a local file: itself, or (a URI) its copy in a temporary
    folder removed after the block, refused before download when over ``profile``'s size
    limit (``fetch_remote``)."""
    if not is_remote(location):
        yield Path(location)
        return
    with tempfile.TemporaryDirectory(prefix=COPY_FOLDER_PREFIX) as folder:
        yield fetch_remote(str(location), Path(folder), profile)
