"""Read a text export of a catalog edition: decode it and recover its PDF page breaks.

Text exports keep two traces of the pages they came from: the first line of each page starts
with a marker prefix (one space, or a form feed), and a page's number may stand alone on a line
at its foot. Both are turned into a page number on every line so entries know their page span;
the profile (``[pages]``) says which prefixes and page-number shapes a catalog uses. An export
made by a PDF-to-text tool also carries the PDF's running headers and footers (the catalog's
title on top of every page): they are found by the PDF layout's rule, at a page's edge on most
pages, and marked as furniture like page numbers, so they never end up inside an entry.
"""

from __future__ import annotations

import codecs
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import charset_normalizer
import regex as re

from pipeline.errors import SourceEmpty, SourceUndecodable
from pipeline.models import SourceDocument, SourceLine
from pipeline.parse.cleaning import (
    NUMBERED_START,
    clean_text,
    is_page_number_line,
    page_number_pattern,
)
from pipeline.parse.segmentation import is_part, match_label
from pipeline.parse.sources.pdf_layout import DEFAULT_RUNNING_MIN_PAGES, DEFAULT_RUNNING_SHARE
from pipeline.profile import PageRules, Profile, StructureRules, default_profile

__all__ = ["BOMS", "DETECTED_ENCODINGS", "decode_text", "mark_running_lines", "page_start_prefixes",
           "paginate", "read_text_source"]  # fmt: skip

#: Byte-order marks and the encoding they announce, checked first.
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Legacy East-Asian encodings whose bytes are often *valid* GB18030 too: a Big5 file decodes
#: as GB18030 without error, into garbage. Charset detection (charset-normalizer) weighs them
#: against the profile's encodings, and a file detected as one the profile does not accept is
#: refused with its name rather than decoded wrongly.
DETECTED_ENCODINGS: tuple[str, ...] = ("big5", "big5hkscs", "shift_jis", "euc_kr")
#: Control characters that never appear in a text export (NUL and friends mean binary data).
_BINARY_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f")


def _codec(name: str) -> str:
    return codecs.lookup(name).name


def _detect(data: bytes, accepted: Sequence[str]) -> str | None:
    """The encoding charset detection finds most plausible among ``accepted`` and the
    ``DETECTED_ENCODINGS``; None when nothing fits."""
    candidates = list(dict.fromkeys([*accepted, *DETECTED_ENCODINGS]))
    best = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
    return _codec(best.encoding) if best is not None else None


def _decoded(data: bytes, encoding: str, file: str | None) -> str | None:
    """The text, or None when the bytes are not ``encoding`` or hold binary controls."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(ch in _BINARY_CONTROLS for ch in text):
        return None
    if not text.strip():
        raise SourceEmpty("the file is empty", file=file)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(
    data: bytes, file: str | None = None, encodings: Sequence[str] | None = None
) -> tuple[str, str]:
    """Decode an edition's bytes; return ``(text, encoding)`` with line ends normalised to LF.

    A byte-order mark decides; otherwise UTF-8 is tried strictly, then the other ``encodings``
    (default: the bundled profile's) as far as charset detection agrees. Raises
    ``SourceEmpty`` for no content and ``SourceUndecodable`` for bytes that are not text in an
    accepted encoding, naming the encoding detected when there is one.
    """
    accepted = tuple(encodings or default_profile().source.encodings)
    if not data.strip():
        raise SourceEmpty("the file is empty", file=file)
    bom = next((enc for mark, enc in BOMS if data.startswith(mark)), None)
    if bom is not None:
        text = _decoded(data, bom, file)
        if text is not None:
            return text, bom
    elif "utf-8" in map(_codec, accepted) and (text := _decoded(data, "utf-8", file)):
        return text, "utf-8"
    else:
        return _decode_detected(data, file, accepted)
    raise SourceUndecodable(
        f"cannot decode the file as text (tried {', '.join(accepted)}); is it a text export?",
        file=file,
    )


def _decode_detected(data: bytes, file: str | None, accepted: Sequence[str]) -> tuple[str, str]:
    """Decode with the accepted encoding charset detection agrees on; refuse a file detected as
    an encoding the profile does not accept."""
    detected = _detect(data, accepted)
    for encoding in accepted:
        if detected == _codec(encoding) and (text := _decoded(data, encoding, file)):
            return text, encoding
    if detected is not None and detected not in map(_codec, accepted):
        raise SourceUndecodable(
            f"the file looks {detected}-encoded, which this catalog profile does not accept "
            f"({', '.join(accepted)}): convert it to UTF-8, or list the encoding in the "
            "profile's source.encodings",
            file=file,
        )
    raise SourceUndecodable(
        f"cannot decode the file as text (tried {', '.join(accepted)}); is it a text export?",
        file=file,
    )


def page_start_prefixes(lines: Sequence[str], rules: PageRules) -> tuple[str, ...]:
    """The profile's page-start prefixes this file really uses for pages: a prefix that starts
    more than ``max_page_start_share`` of the content lines indents paragraphs instead."""
    content = [line for line in lines if line.strip()]
    used = []
    for prefix in rules.page_start_prefixes:
        starts = sum(_starts_with(line, prefix) for line in content)
        if starts and starts <= rules.max_page_start_share * len(content):
            used.append(prefix)
    return tuple(used)


def _starts_with(line: str, prefix: str) -> bool:
    """``line`` starts with ``prefix`` followed by content (not by more whitespace)."""
    rest = line[len(prefix) :]
    return line.startswith(prefix) and bool(rest) and not rest[0].isspace()


def paginate(text: str, rules: PageRules | None = None) -> tuple[SourceLine, ...]:
    """Split decoded text into lines numbered from 1, each with the page it stands on.

    A new page starts at a line beginning with a page-start prefix the file uses
    (``page_start_prefixes``), and after a page-number line, once the current page has content.
    Page-number lines are marked (``SourceLine.furniture``); a bare number inside a paragraph
    is content (``cleaning.is_page_number_line``). Blank lines keep the page they follow.
    """
    rules = rules or default_profile().pages
    raw_lines = text.split("\n")
    prefixes = page_start_prefixes(raw_lines, rules)
    content = [index for index, raw in enumerate(raw_lines) if raw.strip()]
    shape = page_number_pattern(rules)
    furniture = {index for position, index in enumerate(content)
                 if shape.fullmatch(raw_lines[index].strip())  # the shape first: it is rare
                 and _is_page_number(raw_lines, content, position, prefixes, rules)}  # fmt: skip
    lines: list[SourceLine] = []
    page, has_content, break_pending = 1, False, False
    for index, raw in enumerate(raw_lines):
        if index in furniture:
            break_pending = break_pending or has_content
        elif raw.strip():
            if break_pending or (has_content and any(_starts_with(raw, p) for p in prefixes)):
                page += 1
            break_pending, has_content = False, True
        lines.append(SourceLine(raw, index + 1, page, furniture=index in furniture))
    return tuple(lines)


def _is_page_number(
    raw_lines: Sequence[str], content: Sequence[int], position: int,
    prefixes: tuple[str, ...], rules: PageRules,
) -> bool:
    before = raw_lines[content[position - 1]] if position > 0 else None
    after = raw_lines[content[position + 1]] if position + 1 < len(content) else None
    after_starts_page = after is not None and any(_starts_with(after, p) for p in prefixes)
    return is_page_number_line(
        raw_lines[content[position]], before, after, rules, after_starts_page=after_starts_page
    )


_DIGITS = re.compile(r"\d+")


_WHITESPACE = re.compile(r"\s+")


def _running_key(text: str) -> str:
    """A line as it recurs on every page: whitespace removed, digits masked (``第 3 页``)."""
    return str(_DIGITS.sub("#", _WHITESPACE.sub("", text)))


def _structural(text: str, structure: StructureRules | None) -> bool:
    """Headings, parts, labels and numbered items are never running lines."""
    cleaned = clean_text(text)
    return bool(NUMBERED_START.match(cleaned) or is_part(cleaned, structure)
                or match_label(cleaned, structure))  # fmt: skip


def _edge_lines(lines: Sequence[SourceLine]) -> dict[str, list[list[int]]]:
    """Per running key, the indexes of its occurrences as a page's first / last content line."""
    pages: defaultdict[int, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        if line.text.strip() and not line.furniture:
            pages[line.page].append(index)
    edges: defaultdict[str, list[list[int]]] = defaultdict(lambda: [[], []])
    for indexes in pages.values():
        for side, index in ((0, indexes[0]), (1, indexes[-1])):
            edges[_running_key(lines[index].text)][side].append(index)
    return edges


def mark_running_lines(
    lines: Sequence[SourceLine], structure: StructureRules | None = None
) -> tuple[SourceLine, ...]:
    """``lines`` with running headers and footers marked as furniture.

    A line is running when, digits masked, it is the first (or the last) content line of at
    least ``DEFAULT_RUNNING_SHARE`` of the pages with content (and of at least
    ``DEFAULT_RUNNING_MIN_PAGES``), never stands anywhere else, is not a heading, part, label
    or numbered item, and — for the last line — does not mostly come right after a label: a
    section's only line at the foot of every entry (``6. 联系方式`` / ``区政府服务热线 96180``)
    is content.
    """
    content = [i for i, line in enumerate(lines) if line.text.strip() and not line.furniture]
    pages = len({lines[i].page for i in content})
    needed = max(DEFAULT_RUNNING_MIN_PAGES, DEFAULT_RUNNING_SHARE * pages)
    candidates = {key: sides for key, sides in _edge_lines(lines).items()
                  if max(map(len, sides)) >= needed}  # fmt: skip
    if not candidates:
        return tuple(lines)  # the usual case: nothing recurs at page edges
    occurrences: defaultdict[str, list[int]] = defaultdict(list)
    for index in content:
        key = _running_key(lines[index].text)
        if key in candidates:
            occurrences[key].append(index)
    previous = {index: content[n - 1] for n, index in enumerate(content) if n}
    running: set[int] = set()
    for key, sides in candidates.items():
        for side, found in enumerate(sides):
            if len(found) < needed or len(found) != len(occurrences[key]):
                continue
            if _structural(lines[found[0]].text, structure):
                continue
            after_label = [i for i in found if i in previous
                           and match_label(clean_text(lines[previous[i]].text), structure)]
            if side == 0 or 2 * len(after_label) < len(found):
                running.update(found)
    return tuple(replace(line, furniture=True) if index in running else line
                 for index, line in enumerate(lines))  # fmt: skip


def read_text_source(path: Path, profile: Profile | None = None) -> SourceDocument:
    """Read, decode and paginate one text edition with ``profile`` (default: the bundled one)."""
    profile = profile or default_profile()
    data = path.read_bytes()
    text, encoding = decode_text(data, file=str(path), encodings=profile.source.encodings)
    lines = mark_running_lines(paginate(text, profile.pages), profile.structure)
    return SourceDocument(
        path=str(path),
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        pages=max((line.page for line in lines), default=0),
        lines=lines,
        encoding=encoding,
    )
