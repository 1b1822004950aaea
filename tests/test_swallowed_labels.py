"""Issue 21 §3: the gate catches a field that swallowed the next label, an implausible name or
unit, and an entry whose sections differ from the edition's usual set.

Whole-edition cases are real damaged texts made from the bundled edition, parsed and tabulated
as an ingest does; the rules themselves are tested phrase by phrase.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.profile import Profile, default_profile
from pipeline.profile_draft import draft_profile
from pipeline.quality.frames import check_frames
from pipeline.quality.section_sets import unusual_section_sets
from pipeline.quality.swallowed_labels import (
    found_label,
    label_pattern,
    phone_clause,
    profile_label_words,
)
from pipeline.quality.validate import validate_edition
from pipeline.tables import build_tables
from tests.conftest import ROOT, SEED
from tests.damage import WHEN, Tables, at_seq, damaged

TEXT = SEED.read_text(encoding="utf-8")
JIMEI = ROOT / "tests" / "data" / "jimei-catalog.txt"
TONGAN = ROOT / "tests" / "data" / "tongan-catalog.txt"
#: The three check columns and their checks.
CHECKS = {
    "label_in_single_value": "single_value_has_no_label",
    "name_unit_implausible": "name_unit_plausible",
    "section_set_unusual": "section_set_usual",
}
UNIT_AND_DUTIES = "社会治理联动中心\n\n（2）建设单位职能\n\n配合"


def edition_tables(text: str, folder: Path, profile: Profile | None = None) -> Tables:
    """The tables an ingest builds from ``text`` (written to a file and read back)."""
    path = folder / "edition.txt"
    path.write_text(text, encoding="utf-8")
    document = read_source(path)
    return build_tables(document, parse_document(document, profile), WHEN)


def new_check_failures(tables: Tables, profile: Profile | None = None) -> list[str]:
    """Each failure of the three checks, as the CLI prints it, in suite order."""
    report = validate_edition(tables, "damaged", profile=profile)
    return [f"{f.severity}: {f.describe()}" for f in report.failures
            if f.expectation in CHECKS.values()]


# --- the rules, phrase by phrase --------------------------------------------------------------

PATTERN = label_pattern(profile_label_words(default_profile()))


@pytest.mark.parametrize(("text", "label"), [
    ("社会治理联动中心 3、单位职能：配合主管部门", "3、单位职能"),
    ("集美区大数据服务中心3、单位职能：负责全区", "3、单位职能"),
    ("社会治理联动中心（2）建设单位职能", "（2）建设单位职能"),
    ("社会治理联动中心 (2) 建设单位", "(2) 建设单位"),
    ("政务内网 4. 基本情况：政务云平台已建成", "4. 基本情况"),
    ("政务云平台 二、建设单位概况", "二、建设单位概况"),
    ("网络类型：政务外网", "网络类型"),
    ("政务云平台（二）对接说明", "（二）对接说明"),  # a part of the entry, numbered
    ("区政府服务热线 96180 7、备注：请提前预约", "7、备注"),  # a label no profile names
    ("服务中心 12 . 主管单位 ：区政府", "12 . 主管单位"),
])
def test_a_label_in_a_single_value_is_found(text: str, label: str) -> None:
    assert found_label(text, PATTERN) == label


@pytest.mark.parametrize("text", [
    "社会治理联动中心",
    "政务云2.0平台",
    "智能 DNS 服务 V3",
    "1.0版电子证照共享平台",
    "人口基本情况数据库",  # a label's words inside a name, neither numbered nor before a colon
    "联系人：李工",  # a person label, not a section label, and no number
    "0592-6213456、13806051234",
    "（0592）6068121",
    None,
])
def test_correct_values_hold_no_label(text: str | None) -> None:
    assert found_label(text, PATTERN) is None


@pytest.mark.parametrize(("contact", "phone", "clause"), [
    ("区政府服务热线 96180", "96180", "96180"),
    ("运维服务台 0592-6068120 转 8012", "05926068120", "0592-6068120 转 8012"),
    ("（0592）6068121", "05926068121", "0592）6068121"),
    ("1、张工：0592-6068120；2、王工：0592-6068121", "05926068120", "0592-6068120"),
    ("联系人：李工，电话：0592-6212345", "05926212345", "0592-6212345"),
    ("区政府服务热线 96180 7、备注：请提前预约", "96180", "96180 7、备注：请提前预约"),
    ("热线 ９６１８０\n值班室", "96180", "９６１８０"),
    ("电话见附件", "96180", "电话见附件"),  # digits not found: the whole contact is read
    ("电话见附件", None, None),
    (None, "96180", None),
])
def test_the_phone_clause_of_a_contact(
    contact: str | None, phone: str | None, clause: str | None
) -> None:
    assert phone_clause(contact, phone) == clause


def test_a_numbered_contact_list_is_clean() -> None:
    """``1、张工：`` precedes the first phone: the person, not a glued section."""
    clause = phone_clause("1、张工：0592-6068120；2、王工：0592-6068121", "05926068120")
    assert found_label(clause, PATTERN) is None


# --- correct editions pass -------------------------------------------------------------------

@cache
def _drafted(edition: Path) -> Profile:
    """The profile ``catalog profile draft`` learns from ``edition`` (drafted once)."""
    return draft_profile([read_source(edition)]).profile


@pytest.mark.parametrize(("edition", "profile"), [
    (SEED, default_profile), (JIMEI, default_profile), (TONGAN, lambda: _drafted(TONGAN)),
])
def test_correct_editions_have_no_value_to_list(
    edition: Path, profile: Callable[[], Profile], tmp_path: Path
) -> None:
    """The bundled edition, 集美 and 同安 (its own labels, read with a profile drafted from it;
    every entry has the unmapped section 主管单位, so it is part of the usual set)."""
    read_with = profile()
    tables = edition_tables(edition.read_text(encoding="utf-8"), tmp_path, read_with)
    resources = check_frames(tables, None, read_with)["resources"]
    for column in CHECKS:
        assert resources[column].isna().all(), (column, resources[column].dropna().tolist())
    assert new_check_failures(tables, read_with) == []


# --- damaged editions ------------------------------------------------------------------------

DAMAGED: dict[str, tuple[str, list[str]]] = {
    "duties label glued onto the unit's line": (
        TEXT.replace(UNIT_AND_DUTIES, "社会治理联动中心 3、单位职能：配合", 1), [
            "critical: resources.single_value_has_no_label: seq 1 政务云平台; "
            "label_in_single_value=builder_unit: 3、单位职能",
            "critical: resources.name_unit_plausible: seq 1 政务云平台; "
            "name_unit_implausible=builder_unit: 103 characters > 40, holds ，。；",
            "warning: resources.section_set_usual: seq 1 政务云平台; "
            "section_set_unusual=missing 建设单位职能",
        ]),
    "duties label line lost: the unit reads on": (
        TEXT.replace(UNIT_AND_DUTIES, "社会治理联动中心\n\n配合", 1), [
            "critical: resources.name_unit_plausible: seq 1 政务云平台; "
            "name_unit_implausible=builder_unit: 95 characters > 40, holds ，。；",
            "warning: resources.section_set_usual: seq 1 政务云平台; "
            "section_set_unusual=missing 建设单位职能",
        ]),
    "a plain-numbered duties label the profile does not know, in one entry": (
        TEXT.replace(UNIT_AND_DUTIES, "社会治理联动中心\n\n3、单位职责\n\n配合", 1), [
            "critical: resources.name_unit_plausible: seq 1 政务云平台; "
            "name_unit_implausible=builder_unit: 101 characters > 40, holds ，。；",
            "warning: resources.section_set_usual: seq 1 政务云平台; "
            "section_set_unusual=missing 建设单位职能",
        ]),
    "overview label glued onto the network types": (
        TEXT.replace("政务外网、政务内网\n\n4. 基本情况\n\n", "政务外网、政务内网 4. 基本情况：", 1), [
            "critical: resources.single_value_has_no_label: seq 1 政务云平台; "
            "label_in_single_value=network_types: 4. 基本情况",
            "warning: resources.section_set_usual: seq 1 政务云平台; "
            "section_set_unusual=missing 基本情况",
        ]),
    "a note glued onto the contact's line": (
        TEXT.replace("区政府服务热线 96180\n", "区政府服务热线 96180 7、备注：请提前一个工作日预约\n", 1),
        ["critical: resources.single_value_has_no_label: seq 1 政务云平台; "
         "label_in_single_value=contact: 7、备注"]),
    "builder label glued onto the name": (
        TEXT.replace("政务云平台\n\n2. 建设单位概况", "政务云平台 2. 建设单位概况", 1),
        ["critical: resources.single_value_has_no_label: seq 1 政务云平台 2. 建设单位概况; "
         "label_in_single_value=name: 2. 建设单位概况"]),
    "one entry without 网络类型": (
        TEXT.replace("3. 网络类型\n\n政务外网、政务内网\n\n", "", 1),
        ["warning: resources.section_set_usual: seq 1 政务云平台; "
         "section_set_unusual=missing 网络类型"]),
}


def test_the_issue_edition_every_unit_but_one_swallowed_its_duties(tmp_path: Path) -> None:
    """As in the third district's edition: the duties' label glued onto the unit's line in 25
    of 26 entries. Each is critical twice; the usual set is now the damaged one, so the one
    correct entry (25, its own unit) is the warning, with the duties as its extra section."""
    text = TEXT.replace(UNIT_AND_DUTIES, "社会治理联动中心3、单位职能：配合")
    tables = edition_tables(text, tmp_path)
    names = dict(zip(tables["resources"].column("seq").to_pylist(),
                     tables["resources"].column("name").to_pylist(), strict=True))
    glued = [seq for seq in names if seq != 25]
    assert new_check_failures(tables) == [
        *(f"critical: resources.single_value_has_no_label: seq {seq} {names[seq]}; "
          "label_in_single_value=builder_unit: 3、单位职能" for seq in glued),
        *(f"critical: resources.name_unit_plausible: seq {seq} {names[seq]}; "
          "name_unit_implausible=builder_unit: 102 characters > 40, holds ，。；" for seq in glued),
        "warning: resources.section_set_usual: seq 25 行政审批服务平台; "
        "section_set_unusual=extra 建设单位职能",
    ]


@pytest.mark.parametrize("case", list(DAMAGED))
def test_a_damaged_edition_fails_exactly_on_the_damaged_entry(case: str, tmp_path: Path) -> None:
    text, failures = DAMAGED[case]
    assert text != TEXT
    assert new_check_failures(edition_tables(text, tmp_path)) == failures


TONGAN_TEXT = TONGAN.read_text(encoding="utf-8")
#: The 同安 edition (its own labels and the unmapped 主管单位), read with a profile drafted from
#: it: the labels and section names are that profile's.
DAMAGED_TONGAN: dict[str, tuple[str, list[str]]] = {
    "duties label glued onto the unit's line": (
        TONGAN_TEXT.replace("3）承建单位：同安区大数据中心\n\n4．承建单位职责：\n\n",
                            "3）承建单位：同安区大数据中心4．承建单位职责：", 1), [
            "critical: resources.single_value_has_no_label: seq 1 政务云平台; "
            "label_in_single_value=builder_unit: 4.承建单位职责",
            "critical: resources.name_unit_plausible: seq 1 政务云平台; "
            "name_unit_implausible=builder_unit: 75 characters > 40, holds ，。",
            "warning: resources.section_set_usual: seq 1 政务云平台; "
            "section_set_unusual=missing 承建单位职责",
        ]),
    "one entry without its unmapped section 主管单位": (
        TONGAN_TEXT.replace("2．主管单位：中共厦门市同安区委政法委员会\n\n", "", 1),
        ["warning: resources.section_set_usual: seq 2 视频共享平台; "
         "section_set_unusual=missing 主管单位"]),
}


@pytest.mark.parametrize("case", list(DAMAGED_TONGAN))
def test_a_damaged_edition_of_another_template(case: str, tmp_path: Path) -> None:
    text, failures = DAMAGED_TONGAN[case]
    assert text != TONGAN_TEXT
    profile = _drafted(TONGAN)
    assert new_check_failures(edition_tables(text, tmp_path, profile), profile) == failures


def test_a_contact_person_holding_a_label_is_named(tmp_path: Path) -> None:
    tables = edition_tables(JIMEI.read_text(encoding="utf-8"), tmp_path)
    glued = damaged(tables, "resources",
                    lambda frame: at_seq(frame, 3, "contact_person", "李工 5、网络类型：政务外网"))
    assert new_check_failures(glued) == [
        "critical: resources.single_value_has_no_label: seq 3 统一身份认证平台; "
        "label_in_single_value=contact_person: 5、网络类型"]


def test_every_swallowing_field_is_listed_in_one_line(tmp_path: Path) -> None:
    def edit(frame: pd.DataFrame) -> None:
        at_seq(frame, 2, "name", "政务网络（2）建设单位职能")
        at_seq(frame, 2, "builder_unit", "社会治理联动中心3、单位职能：负责全区，统筹")
    glued = damaged(edition_tables(TEXT, tmp_path), "resources", edit)
    resources = check_frames(glued, None)["resources"].set_index("seq")
    assert resources.loc[2, "label_in_single_value"] == (
        "name: （2）建设单位职能; builder_unit: 3、单位职能")
    assert resources.loc[2, "name_unit_implausible"] == "builder_unit: holds ，"


def test_the_longest_plausible_value_comes_from_the_profile(tmp_path: Path) -> None:
    """At 12 characters the three 13-character names are too long, the units (8) are not."""
    gate = replace(default_profile().gate, field_max_chars=12)
    profile = replace(default_profile(), gate=gate)
    assert new_check_failures(edition_tables(TEXT, tmp_path), profile) == [
        f"critical: resources.name_unit_plausible: seq {seq} {name}; "
        "name_unit_implausible=name: 13 characters > 12"
        for seq, name in [(5, "市公共服务业务协同支撑平台"), (6, "市政务空间信息共享服务平台"),
                          (24, "社会治理网格化联动信息平台")]]


# --- the usual set of sections ---------------------------------------------------------------

def _entries(*sections: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A tiny edition: one entry per tuple, with the columns named there filled in and an
    ``other`` item for each label after ``other:``."""
    columns = ("builder_unit", "builder_duties", "network_types_text", "overview",
               "supporting_text", "implementation", "effort_text", "contact")
    rows, items = [], []
    for number, names in enumerate(sections, start=1):
        key = f"资源{number}"
        rows.append({"resource_key": key, **{c: ("x" if c in names else None) for c in columns}})
        items.append({"resource_key": key, "section": "functions", "text": "f", "label": None})
        items += [{"resource_key": key, "section": "other", "text": "t",
                   "label": n.removeprefix("other:")} for n in names if n.startswith("other:")]
    return pd.DataFrame(rows), pd.DataFrame(items, columns=["resource_key", "section", "text",
                                                             "label"])


FULL = ("builder_unit", "builder_duties", "network_types_text", "overview", "supporting_text",
        "implementation", "effort_text", "contact")
NO_NETWORK = tuple(c for c in FULL if c != "network_types_text")


@pytest.mark.parametrize(("sections", "expected"), [
    ((FULL, FULL, NO_NETWORK), [None, None, "missing 网络类型"]),
    ((FULL, FULL, (*FULL, "other:主管单位")), [None, None, "extra 主管单位"]),
    ((FULL, FULL, (*NO_NETWORK, "other:主管单位")),
     [None, None, "missing 网络类型; extra 主管单位"]),
    ((FULL, NO_NETWORK), [None, None]),  # two entries: no usual set
    ((FULL, NO_NETWORK, FULL[1:], FULL), [None, "missing 网络类型", "missing 建设单位", None]),
    ((FULL, NO_NETWORK, FULL[1:]), [None, None, None]),  # three sets, none most common
    ((FULL, FULL, NO_NETWORK, NO_NETWORK), [None, None, None, None]),  # a tie
])
def test_sections_differing_from_the_usual_set(
    sections: tuple[tuple[str, ...], ...], expected: list[str | None]
) -> None:
    resources, items = _entries(*sections)
    assert unusual_section_sets(resources, items, default_profile()).tolist() == expected


def test_without_a_label_column_other_sections_are_not_counted() -> None:
    resources, items = _entries(FULL, FULL, (*FULL, "other:主管单位"))
    unusual = unusual_section_sets(resources, items.drop(columns=["label"]), default_profile())
    assert unusual.tolist() == [None, None, None]
