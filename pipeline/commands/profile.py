"""``catalog profile draft EDITION... [--from PROFILE] [--out FILE]``: onboard a new district.

Reads one or more editions of a catalog (text, PDF, Word, scans) and writes a commented
profile learned from the documents themselves (``pipeline.profile_draft``): the label lines
and the field each feeds, the parts, networks, effort parties, the district's name and the
page-number lines, starting from ``--from`` (default: the bundled profile). The profile goes
to ``--out`` (written whole, then moved into place) or standard output; a summary (entries
found, labels mapped and unmapped, what the user must decide) goes to standard error, through
``for_terminal`` since it quotes the editions' words.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline.terminal import for_terminal

__all__ = ["register", "run"]

EPILOG = """\
examples:
  catalog profile draft raw/tongan-2025.pdf --out profiles/tongan.toml
  catalog profile draft raw/tongan-2024.txt raw/tongan-2025.docx > tongan.toml
  catalog ingest raw/tongan-2025.pdf --profile profiles/tongan.toml"""


def register(commands: Any) -> None:
    """Add the ``profile`` parser (with its ``draft`` subcommand) to the CLI's subparsers."""
    parser = commands.add_parser(
        "profile", help="draft a catalog profile from a district's editions",
        description="Draft a catalog profile (TOML) learned from a district's own editions.",
    )  # fmt: skip
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    draft = actions.add_parser(
        "draft", help="learn a profile from editions (text, PDF, .docx, scans)",
        description="Learn a profile from editions of one catalog: labels, parts, networks, "
        "parties, stop words and page-number lines. The summary on stderr says what a person "
        "must still decide.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    draft.add_argument("editions", nargs="+", type=Path, metavar="EDITION",
                       help="edition files of one catalog")  # fmt: skip
    draft.add_argument("--from", dest="base", type=Path, default=None, metavar="PROFILE",
                       help="profile to start from (default: the bundled profile)")  # fmt: skip
    draft.add_argument("--out", type=Path, default=None, metavar="FILE",
                       help="write the profile here (default: standard output)")  # fmt: skip


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole: a temporary file beside it, then a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    """Draft the profile, write it, print the summary; exit status 0."""
    from pipeline.parse.sources import read_source
    from pipeline.profile import default_profile, load_profile
    from pipeline.profile_draft import draft_profile

    base = load_profile(args.base) if args.base else default_profile()
    documents = [read_source(path, base) for path in args.editions]
    draft = draft_profile(documents, base)
    if args.out is None:
        sys.stdout.write(draft.toml)
    else:
        _write(args.out, draft.toml)
        print(f"profile written to {for_terminal(str(args.out))}", file=sys.stderr)
    for line in draft.summary:
        print(for_terminal(line), file=sys.stderr)
    return 0
