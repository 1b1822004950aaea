"""A Chinese font the PDF does not embed is drawn from whatever font the machine has: PDFium
prefers AR PL UMing on Linux (``make fonts``), else takes Noto CJK. Which one it takes changes
its speed (UMing's TrueType outlines are measured several times faster than Noto's CFF ones),
never the text: the PDFium engine gives the same pages either way.

Each reading runs in its own process, whose PDFium is started with one font folder only (the
folder ``fc-match`` finds the face in), so both substitutes are tried on one machine."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdf_factory import BuiltPdf

pytestmark = pytest.mark.xdist_group("pdf")

#: The faces PDFium may substitute for the fixtures' STSong-Light, as fontconfig names them.
UMING, NOTO = "AR PL UMing CN", "Noto Serif CJK SC"

#: Run in a fresh process: PDFium restarted with the one font folder given, then the engine's
#: pages of the PDF and the family of the face PDFium drew its first text object from.
_READ_WITH_FONTS = """
import ctypes, json, sys
from pathlib import Path
import pypdfium2, pypdfium2.raw as raw
folder, pdf = sys.argv[1], sys.argv[2]
raw.FPDF_DestroyLibrary()
config = raw.FPDF_LIBRARY_CONFIG()
config.version = 2
name = ctypes.create_string_buffer(folder.encode())
paths = (ctypes.POINTER(ctypes.c_char) * 2)(ctypes.cast(name, ctypes.POINTER(ctypes.c_char)), None)
config.m_pUserFontPaths = paths
raw.FPDF_InitLibraryWithConfig(ctypes.byref(config))
from pipeline.parse.sources.pdfium import PdfiumDocument
document = pypdfium2.PdfDocument(pdf)
page = document[0]
text = next(page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,)))
family = ctypes.create_string_buffer(256)
raw.FPDFFont_GetFamilyName(raw.FPDFTextObj_GetFont(text.raw), family, 256)
document.close()
with PdfiumDocument(Path(pdf)) as engine:
    pages = [engine.read_page(index) for index in range(engine.page_count)]
print(json.dumps({"family": family.value.decode(), "lines": [
    [line.text, line.page, line.x0, line.x1, line.top, line.bottom, line.size, line.bold]
    for page in pages for line in page.lines]}))
"""


def _font_folder(face: str) -> str | None:
    """The folder of the font file fontconfig has for ``face``; None when it has no such face."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{family}|%{file}", face], capture_output=True,
                           text=True, check=False).stdout  # fmt: skip
    families, _, file = found.partition("|")
    return str(Path(file).parent) if face in families.split(",") else None


def _read(folder: str, pdf: Path) -> tuple[str, list[list[object]]]:
    """The substitute face's family and the engine's lines of ``pdf`` with fonts from
    ``folder`` only."""
    done = subprocess.run([sys.executable, "-c", _READ_WITH_FONTS, folder, str(pdf)],
                          capture_output=True, text=True, check=True, timeout=300)  # fmt: skip
    read = json.loads(done.stdout)
    return str(read["family"]), list(read["lines"])


def test_the_substitute_face_changes_no_line(catalog_pdfs: dict[str, BuiltPdf]) -> None:
    folders = {face: _font_folder(face) for face in (UMING, NOTO)}
    missing = [face for face, folder in folders.items() if folder is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (make fonts; fonts-noto-cjk)")
    pdf = catalog_pdfs["book"].path
    uming, by_uming = _read(str(folders[UMING]), pdf)
    noto, by_noto = _read(str(folders[NOTO]), pdf)
    assert (uming, noto.startswith("Noto Serif CJK")) == (UMING, True)
    assert len(by_uming) == 1026
    assert by_uming == by_noto
    texts = [line[0] for line in by_uming]
    assert texts[:2] == ["厦门市海沧区政务信息共享资源目录", "海沧区社会治理联动中心"]
