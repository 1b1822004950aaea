"""Scanned PDFs made from the project's own PDF fixtures: chosen pages are drawn at 150 dpi in
greyscale, turned a little and speckled with noise, and put back as images without a text
layer, as a photocopier's scan of the printed catalog would be. A ``ScanStyle`` names other
scanners: ``OFFICE_SCANNER`` (200 dpi, 0.7° skew, grey paper, JPEG quality 60), and print whose
headings are set larger than the body is drawn in the face's bold weight (``bold_from``).

The fixtures name their font (reportlab's STSong-Light) without embedding it, so a PDF renderer
substitutes whatever CJK face the machine has: with fonts-noto-cjk, pdfium picks the Japanese
face, whose 门 and 入 are not the shapes a Chinese catalog prints. So a page is drawn glyph by
glyph from its text layer (each character at its origin and size) in a Chinese Song face (Noto
Serif CJK SC), as the catalog was printed, and then scanned."""

from __future__ import annotations

import ctypes
import subprocess
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw, ImageFont

#: The scan's resolution, its skew (degrees) and its noise (grey levels, standard deviation).
SCAN_DPI = 150
SCAN_ANGLE = 0.4
SCAN_NOISE = 8.0




@dataclass(frozen=True, slots=True)
class ScanStyle:
    """How a page is printed and scanned: resolution, skew (degrees), noise (grey levels,
    standard deviation), the paper's grey (255 white), JPEG quality (None: stored losslessly),
    the font size (points) from which characters are printed bold (None: none are) and the
    seed of its noise (page ``i``, 0-based, is speckled with seed ``seed + i``)."""

    name: str = "photocopier"
    dpi: int = SCAN_DPI
    angle: float = SCAN_ANGLE
    noise: float = SCAN_NOISE
    paper: int = 255
    jpeg_quality: int | None = None
    bold_from: float | None = None
    seed: int = 0


#: The default scan: 150 dpi greyscale, 0.4° skew, noise, white paper.
PHOTOCOPIER = ScanStyle()
#: An office scanner's scan as issue 24 describes it: 200 dpi, 0.7° skew, grey (recycled)
#: paper, stronger noise, saved as JPEG of quality 60.
OFFICE_SCANNER = ScanStyle("office scanner", dpi=200, angle=0.7, noise=10.0, paper=226,
                           jpeg_quality=60)  # fmt: skip
#: A second photocopier, so that no threshold of the OCR checks rests on one scanner's pages:
#: the page turned the other way and further (1.1°), at 170 dpi, with other noise.
TILTED_COPIER = ScanStyle("tilted photocopier", dpi=170, angle=-1.1, noise=9.0, seed=1000)
#: The scanners ``bench.ocr_scans`` names its fixtures by.
SCANNERS: dict[str, ScanStyle] = {
    style.name: style for style in (PHOTOCOPIER, OFFICE_SCANNER, TILTED_COPIER)
}


#: The printed catalog's face: a Chinese Song (宋体-like) font, found with fontconfig.
PRINT_FACE = "Noto Serif CJK SC"


@cache
def _face_file(weight: str = "regular") -> tuple[str, int]:
    found = subprocess.run(["fc-match", "-f", "%{file}|%{index}", f"{PRINT_FACE}:{weight}"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    file, index = found.split("|")
    if PRINT_FACE.split()[0] not in file.replace("-", " ") and "Noto" not in file:
        raise RuntimeError(f"{PRINT_FACE} is not installed (Debian: fonts-noto-cjk)")
    return file, int(index)


@cache
def _font(pixels: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    file, index = _face_file("bold" if bold else "regular")
    return ImageFont.truetype(file, pixels, index=index)


def printed_page(page: pdfium.PdfPage, dpi: int, bold_from: float | None = None) -> Image.Image:
    """The page as printed: each character of its text layer drawn at its size, centred in
    the cell its font gives it (its advance width, from the PDF's widths), as a printer sets a
    glyph of one font in that font's own advance. Drawing it at the origin instead would let a
    wide Latin glyph of the substitute face run into the space after it, which no print does.
    The cell is not PDFium's loose box, which reaches to the ink of whatever face the machine
    substitutes (Noto CJK, AR PL UMing): the same PDF must scan alike on every machine.
    Characters of ``bold_from`` points or more are drawn in the face's bold weight, once (a
    fixture's overstruck heading repeats each glyph 0.3 pt to the right)."""
    width, height = page.get_size()
    scale = dpi / 72
    image = Image.new("L", (round(width * scale), round(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    text = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    advance = ctypes.c_float()
    drawn: set[tuple[str, int, int]] = set()
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if not char.strip() or pdfium_c.FPDFText_IsGenerated(text.raw, index) == 1:
            continue
        pdfium_c.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
        size = pdfium_c.FPDFText_GetFontSize(text.raw, index)
        bold = bold_from is not None and size >= bold_from
        if bold:  # an overstruck glyph is printed once, in the bold face
            where = (char, round(x.value), round(y.value))
            if where in drawn:
                continue
            drawn.add(where)
        font = _font(round(size * scale), bold)
        left = x.value * scale
        face = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(text.raw, index))
        if face and pdfium_c.FPDFFont_GetGlyphWidth(face, ord(char), size, ctypes.byref(advance)):
            left += (advance.value * scale - font.getlength(char)) / 2
        draw.text((left, (height - y.value) * scale), char, fill=0, font=font, anchor="ls")
    text.close()
    return image


def scan_image(page: pdfium.PdfPage, style: ScanStyle, seed: int) -> Image.Image:
    """One page as a scanner of ``style`` sees the printed page: greyscale at its dpi, on its
    paper, skewed, noisy, and through JPEG when the style says so."""
    image = printed_page(page, style.dpi, style.bold_from)
    image = image.rotate(style.angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32) * (style.paper / 255)
    pixels += np.random.default_rng(seed).normal(0.0, style.noise, pixels.shape)
    scanned = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    if style.jpeg_quality is None:
        return scanned
    buffer = BytesIO()
    scanned.save(buffer, format="JPEG", quality=style.jpeg_quality)
    return Image.open(BytesIO(buffer.getvalue())).convert("L")


def write_scanned_copy(
    source: Path,
    target: Path,
    pages: Collection[int] | None = None,
    *,
    style: ScanStyle = PHOTOCOPIER,
) -> Path:
    """``source`` with its pages ``pages`` (1-based; default: all) replaced by scans of them
    (``style``); the other pages keep their text layer (a mixed PDF)."""
    original = pdfium.PdfDocument(str(source))
    copy = pdfium.PdfDocument.new()
    try:
        for index in range(len(original)):
            if pages is not None and index + 1 not in pages:
                copy.import_pages(original, [index])
                continue
            page = original[index]
            width, height = page.get_size()
            image = scan_image(page, style, seed=style.seed + index)
            page.close()
            blank = copy.new_page(width, height)
            picture = pdfium.PdfImage.new(copy)
            bitmap = pdfium.PdfBitmap.from_pil(image)
            picture.set_bitmap(bitmap)
            picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
            blank.insert_obj(picture)
            blank.gen_content()
            bitmap.close()
            blank.close()
        copy.save(str(target))
    finally:
        copy.close()
        original.close()
    return target
