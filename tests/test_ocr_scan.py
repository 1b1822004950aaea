"""OCR end to end on a scanned fixture: the bundled edition typeset as a PDF whose page 2 is
replaced by a 150 dpi greyscale scan (skewed, noisy, no text layer): a mixed PDF. The entries on them
must come out as the text layer gives them (or each differing field reported), marked as OCR'd,
without any network; ``--ocr never`` refuses the file in one line."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.ocr_scans import NOT_COMPARED, check_fields, without_latin_spaces
from pipeline.cli import main
from pipeline.errors import PdfError
from pipeline.ingest import ParsedEdition, parse_edition, publish_parsed
from pipeline.models import Resource
from pipeline.parse.document import parse_document
from pipeline.parse.sources import ReadOptions, read_source
from pipeline.store.store import CuratedStore
from pipeline.tables import build_tables
from tests.pdf_factory import FONT, PLAIN, BuiltPdf, build_catalog_pdf, write_scanned_pdf
from tests.scan_factory import OFFICE_SCANNER, write_scanned_copy

#: OCR is the slow part (seconds a page): one worker reads the scans once for the module.
pytestmark = [pytest.mark.xdist_group("ocr"), pytest.mark.system]
SCANNED = (2,)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> BuiltPdf:
    return build_catalog_pdf(tmp_path_factory.mktemp("ocr") / "haicang.pdf", PLAIN)


@pytest.fixture(scope="module")
def scanned(source: BuiltPdf) -> Path:
    return write_scanned_copy(source.path, source.path.with_name("haicang-scanned.pdf"), SCANNED)


@pytest.fixture(scope="module")
def offline() -> Iterator[None]:
    """No connection can be opened while OCR runs: its models must be on the machine."""
    refused = pytest.MonkeyPatch()

    def connect(*_args: object, **_kwargs: object) -> None:
        raise OSError("networking is disabled in this test")

    refused.setattr(socket.socket, "connect", connect)
    refused.setattr(socket, "create_connection", connect)
    yield
    refused.undo()


#: What ``parse_edition`` told its progress display while it read the scan.
PROGRESS: list[tuple[str, ...]] = []


@pytest.fixture(scope="module")
def parsed(scanned: Path, offline: None) -> ParsedEdition:
    return parse_edition(scanned, progress=lambda *stage: PROGRESS.append(stage),
                         options=ReadOptions(ocr="auto"))  # fmt: skip


@pytest.fixture(scope="module")
def gold(source: BuiltPdf) -> tuple[Resource, ...]:
    return parse_document(read_source(source.path))


def on_scans(gold: tuple[Resource, ...]) -> set[int]:
    """The entries (seq) with a line on a scanned page, by the text layer's reading."""
    return {r.seq for r in gold if any(r.page_start <= page <= r.page_end for page in SCANNED)}


def test_only_the_scanned_pages_are_ocrd(
    parsed: ParsedEdition, source: BuiltPdf, gold: tuple[Resource, ...]
) -> None:
    document = parsed.document
    assert document.ocr_pages == SCANNED
    assert {line.page for line in document.lines if line.confidence is not None} == set(SCANNED)
    assert document.pages == source.pages and document.source_format == "pdf"
    # the progress display hears the pages read, then the one page OCR'd
    assert PROGRESS[-2:] == [("reading", "OCR page 1 of 1"), ("parsing",)]
    assert ("reading", f"page {source.pages} of {source.pages}") in PROGRESS
    assert on_scans(gold) == {2}
    assert {r.seq for r in parsed.resources if r.ocr.used} == on_scans(gold)


def test_entries_on_scans_are_exact_or_reported(
    parsed: ParsedEdition, gold: tuple[Resource, ...]
) -> None:
    check = check_fields(gold, parsed.resources)
    assert check.wrong_unreported == ()
    compared = len(dataclasses.fields(Resource)) - len(NOT_COMPARED)
    assert check.total == compared == 23  # one entry on the scan
    assert check.exact >= 19
    by_seq = {r.seq: r for r in parsed.resources}
    assert [by_seq[seq].name for seq in sorted(on_scans(gold))] == ["政务网络"]
    for seq in on_scans(gold):
        got, want = by_seq[seq], gold[seq - 1]
        assert (got.builder_unit, got.contact_phone, got.network_types) == (
            want.builder_unit, want.contact_phone, want.network_types)
        assert (got.effort.min_days, got.effort.max_days, got.effort.unit) == (
            want.effort.min_days, want.effort.max_days, want.effort.unit)
        assert without_latin_spaces(got.contact) == without_latin_spaces(want.contact)
    # entries wholly on pages with a text layer are untouched
    assert parsed.resources[0] == gold[0] and parsed.resources[2:] == gold[2:]


def test_ocr_marks_and_warns_in_the_published_tables(
    parsed: ParsedEdition, tmp_path: Path, gold: tuple[Resource, ...]
) -> None:
    result = publish_parsed(parsed, "scanned", CuratedStore(tmp_path / "curated"))
    tables = build_tables(parsed.document, parsed.resources, datetime.now(UTC))
    resources = tables["resources"].to_pylist()
    assert [row["seq"] for row in resources if row["source_ocr"]] == sorted(on_scans(gold))
    assert all(row["ocr_confidence"] is None for row in resources if not row["source_ocr"])
    # 0: a character a check of the ink or the second reading doubts
    assert all(0 <= row["ocr_confidence"] <= 1 for row in resources if row["source_ocr"])
    assert tables["editions"].column("ocr_pages").to_pylist() == [1]
    # the one entry on the scan is read right (Chinese–Latin spaces aside): nothing is warned
    check = check_fields(gold, parsed.resources)
    assert (check.wrong_reported, check.warned_right, check.wrong_unreported) == (0, 0, ())
    assert not any(row["ocr_uncertain_sections"] for row in resources)
    assert not [w for w in result.warnings if w.startswith("resources.ocr_confident: ")]
    # a section OCR doubted is named in the row and in one warning for the entry
    ocr = dataclasses.replace(parsed.resources[1].ocr, uncertain=("heading", "builder_unit"))
    doubted = dataclasses.replace(parsed.resources[1], ocr=ocr)
    edited = ParsedEdition(parsed.document, (parsed.resources[0], doubted,
                                             *parsed.resources[2:]))  # fmt: skip
    result = publish_parsed(edited, "doubted", CuratedStore(tmp_path / "curated"))
    row = build_tables(edited.document, edited.resources, datetime.now(UTC))[
        "resources"].to_pylist()[1]
    assert row["ocr_uncertain_sections"] == "heading, builder_unit"
    warned = [w for w in result.warnings if w.startswith("resources.ocr_confident: ")]
    assert len(warned) == 1 and warned[0].startswith(
        "resources.ocr_confident: seq 2 政务网络; ocr_uncertain_sections=heading, builder_unit")


def test_ocr_never_refuses_the_scan_in_one_line(
    scanned: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(PdfError, match=r"page 2 of \d+ has no text"):
        read_source(scanned, options=ReadOptions(ocr="never"))
    code = main(["ingest", str(scanned), "--ocr", "never", "--curated", str(tmp_path / "c")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1
    assert err[0].startswith(f"error: {scanned}") and "--ocr never" in err[0]
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())


def test_a_scan_of_no_catalog_is_refused_after_ocr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], offline: None
) -> None:
    bars = write_scanned_pdf(tmp_path / "bars.pdf", pages=1)  # text-like bars, no words
    code = main(["ingest", str(bars), "--curated", str(tmp_path / "c")])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {bars}: no catalog entries found (no heading such as '一、…')"]


def test_ocr_always_reads_pages_that_have_a_text_layer(tmp_path: Path, offline: None) -> None:
    path = tmp_path / "one-page.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont(FONT, 14)
    for row, text in enumerate(("一、政务云平台", "（一）资源概况", "1. 资源名称", "政务云平台")):
        canvas.drawString(72, 760 - row * 28, text)
    canvas.showPage()
    canvas.save()
    layer = read_source(path, options=ReadOptions(ocr="auto"))
    assert layer.ocr_pages == () and {line.confidence for line in layer.lines} == {None}
    read = read_source(path, options=ReadOptions(ocr="always"))
    assert read.ocr_pages == (1,)
    assert [line.text for line in read.lines] == ["一、政务云平台", "（一）资源概况", "1.资源名称", "政务云平台"]
    assert all(line.confidence is not None and 0 < line.confidence <= 1 for line in read.lines)


def test_a_scan_with_large_bold_headings_keeps_every_heading(
    tmp_path: Path, offline: None
) -> None:
    """Issue 24: headings set at 16 pt and bold through an office scanner (200 dpi, 0.7°,
    grey paper, JPEG 60): the first three entries come out with their headings and names."""
    layout = dataclasses.replace(PLAIN, name="plain-bold", heading_size=16.0, bold_headings=True)
    source = build_catalog_pdf(tmp_path / "bold.pdf", layout)
    style = dataclasses.replace(OFFICE_SCANNER, bold_from=14.0)
    first = range(1, source.entry_pages[2][1] + 1)  # the pages of the first three entries
    scanned = write_scanned_copy(source.path, tmp_path / "bold-scanned.pdf", first, style=style)
    document = read_source(scanned, options=ReadOptions(ocr="auto"))
    headings = [line.text for line in document.lines if "、" in line.text[:4]
                and line.page in first and line.text[:1] in "一二三"][:3]  # fmt: skip
    assert headings == ["一、政务云平台", "二、政务网络", "三、信息安全管理服务"]
    resources = parse_document(document)
    assert [(r.seq, r.name) for r in resources[:3]] == [
        (1, "政务云平台"), (2, "政务网络"), (3, "信息安全管理服务")]
    check = check_fields(parse_document(read_source(source.path)), resources)
    assert check.wrong_unreported == ()
