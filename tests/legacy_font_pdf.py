"""Write catalog PDFs the way Chinese government offices' legacy tools do: in a GB-coded font.

The text is GBK bytes shown with a simple TrueType font that is not embedded and has no
``/ToUnicode`` map, named as Windows names its Chinese fonts (``仿宋_GB2312``, the name itself
GBK bytes). PDFium knows such a font by its name and decodes GBK; pdfminer (pdfplumber) takes
every byte for a Latin-1 character (``Ä¿¡¡Â¼`` for ``目　录``). With an ASCII name
(``FangSong_GB2312``) neither engine can tell. Written by hand: reportlab always writes a
Unicode mapping. ``legacy_renderer`` plugs into ``tests.pdf_factory.build_catalog_pdf``.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from tests.pdf_factory import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PLAIN,
    Placed,
    Renderer,
    build_catalog_pdf,
    pdf_bytes,
)

__all__ = ["ASCII_NAME", "GBK_NAME", "legacy_renderer", "write_unknown_legacy_font_pdf"]

#: 仿宋_GB2312 in GBK, as a PDF name: what PDFium recognises as a GB2312 font.
GBK_NAME = "仿宋_GB2312"
#: The same font under an ASCII name: neither engine knows it is GB-coded.
ASCII_NAME = "FangSong_GB2312"
#: The overstrike that fakes bold, as ``tests.pdf_factory`` draws it (points).
BOLD_SHIFT = 0.3


def _pdf_name(name: str) -> bytes:
    """``name`` in GBK as a PDF name token, bytes outside printable ASCII as ``#XX``."""
    return b"".join(
        bytes([byte]) if 0x21 <= byte <= 0x7E and byte not in b"#/()<>[]{}%" else b"#%02X" % byte
        for byte in name.encode("gbk")
    )


def _show(item: Placed, shift: float = 0.0) -> bytes:
    baseline = PAGE_HEIGHT - item.top - item.size
    codes = item.text.encode("gbk").hex().upper().encode()
    return b"BT /F1 %.2f Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj ET\n" % (
        item.size, item.x + shift, baseline, codes)


def _content(items: Sequence[Placed]) -> bytes:
    drawn = []
    for item in items:
        drawn.append(_show(item))
        if item.bold:
            drawn.append(_show(item, BOLD_SHIFT))
    return b"".join(drawn)


@cache
def legacy_renderer(font_name: str = GBK_NAME) -> Renderer:
    """A ``tests.pdf_factory.Renderer`` writing every page in the legacy font ``font_name``
    (one function per name, so ``build_catalog_pdf`` caches each rendering once)."""
    name = _pdf_name(font_name)

    def render(path: Path, pages: Sequence[Sequence[Placed]]) -> None:
        widths = b" ".join(b"500" for _ in range(32, 256))  # GBK: two bytes per Chinese glyph
        objects: list[bytes] = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"",  # the page tree, once the pages' numbers are known
            b"<< /Type /Font /Subtype /TrueType /BaseFont /" + name + b" /FirstChar 32 "
            b"/LastChar 255 /Widths [" + widths + b"] /Encoding /WinAnsiEncoding "
            b"/FontDescriptor 4 0 R >>",
            b"<< /Type /FontDescriptor /FontName /" + name + b" /Flags 6 "
            b"/FontBBox [-8 -145 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 "
            b"/CapHeight 859 /StemV 50 >>",
        ]
        kids = []
        for items in pages:
            stream = zlib.compress(_content(items))
            objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
                           + stream + b"\nendstream")  # fmt: skip
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                % (PAGE_WIDTH, PAGE_HEIGHT, len(objects))
            )
            kids.append(b"%d 0 R" % len(objects))
        objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
        path.write_bytes(pdf_bytes(objects))

    return render


def write_unknown_legacy_font_pdf(path: Path) -> Path:
    """The bundled edition in the legacy font under its ASCII name: text no engine decodes."""
    return build_catalog_pdf(path, PLAIN, render=legacy_renderer(ASCII_NAME)).path
