"""The benchmark generator's editions parse back to exactly what it put in."""

from __future__ import annotations

from pathlib import Path

from bench.generate import synthetic_edition, wrap
from pipeline.models import SourceDocument
from pipeline.parse.document import parse_document
from pipeline.parse.sources.text import paginate


def parse_text(text: str) -> SourceDocument:
    lines = paginate(text)
    return SourceDocument("synthetic.txt", "text", "0" * 64, lines[-1].page, lines)


def test_a_generated_edition_round_trips_through_the_parser() -> None:
    text, specs = synthetic_edition(60)
    resources = parse_document(parse_text(text))
    assert [r.seq for r in resources] == list(range(1, 61))
    assert [r.name for r in resources] == [s.name for s in specs]
    assert resources[26].name == "政务云平台（第2期）"
    assert [r.effort.text for r in resources] == [s.effort_text for s in specs]
    assert [r.functions for r in resources] == [s.functions for s in specs]
    assert [r.supporting_docs for r in resources] == [s.supporting_docs for s in specs]
    assert [r.network_types_text for r in resources] == [s.network_types_text for s in specs]
    assert [r.overview for r in resources] == [s.overview for s in specs]
    assert len({r.resource_key for r in resources}) == 60


def test_wrap_keeps_latin_words_whole() -> None:
    assert wrap("提供短信收发功能的webservice接口服务", 12) == ["提供短信收发功能的", "webservice接口", "服务"]


def test_the_corpus_bench_counts_pages_handed_over_and_refusals(tmp_path: Path) -> None:
    from bench.pdf_corpus import measure_file
    from tests.legacy_font_pdf import ASCII_NAME, legacy_renderer
    from tests.pdf_factory import (
        Placed,
        write_lone_glyph_pdf,
        write_lone_space_pdf,
        write_random_pdf,
    )

    def counts(path: Path) -> tuple[int, int, int, str]:
        pages, _, _, handed, garbled, error = measure_file(path)
        return pages, handed, garbled, error

    assert counts(write_lone_glyph_pdf(tmp_path / "glyph.pdf")) == (1, 1, 0, "")
    assert counts(write_lone_space_pdf(tmp_path / "space.pdf")) == (1, 0, 0, "")
    legacy = tmp_path / "legacy.pdf"  # one page in a GB-coded font under an ASCII name
    legacy_renderer(ASCII_NAME)(legacy, [[Placed("一、政务云平台建设与运维服务", 72, 90, 14)]])
    assert counts(legacy) == (1, 1, 1, "")
    assert counts(write_random_pdf(tmp_path / "random.pdf"))[3].startswith("the PDF is damaged")
