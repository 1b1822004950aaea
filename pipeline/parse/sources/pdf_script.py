"""Tell a PDF font's text that decodes to the catalog's script from text that is mojibake.

A catalog is Chinese. Government offices still typeset in legacy GB-coded fonts (仿宋_GB2312,
宋体 as a simple TrueType font, GBK-coded fonts without a ``/ToUnicode`` map): the page holds
GBK bytes, and a reader that does not know the font's charset gives each byte as a Latin-1
character (``Ä¿¡¡Â¼`` for ``目　录``). PDFium knows these fonts by name; pdfminer (pdfplumber)
does not; for a font that names no charset at all (an ASCII name), neither does. Other fonts
map glyphs to private-use code points or control characters. Such text must never reach the
entries: ``pipeline.parse.sources.pdf`` reads a page whose text is garbled with the other
engine, then by OCR, and refuses the PDF naming the font when nothing reads it.

Pure functions over ``(font name, text)`` pairs; the engines collect those pairs as they read.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import regex as re

__all__ = [
    "MIN_GARBLED_CHARS",
    "MIN_GARBLED_DISTINCT",
    "MIN_GARBLED_SHARE",
    "GarbledFont",
    "garbled_fonts",
    "may_be_garbled",
    "readable_font_name",
]

#: A font is judged only when it draws at least this many visible characters on the page: a
#: lone symbol (``×``, ``°``) in a Latin font says nothing.
MIN_GARBLED_CHARS = 6
#: ... and is garbled when at least this share of them are ``_FOREIGN`` ...
MIN_GARBLED_SHARE = 0.3
#: ... of at least this many different characters (a leader of ``·`` or a row of ``×`` is
#: one character repeated; mojibake of Chinese text is a soup of many).
MIN_GARBLED_DISTINCT = 4

#: Characters no Chinese catalog's text is made of, but mojibake is: Latin-1 letters and signs
#: (U+00A1–U+00FF, as GBK bytes read one by one come out), C1 controls, the private use area
#: and C0 controls. The Latin-1 signs Chinese text does use are left out: ``·`` (U+00B7),
#: ``×`` (U+00D7), ``÷`` (U+00F7), ``°`` (U+00B0), ``±`` (U+00B1), ``²``/``³``, ``§``.
_FOREIGN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\xa6\xa8-\xaf\xb4-\xb6\xb8-\xd6\xd8-\xf6\xf8-\xff"
    r"\p{Co}]"
)
#: Text is GBK-coded Chinese when at least this share of its non-ASCII characters, decoded as
#: GBK, are Chinese characters or CJK punctuation.
MIN_GBK_SHARE = 0.8
#: A Chinese character or a CJK or full-width punctuation mark.
_CHINESE = re.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef]")
#: pdfminer's name of a font whose name is not UTF-8, quoted as a Python literal: its inside.
_QUOTED = re.compile(r"b?'(.*)'|b?\"(.*)\"", re.S)
#: A subset font's tag (``ABCDEF+``), left out of the name a message shows.
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True, slots=True)
class GarbledFont:
    """A font whose text on a page does not decode to the catalog's script."""

    name: str  # readable: ``仿宋_GB2312`` (``readable_font_name``)
    chars: int  # its visible characters on the page
    sample: str  # the first of them, as read (at most 12)
    gbk: bool  # its bytes read as GBK are Chinese: GBK-coded text without a Unicode map
    embedded: bool | None = None  # the font program is in the PDF (None: the engine cannot say)

    def describe(self) -> str:
        """``font 仿宋_GB2312 (not embedded): "Ä¿¡¡Â¼", GBK-coded Chinese without a Unicode
        map``: what a message says of it."""
        embedded = {True: " (embedded)", False: " (not embedded)", None: ""}[self.embedded]
        kind = ("GBK-coded Chinese without a Unicode map" if self.gbk
                else "its glyphs map to no Chinese or Latin text")  # fmt: skip
        return f"font {self.name}{embedded} reads as {self.sample!r}: {kind}"


def may_be_garbled(text: str) -> bool:
    """False when no character of ``text`` (a page's) can be mojibake: the cheap test that
    spares most pages ``garbled_fonts``."""
    return _FOREIGN.search(text) is not None


def garbled_fonts(
    texts: Iterable[tuple[str, str]], embedded: Mapping[str, bool | None] | None = None
) -> tuple[GarbledFont, ...]:
    """The fonts among ``(font name, text)`` pairs (several pairs may name one font) whose
    text is garbled, in the order first seen; ``embedded`` says, by font name, whether the
    PDF embeds the font. Whitespace is not counted."""
    by_font: dict[str, list[str]] = {}
    for name, text in texts:
        by_font.setdefault(name, []).append(text)
    found = []
    for name, parts in by_font.items():
        text = "".join("".join(parts).split())
        if len(text) < MIN_GARBLED_CHARS:
            continue
        foreign = _FOREIGN.findall(text)
        if (len(foreign) < MIN_GARBLED_SHARE * len(text)
                or len(set(foreign)) < MIN_GARBLED_DISTINCT):  # fmt: skip
            continue
        found.append(GarbledFont(
            name=readable_font_name(name), chars=len(text), sample=text[:12],
            gbk=_reads_as_gbk(text), embedded=(embedded or {}).get(name),
        ))  # fmt: skip
    return tuple(found)


def _reads_as_gbk(text: str) -> bool:
    """True when ``text``, each character taken as the byte it is in Latin-1 (or, for
    U+0100 and above, in Windows-1252: WinAnsiEncoding gives bytes 0x80–0x9F as ``–``, ``“``…),
    is GBK whose non-ASCII characters are mostly (``MIN_GBK_SHARE``) Chinese. A few bytes are
    lost on the way (a soft hyphen, 0xAD, comes out as ``-``; a no-break space, 0xA0, as a
    space), so a byte that does not decode is counted, not fatal."""
    data = bytes(ord(char) if ord(char) < 0x100 else _cp1252_byte(char) for char in text)
    wide = [char for char in data.decode("gbk", errors="replace") if ord(char) > 0x7F]
    han = sum(1 for char in wide if _CHINESE.match(char))
    return bool(wide) and han >= MIN_GBK_SHARE * len(wide)


def _cp1252_byte(char: str) -> int:
    """The byte Windows-1252 codes ``char`` as; 0x3F (``?``) for a character it lacks."""
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return 0x3F


def readable_font_name(name: str) -> str:
    """A font's base name as a person reads it: without its subset tag, and its bytes
    decoded as GBK when they are (a PDF name is bytes; Chinese font names are mostly GBK:
    ``·ÂËÎ_GB2312`` is ``仿宋_GB2312``). pdfminer gives a name that is not UTF-8 with its
    bytes escaped, quoted or not (``b'\\xb7\\xc2…'``, ``'\\xb7\\xc2…'``, ``\\xb7\\xc2…``)."""
    quoted = _QUOTED.fullmatch(name)
    if quoted is not None:
        name = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    if "\\x" in name:
        name = codecs.escape_decode(name.encode("latin-1", "backslashreplace"))[0].decode("latin-1")
    bare = str(_SUBSET_TAG.sub("", name))
    try:
        raw = bare.encode("latin-1")
    except UnicodeEncodeError:
        return bare
    for encoding in ("utf-8", "gbk"):
        try:
            return str(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return bare
