"""The content hash of an edition: SHA-256 of its bytes, hex, as ``editions.source_sha256``
records it.

An edition is known by its content, not its name (a renamed copy is no new edition), so the
readers that record it (text, Word, PDF) and the runs that skip what is published
(``pipeline.raw_inventory``, ``pipeline.run``) must hash alike: they all hash here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["HASH_CHUNK_BYTES", "content_sha256", "file_chunks", "file_sha256"]

#: A file is hashed in pieces of this many bytes (memory stays flat for a 500 MB PDF).
HASH_CHUNK_BYTES = 1 << 20


def content_sha256(chunks: Iterable[bytes]) -> str:
    """The SHA-256 (hex) of the bytes ``chunks`` hold, in order: a file's pieces, or
    ``(data,)`` for bytes already read."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def file_chunks(path: Path) -> Iterator[bytes]:
    """The bytes of the file at ``path``, ``HASH_CHUNK_BYTES`` at a time. Raises ``OSError``
    when it cannot be read."""
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            yield chunk


def file_sha256(path: Path) -> str:
    """The content hash of the file at ``path``. Raises ``OSError`` when it cannot be read."""
    return content_sha256(file_chunks(path))
