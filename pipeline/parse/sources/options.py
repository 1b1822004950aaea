"""How PDF editions are read: which engine reads a page's text layer, and when OCR reads a page
from its image instead. Light on purpose: the CLI builds its options from these tables without
loading any PDF library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DEFAULT_OCR_MODE", "DEFAULT_PDF_ENGINE", "OCR_MODES", "PDF_ENGINES", "OcrMode", "PdfEngine",
    "ReadOptions",
]  # fmt: skip

#: ``pdfium`` (pypdfium2's character boxes, the fast path) or ``pdfplumber`` (the reference
#: path: same lines, several times slower; kept to check the fast one against).
PdfEngine = Literal["pdfium", "pdfplumber"]
PDF_ENGINES: tuple[PdfEngine, ...] = ("pdfium", "pdfplumber")
DEFAULT_PDF_ENGINE: PdfEngine = "pdfium"

#: ``auto``: OCR only the pages without text; ``always``: OCR every page, ignoring any text
#: layer (a scan whose hidden text layer is wrong); ``never``: refuse pages without text.
OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[OcrMode, ...] = ("auto", "always", "never")
DEFAULT_OCR_MODE: OcrMode = "auto"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a PDF edition (text exports and Word documents ignore it)."""

    pdf_engine: PdfEngine = DEFAULT_PDF_ENGINE
    ocr: OcrMode = DEFAULT_OCR_MODE

    def __post_init__(self) -> None:
        if self.pdf_engine not in PDF_ENGINES:
            raise ValueError(f"unknown PDF engine {self.pdf_engine!r}; one of {PDF_ENGINES}")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"unknown OCR mode {self.ocr!r}; one of {OCR_MODES}")
