"""``--curated DIR``: the curated store's folder, the same option in every command."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["folder"]


def folder(text: str) -> Path:
    """An argparse type: ``text`` as a path, refusing an empty one (``Path("")`` is the current
    folder, so ``--curated ''`` would otherwise publish into wherever the command runs)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: name a folder")
    return Path(text)
