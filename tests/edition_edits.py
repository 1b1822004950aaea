"""Known edits of the bundled edition's text, to make test editions with exact expected diffs.

The text is split at its entry headings; edits work on one entry's lines, and joining renumbers
every heading 一、二、… by position, as a real edition does after a removal. ``rewrap`` re-flows
every paragraph at another width (only between two ideographs, so no word or figure is cut).
``publish_text`` ingests an edited text the way ``catalog ingest`` does, so editions are ordered
by call order and each one's change records are written by its ingest.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import cn2an
import regex as re

from pipeline.ingest import IngestResult, parse_edition, publish_parsed
from pipeline.parse.cleaning import clean_text, is_page_number, join_wrapped
from pipeline.parse.segmentation import match_label
from pipeline.store.store import CuratedStore

HEADING = re.compile(r"^(?P<lead>\s*)(?P<num>[一二三四五六七八九十]+)、(?P<title>.+)$")
PART = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]")
#: A line may break between two ideographs, unless the next one could start a heading.
BREAK = re.compile(r"(?<=\p{Han})(?=\p{Han})(?![一二三四五六七八九十]+、)")
#: A fixed ingestion time for tables built directly (not through ``publish_text``).
BASE_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def split_text(text: str) -> tuple[list[str], list[list[str]]]:
    """Lines before the first heading, and each entry's lines (its heading first)."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if HEADING.match(line)]
    bounds = [*starts, len(lines)]
    return lines[: starts[0]], [lines[a:b] for a, b in itertools.pairwise(bounds)]


def join_text(preamble: Sequence[str], entries: Sequence[Sequence[str]]) -> str:
    """The edition text with headings renumbered 一、二、… in order."""
    out = list(preamble)
    for seq, entry in enumerate(entries, start=1):
        found = HEADING.match(entry[0])
        assert found is not None
        out += [f"{found['lead']}{cn2an.an2cn(seq)}、{found['title']}", *entry[1:]]
    return "\n".join(out)


def edit_entry(text: str, seq: int, old: str, new: str, count: int = -1) -> str:
    """Replace ``old`` by ``new`` inside entry ``seq`` only (it must occur there)."""
    preamble, entries = split_text(text)
    block = "\n".join(entries[seq - 1])
    assert old in block, (seq, old)
    entries[seq - 1] = block.replace(old, new, count).split("\n")
    return join_text(preamble, entries)


def remove_entry(text: str, seq: int) -> str:
    """The edition without entry ``seq``, later entries renumbered."""
    preamble, entries = split_text(text)
    return join_text(preamble, entries[: seq - 1] + entries[seq:])


def append_copy(text: str, old_name: str, new_name: str) -> str:
    """The edition with a copy of the entry headed ``old_name`` added at the end, every
    ``old_name`` in it replaced by ``new_name``."""
    preamble, entries = split_text(text)
    (source,) = [entry for entry in entries if entry[0].endswith(f"、{old_name}")]
    copy = "\n".join(source).replace(old_name, new_name).split("\n")
    return join_text(preamble, [*entries, copy])


def _is_structural(line: str) -> bool:
    cleaned = clean_text(line)
    return bool(HEADING.match(line) or PART.match(line) or match_label(cleaned))


def _wrap(paragraph: str, width: int) -> list[str]:
    lines, rest = [], paragraph
    while len(rest) > width:
        cuts = [m.start() for m in BREAK.finditer(rest, 1, width + 1)]
        if not cuts:
            break
        lines.append(rest[: cuts[-1]])
        rest = rest[cuts[-1]:]
    return [*lines, rest]


def rewrap(text: str, width: int) -> str:
    """Every paragraph re-flowed at ``width`` characters; page-number lines dropped."""
    out: list[str] = []
    run: list[str] = []
    for line in [*text.split("\n"), "1. 资源名称"]:  # a label flushes the last paragraph
        if not line.strip() or is_page_number(line.strip()):
            continue
        if _is_structural(line):
            out += [f"{part}\n" for part in _wrap(join_wrapped(run), width)] if run else []
            run = []
            out.append(f"{line}\n")
        else:
            run.append(clean_text(line))
    return "\n".join(out[:-1])


def justify(text: str) -> str:
    """Justified-line spacing: a space after the third character of every long line."""
    return "\n".join(
        f"{line[:3]} {line[3:]}" if len(line) > 6 and BREAK.match(line, 3) else line
        for line in text.split("\n")
    )


def publish_text(text: str, label: str, curated: Path) -> IngestResult:
    """Write ``text`` beside the store as ``<label>.txt`` and ingest it as edition ``label``
    (parse, quality gate, change records against its predecessor, one commit). A new label
    goes last in the store's order, so editions are ordered by call order."""
    path = curated.parent / f"{label}.txt"
    path.write_text(text, encoding="utf-8")
    return publish_parsed(parse_edition(path), label, CuratedStore(curated))
