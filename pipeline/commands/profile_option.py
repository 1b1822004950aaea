"""The ``--profile FILE`` option shared by the commands that read or check editions."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.profile import load_profile

__all__ = ["add_profile_option", "checked_profile"]


def add_profile_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--profile FILE`` (default: the bundled profile, see docs/profile.md)."""
    parser.add_argument(
        "--profile", type=Path, default=None,
        help="catalog profile (TOML) with this catalog's labels, networks, parties and gate "
        "thresholds (default: the bundled profile; see docs/profile.md)",
    )  # fmt: skip


def checked_profile(path: Path | None) -> str | None:
    """The profile path as the flows take it, after loading it once so that a bad profile is
    one clear error before any work starts. Raises ``ProfileError``."""
    if path is None:
        return None
    load_profile(path)
    return str(path)
