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
import re as stdlib_re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
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
    slow_page_number,
)
from pipeline.parse.document import collector_paused
from pipeline.parse.segmentation import is_part, match_label
from pipeline.parse.sources.content_hash import content_sha256
from pipeline.parse.sources.pdf_layout import DEFAULT_RUNNING_MIN_PAGES, DEFAULT_RUNNING_SHARE
from pipeline.profile import (
    PATTERN_TIMEOUT_SECONDS,
    PageRules,
    Profile,
    StructureRules,
    default_profile,
)

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
#: Any of ``_BINARY_CONTROLS``: a plain ``re`` character class scans a 19 MB text in 0.04 s,
#: a test per character took 0.5 s.
_BINARY_CONTROL = stdlib_re.compile(
    "[" + "".join(stdlib_re.escape(ch) for ch in sorted(_BINARY_CONTROLS)) + "]"
)


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
    if _BINARY_CONTROL.search(text):
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
    content = sum(1 for line in lines if line.strip())
    text = "\n".join(lines)
    if text.count("\n") == max(len(lines) - 1, 0):
        return _used_prefixes(text, content, rules)[0]
    return tuple(prefix for prefix in rules.page_start_prefixes  # a line holds a line end
                 if _uses_prefix(sum(_starts_with(line, prefix) for line in lines), content,
                                 rules))  # fmt: skip


def _used_prefixes(text: str, content: int, rules: PageRules) -> tuple[tuple[str, ...], set[int]]:
    """``page_start_prefixes`` of ``text``'s lines, ``content`` of which are content lines, and
    the indexes of the lines starting with one of them."""
    used, starts = [], set()
    for prefix in rules.page_start_prefixes:
        indexes = _prefixed_lines(text, prefix)
        if _uses_prefix(len(indexes), content, rules):
            used.append(prefix)
            starts.update(indexes)
    return tuple(used), starts


def _uses_prefix(starts: int, content: int, rules: PageRules) -> bool:
    return bool(starts) and starts <= rules.max_page_start_share * content


@cache
def _prefix_start(prefix: str) -> stdlib_re.Pattern[str]:
    """A line end, ``prefix``, then content: ``_starts_with`` as a pattern over a whole text
    (``\\S`` is exactly ``not str.isspace()``). It starts with a literal, which ``re`` scans
    for quickly, where ``^`` is tried at every position."""
    return stdlib_re.compile("\n" + stdlib_re.escape(prefix) + r"(?=\S)")


def _prefixed_lines(text: str, prefix: str) -> list[int]:
    """The indexes of the lines of ``text`` (split at ``\\n``) that ``_starts_with`` ``prefix``:
    one pattern scan of the text, where a test per line took 0.4 s for 850 000 lines."""
    if "\n" in prefix:
        return []  # no line holds a line end
    indexes = [0] if _starts_with(text, prefix) else []  # the first line: no line end before it
    line, offset = 0, 0
    for match in _prefix_start(prefix).finditer(text):
        line += 1 + text.count("\n", offset, match.start())
        offset = match.start() + 1
        indexes.append(line)
    return indexes


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
    return _paginate(text, rules or default_profile().pages)[0]


def _paginate(text: str, rules: PageRules) -> tuple[tuple[SourceLine, ...], list[int]]:
    """``paginate``, and the indexes of its content lines that are not furniture.

    The rule walked line by line: a content line starts a page when some content came before
    it and it starts with a used prefix or follows (blank lines aside) a page-number line. So
    only those two kinds of line, both rare, are looked at one by one; the page of every line
    is then the count of page starts up to it, and the lines are made in one ``map``.
    """
    raw_lines = text.split("\n")
    content = [index for index, raw in enumerate(raw_lines) if raw.strip()]
    prefixes, prefixed = _used_prefixes(text, len(content), rules)
    shaped = _page_number_shaped(raw_lines, content, rules)
    positions = [position for position, index in enumerate(content)
                 if index in shaped  # the shape first: it is rare
                 and _is_page_number(raw_lines, content, position, prefixes, rules)]  # fmt: skip
    furniture = {content[position] for position in positions}
    body = [index for index in content if index not in furniture] if furniture else content
    starts: set[int] = set()
    if body:
        first = body[0]  # before it, no page has content: nothing starts a page
        for position in positions:
            if content[position] > first:  # the first content line after it starts a page
                after = position + 1
                while after < len(content) and content[after] in furniture:
                    after += 1
                if after < len(content):
                    starts.add(content[after])
        starts.update(index for index in prefixed if index > first and index not in furniture)
    pages: list[int] = []
    page, begin = 1, 0
    for index in sorted(starts):
        pages += [page] * (index - begin)
        page, begin = page + 1, index
    pages += [page] * (len(raw_lines) - begin)
    flags = [False] * len(raw_lines)
    for index in furniture:
        flags[index] = True
    lines = tuple(map(SourceLine, raw_lines, range(1, len(raw_lines) + 1), pages, flags))
    return lines, body


def _page_number_shaped(raw_lines: Sequence[str], content: Sequence[int],
                        rules: PageRules) -> set[int]:  # fmt: skip
    """The indexes in ``content`` of the lines shaped like a page number; ``ProfileError``
    when a profile pattern takes longer than its budget on a line."""
    shape, shaped = page_number_pattern(rules), set()
    for index in content:
        text = raw_lines[index].strip()
        try:
            if shape.fullmatch(text, timeout=PATTERN_TIMEOUT_SECONDS):
                shaped.add(index)
        except TimeoutError:
            raise slow_page_number(text, rules) from None
    return shaped


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


def _edge_lines(
    lines: Sequence[SourceLine], content: Sequence[int]
) -> tuple[int, dict[str, list[list[int]]]]:
    """The number of pages with content, and per running key the indexes of its occurrences as
    a page's first / last content line (``content``: the content lines' indexes, in order)."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for index in content:
        page = lines[index].page
        if page not in first:
            first[page] = index
        last[page] = index
    edges: defaultdict[str, list[list[int]]] = defaultdict(lambda: [[], []])
    for page, index in first.items():
        edges[_running_key(lines[index].text)][0].append(index)
        edges[_running_key(lines[last[page]].text)][1].append(last[page])
    return len(first), edges


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
    body = [i for i, line in enumerate(lines) if line.text.strip() and not line.furniture]
    return _mark_running(lines, body, structure)


def _mark_running(
    lines: Sequence[SourceLine], content: Sequence[int], structure: StructureRules | None
) -> tuple[SourceLine, ...]:
    """``mark_running_lines`` of ``lines``, whose content lines that are not furniture are
    ``content`` (indexes, in order)."""
    pages, edges = _edge_lines(lines, content)
    needed = max(DEFAULT_RUNNING_MIN_PAGES, DEFAULT_RUNNING_SHARE * pages)
    candidates = {key: sides for key, sides in edges.items()
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
    marked = list(lines)
    for index in running:
        marked[index] = replace(marked[index], furniture=True)
    return tuple(marked)


def read_text_source(path: Path, profile: Profile | None = None) -> SourceDocument:
    """Read, decode and paginate one text edition with ``profile`` (default: the bundled one)."""
    profile = profile or default_profile()
    data = path.read_bytes()
    text, encoding = decode_text(data, file=str(path), encodings=profile.source.encodings)
    with collector_paused():  # 850 000 lines at 10 000 entries: no cycles among them
        lines, content = _paginate(text, profile.pages)
        lines = _mark_running(lines, content, profile.structure)
    return SourceDocument(
        path=str(path),
        source_format="text",
        sha256=content_sha256((data,)),
        pages=max((line.page for line in lines), default=0),
        lines=lines,
        encoding=encoding,
    )
