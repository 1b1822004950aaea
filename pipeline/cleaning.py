"""Undo what PDF export did to the text: page numbers, justified-line spaces, hard wraps.

Every edition, text export or PDF, arrives as physical lines. This module turns them into clean
content lines (``clean_lines``) and re-joins wrapped lines into paragraphs (``join_wrapped``),
so that segmentation and extraction never see layout.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from normalizers.numerals import fold_width
from pipeline.models import Line, SourceLine

__all__ = ["PAGE_NUMBER_PATTERNS", "clean_lines", "clean_text", "is_page_number", "join_wrapped"]

#: Shapes of a line that holds nothing but a page number (after stripping).
PAGE_NUMBER_PATTERNS: tuple[str, ...] = (
    r"\d{1,4}",  # 26
    r"[-—–]\s*\d{1,4}\s*[-—–]",  # - 3 -
    r"第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?",  # 第 3 页, 第 3 页 共 56 页
    r"\d{1,4}\s*/\s*\d{1,4}",  # 3/56
    r"(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?",  # Page 3 of 56
)
_PAGE_NUMBER = re.compile("(?:" + "|".join(PAGE_NUMBER_PATTERNS) + ")")

#: Characters written without spaces between them in Chinese typesetting: ideographs, CJK
#: punctuation (、。《》…), full-width forms (（）：；，) and the quotes and dashes Chinese uses.
CJK_CLASS = (
    r"[\p{Han}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65"
    r"\u2018-\u201F\u2014\u2026\u00B7]"
)

#: Whitespace between two CJK characters is an artefact of justified lines (``网 关，使 用全``).
_SPURIOUS_SPACE = re.compile(rf"(?<={CJK_CLASS})[ \t\u3000\u00A0]+(?={CJK_CLASS})")
_SPACE_RUN = re.compile(r"[ \t\u3000\u00A0]+")
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9]")


def is_page_number(text: str) -> bool:
    """True when ``text`` (one stripped line) is only a page number in a usual shape."""
    return _PAGE_NUMBER.fullmatch(text.strip()) is not None


def clean_text(text: str) -> str:
    """Fold full-width digits/dashes, drop spaces between CJK characters, collapse the rest.

    Spaces that touch a Latin letter or a digit are kept: ``SSL VPN``, ``2 人天``.
    """
    folded = fold_width(text)
    repaired = _SPURIOUS_SPACE.sub("", folded)
    return str(_SPACE_RUN.sub(" ", repaired)).strip()


def clean_lines(lines: Iterable[SourceLine]) -> list[Line]:
    """Content lines only: blank and page-number lines dropped, each line ``clean_text``-ed."""
    cleaned: list[Line] = []
    for line in lines:
        text = clean_text(line.text)
        if text and not is_page_number(text):
            cleaned.append(Line(text=text, line_no=line.line_no, page=line.page))
    return cleaned


def join_wrapped(texts: Iterable[str]) -> str:
    """Re-join hard-wrapped lines: no separator in Chinese, one space between two Latin words."""
    joined = ""
    for text in texts:
        if not text:
            continue
        if joined and _ASCII_WORD_END.search(joined) and _ASCII_WORD_START.search(text):
            joined += " "
        joined += text
    return joined
