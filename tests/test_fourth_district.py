"""A fourth district's edition (同安区, tests/data/tongan-catalog.txt), written differently from
the bundled template (its own parts and labels, ``主管单位`` that no profile key covers, mixed
label numbering, four list styles), read with a profile DRAFTED from it
(``pipeline.profile_draft``): every hand-checked gold field (tests/fourth_district_gold.py) in
three renditions, the text export, a PDF and a Word file; and the bundled profile must not read
it silently.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import PipelineError
from pipeline.models import Resource
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.profile import Profile, default_profile, parse_profile
from pipeline.quality.validate import validate_edition
from pipeline.tables import build_tables
from tests.damage import WHEN
from tests.fourth_district_docx import (
    EDITION,
    RUNNING_HEADER,
    build_docx,
    chinese_numeral,
    edition_blocks,
)
from tests.fourth_district_gold import ENTRY_COUNT, GOLD, PAGE_COUNT, VARIATIONS

RENDITIONS = ("txt", "pdf", "docx")
PAGES = ("page_start", "page_end")
#: The edition's own words for each profile key (``主管单位`` is none of them).
EDITION_LABELS: dict[str, str] = {
    "name": "资源名称", "builder_unit": "承建单位", "builder_duties": "承建单位职责",
    "network_types": "网络环境", "overview": "资源简介", "functions": "主要功能",
    "access_targets": "服务对象", "supporting": "配套材料", "implementation": "对接流程",
    "effort": "对接工作量", "contact": "联系方式",
}  # fmt: skip


@dataclass(frozen=True)
class Rendition:
    """One rendition of the edition on disk and the (first, last) page of entry 1, 2…"""

    path: Path
    entry_pages: tuple[tuple[int, int], ...]


def build_pdf(path: Path) -> Rendition:
    """The edition typeset by ``tests.pdf_factory`` (its own page breaks), with the catalog's
    running header on every page and a ``第 N 页 共 M 页`` footer."""
    from tests.pdf_factory import Block, Layout, build_blocks_pdf

    blocks = []
    for block in edition_blocks(EDITION.read_text(encoding="utf-8")):
        if block.kind == "heading":
            text = f"{chinese_numeral(block.entry)}、{block.text}"
        elif block.kind == "item":
            text = f"{block.number}）{block.text}"
        else:
            text = block.text
        kind = {"heading": "heading", "part": "part", "label": "label"}.get(block.kind, "para")
        blocks.append(Block(kind, text, block.entry))
    layout = Layout("tongan", running_header=RUNNING_HEADER, page_number="第 {n} 页 共 {total} 页")
    built = build_blocks_pdf(path, blocks, layout)
    return Rendition(built.path, built.entry_pages)


def build_rendition(kind: str, folder: Path) -> Rendition:
    if kind == "txt":
        return Rendition(EDITION, tuple((g["page_start"], g["page_end"]) for g in GOLD.values()))
    if kind == "pdf":
        return build_pdf(folder / "tongan.pdf")
    built = build_docx(folder / "tongan.docx")
    return Rendition(built.path, built.entry_pages)


def drafted_profile(path: Path) -> Profile:
    from pipeline.profile_draft import draft_profile

    return draft_profile([read_source(path)]).profile


def read_with_drafted_profile(path: Path) -> dict[int, Resource]:
    profile = drafted_profile(path)
    return {r.seq: r for r in parse_document(read_source(path, profile), profile)}


@pytest.fixture(scope="module")
def renditions(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Rendition]:
    folder = tmp_path_factory.mktemp("tongan")
    built: dict[str, Rendition] = {}

    def rendition(kind: str) -> Rendition:
        if kind not in built:
            built[kind] = build_rendition(kind, folder)
        return built[kind]

    return rendition


@pytest.fixture(scope="module")
def parsed(
    renditions: Callable[[str], Rendition],
) -> Callable[[str], dict[int, Resource]]:
    """The entries of a rendition read with the profile drafted from it, parsed once (an
    error once, too: every test of the rendition fails with it)."""
    results: dict[str, dict[int, Resource] | Exception] = {}

    def resources(kind: str) -> dict[int, Resource]:
        if kind not in results:
            try:
                results[kind] = read_with_drafted_profile(renditions(kind).path)
            except Exception as error:  # kept, and raised again for every entry
                results[kind] = error
        result = results[kind]
        if isinstance(result, Exception):
            raise result
        return result

    return resources


def fields(resource: Resource) -> dict[str, Any]:
    """The gold fields of one parsed entry, in the gold file's shapes."""
    effort = resource.effort
    duties = resource.builder_duties
    return {
        "name": resource.name,
        "builder_unit": resource.builder_unit,
        "builder_duties_start": duties[:10] if duties is not None else None,
        "network_types": resource.network_types,
        "functions": resource.functions,
        "access_targets": resource.access_targets,
        "supporting_docs": resource.supporting_docs,
        "effort": (effort.min_days, effort.max_days, effort.unit, effort.open_ended),
        "contact_phone": resource.contact_phone,
        "contact_phones": resource.contact_phones,
        "contact_extension": resource.contact_extension,
        "contact_person": resource.contact_person,
        "other_sections": resource.other_sections,
        "page_start": resource.page_start,
        "page_end": resource.page_end,
    }


def test_the_gold_is_complete() -> None:
    assert sorted(GOLD) == list(range(1, ENTRY_COUNT + 1))
    assert all(len(gold["builder_duties_start"]) == 10 for gold in GOLD.values())
    assert GOLD[ENTRY_COUNT]["page_end"] == PAGE_COUNT
    used = {seq for value in VARIATIONS.values()
            for seq in (value if isinstance(value, tuple) else (value,))}  # fmt: skip
    assert used <= set(GOLD)


def test_the_export_has_a_header_and_footer_on_every_page() -> None:
    lines = [line for line in EDITION.read_text(encoding="utf-8").split("\n") if line.strip()]
    headers = [n for n, line in enumerate(lines) if line == " " + RUNNING_HEADER]
    footers = [line for line in lines if line.startswith("第 ") and line.endswith(" 页")]
    assert len(headers) == PAGE_COUNT and headers[0] == 0
    assert footers == [f"第 {n} 页 共 {PAGE_COUNT} 页" for n in range(1, PAGE_COUNT + 1)]


def test_the_word_rendition_numbers_headings_and_lists_automatically(
    renditions: Callable[[str], Rendition],
) -> None:
    """The Word file's headings and ``1）`` items hold no number of their own: Word numbers
    them (``chineseCounting`` ``%1、`` through the Heading 1 style, ``decimal`` ``%1）`` per
    item paragraph, every list restarting at 1); contacts are tables."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(renditions("docx").path))
    headings = [p for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert [p.text for p in headings] == [gold["name"] for gold in GOLD.values()]
    numbering = document.part.numbering_part.element
    formats = {
        (lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
        for lvl in numbering.iter(qn("w:lvl"))
    }
    assert {("chineseCounting", "%1、"), ("decimal", "%1）")} <= formats
    heading_style = document.styles["Heading 1"].element.pPr
    assert heading_style.find(qn("w:numPr")) is not None
    numbered = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    lists = VARIATIONS["functions_right_paren_lines"]
    assert isinstance(lists, tuple)
    assert [p.text for p in numbered] == [
        item + ("" if item.endswith("。") else "；")
        for seq in lists
        for item in GOLD[seq]["functions"]
    ]
    restarts = numbering.findall(f"{qn('w:num')}/{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    assert len(restarts) == len(lists)
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["联系人", "联系电话"],
        ["林工", "0592-7021234"],
    ]
    assert len(document.tables) == ENTRY_COUNT


@pytest.mark.parametrize("kind", RENDITIONS)
def test_every_entry_is_found(kind: str, parsed: Callable[[str], dict[int, Resource]]) -> None:
    assert sorted(parsed(kind)) == list(range(1, ENTRY_COUNT + 1))


@pytest.mark.parametrize("seq", sorted(GOLD))
@pytest.mark.parametrize("kind", RENDITIONS)
def test_every_gold_field_matches(
    kind: str, seq: int, parsed: Callable[[str], dict[int, Resource]],
    renditions: Callable[[str], Rendition],
) -> None:  # fmt: skip
    """Every field exact; the pages are the rendition's own (the export's are the gold's)."""
    got = fields(parsed(kind)[seq])
    expected = {**GOLD[seq], **dict(zip(PAGES, renditions(kind).entry_pages[seq - 1],
                                        strict=True))}  # fmt: skip
    assert got == expected


@pytest.mark.parametrize("kind", RENDITIONS)
def test_the_drafted_profile_names_the_editions_labels(
    kind: str, renditions: Callable[[str], Rendition]
) -> None:
    """The drafted profile maps each label of the edition to its key, keeps ``主管单位`` out
    of every key, and learns the two parts; its TOML text is the profile it returns."""
    from pipeline.profile_draft import draft_profile

    draft = draft_profile([read_source(renditions(kind).path)])
    names = {label.key: label.names for label in draft.profile.structure.labels}
    assert {key: word for key, word in EDITION_LABELS.items() if word in names[key]} == (
        EDITION_LABELS
    )
    assert not any("主管单位" in label.names for label in draft.profile.structure.labels)
    assert {"资源基本信息", "资源对接信息"} <= set(draft.profile.structure.parts)
    assert parse_profile(tomllib.loads(draft.toml)) == draft.profile


def test_the_bundled_profile_does_not_read_it_silently() -> None:
    """With the default profile the export is refused or fails the gate critically, never
    published as if read. (When written: all 22 headings are found, but no label of part 2 is
    known, so no entry has a function (22 critical ``resources.has_function``) and no effort is
    read (critical ``resources.effort_readable_share``).)"""
    profile = default_profile()
    try:
        document = read_source(EDITION, profile)
        resources = parse_document(document, profile)
    except PipelineError:
        return
    report = validate_edition(build_tables(document, resources, WHEN), "tongan")
    assert report.critical != ()
