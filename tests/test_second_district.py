"""A second district's edition (集美区, tests/data/jimei-catalog.txt) with hand-checked gold
values for every entry (tests/second_district_gold.py): every field exact, and it publishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.models import Resource
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.quality.validate import validate_edition
from pipeline.tables import build_tables
from tests.damage import WHEN
from tests.second_district_gold import ENTRY_COUNT, GOLD, VARIATIONS

EDITION = Path(__file__).parent / "data" / "jimei-catalog.txt"


@pytest.fixture(scope="module")
def resources() -> dict[int, Resource]:
    return {r.seq: r for r in parse_document(read_source(EDITION))}


def fields(resource: Resource) -> dict[str, Any]:
    """The gold fields of one parsed entry, in the gold file's shapes."""
    effort = resource.effort
    return {
        "name": resource.name,
        "builder_unit": resource.builder_unit,
        "network_types": resource.network_types,
        "functions_count": len(resource.functions),
        "first_function": resource.functions[0] if resource.functions else None,
        "access_targets": resource.access_targets,
        "supporting_docs": resource.supporting_docs,
        "effort": (effort.min_days, effort.max_days, effort.unit, effort.open_ended),
        "effort_parties": tuple((c.party, c.min_days, c.max_days)
                                for c in effort.components if c.party is not None),
        "contact_phone": resource.contact_phone,
        "contact_phones": resource.contact_phones,
        "contact_extension": resource.contact_extension,
        "contact_person": resource.contact_person,
        "page_start": resource.page_start,
        "page_end": resource.page_end,
    }


def test_every_entry_is_found(resources: dict[int, Resource]) -> None:
    assert sorted(resources) == list(range(1, ENTRY_COUNT + 1)) == sorted(GOLD)


@pytest.mark.parametrize("seq", sorted(GOLD))
def test_every_gold_field_matches(seq: int, resources: dict[int, Resource]) -> None:
    assert fields(resources[seq]) == GOLD[seq]


def test_every_variation_is_used_by_an_entry() -> None:
    used = {seq for value in VARIATIONS.values()
            for seq in (value if isinstance(value, tuple) else (value,))}
    assert used <= set(GOLD) and len(VARIATIONS) >= 40


def test_effort_readings(resources: dict[int, Resource]) -> None:
    readings = {seq: r.effort.reading for seq, r in resources.items()}
    assert [seq for seq, reading in readings.items() if reading != "figure"] == [13, 14, 16]
    assert (readings[13], readings[14], readings[16]) == ("zero", "zero", "open_ended")


def test_it_passes_the_gate_with_one_warning(
    resources: dict[int, Resource], tmp_path: Path
) -> None:
    """Correct data of another district publishes; the unknown 视频专网 is the one warning."""
    tables = build_tables(read_source(EDITION), tuple(resources.values()), WHEN)
    report = validate_edition(tables, "jimei")
    assert report.critical == ()
    assert [f.describe() for f in report.warnings] == [
        "resource_items.network_type_canonical: seq 7 " + resources[7].name + "; text=视频专网"]


def test_catalog_ingest_publishes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    curated = tmp_path / "curated"
    assert main(["ingest", str(EDITION), "--curated", str(curated)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"jimei-catalog: {ENTRY_COUNT} entries, ")
    assert out[1].startswith("jimei-catalog: validation passed with warnings; report ")
    assert (curated / "resources" / "edition_dir=jimei-catalog" / "part-0.parquet").is_file()


def test_its_pdf_rendition_gives_the_same_gold_values(tmp_path: Path) -> None:
    """Typeset as a book (cover, TOC, running header, page numbers), every gold field but the
    page spans (the PDF's pages are not the export's) comes out the same."""
    from tests.pdf_factory import BOOK, build_catalog_pdf

    pdf = build_catalog_pdf(tmp_path / "jimei.pdf", BOOK, text=EDITION.read_text(encoding="utf-8"))
    parsed = {r.seq: r for r in parse_document(read_source(pdf.path))}
    pages = ("page_start", "page_end")
    assert {seq: {k: v for k, v in fields(r).items() if k not in pages}
            for seq, r in parsed.items()} == {
        seq: {k: v for k, v in gold.items() if k not in pages} for seq, gold in GOLD.items()}
