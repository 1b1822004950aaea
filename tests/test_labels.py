"""Labels as the document writes them (issue 21 §2): any numbering on any label, per
occurrence; a label the profile does not map ends the section before it and is kept as an item
of its own; no profile the loader accepts crashes the parser (property tests)."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError, ProfileError, SegmentationError
from pipeline.models import Line, SourceDocument, SourceLine
from pipeline.parse.document import parse_document
from pipeline.parse.segmentation import match_label, match_other_label, split_entries
from pipeline.profile import LABEL_KEYS, Label, StructureRules, default_profile, parse_profile

PROFILE_FILE = Path(__file__).resolve().parent.parent / "pipeline" / "profiles" / "default.toml"


def lines_of(*texts: str) -> list[Line]:
    return [Line(text, number, 1) for number, text in enumerate(texts, start=1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.资源名称", ("name", "")),
        ("1、资源名称：政务云平台", ("name", "政务云平台")),
        ("1．资源名称", ("name", "")),
        ("（1）资源名称", ("name", "")),
        ("(1)资源名称:政务云", ("name", "政务云")),
        ("1）资源名称", ("name", "")),
        ("1)资源名称", ("name", "")),
        ("①资源名称", ("name", "")),
        ("2.建设单位", ("builder_unit", "")),  # paren-numbered in the profile, plain here
        ("3、建设单位职能：负责全区", ("builder_duties", "负责全区")),
        ("（4）网络类型 政务外网", ("network_types", "政务外网")),
        ("12. 联系方式", ("contact", "")),
        # content that starts like a label is not one
        ("（1）建设单位负责平台运维", None),
        ("1.5人天", None),
        ("资源名称的说明如下", None),
        ("（1）快速便捷的为使用单位提供云基础架构服务", None),
    ],
)
def test_every_label_in_every_numbering_style(
    text: str, expected: tuple[str, str] | None
) -> None:
    assert match_label(text) == expected


ENTRY = ("（一）资源概况", "1、资源名称：甲平台", "2.主管单位：区数据管理局", "（3）建设单位",
         "区大数据中心", "4.网络类型：政务外网")  # fmt: skip


def test_an_unmapped_label_recurring_in_entries_is_its_own_section() -> None:
    """``主管单位`` feeds no key: it ends the name before it and is kept, never glued on."""
    entries = split_entries(lines_of("一、甲平台", *ENTRY, "二、乙平台", *ENTRY))
    first = entries[0]
    assert first.text_of("name") == "甲平台"
    assert first.text_of("builder_unit") == "区大数据中心"
    assert [(s.label, s.text) for s in first.others] == [("主管单位", "区数据管理局")]
    assert [(s.label, s.text) for s in entries[1].others] == [("主管单位", "区数据管理局")]


def test_a_label_shaped_line_in_one_entry_only_stays_text() -> None:
    """Item text does not recur: a one-off ``（2）数据查询：…`` line is content."""
    other = ("（一）资源概况", "1、资源名称：乙平台", "（3）建设单位", "区大数据中心",
             "（2）数据查询：支持按部门查询", "4.网络类型：政务外网")  # fmt: skip
    entries = split_entries(lines_of("一、甲平台", *other, "二、乙平台", *ENTRY))
    assert entries[0].others == ()
    assert entries[0].text_of("builder_unit") == "区大数据中心（2）数据查询：支持按部门查询"


def test_an_unnumbered_label_line_recurring_ends_the_section_before_it() -> None:
    """``联系人及电话：…`` as a whole line after the effort, in every entry: the effort stops
    there; the contact's own ``联系人：李工`` lines stay the contact's content."""
    entry = ("（一）资源概况", "1.资源名称", "甲平台", "（二）对接说明", "5.对接工作量说明", "2人天",
             "联系人及电话：林工 0592-7021234", "6.联系方式", "联系人：李工")  # fmt: skip
    entries = split_entries(lines_of("一、甲平台", *entry, "二、乙平台", *entry))
    for parsed in entries:
        assert parsed.text_of("effort") == "2人天"
        assert parsed.text_of("contact") == "联系人：李工"
        assert [(s.label, s.text) for s in parsed.others] == [("联系人及电话", "林工 0592-7021234")]


def test_other_labels_of_the_profile_are_read_in_one_entry_too() -> None:
    structure = replace(default_profile().structure, other_labels=("主管单位",))
    entries = split_entries(lines_of("一、甲平台", *ENTRY), structure)
    assert [(s.label, s.text) for s in entries[0].others] == [("主管单位", "区数据管理局")]
    assert match_other_label("主管单位：区数据管理局", structure) == ("主管单位", "区数据管理局")


def test_two_names_for_one_key_name_the_profile_not_a_merged_entry() -> None:
    """Adding 主管单位 to the name's names must not read as two entries merged."""
    labels = tuple(
        Label(label.key, (*label.names, "主管单位") if label.key == "name" else label.names)
        for label in default_profile().structure.labels
    )
    structure = replace(default_profile().structure, labels=labels)
    with pytest.raises(SegmentationError) as caught:
        split_entries(lines_of("一、甲平台", *ENTRY), structure)
    assert caught.value.problem == (
        "entry 1 (甲平台) has two labels the profile maps to the key 'name': '资源名称' (line 3) "
        "and '主管单位'; list '主管单位' under its own key, or under structure.other_labels to "
        "keep it as an item of its own")
    assert caught.value.line == 4


def test_no_label_needs_to_be_paren_numbered() -> None:
    """The profile that crashed with ``KeyError: None``: every label plain-numbered."""
    data = tomllib.loads(PROFILE_FILE.read_text(encoding="utf-8"))
    for table in data["labels"].values():
        table["numbering"] = "plain"
    structure = parse_profile(data).structure
    entries = split_entries(lines_of("一、甲平台", "（一）资源概况", "1.资源名称", "甲平台",
                                     "（1）建设单位", "区大数据中心"), structure)  # fmt: skip
    assert entries[0].text_of("builder_unit") == "区大数据中心"


# --- property tests: random profiles and label styles never crash the matcher or parser ---

_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
_NAME = st.text(_HAN, min_size=2, max_size=6)
_MARKERS = ("{n}.", "{n}、", "{n}．", "（{n}）", "({n})", "{n}）", "①", "")
_ANY_TEXT = st.text(st.sampled_from("一二、（）()1234.．：:资源名称建设单位网络类型①ab "), max_size=30)


@st.composite
def structures(draw: st.DrawFn) -> StructureRules:
    names = draw(st.lists(_NAME, min_size=len(LABEL_KEYS) + 2, max_size=len(LABEL_KEYS) + 8,
                          unique=True))  # fmt: skip
    labels = tuple(Label(key, (names[i],), draw(st.booleans()))
                   for i, key in enumerate(LABEL_KEYS))  # fmt: skip
    others = tuple(names[len(LABEL_KEYS):len(LABEL_KEYS) + draw(st.integers(0, 2))])
    parts = tuple(draw(st.lists(_NAME, min_size=1, max_size=3, unique=True)))
    return StructureRules(parts=parts, labels=labels, heading_lookahead=draw(st.integers(1, 4)),
                          other_labels=others,
                          unmapped_label_min_share=draw(st.floats(0, 1)))  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures(), st.data())
def test_a_label_in_any_style_matches_its_key(structure: StructureRules, data: st.DataObject) -> None:
    label = data.draw(st.sampled_from(structure.labels))
    marker = data.draw(st.sampled_from(_MARKERS)).format(n=data.draw(st.integers(1, 20)))
    rest = data.draw(st.sampled_from(("", "：甲乙", " 甲乙")))
    if not marker and rest == " 甲乙":
        rest = ""  # a bare name is a label before a colon or the line's end only
    found = match_label(f"{marker}{label.names[0]}{rest}", structure)
    assert found is not None and found[0] == label.key
    assert found[1] == rest.lstrip("： ")


@st.composite
def profile_files(draw: st.DrawFn) -> dict[str, Any]:
    """The bundled profile's TOML with generated label names, numbering, parts and other
    labels: what a user may write, accepted or refused by the loader."""
    data = tomllib.loads(PROFILE_FILE.read_text(encoding="utf-8"))
    count = 2 * len(LABEL_KEYS)
    unique = draw(st.booleans())  # mostly names the loader accepts, sometimes a clash it refuses
    names = draw(st.lists(_NAME, min_size=count + 2, max_size=count + 2, unique=unique))
    data["labels"] = {
        key: {"names": names[2 * i : 2 * i + draw(st.integers(1, 2))],
              "numbering": draw(st.sampled_from(("plain", "paren")))}
        for i, key in enumerate(LABEL_KEYS)
    }  # fmt: skip
    data["structure"]["parts"] = draw(st.lists(_NAME, min_size=1, max_size=3, unique=True))
    data["structure"]["other_labels"] = names[count : count + draw(st.integers(0, 2))]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_files(), st.lists(_ANY_TEXT, min_size=1, max_size=25), st.data())
def test_no_accepted_profile_crashes_the_parser(
    data: dict[str, Any], texts: list[str], draw: st.DataObject
) -> None:
    try:
        profile = parse_profile(data)
    except ProfileError:
        return  # refused by the loader with one line: not a profile the parser gets
    structure = profile.structure
    names = [name for label in structure.labels for name in label.names]
    labelled = [draw.draw(st.sampled_from(_MARKERS)).format(n=i) + draw.draw(
        st.sampled_from(names + list(structure.other_labels))) + draw.draw(
        st.sampled_from(("", "：甲乙"))) for i in range(1, 6)]  # fmt: skip
    body = ["一、甲", f"（一）{structure.parts[0]}", *labelled, *texts, "二、乙", *labelled]
    lines = tuple(SourceLine(text, number, 1)
                  for number, text in enumerate(body, start=1) if text.strip())  # fmt: skip
    document = SourceDocument("generated.txt", "text", "0" * 64, 1, lines)
    try:
        resources = parse_document(document, profile)
    except PipelineError:
        return  # a clear refusal (two labels of one key, a broken heading) is fine; a crash is not
    assert [resource.seq for resource in resources][:2] == [1, 2]
