"""Where an edition or a store is: a local path, or the URI of an object store.

Every option that names an edition, a raw folder or a curated store takes either
(``raw/2025.pdf``, ``s3://bucket/raw/2025.pdf?endpoint_override=host:9000``), and three
questions about such a location were answered in several places: is it remote, what is it
called without its connection options, and what is its stem. They are answered here, once,
with the default locations; the module is pure text, so the store, the sources, the flows and
the commands all import it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

__all__ = [
    "DEFAULT_CURATED", "DEFAULT_RAW", "LOCAL_SCHEME", "URI_SEPARATOR", "is_remote",
    "location_stem", "without_options",
]  # fmt: skip

#: The curated store when none is named (every command's ``--curated``, every flow's
#: ``curated``)…
DEFAULT_CURATED = "curated"
#: …and the editions' folder (``--raw``, ``raw_dir``).
DEFAULT_RAW = "raw"

#: What makes a location a URI rather than a path…
URI_SEPARATOR = "://"
#: …except this scheme, which names a local path.
LOCAL_SCHEME = "file://"
#: What starts a URI's options (``?endpoint_override=…&scheme=http``).
_OPTIONS = "?"


def is_remote(location: str | Path) -> bool:
    """Whether ``location`` is the URI of a remote filesystem (not a local path, nor a
    ``file://`` URI): ``s3://bucket/raw`` is, ``raw/2025.txt`` and ``file:///data`` are not."""
    text = str(location)
    return URI_SEPARATOR in text and not text.startswith(LOCAL_SCHEME)


def without_options(location: str | Path) -> str:
    """``location`` as a person names it: a URI without its options (which may hold an
    endpoint or credentials' names), a path as it is."""
    return str(location).split(_OPTIONS, 1)[0] if is_remote(location) else str(location)


def location_stem(location: str | Path) -> str:
    """The file name of ``location`` without its suffix: ``2025`` for ``raw/2025.pdf`` and
    for ``s3://bucket/raw/2025.pdf?region=x``."""
    return PurePosixPath(without_options(location)).stem
