"""Typeset a text edition as a catalog PDF, in the layouts real editions use, and write bad PDFs.

The PDF source is tested against the text source: the same logical content, typeset and read
back, must give the same tables. This module takes the content of a text edition (cleaned lines:
headings, parts, labels and paragraphs), re-wraps it to a layout's width with reportlab's built-in
CJK font (no font file needed), records on which pages each entry landed, and also writes the
broken files an ingest must refuse. Every size and path is a parameter, so benchmarks can use it.
"""

from __future__ import annotations

import atexit
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import cn2an
import regex as re
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from normalizers.numerals import CN_NUMERAL_CHARS
from pipeline.parse.cleaning import clean_lines, clean_text, is_page_number, join_wrapped
from pipeline.parse.segmentation import is_part, match_label, split_entries
from pipeline.parse.sources.text import paginate
from pipeline.parse.toc import LEADER_PAGE, is_toc_title

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PAGE_WIDTH, PAGE_HEIGHT = A4
SEED = Path(__file__).resolve().parent.parent / "raw" / "haicang-catalog.txt"
CATALOG_TITLE = "厦门市海沧区政务信息共享资源目录"
COVER_LINES = (CATALOG_TITLE, "海沧区社会治理联动中心", "二〇二一年三月")

_HEADING = re.compile(rf"[{CN_NUMERAL_CHARS}]+\s*、\s*(?P<title>[^，。；：:]{{1,60}})")
_PARAGRAPH_START = re.compile(r"[（(]\d+[）)]|《")
_ALNUM = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Layout:
    """How a catalog is typeset: measures in points, decorations, where entries start."""

    name: str
    text_width: float = 451.0
    font_size: float = 11.0
    heading_size: float = 11.0
    leading: float = 1.6  # line height as a multiple of the font size
    bold_headings: bool = False  # overstruck (drawn twice), as word processors fake bold
    cover: bool = False
    toc: bool = False
    running_header: str | None = None
    page_number: str | None = None  # e.g. "- {n} -" or "第 {n} 页 共 {total} 页" (body pages)
    page_number_at_top: bool = False
    entry_per_page: bool = False
    run_in_labels: bool = False  # "1. 资源名称：政务云平台" on one line
    margin_left: float = 72.0
    margin_top: float = 90.0
    margin_bottom: float = 90.0


#: (a) plain flowing text; (b) a book: cover, TOC, running header, "- N -" footers;
#: (c) narrow measure, large bold headings that wrap, each entry on a new page.
PLAIN = Layout("plain")
BOOK = Layout(
    "book", cover=True, toc=True, running_header=CATALOG_TITLE, page_number="- {n} -"
)
DISPLAY = Layout(
    "display", text_width=280.0, heading_size=20.0, bold_headings=True, entry_per_page=True,
    page_number="第 {n} 页", page_number_at_top=True, run_in_labels=True,
)
LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (PLAIN, BOOK, DISPLAY)}


@dataclass(frozen=True)
class Block:
    """One logical unit of an entry: ``heading``, ``part``, ``label`` or ``para``."""

    kind: str
    text: str
    entry: int


@dataclass(frozen=True)
class Placed:
    """A line of text placed on a page (``top`` measured from the page's top edge)."""

    text: str
    x: float
    top: float
    size: float
    bold: bool = False


@dataclass
class PageSpec:
    kind: str  # "cover" | "toc" | "body"
    items: list[Placed] = field(default_factory=list)


@dataclass(frozen=True)
class BuiltPdf:
    """What was written: the file, its page count, and where each entry landed."""

    path: Path
    pages: int
    front_pages: int  # cover + table of contents
    entry_pages: tuple[tuple[int, int], ...]  # (first, last) 1-based PDF page of entry 1, 2…
    toc_titles: tuple[str, ...]


def catalog_blocks(text: str) -> list[Block]:
    """The logical content of a text edition; wrapped lines re-joined into paragraphs."""
    blocks: list[Block] = []
    for entry in split_entries(clean_lines(paginate(text))):
        blocks.append(Block("heading", entry.lines[0].text, entry.seq))
        for line in entry.lines[1:]:
            kind, last = _kind(line.text), blocks[-1]
            if kind == last.kind == "para" and not _PARAGRAPH_START.match(line.text):
                blocks[-1] = replace(last, text=join_wrapped([last.text, line.text]))
            else:
                blocks.append(Block(kind, line.text, entry.seq))
    return blocks


def _kind(text: str) -> str:
    if is_part(text):
        return "part"
    return "label" if match_label(text) else "para"


def _width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, size))


def _longest_fit(text: str, size: float, limit: float) -> int:
    """The most leading characters of ``text`` no wider than ``limit``: a binary search, since
    a longer prefix is never narrower (the widths of every prefix made PDFs slow to build)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(text[:middle], size) <= limit:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        raise ValueError(f"{text[:1]!r} is wider than {limit} points")
    return low


def _looks_structural(line: str) -> bool:
    """A wrapped line must not read as a heading, part, label, page number or TOC line."""
    text = clean_text(line)
    return bool(
        is_page_number(text) or _HEADING.fullmatch(text) or is_part(text)
        or match_label(text) or LEADER_PAGE.search(text) or is_toc_title(text)
    )


def _break_at(text: str, cut: int) -> int | None:
    """Characters to skip when breaking before ``cut`` (0, or 1 for a space), None if the break
    would change the joined text: ``join_wrapped`` adds a space only between two Latin words."""
    before, after = text[cut - 1], text[cut]
    if after == " ":
        following = text[cut + 1 : cut + 2]
        joins = _ALNUM.match(before) and _ALNUM.match(following)
        return 1 if joins else None
    if before == " " or (_ALNUM.match(before) and _ALNUM.match(after)):
        return None
    return 0


def wrap_text(text: str, width: float, size: float, first_width: float | None = None) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (the first: ``first_width``) such that
    ``join_wrapped`` gives the text back and no continuation line looks structural."""
    lines: list[str] = []
    rest = text
    while _width(rest, size) > (limit := first_width or width if not lines else width):
        fit = _longest_fit(rest, size, limit)
        for cut in range(fit, 0, -1):
            skip = _break_at(rest, cut)
            if skip is not None and (not lines or not _looks_structural(rest[:cut])):
                break
        else:
            raise ValueError(f"cannot wrap {text!r} to {width} points")
        lines.append(rest[:cut])
        rest = rest[cut + skip :]
    if lines and _looks_structural(rest):
        raise ValueError(f"wrapping {text!r} leaves a structural-looking line {rest!r}")
    return [*lines, rest]


class _BodyPlanner:
    """Places blocks on body pages top to bottom, remembering each entry's pages."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.pages: list[PageSpec] = []
        self.top = 0.0
        self.entry_pages: dict[int, list[int]] = {}
        self.headings: dict[int, str] = {}  # entry → its heading as one line

    def _line_height(self, size: float) -> float:
        return size * self.layout.leading

    def new_page(self) -> None:
        self.pages.append(PageSpec("body"))
        self.top = self.layout.margin_top

    def _room(self, height: float) -> bool:
        return bool(self.pages) and self.top + height <= PAGE_HEIGHT - self.layout.margin_bottom

    def place(self, lines: Sequence[str], entry: int, size: float, indent: float = 0.0,
              bold: bool = False) -> None:
        for number, text in enumerate(lines):
            if not self._room(self._line_height(size)):
                self.new_page()
            x = self.layout.margin_left + (indent if number == 0 else 0.0)
            self.pages[-1].items.append(Placed(text, x, self.top, size, bold))
            self.top += self._line_height(size)
            pages = self.entry_pages.setdefault(entry, [])
            pages.append(len(self.pages))

    def add(self, block: Block, run_in: Block | None = None) -> None:
        layout, size = self.layout, self.layout.font_size
        if block.kind == "heading":
            self._start_entry()
            self.headings[block.entry] = block.text
            lines = wrap_text(block.text, layout.text_width, layout.heading_size)
            self.place(lines, block.entry, layout.heading_size, bold=layout.bold_headings)
        elif run_in is not None:
            self.place(wrap_text(f"{block.text}：{run_in.text}", layout.text_width, size),
                       block.entry, size)
        elif block.kind == "para":
            first = layout.text_width - 2 * size  # Chinese paragraphs indent two characters
            self.place(wrap_text(block.text, layout.text_width, size, first), block.entry,
                       size, indent=2 * size)
        else:
            self.place(wrap_text(block.text, layout.text_width, size), block.entry, size)

    def _start_entry(self) -> None:
        at_top = bool(self.pages) and self.top == self.layout.margin_top
        if not self.pages or (self.layout.entry_per_page and not at_top):
            self.new_page()
        elif not self._room(4 * self._line_height(self.layout.font_size)):
            self.new_page()  # keep a heading with what follows it
        elif not at_top:
            self.top += self._line_height(self.layout.font_size) / 2


def _plan_blocks(planner: _BodyPlanner, blocks: Sequence[Block]) -> None:
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        run_in = (
            following
            if planner.layout.run_in_labels and block.kind == "label" and following is not None
            and following.kind == "para" and following.entry == block.entry
            else None
        )
        planner.add(block, run_in)
        index += 2 if run_in is not None else 1


def _toc_pages(entries: Sequence[tuple[str, int]], layout: Layout) -> list[PageSpec]:
    """Table-of-contents pages: ``一、政务云平台 ........ 3`` with right-aligned page numbers."""
    size, right = layout.font_size, layout.margin_left + layout.text_width
    height = size * layout.leading
    pages = [PageSpec("toc", [Placed("目  录", layout.margin_left + 180, layout.margin_top, 16)])]
    top = layout.margin_top + 2 * height
    for heading, page in entries:
        if top + height > PAGE_HEIGHT - layout.margin_bottom:
            pages.append(PageSpec("toc"))
            top = layout.margin_top
        number = str(page)
        start = layout.margin_left + _width(heading, size) + size / 2
        end = right - _width(number, size) - size / 2
        dots = "." * int((end - start) / _width(".", size))
        pages[-1].items += [
            Placed(heading, layout.margin_left, top, size),
            Placed(dots, start, top, size),
            Placed(number, right - _width(number, size), top, size),
        ]
        top += height
    return pages


def _cover_page() -> PageSpec:
    sizes = (26.0, 16.0, 14.0)
    items = [
        Placed(text, (PAGE_WIDTH - _width(text, size)) / 2, top, size)
        for text, size, top in zip(COVER_LINES, sizes, (300.0, 520.0, 560.0), strict=True)
    ]
    return PageSpec("cover", items)


def _draw(canvas: Canvas, item: Placed) -> None:
    canvas.setFont(FONT, item.size)
    baseline = PAGE_HEIGHT - item.top - item.size
    canvas.drawString(item.x, baseline, item.text)
    if item.bold:  # overstrike: the same glyphs again 0.3 pt to the right
        canvas.drawString(item.x + 0.3, baseline, item.text)


def page_items(pages: Sequence[PageSpec], layout: Layout, front: int) -> list[list[Placed]]:
    """What each page draws, in order: its running header and page number as ``layout``
    asks (``front`` pages before the body), then its own items."""
    drawn = []
    for index, page in enumerate(pages, start=1):
        items = []
        if page.kind != "cover" and layout.running_header:
            items.append(Placed(layout.running_header, layout.margin_left, 40.0, 9.0))
        if page.kind == "body" and layout.page_number:
            text = layout.page_number.format(n=index - front, total=len(pages) - front)
            top = 40.0 if layout.page_number_at_top else PAGE_HEIGHT - 50.0
            x = layout.margin_left + layout.text_width - _width(text, 9.0)
            items.append(Placed(text, x, top, 9.0))
        drawn.append([*items, *page.items])
    return drawn


#: Writes the PDF at a path from what each page draws (``page_items``).
Renderer = Callable[[Path, Sequence[Sequence[Placed]]], None]


def _render(path: Path, pages: Sequence[Sequence[Placed]]) -> None:
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    for items in pages:
        for item in items:
            _draw(canvas, item)
        canvas.showPage()
    canvas.save()


def _write(path: Path, planner: _BodyPlanner, toc_extra: Sequence[str] = (),
           render: Renderer = _render) -> BuiltPdf:  # fmt: skip
    """Render the planned body behind its cover and TOC (as the layout asks) to ``path``."""
    layout = planner.layout
    spans = [(pages[0], pages[-1]) for _, pages in sorted(planner.entry_pages.items())]
    headings = [planner.headings[seq] for seq in sorted(planner.headings)]
    listed = [*zip(headings, (first for first, _ in spans), strict=True),
              *((extra, spans[-1][1]) for extra in toc_extra)]
    front_pages = ([_cover_page()] if layout.cover else []) + (
        _toc_pages(listed, layout) if layout.toc else [])
    front = len(front_pages)
    render(path, page_items([*front_pages, *planner.pages], layout, front))
    titles = tuple(_heading_title(text) for text, _ in listed) if layout.toc else ()
    return BuiltPdf(
        path=path,
        pages=front + len(planner.pages),
        front_pages=front,
        entry_pages=tuple((first + front, last + front) for first, last in spans),
        toc_titles=titles,
    )


#: PDFs built in this process, by what was asked: a private copy of each and its ``BuiltPdf``.
_BUILT: dict[tuple[object, ...], BuiltPdf] = {}
_KEPT: list[Path] = []


def _once(key: tuple[object, ...], path: Path, build: Callable[[], BuiltPdf]) -> BuiltPdf:
    """``build()`` the first time ``key`` is asked for in this process; afterwards a copy of
    the file it wrote (rendering is deterministic, ``invariant=True``: the same bytes) at
    ``path``. A 500-page catalog takes seconds to typeset and several tests ask for one."""
    kept = _BUILT.get(key)
    if kept is not None:
        shutil.copyfile(kept.path, path)
        return replace(kept, path=path)
    built = build()
    if not _KEPT:
        _KEPT.append(Path(tempfile.mkdtemp(prefix="pdf-factory-")))
        atexit.register(shutil.rmtree, _KEPT[0], ignore_errors=True)
    private = _KEPT[0] / f"{len(_BUILT)}.pdf"
    shutil.copyfile(built.path, private)
    _BUILT[key] = replace(built, path=private)
    return built


def _heading_title(heading: str) -> str:
    found = _HEADING.fullmatch(heading)
    if found is None:
        raise ValueError(f"not a heading: {heading!r}")
    return str(found.group("title")).strip()


def build_catalog_pdf(
    path: Path, layout: Layout = PLAIN, *, text: str | None = None, toc_extra: Sequence[str] = (),
    render: Renderer = _render,
) -> BuiltPdf:
    """Typeset a text edition (default: the bundled one) as a PDF at ``path``.

    ``toc_extra`` lists headings (``二十七、…``) the table of contents has but the body has not.
    ``render`` writes the file (default: reportlab, in ``FONT``; ``tests.legacy_font_pdf``
    writes it in a legacy GB-coded font).
    """
    def build() -> BuiltPdf:
        planner = _BodyPlanner(layout)
        _plan_blocks(planner, catalog_blocks(text if text is not None else SEED.read_text("utf-8")))
        return _write(path, planner, toc_extra, render)

    return _once(("catalog", layout, text, tuple(toc_extra), render), path, build)


def build_blocks_pdf(path: Path, blocks: Sequence[Block], layout: Layout = PLAIN) -> BuiltPdf:
    """Typeset ``blocks`` (an edition another template writes, read by its own rules) as a
    PDF at ``path``."""
    planner = _BodyPlanner(layout)
    _plan_blocks(planner, blocks)
    return _write(path, planner)


def renumbered_entries(blocks: Sequence[Block], rounds: int) -> Iterator[list[Block]]:
    """The edition's entries repeated ``rounds`` times, numbered on (二十七、…) and with unique
    names (``政务云平台第2批``), one entry's blocks at a time."""
    entries = sorted({block.entry for block in blocks})
    for round_ in range(rounds):
        for entry in entries:
            seq = round_ * len(entries) + entry
            suffix = f"第{round_ + 1}批" if round_ else ""
            yield list(_renamed([b for b in blocks if b.entry == entry], seq, suffix))


def _renamed(blocks: Sequence[Block], seq: int, suffix: str) -> Iterator[Block]:
    previous: Block | None = None
    for block in blocks:
        text = block.text
        if block.kind == "heading":
            text = f"{cn2an.an2cn(seq)}、{_heading_title(text)}{suffix}"
        elif previous is not None and previous.kind == "label" and match_label(
                previous.text) == ("name", ""):
            text += suffix
        yield Block(block.kind, text, seq)
        previous = block


def build_big_catalog_pdf(
    path: Path, pages: int, layout: Layout = PLAIN, *, text: str | None = None
) -> BuiltPdf:
    """A catalog of at least ``pages`` pages (whole entries, so up to one entry more), made by
    repeating the edition's entries with consecutive numbers and unique names."""
    def build() -> BuiltPdf:
        blocks = catalog_blocks(text if text is not None else SEED.read_text("utf-8"))
        planner = _BodyPlanner(layout)
        for entry in renumbered_entries(blocks, rounds=pages):
            if len(planner.pages) >= pages - (1 if layout.cover else 0):
                break
            _plan_blocks(planner, entry)
        return _write(path, planner)

    return _once(("big", pages, layout, text), path, build)


def write_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scanned' PDF: every page one image of text-like bars, no text layer."""
    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    for row in range(20):
        draw.rectangle((60, 80 + row * 35, 560 - (row % 3) * 90, 95 + row * 35), fill=30)
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    for _ in range(pages):
        canvas.drawImage(ImageReader(image), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
        canvas.showPage()
    canvas.save()
    return path


def write_truncated_pdf(path: Path) -> Path:
    """The first half of the bytes of a valid catalog PDF, as an interrupted download leaves."""
    build_catalog_pdf(path, PLAIN)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def write_random_pdf(path: Path, size: int = 4096, seed: int = 7) -> Path:
    """Random bytes under a ``.pdf`` name."""
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def write_encrypted_pdf(path: Path, user_password: str = "secret") -> Path:
    """A small catalog page that only opens with a password."""
    encryption = StandardEncryption(user_password, ownerPassword="owner-" + user_password)
    canvas = Canvas(str(path), pagesize=A4, encrypt=encryption)
    canvas.setFont(FONT, 11)
    canvas.drawString(72, 760, "一、政务云平台")
    canvas.showPage()
    canvas.save()
    return path


def write_unmapped_pdf(path: Path, glyphs: int = 40) -> Path:
    """A PDF whose font maps its glyphs to no characters: text extraction gives ``(cid:1)``…

    Written by hand, because reportlab always writes the Unicode mapping.
    """
    codes = b"".join(b"%04X" % (number + 1) for number in range(glyphs))
    return write_objects_pdf(path, b"BT /F1 12 Tf 72 720 Td <" + codes + b"> Tj ET", [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoUnicode /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>"], [
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoUnicode /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ])


#: Helvetica, which every PDF reader has (one of the standard 14 fonts).
_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def write_lone_space_pdf(path: Path) -> Path:
    """``Hello world`` drawn as three text objects, the space alone in one, as word processors
    write it: PDFium leaves such an object (one glyph without an outline) out of its text."""
    return write_objects_pdf(path, b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET "
                             b"BT /F1 12 Tf 104 720 Td ( ) Tj ET "
                             b"BT /F1 12 Tf 110 720 Td (world) Tj ET", [_HELVETICA])  # fmt: skip


def write_lone_glyph_pdf(path: Path) -> Path:
    """``Hello``, and under it ``一`` alone in a text object of a Chinese font that is not
    embedded and that PDFium cannot substitute (no outline, so no width: PDFium leaves the
    object out of its text; pdfminer reads it)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0001> <4E00> "
            b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    return write_objects_pdf(path, b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET "
                             b"BT /F2 14 Tf 72 690 Td <0001> Tj ET", [
        _HELVETICA,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoSuchSong /Encoding /Identity-H "
        b"/DescendantFonts [7 0 R] /ToUnicode 8 0 R >>"], [
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoSuchSong /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 "
        b"/FontDescriptor 9 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /NoSuchSong /Flags 4 /FontBBox [0 -140 1000 860] "
        b"/ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>",
    ])  # fmt: skip


def write_objects_pdf(path: Path, content: bytes, fonts: Sequence[bytes],
                      others: Sequence[bytes] = ()) -> Path:  # fmt: skip
    """A one-page PDF written by hand: its content stream and its fonts (``/F1``, ``/F2``…,
    objects 5, 6…), then ``others``, the objects the fonts refer to (numbered on)."""
    names = b" ".join(b"/F%d %d 0 R" % (number, number + 4) for number in range(1, len(fonts) + 1))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << " + names + b" >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *fonts,
        *others,
    ]
    path.write_bytes(pdf_bytes(objects))
    return path


def pdf_bytes(objects: Sequence[bytes]) -> bytes:
    """A PDF file of ``objects`` (object 1 the catalog), numbered 1, 2… in order, with its
    cross-reference table and trailer."""
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(data)
