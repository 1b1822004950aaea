"""One vocabulary: every word a person reads comes from ``pipeline/vocabulary.py``.

A scan fails when an output (the site's modules and templates, the export, the change reports,
``catalog diff``, the terminal lines, the tables' descriptions) writes a column, section, unit,
change, check or verdict word of its own; value tests check that what each output shows equals
the vocabulary's words; exact values pin the three words the outputs used to disagree on and
the ``2 周`` of a weekly figure; the profile's time zone and how a time reads.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
import regex as re

from pipeline.changes.diff import EditionDiff
from pipeline.changes.report import render_markdown
from pipeline.errors import ProfileError
from pipeline.profile import LABEL_KEYS, default_profile, parse_profile
from pipeline.quality.suites import load_suites
from pipeline.site.model import build_catalog
from pipeline.tables import CHANGES_SCHEMA, ITEM_SECTIONS, STORED_SCHEMAS
from pipeline.vocabulary import (
    BOOLEAN_FIELDS,
    CHANGE_TYPES,
    CHANGE_WORDS,
    CHECK_WORDS,
    COLUMN_WORDS,
    LABEL_KEY_WORDS,
    READING_WORDS,
    SECTION_WORDS,
    STATUS_WORDS,
    UNIT_WORDS,
    column_word,
    detail_words,
    field_value,
    field_word,
    format_time,
    readable_headers,
    readable_row,
)
from tests.conftest import ROOT

#: Every module and template that writes what a person reads.
OUTPUTS: tuple[str, ...] = (
    "pipeline/site/*.py", "pipeline/site/templates/*.html", "pipeline/changes/report.py",
    "pipeline/change_record.py", "pipeline/commands/export.py", "pipeline/commands/diff.py",
    "pipeline/commands/report_lines.py", "pipeline/tables.py", "pipeline/quality/docs.py",
)
#: The vocabulary's words an output must not spell itself: column names, sections, units,
#: readings, verdicts, check names (three characters or more: two-character words such as
#: 删除 and 版本 also occur inside ordinary sentences), and the four change types.
OWN_WORDS: frozenset[str] = frozenset(
    word for word in (
        *(w for table in COLUMN_WORDS.values() for w in table.values()),
        *SECTION_WORDS.values(), *READING_WORDS.values(), *STATUS_WORDS.values(),
        *(c.name for c in CHECK_WORDS.values()),
    ) if len(word) >= 3
) | frozenset(CHANGE_WORDS.values()) | frozenset({"人天", "工作日"})
#: Jinja tags and expressions: only the literal text around them is the template's own.
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: Sentences a template may say although they hold a vocabulary word: 删除线 (strike-through,
#: the legend of a change), the index's lead (按导入顺序排列；最新版本 …) and its chart note.
_SENTENCE_WORDS: tuple[str, ...] = ("删除线", "按导入顺序排列", "最新版本", "多个字段修改")


def _literals(path: Path) -> list[str]:
    """The string literals of a module, docstrings left out (they explain, nobody reads them
    on a page)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}  # fmt: skip
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]  # fmt: skip


def _own_text(path: Path) -> list[str]:
    if path.suffix == ".html":
        return [_JINJA.sub(" ", path.read_text(encoding="utf-8"))]
    return _literals(path)


def own_words(texts: list[str]) -> list[str]:
    """The vocabulary words written in ``texts``."""
    found = []
    for text in texts:
        for allowed in _SENTENCE_WORDS:
            text = text.replace(allowed, " ")
        found += [word for word in OWN_WORDS if word in text]
    return sorted(set(found))


@pytest.mark.parametrize("path", sorted(
    str(path.relative_to(ROOT)) for pattern in OUTPUTS for path in ROOT.glob(pattern)))
def test_no_output_writes_a_word_of_its_own(path: str) -> None:
    assert own_words(_own_text(ROOT / path)) == [], f"{path}: take the word from pipeline.vocabulary"


def test_the_scan_finds_a_word_written_outside_the_vocabulary(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""资源名称 in a docstring is fine."""\nHEADER = "资源名称"\nOK = "概况"\n')
    template = tmp_path / "t.html"
    template.write_text("<th>{{ column('resources', 'name') }}</th><th>对接工作量说明</th>修改")
    assert own_words(_own_text(module)) == ["资源名称"]
    assert own_words(_own_text(template)) == ["修改", "对接工作量说明"]


# --- the tables of words cover every code ---------------------------------------------------------

def test_every_column_of_every_table_has_one_chinese_name() -> None:
    for table, schema in STORED_SCHEMAS.items():
        words = [COLUMN_WORDS[table][column] for column in ("catalog", "edition", *schema.names)]
        assert len(set(words)) == len(words), table


def test_every_check_of_every_suite_has_a_name_and_a_reason() -> None:
    checks = [check for suite in load_suites().values() for check in suite.checks]
    assert sorted(checks) == sorted(CHECK_WORDS)
    names = [words.name for words in CHECK_WORDS.values()]
    assert len(set(names)) == len(names)
    for check, words in CHECK_WORDS.items():
        assert words.why.endswith("。") and not re.search(r"[a-z]_[a-z]", words.why), check


def test_the_boolean_fields_are_the_boolean_columns() -> None:
    schema = STORED_SCHEMAS["resources"]
    assert tuple(f.name for f in schema if pa.types.is_boolean(f.type)) == BOOLEAN_FIELDS


def test_every_section_label_key_and_change_type_has_its_word() -> None:
    assert {section for section, _ in ITEM_SECTIONS} == set(SECTION_WORDS)
    assert {*LABEL_KEYS, "heading"} == set(LABEL_KEY_WORDS)
    assert tuple(CHANGE_WORDS) == CHANGE_TYPES == ("added", "removed", "renamed", "modified")


# --- the former disagreements, exactly ------------------------------------------------------------

def test_effort_open_ended_reads_the_same_everywhere() -> None:
    assert column_word("resources", "effort_open_ended") == "工作量视需求而定"
    headers = readable_headers("resources", STORED_SCHEMAS["resources"].names)
    assert "工作量视需求而定" in headers and "工作量待定" not in headers  # the export
    assert field_word("effort_open_ended") == "工作量视需求而定"  # the site's change pages


def test_the_headline_lower_end_reads_the_same_everywhere() -> None:
    assert column_word("resources", "effort_min") == "对接工作量下限"
    assert field_word("effort_min") == "对接工作量下限"
    assert readable_headers("resources", ["effort_min"]) == ["对接工作量下限"]


def weekly_diff() -> EditionDiff:
    """One entry whose headline went from 2 to 3 weeks."""
    rows = [{"from_edition": "a", "to_edition": "b", "resource_key": "k", "name": "平台",
             "change": "modified", "field": field, "old_value": "2", "new_value": "3"}
            for field in ("effort_min", "effort_max")]
    return EditionDiff(pd.DataFrame(rows, columns=CHANGES_SCHEMA.names),
                       {"k": ("week", "week")})  # fmt: skip


def test_a_weekly_figure_reads_in_weeks_in_the_change_report() -> None:
    report = render_markdown(weekly_diff(), "a", "b")
    assert "| 对接工作量下限 | 2 周 | 3 周 |" in report.splitlines()
    assert "week" not in report
    assert {UNIT_WORDS[u] for u in ("person_day", "working_day", "day", "week", "month")} == {
        "人天", "工作日", "天", "周", "个月"}


@pytest.mark.parametrize(("field", "value", "words"), [
    ("effort_unit", "person_day", "人天"),
    ("effort_unit", "month", "个月"),
    ("effort_approximate", "true", "是"),
    ("effort_open_ended", "false", "否"),
    ("name", "true", "true"),  # an entry named true stays true
    ("functions", "person_day", "person_day"),  # an item's text is text
    ("effort_unit", None, None),
])
def test_field_value(field: str, value: str | None, words: str | None) -> None:
    assert field_value(field, value) == words


def test_a_row_reads_in_words_with_its_codes_last() -> None:
    row = {"resource_key": "k", "section": "functions", "position": 1, "text": "人天", "label": None}
    assert readable_row("resource_items", row) == ["k", "功能和服务", 1, "人天", None, "functions"]
    change = {"from_edition": "a", "to_edition": "b", "resource_key": "k", "name": "平台",
              "change": "modified", "field": "effort_unit", "old_value": "day",
              "new_value": "week"}
    assert readable_row("changes", change) == [
        "a", "b", "k", "平台", "修改", "工作量单位", "天", "周", "modified", "effort_unit"]


@pytest.mark.parametrize(("table", "detail", "words"), [
    ("resources", "function_count=0", "功能和服务条数：0"),
    ("resources", "effort_max=（空）, effort_unit=week", "对接工作量上限：（空）, 工作量单位：week"),
    ("resource_items", "text=<img src=x>", "内容：<img src=x>"),
    ("editions", "observed 0.5", "观测值 0.5"),
    ("resources", "could not run: boom", "无法运行：boom"),
])
def test_detail_words(table: str, detail: str, words: str) -> None:
    assert detail_words(table, detail) == words


# --- times ----------------------------------------------------------------------------------------

def test_a_time_reads_in_the_zone_it_names() -> None:
    moment = datetime(2026, 12, 7, 10, 2, 11, tzinfo=UTC)
    assert format_time(moment) == "2026-12-07 18:02:11 (Asia/Shanghai)"
    assert format_time(moment.replace(tzinfo=None)) == "2026-12-07 18:02:11 (Asia/Shanghai)"
    assert format_time(moment, "Europe/Berlin") == "2026-12-07 11:02:11 (Europe/Berlin)"


def _profile_data(**display: object) -> dict[str, object]:
    import tomllib

    text = (ROOT / "pipeline" / "profiles" / "default.toml").read_text(encoding="utf-8")
    return {**tomllib.loads(text), **({"display": display} if display else {})}


def test_the_profile_names_the_time_zone() -> None:
    assert default_profile().time_zone == "Asia/Shanghai"
    assert parse_profile(_profile_data()).time_zone == "Asia/Shanghai"
    assert parse_profile(_profile_data(time_zone="Asia/Hong_Kong")).time_zone == "Asia/Hong_Kong"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../../etc/passwd"])
def test_an_unknown_time_zone_is_refused_naming_the_key(zone: str) -> None:
    with pytest.raises(ProfileError, match=r"profile key 'display\.time_zone': .* is not a time "
                                           r"zone \(an IANA name such as 'Asia/Shanghai'\)"):
        parse_profile(_profile_data(time_zone=zone))


def test_the_site_shows_times_in_the_zone_it_is_given() -> None:
    import pyarrow as pa

    editions = pa.Table.from_pylist([{
        "edition": "e1", "ingest_seq": 1, "entries": 0,
        "ingested_at": datetime(2026, 1, 1, 16, 30, tzinfo=UTC)}])
    assert build_catalog({"editions": editions}, {}).editions[0].info.ingested_at == (
        "2026-01-02 00:30:00 (Asia/Shanghai)")
    assert build_catalog({"editions": editions}, {}, time_zone="America/New_York").editions[
        0].info.ingested_at == "2026-01-01 11:30:00 (America/New_York)"


# --- the data dictionary ------------------------------------------------------------------------

def dictionary_names() -> dict[str, dict[str, str]]:
    """Table → column → 中文名, as docs/data-dictionary.md lists them (``a / b`` rows split)."""
    found: dict[str, dict[str, str]] = {}
    table = None
    for line in (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#+ `(\w+)`", line)
        if line.startswith("#"):
            table = heading.group(1) if heading and heading.group(1) in STORED_SCHEMAS else None
        elif table and line.startswith("| ") and not line.startswith("| column"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            for column, words in zip(cells[0].split(" / "), cells[1].split(" / "), strict=True):
                found.setdefault(table, {})[column] = words
    return found


def test_the_data_dictionary_names_every_column_as_the_vocabulary_does() -> None:
    names = dictionary_names()
    assert set(names) == set(STORED_SCHEMAS)
    for table, schema in STORED_SCHEMAS.items():
        assert set(names[table]) >= set(schema.names), table
        assert names[table] == {column: column_word(table, column) for column in names[table]}
