"""The ``--profile FILE`` option shared by the commands that read or check editions, and the
one place a command loads it: once per run, before any work, then passed on as a value."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.profile import Profile

__all__ = ["add_profile_option", "loaded_profile"]


def add_profile_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--profile FILE`` (default: the bundled profile, see docs/profile.md)."""
    parser.add_argument(
        "--profile", type=Path, default=None,
        help="catalog profile (TOML) with this catalog's labels, networks, parties and gate "
        "thresholds (default: the bundled profile; see docs/profile.md)",
    )  # fmt: skip


def loaded_profile(path: Path | None) -> Profile:
    """The profile ``--profile`` names (the bundled one without it), loaded: a bad profile is
    one clear error before any work starts. Raises ``ProfileError``."""
    from pipeline.run.jobs import run_profile

    return run_profile(path)
