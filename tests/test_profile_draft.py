"""``catalog profile draft`` (issue 21 §1): a profile learned from the editions themselves.

The drafted profile, unedited, must read the bundled and 集美 editions exactly as the
hand-written bundled profile does, and map a new district's labels (its own words) to keys by
the concept words label names are built from; what it cannot map is kept as an item of its
own and named for a person to decide. The fourth district's three renditions are tested in
``tests/test_fourth_district.py``."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.models import Line, SourceLine
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.profile import default_profile, load_profile
from pipeline.profile_draft import draft_profile
from pipeline.profile_draft.learn import LearnedLabel, learn_template
from pipeline.profile_draft.mapping import map_labels
from pipeline.profile_draft.observe import (
    district_names,
    effort_parties,
    network_words,
    page_number_shapes,
)

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "raw" / "haicang-catalog.txt"
JIMEI = ROOT / "tests" / "data" / "jimei-catalog.txt"


@pytest.mark.parametrize("edition", [BUNDLED, JIMEI], ids=["haicang", "jimei"])
def test_the_drafted_profile_reads_known_editions_exactly_as_the_bundled_one(
    edition: Path,
) -> None:
    """Every field of every entry equal; keywords aside for 集美, whose district name the
    draft adds as a stop word (the bundled profile only knows 海沧)."""
    draft = draft_profile([read_source(edition)])
    by_hand = parse_document(read_source(edition))
    drafted = parse_document(read_source(edition, draft.profile), draft.profile)
    assert len(drafted) == len(by_hand) == {BUNDLED: 26, JIMEI: 18}[edition]
    for ours, theirs in zip(drafted, by_hand, strict=True):
        assert replace(ours, keywords=()) == replace(theirs, keywords=())
    if edition == BUNDLED:
        assert [r.keywords for r in drafted] == [r.keywords for r in by_hand]
    assert draft.entries == (len(by_hand),)
    assert [m.key for m in draft.mappings] == [
        "name", "builder", "builder_unit", "builder_duties", "network_types", "overview",
        "functions", "access_targets", "supporting", "implementation", "effort", "contact"]
    assert draft.profile.structure.parts[:2] == ("资源概况", "对接说明")
    assert draft.profile.structure.other_labels == ()


def _label(name: str, entries: tuple[int, ...] = (1, 2, 3)) -> LearnedLabel:
    return LearnedLabel(name, entries, 0.0, ("1、",), False, None)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("资源名称", "name"),  # a name of the base profile
        ("承建单位", "builder_unit"),
        ("单位名称", "builder_unit"),
        ("承建单位职责", "builder_duties"),
        ("主要职责", "builder_duties"),
        ("建设单位基本情况", "builder"),
        ("网络环境", "network_types"),
        ("部署网络", "network_types"),
        ("资源简介", "overview"),
        ("资源描述", "overview"),
        ("主要功能", "functions"),
        ("服务内容", "functions"),
        ("服务对象", "access_targets"),
        ("共享范围", "access_targets"),
        ("配套材料", "supporting"),
        ("申请附件", "supporting"),
        ("对接流程", "implementation"),
        ("接入方式", "implementation"),
        ("对接工作量", "effort"),
        ("预计工时", "effort"),
        ("联系人及电话", "contact"),
        ("主管单位", None),  # no key's words: kept as an item, never guessed
        ("数据更新频率", None),
        ("备注", None),
    ],
)
def test_label_words_map_to_keys(name: str, key: str | None) -> None:
    (mapping,) = map_labels([_label(name)], default_profile().structure.labels)
    assert mapping.key == key, mapping.reason


def test_a_key_takes_one_label_per_entry() -> None:
    """Two labels that would both feed the overview in the same entries: the stronger (a
    base name) wins, the other is unmapped, not merged into it."""
    mappings = map_labels([_label("基本情况"), _label("资源简介")],
                          default_profile().structure.labels)  # fmt: skip
    assert [(m.label.name, m.key) for m in mappings] == [("基本情况", "overview"),
                                                           ("资源简介", None)]
    assert mappings[1].reason == "overview is already read from 基本情况 in the same entries"


def lines_of(*texts: str) -> list[Line]:
    return [Line(text, number, 1) for number, text in enumerate(texts, start=1)]


def test_labels_recur_and_items_do_not() -> None:
    entry = ("（一）基本信息", "1、资源名称：甲", "2.主管单位：局", "（3）承建单位", "中心",
             "（二）对接信息", "1）主要功能", "（1）数据查询：按部门查询")  # fmt: skip
    other = (*entry[:7], "（1）数据下载：批量下载")
    template = learn_template([lines_of("一、甲", *entry, "二、乙", *other, "三、丙", *entry)])
    assert [(label.name, label.entries, label.styles, label.inline) for label in template.labels] == [
        ("资源名称", (1, 2, 3), ("1. 1、 1．",), True),
        ("主管单位", (1, 2, 3), ("1. 1、 1．",), True),
        ("承建单位", (1, 2, 3), ("（1） (1)",), False),
        ("主要功能", (1, 2, 3), ("1） 1)",), False),
        ("数据查询", (1, 3), ("（1） (1)",), True),  # in two of three entries: "most"
    ]  # fmt: skip
    assert template.parts == ("基本信息", "对接信息")


def test_an_unnumbered_label_recurring_is_learned_and_mapped() -> None:
    entry = ("（一）资源概况", "1、资源名称：甲", "（二）对接说明", "1、对接工作量：2人天",
             "联系人及电话：林工 0592-7021234", "电话：0592-7021234")  # fmt: skip
    template = learn_template([lines_of("一、甲", *entry, "二、乙", *entry)])
    assert [(label.name, label.styles) for label in template.labels] == [
        ("资源名称", ("1. 1、 1．",)), ("对接工作量", ("1. 1、 1．",)), ("联系人及电话", ("bare",))]
    mappings = map_labels(template.labels, default_profile().structure.labels)
    assert [m.key for m in mappings] == ["name", "effort", "contact"]


def test_observers() -> None:
    assert network_words(["政务外网、互联网", "电子政务外网", "视频专网和政务外网", "无"]) == {
        "政务外网": 2, "互联网": 1, "电子政务外网": 1, "视频专网": 1}
    assert effort_parties(["应用单位2人天，平台单位1人天", "申请部门约3人天，平台单位无需投入",
                           "一个单位一个应用2人天", "申请部门1人天"]) == ("平台单位", "申请部门")
    assert district_names(["同安区数据管理局", "承担全区工作", "同安区大数据中心",
                           "同安区政务云"]) == ("同安区", "同安")
    lines = [SourceLine(text, n, page) for n, (text, page) in enumerate(
        [("正文", 1), ("共3页 第1页", 1), ("15个部门", 2), ("正文", 2), ("共3页 第2页", 2),
         ("正文", 3), ("共3页 第3页", 3)], start=1)]  # fmt: skip
    assert page_number_shapes(lines, default_profile().pages) == (
        r"共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页",)


def test_the_command_writes_a_profile_that_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "jimei.toml"
    assert main(["profile", "draft", str(JIMEI), "--out", str(out)]) == 0
    profile = load_profile(out)
    assert profile.structure.labels == draft_profile([read_source(JIMEI)]).profile.structure.labels
    assert "集美区" in profile.keywords.stop_words
    assert capsys.readouterr().err.splitlines() == [
        f"profile written to {out}",
        "entries found: 18",
        "labels mapped (12): 资源名称 → name; 建设单位概况 → builder; 建设单位 → builder_unit; "
        "建设单位职能 → builder_duties; 网络类型 → network_types; 基本情况 → overview; 功能和服务 "
        "→ functions; 接入对象 → access_targets; 配套措施 → supporting; 对接实施说明 → "
        "implementation; 对接工作量说明 → effort; 联系方式 → contact",
        "labels unmapped (0), kept as items: none",
        "keys no label maps to: none",
        "parts: 资源概况、对接说明",
        "decide: not canonical nor an alias: 视频专网 (1 entries); add each as an alias of a "
        "canonical type, or as a canonical type (else each entry writing it is a warning).",
    ]


def test_an_unmapped_label_is_named_in_the_file_with_its_entries(tmp_path: Path) -> None:
    text = "\n".join(
        line for seq, title in enumerate(("甲平台", "乙平台", "丙平台"), start=1) for line in (
            f"{'一二三'[seq - 1]}、{title}", "（一）资源概况", f"1.资源名称：{title}",
            "2.主管单位：区数据管理局", "3.建设单位：区大数据中心", "（二）对接说明",
            "1.功能和服务", f"（1）提供{title}查询服务", "2.联系方式：0592-6051234"))  # fmt: skip
    edition = tmp_path / "three.txt"
    edition.write_text(text, encoding="utf-8")
    draft = draft_profile([read_source(edition)])
    assert draft.profile.structure.other_labels == ("主管单位",)
    assert ("# DECIDE: '主管单位' maps to no field (no key's words); kept as an item of its own "
            "(resource_items.section = 'other'); entries 1, 2, 3. Move it under a "
            "[labels.<key>] table if it feeds one.") in draft.toml.splitlines()
    resources = parse_document(read_source(edition, draft.profile), draft.profile)
    assert [(r.name, r.builder_unit, r.other_sections) for r in resources] == [
        (title, "区大数据中心", (("主管单位", "区数据管理局"),))
        for title in ("甲平台", "乙平台", "丙平台")]


def test_a_file_without_entries_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edition = tmp_path / "notes.txt"
    edition.write_text("会议纪要\n一、会议议程\n讨论预算。\n", encoding="utf-8")
    assert main(["profile", "draft", str(edition)]) == 1
    assert capsys.readouterr().err == (
        f"error: {edition}: no catalog entries found (no heading such as '一、…' followed by "
        "numbered lines)\n")


#: A fifth district's words for the fourth district's labels and parts: the draft must map
#: words it was not written against (none of these is in the bundled profile).
FIFTH_DISTRICT_WORDS: dict[str, str] = {
    "资源名称": "系统名称", "承建单位职责": "单位主要职责", "承建单位": "责任单位",
    "网络环境": "部署网络", "资源简介": "系统概述", "主要功能": "服务内容",
    "服务对象": "适用范围", "配套材料": "申请材料", "对接流程": "接入方式",
    "对接工作量": "预计工作量", "联系方式": "联系人及电话", "资源基本信息": "基本信息",
    "资源对接信息": "对接信息",
}  # fmt: skip


def test_a_district_written_in_other_words_reads_every_gold_field(tmp_path: Path) -> None:
    from tests.fourth_district_docx import EDITION
    from tests.fourth_district_gold import GOLD
    from tests.test_fourth_district import fields

    words = "|".join(FIFTH_DISTRICT_WORDS)  # longest first: 承建单位职责 before 承建单位
    label = re.compile(rf"^(\s*[（(]?[\d一二]{{1,2}}[）)．.、]?\s*)({words})", re.MULTILINE)
    text = label.sub(lambda m: m.group(1) + FIFTH_DISTRICT_WORDS[m.group(2)],
                     EDITION.read_text(encoding="utf-8"))  # labels and parts, not the text
    edition = tmp_path / "fifth.txt"
    edition.write_text(text, encoding="utf-8")
    draft = draft_profile([read_source(edition)])
    assert [(m.label.name, m.key) for m in draft.mappings] == [
        ("系统名称", "name"), ("主管单位", None), ("责任单位", "builder_unit"),
        ("单位主要职责", "builder_duties"), ("部署网络", "network_types"),
        ("系统概述", "overview"), ("服务内容", "functions"), ("适用范围", "access_targets"),
        ("申请材料", "supporting"), ("接入方式", "implementation"),
        ("预计工作量", "effort"), ("联系人及电话", "contact")]  # fmt: skip
    resources = parse_document(read_source(edition, draft.profile), draft.profile)
    assert {r.seq: fields(r) for r in resources} == GOLD
