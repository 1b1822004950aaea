"""Read a text export of a catalog edition: decode it and recover its PDF page breaks.

Text exports keep two traces of the pages they came from: the first line of each page starts
with a space (or a form feed), and a page's number may stand alone on a line at its foot. Both
are turned into a page number on every line so entries know their page span.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.cleaning import is_page_number
from pipeline.errors import SourceEmpty, SourceUndecodable
from pipeline.models import SourceDocument, SourceLine

__all__ = ["ENCODINGS", "decode_text", "paginate", "read_text_source"]

#: Byte-order marks and the encoding they announce, checked first.
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Encodings tried strictly, in order, when there is no BOM. GB18030 is a superset of GBK and
#: GB2312, the encodings of Chinese government exports; valid UTF-8 is almost never valid GBK
#: text by accident, so UTF-8 goes first.
ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")
#: Control characters that never appear in a text export (NUL and friends mean binary data).
_BINARY_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f")
#: A line starting with one of these begins a new page.
PAGE_START_CHARS = (" ", "\u3000", "\t", "\f")


def decode_text(data: bytes, file: str | None = None) -> tuple[str, str]:
    """Decode an edition's bytes; return ``(text, encoding)`` with line ends normalised to LF.

    Raises ``SourceEmpty`` for no content and ``SourceUndecodable`` for bytes that are not text
    in any supported encoding.
    """
    encodings = [enc for bom, enc in BOMS if data.startswith(bom)][:1] or list(ENCODINGS)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ch in _BINARY_CONTROLS for ch in text):
            break
        if not text.strip():
            raise SourceEmpty("the file is empty", file=file)
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    if not data.strip():
        raise SourceEmpty("the file is empty", file=file)
    raise SourceUndecodable(
        "cannot decode the file as text (tried UTF-8 and GB18030/GBK); is it a text export?",
        file=file,
    )


def paginate(text: str) -> tuple[SourceLine, ...]:
    """Split decoded text into lines numbered from 1, each with the page it stands on.

    A new page starts at a line beginning with a space or form feed, and after a lone
    page-number line, once the current page has content.
    """
    lines: list[SourceLine] = []
    page, has_content, break_pending = 1, False, False
    for line_no, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped and is_page_number(stripped):
            break_pending = break_pending or has_content
        elif stripped:
            if break_pending or (raw.startswith(PAGE_START_CHARS) and has_content):
                page += 1
            break_pending, has_content = False, True
        lines.append(SourceLine(text=raw, line_no=line_no, page=page))
    return tuple(lines)


def read_text_source(path: Path) -> SourceDocument:
    """Read, decode and paginate one text edition."""
    data = path.read_bytes()
    text, _encoding = decode_text(data, file=str(path))
    lines = paginate(text)
    return SourceDocument(
        path=str(path),
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        pages=max((line.page for line in lines), default=0),
        lines=lines,
    )
