"""The OCR benchmark's measures (``bench.ocr_scans``) on hand-made entries: which sections of
an OCR'd entry are wrong, and what a warning naming exactly those would raise."""

from __future__ import annotations

import dataclasses

from bench.ocr_scans import check_fields, without_latin_spaces, wrong_sections
from extractors.resource import extract_resource
from pipeline.models import EntryBlock, Line, OcrReading, Section


def entry(title: str, **sections: str) -> EntryBlock:
    """Entry 1 titled ``title`` with one single-line section per keyword."""
    lines = [Line(f"一、{title}", 1, 1)]
    blocks = {}
    for number, (key, text) in enumerate(sections.items(), start=2):
        line = Line(text, number, 1)
        lines.append(line)
        blocks[key] = Section(key, (line,), text)
    return EntryBlock(seq=1, title=title, lines=tuple(lines), sections=blocks)


GOLD = entry("政务云平台", overview="通过 ITIL 运维管理平台提交申请。",
             contact="张三 0592-6213456、13806051234")  # fmt: skip


def test_only_chinese_latin_spaces_are_normalised() -> None:
    assert without_latin_spaces("通过 ITIL 运维") == "通过ITIL运维"
    assert without_latin_spaces("SSL VPN 接入") == "SSL VPN接入"


def test_a_section_is_wrong_when_its_text_differs_beyond_chinese_latin_spaces() -> None:
    spaced = entry("政务云平台", overview="通过ITIL运维管理平台提交申请。",
                   contact="张三 0592-6213456、13806051234")  # fmt: skip
    assert wrong_sections([GOLD], [spaced]) == {1: set()}
    misread = entry("政务云平合", overview="通过ITL运维管理平台提交申请。",
                    contact="张三 0592-621345613806051234")  # fmt: skip
    assert wrong_sections([GOLD], [misread]) == {1: {"heading", "overview", "contact"}}


def test_warning_exactly_the_wrong_section_still_warns_fields_that_are_right() -> None:
    # the 、 between two phone numbers lost: the contact section is wrong, its person right
    read = entry("政务云平台", overview="通过 ITIL 运维管理平台提交申请。",
                 contact="张三 0592-621345613806051234")  # fmt: skip
    gold, got = extract_resource(GOLD), extract_resource(read)
    warned = OcrReading(used=True, confidence=0.5, uncertain=("contact",))
    fields = check_fields([gold], [dataclasses.replace(got, ocr=warned)])
    assert (fields.wrong_reported, fields.wrong_unreported) == (3, ())
    assert (fields.warned, fields.warned_right) == (5, 2)  # contact_extension, contact_person
