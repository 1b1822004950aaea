"""Undo what PDF export did to the text: page numbers, justified-line spaces, hard wraps.

Every edition, text export or PDF, arrives as physical lines. This module turns them into clean
content lines (``clean_lines``) and re-joins wrapped lines into paragraphs (``join_wrapped``),
so that segmentation and extraction never see layout.
"""

from __future__ import annotations

import re as stdlib_re
from collections.abc import Iterable
from functools import cache

import regex as re

from normalizers.numerals import CN_NUMERAL_CHARS, WIDTH_FOLD
from pipeline.errors import ProfileError
from pipeline.models import Line, SourceLine
from pipeline.profile import PATTERN_TIMEOUT_SECONDS, PageRules, default_profile, slow_pattern

__all__ = [
    "INVISIBLE_CHARACTERS", "NUMBERED_START", "clean_lines", "clean_text", "is_page_number",
    "is_page_number_line", "join_wrapped", "match_page_number", "page_number_pattern",
    "slow_page_number",
]  # fmt: skip

#: A line that starts a numbered structure (heading ``一、``, part ``（一）``, label ``1.`` or
#: ``（1）``, item): the line before it ended a paragraph.
NUMBERED_START = re.compile(
    rf"[{CN_NUMERAL_CHARS}]+\s*、|[（(]\s*[\d{CN_NUMERAL_CHARS}]+\s*[）)]|\d+\s*[.．、]"
)
#: A line ending with one of these ends a sentence (closing brackets and quotes after it aside).
SENTENCE_ENDS = "。；;：:！!？?"
_SENTENCE_END = re.compile(rf"[{SENTENCE_ENDS}][）)」』”’》]*$")
#: A lone number, the one page-number shape that can also be content (``2024``, ``15``).
_BARE_NUMBER = re.compile(r"\d+")


@cache
def page_number_pattern(rules: PageRules | None = None) -> re.Pattern[str]:
    """The page-number shapes of ``rules`` (default: the bundled profile's), compiled once."""
    patterns = (rules or default_profile().pages).page_number_patterns
    return re.compile("(?:" + "|".join(patterns) + ")")


def match_page_number(text: str, rules: PageRules | None = None) -> bool:
    """Whether ``text`` as it is fully matches a page-number shape of ``rules``, within the
    profile patterns' time budget. Raises ``ProfileError`` naming the patterns when one
    backtracks past ``PATTERN_TIMEOUT_SECONDS`` (loading probes for that; a line can still
    find a slow path the probes did not)."""
    try:
        found = page_number_pattern(rules).fullmatch(text, timeout=PATTERN_TIMEOUT_SECONDS)
    except TimeoutError:
        raise slow_page_number(text, rules) from None
    return found is not None


def slow_page_number(text: str, rules: PageRules | None = None) -> ProfileError:
    """The error for the page-number patterns of ``rules`` timing out on the line ``text``."""
    patterns = (rules or default_profile().pages).page_number_patterns
    return slow_pattern("pages.page_number_patterns", " | ".join(patterns), text)


def is_page_number(text: str, rules: PageRules | None = None) -> bool:
    """True when ``text`` (one line) has the shape of a page number in ``rules`` (default: the
    bundled profile's), whatever its context."""
    return match_page_number(text.strip(), rules)


def is_page_number_line(
    text: str, before: str | None, after: str | None, rules: PageRules | None = None,
    *, after_starts_page: bool = False,
) -> bool:
    """True when the line ``text``, between the content lines ``before`` and ``after`` (None at
    the document's ends), is a page number rather than content.

    A bare number inside a paragraph is content (``…系统于`` / ``2024`` / ``年建成…``): the line
    before does not end a sentence and the line after neither starts a new page nor a numbered
    structure. Other page-number shapes (``- 3 -``, ``第 3 页``) are page numbers anywhere.
    """
    stripped = text.strip()
    if not is_page_number(stripped, rules):
        return False
    if not _BARE_NUMBER.fullmatch(stripped) or before is None or after is None:
        return True
    ends_paragraph = _SENTENCE_END.search(before.strip()) is not None
    return ends_paragraph or after_starts_page or NUMBERED_START.match(after.strip()) is not None


#: Characters written without spaces between them in Chinese typesetting: ideographs, CJK
#: punctuation (、。《》…), full-width forms (（）：；，) and the quotes and dashes Chinese uses.
CJK_CLASS = (
    r"[\p{Han}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65"
    r"\u2018-\u201F\u2014\u2026\u00B7]"
)

#: Whitespace between two CJK characters is an artefact of justified lines (``网 关，使 用全``).
#: Invisible format characters that copy-paste and PDF export leave inside words: the soft
#: hyphen, zero-width space, non-joiner and joiner, the bidi marks and overrides, word joiner
#: and invisible operators, a stray BOM. They would hide a label (``资\u200b源名称``) or split a
#: name, and carry nothing a reader can see.
INVISIBLE_CHARACTERS = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
#: One ``str.translate`` table: width folding (``normalizers.numerals.WIDTH_FOLD``) and the
#: invisible characters dropped.
_CLEAN_TABLE: dict[int, str | None] = {
    **WIDTH_FOLD, **dict.fromkeys(map(ord, INVISIBLE_CHARACTERS)),
}
#: Any character ``_CLEAN_TABLE`` changes: most lines have none, and finding that out (a plain
#: ``re`` character class) takes a tenth of the time ``str.translate`` takes to copy the line.
_TO_CLEAN = stdlib_re.compile(
    "[" + "".join(stdlib_re.escape(chr(code)) for code in sorted(_CLEAN_TABLE)) + "]"
)
_SPURIOUS_SPACE = re.compile(rf"(?<={CJK_CLASS})[ \t\u3000\u00A0]+(?={CJK_CLASS})")
_SPACE_RUN = re.compile(r"[ \t\u3000\u00A0]+")
#: ``[A-Za-z0-9]``: a Latin word's letters and digits, where ``join_wrapped`` puts a space.
_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def clean_text(text: str) -> str:
    """Fold full-width digits/dashes, drop invisible format characters and spaces between CJK
    characters, collapse the rest.

    Spaces that touch a Latin letter or a digit are kept: ``SSL VPN``, ``2 人天``.
    """
    folded = text.translate(_CLEAN_TABLE) if _TO_CLEAN.search(text) else text
    if not (" " in folded or "\u3000" in folded or "\t" in folded or "\u00a0" in folded):
        return folded.strip()  # most lines: neither pattern below can match
    repaired = _SPURIOUS_SPACE.sub("", folded)
    return str(_SPACE_RUN.sub(" ", repaired)).strip()


def clean_lines(lines: Iterable[SourceLine]) -> list[Line]:
    """Content lines only: blank lines and the page furniture the source recognised (page
    numbers, running headers and footers: ``SourceLine.furniture``) dropped, each line
    ``clean_text``-ed."""
    cleaned: list[Line] = []
    for line in lines:
        if line.furniture or line.text.isspace() or not line.text:
            continue  # whitespace only cleans to nothing: no character of it is folded
        text = clean_text(line.text)
        if text:
            cleaned.append(Line(text, line.line_no, line.page, line.confidence))
    return cleaned


def join_wrapped(texts: Iterable[str]) -> str:
    """Re-join hard-wrapped lines: no separator in Chinese, one space between two Latin words."""
    joined = ""
    for text in texts:
        if not text:
            continue
        if text[0] in _ASCII_WORD and joined and _ends_ascii_word(joined):
            joined += " "
        joined += text
    return joined


def _ends_ascii_word(text: str) -> bool:
    """``re.search(r"[A-Za-z0-9]$", text)``: the last character, or the one before a final
    newline (where ``$`` also matches), is a Latin letter or digit. Looks at two characters,
    where the pattern scanned the whole paragraph joined so far at every line."""
    tail = text[-2:]
    if tail.endswith("\n"):
        tail = tail[:-1]
    return tail[-1:] in _ASCII_WORD
