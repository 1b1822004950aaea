"""Read a text export of a catalog edition: decode it and recover its PDF page breaks.

Text exports keep two traces of the pages they came from: the first line of each page starts
with a marker prefix (one space, or a form feed), and a page's number may stand alone on a line
at its foot. Both are turned into a page number on every line so entries know their page span;
the profile (``[pages]``) says which prefixes and page-number shapes a catalog uses.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Sequence
from pathlib import Path

import charset_normalizer

from pipeline.errors import SourceEmpty, SourceUndecodable
from pipeline.models import SourceDocument, SourceLine
from pipeline.parse.cleaning import is_page_number_line
from pipeline.profile import PageRules, Profile, default_profile

__all__ = ["BOMS", "DETECTED_ENCODINGS", "decode_text", "page_start_prefixes", "paginate",
           "read_text_source"]  # fmt: skip

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
    Page-number lines are marked (``SourceLine.page_number``); a bare number inside a paragraph
    is content (``cleaning.is_page_number_line``).
    """
    rules = rules or default_profile().pages
    raw_lines = text.split("\n")
    prefixes = page_start_prefixes(raw_lines, rules)
    content = [index for index, raw in enumerate(raw_lines) if raw.strip()]
    lines = [SourceLine(text=raw, line_no=number, page=0)
             for number, raw in enumerate(raw_lines, start=1)]  # fmt: skip
    page, has_content, break_pending = 1, False, False
    for position, index in enumerate(content):
        raw = raw_lines[index]
        starts_page = has_content and any(_starts_with(raw, p) for p in prefixes)
        if _is_page_number(raw_lines, content, position, prefixes, rules):
            lines[index] = SourceLine(raw, index + 1, page, page_number=True)
            break_pending = break_pending or has_content
            continue
        if break_pending or starts_page:
            page += 1
        break_pending, has_content = False, True
        lines[index] = SourceLine(raw, index + 1, page)
    return tuple(_fill_pages(lines))


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


def _fill_pages(lines: Sequence[SourceLine]) -> list[SourceLine]:
    """Blank lines take the page of the content line before them (page 1 before any)."""
    filled, page = [], 1
    for line in lines:
        page = line.page or page
        filled.append(line if line.page else SourceLine(line.text, line.line_no, page))
    return filled


def read_text_source(path: Path, profile: Profile | None = None) -> SourceDocument:
    """Read, decode and paginate one text edition with ``profile`` (default: the bundled one)."""
    profile = profile or default_profile()
    data = path.read_bytes()
    text, encoding = decode_text(data, file=str(path), encodings=profile.source.encodings)
    lines = paginate(text, profile.pages)
    return SourceDocument(
        path=str(path),
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        pages=max((line.page for line in lines), default=0),
        lines=lines,
        encoding=encoding,
    )
