"""Read PDF pages with PDFium (pypdfium2): the fast engine of ``pipeline.parse.sources.pdf``.

It gives the same ``PdfPage`` data as the reference engine, pdfplumber (pdfminer), so
``pdf_layout`` rebuilds the same lines from it: every glyph becomes a ``PdfChar`` whose box is
pdfminer's, in pdfplumber's coordinates (points from the media box's top-left: ``top`` is the
page height minus the PDF y of the glyph's top, the page's ``/Rotate`` applied as pdfminer
applies it):

* ``x0``…``x1`` is the glyph's advance width, from the font's widths (PDFium's *loose* box
  reaches to the glyph's ink where that is wider), along the text's direction;
* ``top``…``bottom`` runs from one font size above the font's descent down to the descent
  (pdfminer's metrics for the fonts it knows by name, ``Helvetica``, ``Arial``…), ``size``
  being that height: the font size times the text matrix's scale;
* whitespace glyphs are not kept (``build_lines`` finds spaces in the gaps), so the spaces and
  line breaks PDFium generates never matter; glyphs without a Unicode mapping (pdfminer's
  ``(cid:N)``) are counted as unmapped and kept out of the lines.

Where PDFium's text page differs from pdfminer's characters, it is reconciled:

* a text object drawn again over itself a hair to the right (how word processors fake bold)
  is dropped by PDFium; its copy is restored from the object it repeats, so ``build_lines``
  sees the overstrike and marks the line bold as it does for pdfplumber;
* a text object PDFium leaves out for another reason (``SkippedText``: a lone glyph of a font
  neither embedded nor installed has no outline, so no width, and PDFium skips objects of no
  width) makes the page the reference engine's to read;
* a glyph whose Unicode mapping has several characters (``fi``) comes as several characters
  on one origin; they are joined back into one glyph;
* a hyphen PDFium takes for a line-end hyphenation comes as U+0002; it is a hyphen again.

Known differences that remain (none in the project's catalogs but the first): pdfminer loses
the "·" (U+00B7) of text in the UniGB-UCS2-H encoding and moves the rest of its line left,
PDFium reads it; pdfminer drops the character spacing (``Tc``) after the last glyph of a
string, PDFium keeps it as the PDF specification says; PDFium splits the ligatures
U+FB00–FB06 (``ﬁ`` is read ``fi``), reads a marked-content ``/ActualText`` instead of the
glyphs, drops a glyph repeated at the same place within one text object (an overstrike inside
one string) and takes a font's descent from the font program when its descriptor has none.

Pages and text pages are closed as soon as they are read, so memory stays flat however long
the document. Whatever PDFium refuses raises ``pypdfium2.PdfiumError``; ``pdf`` turns it into
a ``PdfError`` or hands the page to the reference engine.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import Any, cast
from unicodedata import east_asian_width

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from pipeline.parse.sources.pdf_layout import (
    Glyph,
    PdfPage,
    build_glyph_lines,
    is_bold_font,
)
from pipeline.parse.sources.pdf_script import GarbledFont, garbled_fonts, may_be_garbled

__all__ = ["PdfiumDocument", "SkippedText"]

#: PDFium's code for a line-end hyphen (``FPDFText_IsHyphen``) ...
HYPHEN_MARK = 0x2
#: ... which was a hyphen-minus (or a soft hyphen, which has its width) in the PDF.
HYPHEN = 0x2D
#: A text object PDFium dropped repeats one of at most this many text objects before it
#: (``CPDF_TextPage::IsSameAsPreTextObject``).
DUPLICATE_LOOKBACK = 5
#: Two text objects whose bounds differ by less than this share of their size are the same
#: size (a text object drawn again over itself).
REPEAT_TOLERANCE = 0.01
#: A text object whose bounds are no wider and no taller than this (points) has no extent.
BLANK_EXTENT = 1e-3
#: The font descriptor's flag of a symbolic font (PDF 32000-1, 9.8.2): glyphs outside the
#: standard Latin character set, which a substitute font may lack.
SYMBOLIC_FLAG = 1 << 2
#: East Asian widths (``unicodedata.east_asian_width``) of Chinese, Japanese and Korean text.
WIDE = frozenset({"W", "F"})
#: Font families pdfminer has its own metrics for (``pdfminer.fontmetrics``), by name.
STANDARD_FAMILIES = frozenset(
    {"Arial", "Courier", "CourierNew", "Helvetica", "Symbol", "Times", "TimesNewRoman",
     "ZapfDingbats"}
)
#: Bytes of a font name read (longer names are cut; the bold words come early).
FONT_NAME_BYTES = 256
#: pdfminer's transformation from a page's PDF space to its display space, per ``/Rotate``
#: (quarter turns): its ``(a, b, c, d)``; ``(e, f)`` come from the media box (``_PageSpace``).
_ROTATIONS: dict[int, tuple[float, float, float, float]] = {
    0: (1.0, 0.0, 0.0, 1.0),
    1: (0.0, -1.0, 1.0, 0.0),
    2: (-1.0, 0.0, 0.0, -1.0),
    3: (0.0, 1.0, -1.0, 0.0),
}


def _fast(function: Any, restype: Any) -> Callable[..., Any]:
    """``function`` of ``pypdfium2.raw`` without ctypes' per-argument conversion: about three
    times cheaper per call, for the calls made once per glyph. Handles and out-parameters must
    be passed as ctypes objects (``byref``, pointers), indices as ``int``."""
    bound: Any = type(function)(ctypes.cast(function, ctypes.c_void_p).value)  # its convention
    bound.restype, bound.argtypes = restype, None
    return cast(Callable[..., Any], bound)


_get_unicode = _fast(raw.FPDFText_GetUnicode, ctypes.c_uint)
_get_text_object = _fast(raw.FPDFText_GetTextObject, ctypes.c_void_p)
_get_origin = _fast(raw.FPDFText_GetCharOrigin, ctypes.c_int)
_has_map_error = _fast(raw.FPDFText_HasUnicodeMapError, ctypes.c_int)
_get_glyph_width = _fast(raw.FPDFFont_GetGlyphWidth, ctypes.c_int)
# ... and those made once per text object (many documents draw a text object per glyph)
_get_font_size = _fast(raw.FPDFText_GetFontSize, ctypes.c_double)
_get_matrix = _fast(raw.FPDFText_GetMatrix, ctypes.c_int)
_text_object_font = _fast(raw.FPDFTextObj_GetFont, ctypes.c_void_p)
_page_object = _fast(raw.FPDFPage_GetObject, ctypes.c_void_p)
_form_object = _fast(raw.FPDFFormObj_GetObject, ctypes.c_void_p)
_object_type = _fast(raw.FPDFPageObj_GetType, ctypes.c_int)
#: The font size glyph widths are asked at (``_font_width``): widths in thousandths of a size.
_WIDTH_SIZE = ctypes.c_float(1000.0)  # a float argument, passed as such to ``_fast`` calls


@dataclass(frozen=True, slots=True)
class _PageSpace:
    """pdfplumber's coordinates of a PDF point ``(x, y)``: ``X = a·x + c·y + e`` and
    ``top = b·x + d·y + f`` (the page's rotation, then the flip to a top-left origin)."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float
    width: float
    height: float

    @classmethod
    def of(cls, page: Any) -> _PageSpace:
        """The space of a loaded page: its media box and ``/Rotate``, as pdfplumber reads them."""
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
            x0, x1 = sorted((left.value, right.value))
            y0, y1 = sorted((bottom.value, top.value))
        else:  # no media box: PDFium's page size (its default, US Letter)
            x0, y0 = 0.0, 0.0
            x1, y1 = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
        quarter = raw.FPDFPage_GetRotation(page) % 4
        a, b, c, d = _ROTATIONS[quarter]
        # pdfminer's ctm: (a, b, c, d, e, f) maps PDF space onto the rotated page from (0, 0)
        e, f = {0: (-x0, -y0), 1: (-y0, x1), 2: (x1, y1), 3: (y1, -x0)}[quarter]
        # pdfplumber: its media box is normalised for the rotation and flipped
        box = (y0, x0, y1, x1) if quarter % 2 else (x0, y0, x1, y1)
        height = box[3] - box[1]
        shift_x, shift_top = box[0], height - box[3]
        # X = x' + shift_x; top = height - y' + shift_top, with (x', y') the ctm's image
        return cls(a=a, b=-b, c=c, d=-d, e=e + shift_x, f=height + shift_top - f,
                   width=box[2] - box[0], height=height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def vector(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y, self.b * x + self.d * y


@dataclass(frozen=True, slots=True)
class _Font:
    """What every glyph of one text object shares: its font (``handle``, whose advance widths
    are cached in ``widths``), its size and its placement on the page."""

    handle: Any  # FPDF_FONT, or None when PDFium has no font for the object
    face: _Face
    widths: dict[int, float]  # advance width per character, in thousandths of the font size
    size: float  # the font size of the text object (``Tf``), in text space
    bold: bool
    matrix_a: float  # the text matrix's x scale: loose box right >= origin + matrix_a · advance
    advance: tuple[float, float]  # (X, top) moved by one unit of advance
    box_x: tuple[float, float]  # X offsets of the box's descent and ascent edges, sorted
    box_top: tuple[float, float]  # top offsets of the same, sorted
    #: On an unrotated page, for text along x: (X per thousandth of advance, X of the origin
    #: minus x, top of the baseline plus y, the box's top and bottom offsets from it); else None
    upright: tuple[float, float, float, float, float] | None


class SkippedText(pdfium.PdfiumError):  # type: ignore[misc]  # pypdfium2 is untyped
    """PDFium left a text object out of the page's text, and not as the repeat of another:
    one of no width, which it skips (a lone glyph of a font that is neither embedded nor
    installed has no outline, so no width; a lone space), or one whose marked content it
    replaced. What pdfminer reads there is not known, so the page is the reference engine's
    to read."""


class PdfiumDocument:
    """An open PDF, read a page at a time; a context manager that closes it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._document = pdfium.PdfDocument(str(path))
        self.page_count = len(self._document)

    def __enter__(self) -> PdfiumDocument:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._document.close()

    def read_page(self, index: int) -> PdfPage:
        """Page ``index`` (0-based) as plain data; its PDFium page is closed before return."""
        number = index + 1
        page = raw.FPDF_LoadPage(self._document.raw, index)
        if not page:
            raise pdfium.PdfiumError(f"Failed to load page {number}.")
        try:
            text_page = raw.FPDFText_LoadPage(page)
            if not text_page:
                raise pdfium.PdfiumError(f"Failed to load the text of page {number}.")
            try:
                return _read_text_page(page, text_page, number)
            finally:
                raw.FPDFText_ClosePage(text_page)
        finally:
            raw.FPDF_ClosePage(page)


def _read_text_page(page: Any, text_page: Any, number: int) -> PdfPage:
    space = _PageSpace.of(page)
    glyphs = _Glyphs(text_page, space)
    glyphs.read()
    skipped = glyphs.restore_dropped_copies(page)
    if skipped:
        raise SkippedText(
            f"PDFium left {skipped} text object{'s' if skipped > 1 else ''} of page {number} "
            "out of its text"
        )
    lines = build_glyph_lines(glyphs.chars(), number)
    return PdfPage(
        number=number,
        width=space.width,
        height=space.height,
        lines=lines,
        text_chars=glyphs.visible,
        unmapped_chars=glyphs.unmapped,
        garbled=glyphs.garbled() if may_be_garbled("".join(line.text for line in lines)) else (),
    )


class _Glyphs:
    """The visible glyphs of one text page, grouped by the text object that drew them; each a
    ``pdf_layout.Glyph`` tuple (``PdfChar``'s fields), made and read much faster than a
    ``PdfChar``."""

    def __init__(self, text_page: Any, space: _PageSpace) -> None:
        self.text_page = text_page
        self.space = space
        self.by_object: dict[int, list[Glyph]] = {}
        self.unmapped_by_object: dict[int, int] = {}
        self.seen: set[int] = set()  # every text object with a character in the text page
        self.unmapped = 0
        self._fonts: dict[int, _Font] = {}  # per text object
        self._by_key: dict[tuple[int, float, float, float, float, float], _Font] = {}
        self._matrix = raw.FS_MATRIX()  # a text object's matrix, as ``_font`` reads it
        self._matrix_ref = ctypes.byref(self._matrix)
        self._widths: dict[int, dict[int, float]] = {}  # per font
        self._faces: dict[int, _Face] = {}  # per font
        self._east_asian: dict[int, bool] | None = None  # per face drawing text, when asked

    def chars(self) -> Iterator[Glyph]:
        return chain.from_iterable(self.by_object.values())

    @property
    def visible(self) -> int:
        """The glyphs that are not whitespace, mapped to text or not."""
        return sum(map(len, self.by_object.values())) + self.unmapped

    def read(self) -> None:
        """Every glyph of the text page, in PDFium's order (the per-glyph loop: kept lean, its
        lookups hoisted into locals)."""
        text_page, space, seen, by_object = self.text_page, self.space, self.seen, self.by_object
        get_unicode, get_text_object, get_origin = _get_unicode, _get_text_object, _get_origin
        has_map_error = _has_map_error
        x, y = ctypes.c_double(), ctypes.c_double()
        x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
        nowhere = float("nan")  # the x of no origin: equal to none
        current, font, last_x, last_y = -1, None, nowhere, 0.0
        chars: list[Glyph] = []
        append = chars.append
        widths: dict[int, float] = {}
        bold, upright, per_width, left, base, low, high = False, False, 0.0, 0.0, 0.0, 0.0, 0.0
        for index in range(raw.FPDFText_CountChars(text_page)):
            code = get_unicode(text_page, index)
            if code == HYPHEN_MARK:
                code = HYPHEN
            text = chr(code)
            handle = get_text_object(text_page, index) or 0
            if code and text.isspace():  # a space or line break, drawn or generated:
                seen.add(handle)  # ``build_lines`` finds the spaces in the gaps
                continue
            if handle != current:
                current, font, last_x = handle, self._font(handle, index), nowhere
                chars, widths, bold = by_object.setdefault(handle, []), font.widths, font.bold
                append = chars.append
                upright = font.upright is not None
                if font.upright is not None:
                    per_width, left, base, low, high = font.upright
                seen.add(handle)
            assert font is not None
            if not code or has_map_error(text_page, index):
                self.unmapped += 1
                self.unmapped_by_object[handle] = self.unmapped_by_object.get(handle, 0) + 1
                continue
            get_origin(text_page, index, x_ref, y_ref)
            origin_x, origin_y = x.value, y.value
            if origin_x == last_x and origin_y == last_y:
                # one glyph, several characters (``fi``): its width is not f's
                advance = _loose_advance(text_page, index, font, origin_x)
                chars[-1] = _char(chars[-1][0] + text, (origin_x, origin_y), advance, font, space)
                continue
            last_x, last_y = origin_x, origin_y
            width = widths.get(code)
            if width is None:
                width = _font_width(code, font)
            if width is None:
                advance = _loose_advance(text_page, index, font, origin_x)
                append(_char(text, (origin_x, origin_y), advance, font, space))
            elif upright:  # the common case, inline: text along x on an unrotated page
                x0 = origin_x + left
                top = base - origin_y
                append((text, x0, x0 + width * per_width, top + low, top + high, high - low, bold))
            else:
                append(_char(text, (origin_x, origin_y), width * font.size / 1000, font, space))

    def garbled(self) -> tuple[GarbledFont, ...]:
        """The fonts whose text on the page is mojibake (``pdf_script``)."""
        texts = [(font.face.name, "".join(glyph[0] for glyph in self.by_object.get(handle, ())))
                 for handle, font in self._fonts.items()]  # fmt: skip
        embedded = {font.face.name: font.face.embedded for font in self._fonts.values()}
        return garbled_fonts(texts, embedded)

    def _font(self, handle: int, index: int) -> _Font:
        """The ``_Font`` of text object ``handle`` (whose first glyph is ``index``): made once
        per font, size and matrix on the page, however many text objects share them."""
        font = self._fonts.get(handle)
        if font is None:
            size = _get_font_size(self.text_page, index)
            _get_matrix(self.text_page, index, self._matrix_ref)
            matrix = self._matrix
            address = _text_object_font(ctypes.c_void_p(handle)) or 0
            key = (address, size, matrix.a, matrix.b, matrix.c, matrix.d)
            font = self._by_key.get(key)
            if font is None:
                font = self._by_key[key] = _font_of(
                    address, size, matrix, self.space, self._widths, self._faces)
            self._fonts[handle] = font
        return font

    def restore_dropped_copies(self, page: Any) -> int:
        """Add back the glyphs of text objects PDFium dropped as repeats of an earlier one;
        the number of text objects it left out for another reason (see ``SkippedText``)."""
        skipped = 0
        for holder in _holders(page):
            if self.seen.issuperset(holder.handles):  # nothing dropped: nothing to measure
                continue
            texts = holder.texts()
            for at, text in enumerate(texts):
                if text.handle in self.seen:
                    continue
                source = _repeated(texts[max(at - DUPLICATE_LOOKBACK, 0) : at], text)
                if source is None:
                    skipped += not self._blank(text)
                else:
                    self._copy(source.handle, text.handle, holder.vector(
                        text.x - source.x, text.y - source.y))
                    self.seen.add(text.handle)
        return skipped

    def _blank(self, text: _TextObject) -> bool:
        """True when PDFium skipped ``text`` because it draws nothing: a text object of no
        extent (one glyph with no outline: PDFium measures a text object by its glyphs'
        outlines) whose font either is embedded (its glyph is blank: a space) or is a
        non-symbolic font that draws text on the page, none of it East Asian (a Latin text
        font's substitute covers its characters, so its glyph without an outline is a space).
        A lone glyph of a font whose characters the substitute may lack (a Chinese or a
        symbol font that is neither embedded nor installed) is not known to be blank."""
        if text.width > BLANK_EXTENT or text.height > BLANK_EXTENT or not text.font:
            return False
        font = ctypes.cast(text.font, raw.FPDF_FONT)
        face = self._faces.get(text.font) or _face_of(font)
        if face.embedded:
            return True
        if raw.FPDFFont_GetFlags(font) & SYMBOLIC_FLAG:
            return False
        if self._east_asian is None:
            self._east_asian = self._faces_drawing_east_asian()
        return self._east_asian.get(id(face)) is False

    def _faces_drawing_east_asian(self) -> dict[int, bool]:
        """Per face (by identity) that draws text on the page: whether any of it is East
        Asian. Read once per page, and only for a page with a text object of no extent."""
        drawing: dict[int, bool] = {}
        for handle, glyphs in self.by_object.items():
            font = self._fonts.get(handle)
            if font is None or not glyphs:
                continue
            wide = drawing.get(id(font.face), False) or any(
                east_asian_width(char) in WIDE for glyph in glyphs for char in glyph[0])
            drawing[id(font.face)] = wide
        return drawing

    def _copy(self, source: int, handle: int, shift: tuple[float, float]) -> None:
        dx, dtop = self.space.vector(*shift)
        self.by_object[handle] = [
            (text, x0 + dx, x1 + dx, top + dtop, bottom + dtop, size, bold)
            for text, x0, x1, top, bottom, size, bold in self.by_object.get(source, ())
        ]
        unmapped = self.unmapped_by_object.get(source, 0)
        self.unmapped_by_object[handle] = unmapped
        self.unmapped += unmapped


def _font_width(code: int, font: _Font) -> float | None:
    """The advance width of character ``code`` in thousandths of the font size, from the
    font's widths (and cached in ``font.widths``): PDFium's loose box reaches beyond the
    advance to the glyph's ink, and pdfminer's box is the advance alone. None without a font,
    or when the font has no character code for ``code``."""
    width = ctypes.c_float()
    if not (font.handle and _get_glyph_width(font.handle, code, _WIDTH_SIZE, ctypes.byref(width))):
        return None
    font.widths[code] = float(width.value)
    return font.widths[code]


def _loose_advance(text_page: Any, index: int, font: _Font, origin_x: float) -> float:
    """The advance (text space) of glyph ``index`` from PDFium's loose box: its width, unless
    the glyph's ink reaches further."""
    loose = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(text_page, index, loose)
    return float(loose.right - origin_x) / font.matrix_a if font.matrix_a else 0.0


def _char(
    text: str, origin: tuple[float, float], advance: float, font: _Font, space: _PageSpace
) -> Glyph:
    """pdfminer's box of one glyph: from its origin, ``advance`` (text space) along the
    baseline, and from the font's descent to one font size above it."""
    x, top = space.point(*origin)
    along_x, along_top = advance * font.advance[0], advance * font.advance[1]
    low_x, high_x = (along_x, 0.0) if along_x < 0 else (0.0, along_x)
    low_top, high_top = (along_top, 0.0) if along_top < 0 else (0.0, along_top)
    top_edge = top + low_top + font.box_top[0]
    bottom_edge = top + high_top + font.box_top[1]
    return (text, x + low_x + font.box_x[0], x + high_x + font.box_x[1], top_edge, bottom_edge,
            bottom_edge - top_edge, font.bold)


@dataclass(frozen=True, slots=True)
class _Face:
    """What a font gives every text object drawn in it, read once per font and page."""

    name: str  # its base font name (``ABCDEF+SimHei-Bold``), empty without a font
    bold: bool
    embedded: bool | None  # the font program is in the PDF (None without a font)
    standard_descent: float | None  # ``_standard_descent`` of the name


def _face_of(font: Any) -> _Face:
    """The face of ``font`` (an ``FPDF_FONT``, or None when PDFium has none)."""
    name = ctypes.create_string_buffer(FONT_NAME_BYTES)
    if font is not None:
        raw.FPDFFont_GetBaseFontName(font, name, FONT_NAME_BYTES)
    base_name = name.value.decode("latin-1")
    embedded = bool(raw.FPDFFont_GetIsEmbedded(font)) if font is not None else None
    return _Face(name=base_name, bold=is_bold_font(base_name), embedded=embedded,
                 standard_descent=_standard_descent(base_name))


def _font_of(
    address: int, size: float, matrix: Any, space: _PageSpace,
    widths: dict[int, dict[int, float]], faces: dict[int, _Face],
) -> _Font:
    """What the text objects drawn in the font at ``address`` (0: none), at ``size`` and with
    the text ``matrix`` (``FS_MATRIX``) share; ``widths`` and ``faces`` hold the advance
    widths and faces cached per font (by address: the page being open, an address is one
    font) on this page."""
    font = ctypes.cast(address, raw.FPDF_FONT) if address else None
    face = faces.get(address)
    if face is None:
        face = faces[address] = _face_of(font)
    descent = ctypes.c_float(0.0)  # single precision, as PDFium gives it
    if face.standard_descent is not None:
        descent.value = face.standard_descent * size / 1000
    elif font is not None:
        raw.FPDFFont_GetDescent(font, size, descent)
    # the box from the descent to one font size above it, along the text's up direction
    lower = space.vector(descent.value * matrix.c, descent.value * matrix.d)
    upper = space.vector((descent.value + size) * matrix.c, (descent.value + size) * matrix.d)
    advance = space.vector(matrix.a, matrix.b)
    box_x = (min(lower[0], upper[0]), max(lower[0], upper[0]))
    box_top = (min(lower[1], upper[1]), max(lower[1], upper[1]))
    unrotated = (space.a, space.b, space.c, space.d) == (1.0, 0.0, 0.0, -1.0)
    along_x = unrotated and advance[0] >= 0 and advance[1] == 0 and box_x == (0.0, 0.0)
    return _Font(
        handle=font,
        face=face,
        widths=widths.setdefault(address, {}),
        size=size,
        bold=face.bold,
        matrix_a=matrix.a,
        advance=advance,
        box_x=box_x,
        box_top=box_top,
        upright=(advance[0] * size / 1000, space.e, space.f, *box_top) if along_x else None,
    )


def _standard_descent(base_name: str) -> float | None:
    """pdfminer's descent (thousandths of the font size) of a font it knows by name (the
    standard 14 and their aliases: ``Helvetica``, ``Arial,Bold``…), whose metrics it takes
    from its own table rather than the PDF; None for another font."""
    if base_name.split(",")[0].split("-")[0] not in STANDARD_FAMILIES:
        return None
    from pdfminer.fontmetrics import FONT_METRICS  # pdfplumber's; loaded for these fonts only

    descent = FONT_METRICS[base_name][0].get("Descent") if base_name in FONT_METRICS else None
    return -abs(float(descent)) if isinstance(descent, int | float) else None


@dataclass(frozen=True, slots=True)
class _TextObject:
    """A text object of a page or form: its handle, font (its address, 0 for none), position
    (``x``, ``y`` in its holder's space), font size and the width and height of its bounds."""

    handle: int
    font: int
    x: float
    y: float
    font_size: float
    width: float
    height: float


#: The linear part ``(a, b, c, d)`` of a PDF matrix.
_Linear = tuple[float, float, float, float]


@dataclass(slots=True)
class _Holder:
    """The text objects of a page or of one form XObject on it, in drawing order (their
    addresses, ``handles``); ``form`` maps vectors of the holder's space to the
    page's. Their positions and bounds are only read (``texts``) where PDFium dropped one."""

    handles: list[int]  # the text objects' addresses (FPDF_PAGEOBJECT)
    form: _Linear

    def texts(self) -> list[_TextObject]:
        matrix = raw.FS_MATRIX()
        size = ctypes.c_float()
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        texts = []
        for handle in self.handles:
            obj = ctypes.cast(handle, raw.FPDF_PAGEOBJECT)
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            raw.FPDFTextObj_GetFontSize(obj, size)
            raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            texts.append(_TextObject(
                handle=handle, font=_text_object_font(ctypes.c_void_p(handle)) or 0, x=matrix.e,
                y=matrix.f, font_size=size.value, width=right.value - left.value,
                height=top.value - bottom.value,
            ))
        return texts

    def vector(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d = self.form
        return a * x + c * y, b * x + d * y


def _holders(page: Any) -> list[_Holder]:
    """The page's text objects, and those of its form XObjects (nested), holder by holder."""
    holders: list[_Holder] = []
    matrix = raw.FS_MATRIX()
    text_kind, form_kind = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_FORM

    def walk(count: int, get: Callable[[int], int | None], form: _Linear) -> None:
        holder = _Holder([], form)
        holders.append(holder)
        handles = holder.handles
        for index in range(count):
            address = get(index) or 0
            kind = _object_type(ctypes.c_void_p(address))
            if kind == text_kind:
                handles.append(address)
            elif kind == form_kind:
                obj = ctypes.cast(address, raw.FPDF_PAGEOBJECT)
                raw.FPDFPageObj_GetMatrix(obj, matrix)
                a, b, c, d = form
                inner = (matrix.a * a + matrix.b * c, matrix.a * b + matrix.b * d,
                         matrix.c * a + matrix.d * c, matrix.c * b + matrix.d * d)
                walk(raw.FPDFFormObj_CountObjects(obj),
                     partial(_form_object, ctypes.c_void_p(address)), inner)

    walk(raw.FPDFPage_CountObjects(page), partial(_page_object, page), (1.0, 0.0, 0.0, 1.0))
    return holders


def _repeated(before: list[_TextObject], dropped: _TextObject) -> _TextObject | None:
    """The text object that ``dropped`` repeats, of those drawn just ``before`` it: the
    nearest one of the same font size and the same bounds (PDFium also compares the glyphs,
    which its API does not show). None for an object PDFium skipped for another reason
    (empty, or of no width)."""
    tolerance = REPEAT_TOLERANCE * max(dropped.width, dropped.height, 1.0)
    same = [
        (abs(text.x - dropped.x) + abs(text.y - dropped.y), at, text)
        for at, text in enumerate(before)
        if text.font_size == dropped.font_size and dropped.width > tolerance
        and abs(text.width - dropped.width) <= tolerance
        and abs(text.height - dropped.height) <= tolerance
    ]
    return min(same)[2] if same else None
