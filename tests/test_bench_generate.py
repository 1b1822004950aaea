"""The benchmark generator's editions parse back to exactly what it put in."""

from __future__ import annotations

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
