"""The quality gate without Prefect: suite files, check frames and the GX runner."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.profile import default_profile
from pipeline.quality.frames import check_frames, expectation_parameters
from pipeline.quality.gx import run_suites
from pipeline.quality.suites import SUITE_NAMES, SuiteError, load_suite, load_suites
from pipeline.quality.validate import result_document, validate_edition
from pipeline.tables import build_tables
from tests.conftest import ROOT, SEED
from tests.damage import WHEN, Tables, at_seq, damaged, many_faults
from tests.test_bundled_edition import BREAKDOWNS, ENTRIES

#: Every expectation: (suite, check, severity). docs/quality.md must list the same.
EXPECTATIONS = [
    ("resources", "seq_unique", "critical"),
    ("resources", "seq_consecutive_from_1", "critical"),
    ("resources", "resource_key_unique", "critical"),
    ("resources", "name_present", "critical"),
    ("resources", "builder_unit_present", "warning"),
    ("resources", "contact_phone_present", "warning"),
    ("resources", "contact_phone_digits", "critical"),
    ("resources", "contact_extension_digits", "critical"),
    ("resources", "network_types_present", "warning"),
    ("resources", "effort_text_present", "warning"),
    ("resources", "effort_min_not_above_max", "critical"),
    ("resources", "effort_unit_with_figures", "critical"),
    ("resources", "effort_unit_known", "critical"),
    ("resources", "party_days_sum_to_total", "warning"),
    ("resources", "has_function", "critical"),
    ("resources", "has_supporting_document", "warning"),
    ("resources", "effort_readable_share", "critical"),
    ("resources", "effort_phrase_read", "warning"),
    ("resources", "ocr_confident", "warning"),
    ("resources", "single_value_has_no_label", "critical"),
    ("resources", "name_unit_plausible", "critical"),
    ("resources", "section_set_usual", "warning"),
    ("resource_items", "item_section_known", "critical"),
    ("resource_items", "item_text_present", "critical"),
    ("resource_items", "item_position_unique", "critical"),
    ("resource_items", "item_entry_exists", "critical"),
    ("resource_items", "network_type_canonical", "warning"),
    ("effort_components", "component_entry_exists", "critical"),
    ("effort_components", "component_position_unique", "critical"),
    ("effort_components", "component_min_not_above_max", "critical"),
    ("effort_components", "component_days_not_negative", "critical"),
    ("effort_components", "component_unit_with_figures", "critical"),
    ("effort_components", "component_party_known", "critical"),
    ("editions", "one_edition_row", "critical"),
    ("editions", "source_sha256_well_formed", "critical"),
    ("editions", "source_format_known", "critical"),
    ("editions", "pages_positive", "critical"),
    ("editions", "entries_match_resources", "critical"),
    ("editions", "entry_count_near_previous", "warning"),
    ("editions", "entry_count_near_replaced", "critical"),
    ("editions", "no_entries_lost_on_replace", "warning"),
]


@pytest.fixture(scope="module")
def seed_tables(seed_resources: tuple[Resource, ...]) -> Tables:
    return build_tables(read_source(SEED), seed_resources, WHEN)


# --- suite files -----------------------------------------------------------------------------

def test_every_expectation_has_a_severity_and_a_reason() -> None:
    suites = load_suites()
    assert tuple(suites) == SUITE_NAMES
    found = [(name, e["meta"]["check"], e["meta"]["severity"])
             for name, suite in suites.items() for e in suite.expectations]
    assert found == EXPECTATIONS
    assert all(e["meta"]["why"].strip() for suite in suites.values() for e in suite.expectations)


def test_great_expectations_builds_every_expectation_of_every_file() -> None:
    from pipeline.quality.gx import build_suite

    for name in SUITE_NAMES:
        suite = load_suite(name)
        built = build_suite(suite)
        assert len(built.expectations) == len(suite.expectations), name
        assert [e.severity.value for e in built.expectations] == [
            e["meta"]["severity"] for e in suite.expectations]


def test_an_expectation_gx_cannot_build_is_an_error_not_a_silent_drop() -> None:
    from pipeline.quality.gx import build_suite

    suite = load_suite("editions")
    typo = {**suite.expectations[0], "type": "expect_table_row_count_to_equall"}
    broken = type(suite)(name="editions", expectations=(typo, *suite.expectations[1:]))
    with pytest.raises(SuiteError, match=r"editions.json: Great Expectations rejected \['one_edition_row'\]"):
        build_suite(broken)


@pytest.mark.parametrize(("meta", "problem"), [
    ({"check": "x", "severity": "fatal", "guards": "data", "why": "because"}, "meta.severity 'critical' or 'warning'"),
    ({"check": "x", "severity": "warning", "guards": "data"}, "a one-line meta.why"),
    ({"severity": "warning", "guards": "data", "why": "because"}, "needs meta.check"),
    ({"check": "x", "severity": "warning", "why": "because"}, "meta.guards 'data' or 'code'"),
    ({"check": "x", "severity": "warning", "guards": "luck", "why": "because"}, "meta.guards 'data' or 'code'"),
])
def test_suite_files_without_severity_or_reason_are_refused(
    meta: dict[str, str], problem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite = {"name": "editions", "expectations": [
        {"type": "expect_table_row_count_to_equal", "kwargs": {"value": 1}, "meta": meta}]}
    (tmp_path / "editions.json").write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.setattr("pipeline.quality.suites.suite_dir", lambda: tmp_path)
    with pytest.raises(SuiteError, match=problem):
        load_suite("editions")


def test_docs_list_every_expectation_with_its_severity() -> None:
    text = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    rows = {line.split("|")[2].strip(" `"): line for line in text.splitlines()
            if line.startswith("| `")}
    assert sorted(rows) == sorted(check for _, check, _ in EXPECTATIONS)
    for suite, check, severity in EXPECTATIONS:
        assert f"| `{suite}` | `{check}` | {severity} | " in rows[check]


# --- check frames (pure) ---------------------------------------------------------------------

def test_check_columns_of_the_bundled_edition(seed_tables: Tables) -> None:
    frames = check_frames(seed_tables, previous_entries=26)
    resources = frames["resources"].set_index("seq")
    assert list(resources["catalog_position"]) == list(range(1, 27))
    assert resources["function_count"].to_dict() == {row[0]: row[4] for row in ENTRIES}
    assert resources["supporting_doc_count"].to_dict() == {row[0]: row[6] for row in ENTRIES}
    sums = resources["party_days_sum"].dropna().to_dict()
    assert sums == {seq: float(total) for seq, (total, _, _) in BREAKDOWNS.items()}
    assert resources["effort_read"].tolist() == [1.0] * 26
    assert resources["effort_unread_text"].isna().all()
    assert sorted(resources.index[~resources["has_effort_figure"]]) == [18, 20]
    items = frames["resource_items"]
    assert items.loc[items["text"] == "卫星专网"].empty
    assert set(items["seq"]) == set(range(1, 27))
    assert frames["effort_components"]["has_figure"].sum() == 41 - 7  # 7 open-ended clauses
    editions = frames["editions"].iloc[0]
    assert (editions["resource_rows"], editions["previous_entries"],
            editions["entries_change_share"]) == (26, 26, 0.0)
    parameters = expectation_parameters(seed_tables, default_profile())
    assert sorted(parameters["resource_keys"]) == sorted(resources["resource_key"])
    assert {key: value for key, value in parameters.items() if key != "resource_keys"} == {
        "canonical_networks": ["政务外网", "政务内网", "互联网"],
        "effort_parties": ["应用单位", "平台单位"],
        "effort_readable_share_min": 0.5,
        "entry_count_change_max": 0.25,
        "effort_units": ["day", "month", "person_day", "week", "working_day"],
        "item_sections": ["functions", "access_targets", "supporting_docs", "network_types",
                          "keywords", "contact_phones", "other"],
    }


def test_without_a_previous_edition_the_change_is_null(seed_tables: Tables) -> None:
    editions = check_frames(seed_tables, previous_entries=None)["editions"].iloc[0]
    assert pd.isna(editions["previous_entries"]) and pd.isna(editions["entries_change_share"])
    assert pd.isna(editions["replaced_entries"]) and pd.isna(editions["replaced_change_share"])


@pytest.mark.parametrize(("replaced", "share"), [(52, 0.5), (26, 0.0), (20, 0.3)])
def test_the_replaced_editions_count_is_a_check_column(
    replaced: int, share: float, seed_tables: Tables
) -> None:
    editions = check_frames(seed_tables, None, replaced_entries=replaced)["editions"].iloc[0]
    assert (editions["replaced_entries"], editions["replaced_change_share"]) == (replaced, share)


@pytest.mark.parametrize(("replaced", "refused"), [(52, True), (35, True), (34, False),
                                                   (26, False), (21, False), (20, True)])
def test_a_count_far_from_the_replaced_editions_is_critical(
    replaced: int, refused: bool, seed_tables: Tables
) -> None:
    """26 against 35 is −25.7 %, against 34 −23.5 %, against 20 +30 %, against 21 +23.8 %."""
    frames = check_frames(seed_tables, None, default_profile(), replaced_entries=replaced)
    report = run_suites(frames, expectation_parameters(seed_tables, default_profile()), "x")
    share = float(f"{abs(26 - replaced) / replaced:.6g}")
    assert [f.describe() for f in report.critical] == (
        [f"editions.entry_count_near_replaced: replaced_change_share={share}, entries=26, "
         f"replaced_entries={replaced}"] if refused else [])
    lost = [f"editions.no_entries_lost_on_replace: entries=26, replaced_entries={replaced}"]
    assert [f.describe() for f in report.warnings] == (lost if replaced > 26 else [])


def test_value_sets_come_from_the_profile(seed_tables: Tables, tmp_path: Path) -> None:
    """A profile that knows 卫星专网 as a network accepts it; the default one flags it."""
    def satellite(frame: pd.DataFrame) -> None:
        frame.loc[frame["section"] == "network_types", "text"] = "卫星专网"

    tables = damaged(seed_tables, "resource_items", satellite)
    flagged = validate_edition(tables, "default")
    assert flagged.warnings[0].describe() == (
        "resource_items.network_type_canonical: seq 1 政务云平台; text=卫星专网")
    assert len(flagged.warnings) == 39  # every network item of the 26 entries
    networks = replace(default_profile().networks, canonical=("卫星专网",))
    accepted = validate_edition(tables, "own",
                                profile=replace(default_profile(), networks=networks))
    assert accepted.status == "passed"


# --- the GX runner ---------------------------------------------------------------------------

def test_the_bundled_edition_passes_every_expectation(seed_tables: Tables) -> None:
    """Every expectation of every suite is reported, in suite order, in its file's words."""
    report = validate_edition(seed_tables, "seed")
    assert (report.status, report.evaluated, report.failures) == ("passed", len(EXPECTATIONS), ())
    assert [(c.table, c.check) for c in report.checks] == [
        (suite, e["meta"]["check"]) for suite in SUITE_NAMES
        for e in load_suite(suite).expectations]  # fmt: skip
    first = report.checks[0]
    assert (first.check, first.severity, first.guards, first.expectation, first.success,
            first.failing) == ("seq_unique", "critical", "code",
                               "expect_column_values_to_be_unique", True, ())  # fmt: skip
    assert first.why.startswith("seq identifies an entry within its edition")
    document = json.loads(result_document(report))
    assert [c["check"] for c in document["checks"]] == [c.check for c in report.checks]
    assert document["checks"][0]["failing"] == []


def test_a_failed_check_names_its_entries_in_words(seed_tables: Tables) -> None:
    report = validate_edition(many_faults(seed_tables), "faulty")
    failed = {(c.table, c.check): c for c in report.checks if not c.success}
    assert set(failed) == {(f.table, f.expectation) for f in report.failures}
    phone = failed["resources", "contact_phone_digits"]
    assert (phone.severity, phone.guards, [(f.seq, f.name, f.detail) for f in phone.failing]) == (
        "critical", "code", [(6, "市政务空间信息共享服务平台", "contact_phone=96l80")])
    document = json.loads(result_document(report))
    shown = next(c for c in document["checks"] if c["check"] == "contact_phone_digits")
    assert shown["failing"] == [
        {"seq": 6, "name": "市政务空间信息共享服务平台", "detail": "contact_phone=96l80"}]
    assert shown["success"] is False and shown["why"] == phone.why


def test_failures_name_the_expectation_and_the_entry(seed_tables: Tables, tmp_path: Path) -> None:
    report = validate_edition(many_faults(seed_tables), "faulty")
    sha = seed_tables["editions"].column("source_sha256")[0].as_py().upper()
    assert sorted((f.table, f.expectation, f.severity, f.seq, f.name, f.detail)
                  for f in report.failures) == sorted([
        ("resources", "seq_unique", "critical", 2, "政务网络", ""),
        ("resources", "seq_unique", "critical", 2, "信息安全管理服务", ""),
        ("resources", "seq_consecutive_from_1", "critical", 2, "信息安全管理服务", "catalog_position=3"),
        ("resources", "builder_unit_present", "warning", 26, "大数据信息资源共享库", ""),
        ("resources", "section_set_usual", "warning", 26, "大数据信息资源共享库",
         "section_set_unusual=missing 建设单位"),
        ("resources", "contact_phone_digits", "critical", 6, "市政务空间信息共享服务平台", "contact_phone=96l80"),
        ("resources", "effort_min_not_above_max", "critical", 5, "市公共服务业务协同支撑平台",
         "effort_max=30.0, effort_min=40.0"),
        ("resources", "effort_unit_with_figures", "critical", 1, "政务云平台", ""),
        ("resources", "party_days_sum_to_total", "warning", 11, "电子政务短信服务平台",
         "party_days_sum=15.0, effort_max=16.0"),
        ("editions", "source_sha256_well_formed", "critical", None, None,
         f"source_sha256={sha}, entries=26"),
    ])
    assert (report.status, report.warning_count) == ("failed", 3)


def _without_load_times(document: str) -> dict[str, object]:
    """``validation.json`` without GX's batch load times (the only values two runs differ in)."""
    parsed = json.loads(document)
    for result in parsed["results"].values():
        del result["meta"]["batch_markers"]["ge_load_time"]
    return parsed


#: GX's batch load time in ``validation.json`` (a timestamp: the only text two runs differ in).
GE_LOAD_TIME = re.compile(r'"ge_load_time": "[^"]*"')


def test_gx_configurations_built_once_give_gxs_own_report(
    seed_tables: Tables, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``pipeline.quality.gx`` builds each expectation's configuration once per validation
    (GX rebuilds it on every access); the report, failing entries and GX's full results
    included, is the one GX's own property gives."""
    import pipeline.quality.gx as gx

    faulty = many_faults(seed_tables)
    memoised = result_document(validate_edition(faulty, "faulty"))
    monkeypatch.setattr(gx, "SPEEDUPS", gx.ALL_SPEEDUPS - {gx.CONFIGURATIONS})
    own = result_document(validate_edition(faulty, "faulty"))
    assert _without_load_times(memoised) == _without_load_times(own)
    assert json.loads(own)["status"] == "failed" and len(json.loads(own)["failures"]) == 10


def _erroring(tables: Tables) -> str:
    """``validation.json`` of run_suites on frames without two columns checks need."""
    frames = check_frames(tables, previous_entries=None)
    frames["resources"] = frames["resources"].drop(columns=["contact_phone", "effort_unit"])
    parameters = expectation_parameters(tables, default_profile())
    return result_document(run_suites(frames, parameters, "broken"))


@pytest.mark.parametrize(("edition", "status", "failures"), [
    ("passing", "passed", 0), ("failing", "failed", 10), ("erroring", "failed", 4)])
def test_each_gx_speedup_gives_gxs_own_report(
    edition: str, status: str, failures: int, seed_tables: Tables,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """All the speedups of ``pipeline.quality.gx`` give the report GX gives without them: on
    an edition passing the first (``BASIC``) pass, one failing with ``COMPLETE`` results
    naming its entries, and one whose expectations cannot run; on the failing one, whose
    validation takes every path, each speedup alone does too (it names the one that differs).
    The texts are compared, GX's key order included, only its load times blanked; but for
    the erroring edition, whose ``exception_info`` lists failed metrics in an order GX's own
    runs vary in (it collects them in a set of objects hashed by identity), the parsed
    documents."""
    import pipeline.quality.gx as gx

    def document() -> str:
        if edition == "erroring":
            text = _erroring(seed_tables)
        else:
            tables = many_faults(seed_tables) if edition == "failing" else seed_tables
            text = result_document(validate_edition(tables, edition))
        blanked, times = GE_LOAD_TIME.subn('"ge_load_time": null', text)
        assert times == len(SUITE_NAMES)
        return blanked

    monkeypatch.setattr(gx, "SPEEDUPS", frozenset())
    own = document()
    parsed = json.loads(own)
    assert (parsed["status"], len(parsed["failures"])) == (status, failures)
    alone = [{speedup} for speedup in sorted(gx.ALL_SPEEDUPS)] if edition == "failing" else []
    for speedups in [*alone, gx.ALL_SPEEDUPS]:
        monkeypatch.setattr(gx, "SPEEDUPS", frozenset(speedups))
        if edition == "erroring":
            assert json.loads(document()) == parsed, sorted(speedups)
        else:
            assert document() == own, sorted(speedups)


def test_gx_validation_dependencies_are_remembered_for_the_outermost_class() -> None:
    """``validation_dependencies`` remembers what an Expectation's own class works out, not
    what its parent's ``get_validation_dependencies`` (called through ``super()``) does:
    ``expect_column_values_to_be_null`` removes a metric from its parent's result, and a
    remembered result is GX's, a copy of its own each time."""
    from great_expectations.expectations.core.expect_column_values_to_be_null import (
        ExpectColumnValuesToBeNull,
    )

    import pipeline.quality.gx as gx

    expectation = ExpectColumnValuesToBeNull(column="builder_unit")
    own = expectation.get_validation_dependencies(runtime_configuration={"result_format": "BASIC"})
    with gx._speedups(gx.ALL_SPEEDUPS):
        first, again = (expectation.get_validation_dependencies(
            runtime_configuration={"result_format": "BASIC"}) for _ in range(2))
        memos = gx._MEMOS.get()
        assert memos is not None and memos.validation_dependencies is not None
        assert len(memos.validation_dependencies) == 1
    assert "column_values.nonnull.unexpected_count" not in own.get_metric_names()
    for remembered in (first, again):
        assert remembered.get_metric_names() == own.get_metric_names()
        assert ([m.id for m in remembered.get_metric_configurations()]
                == [m.id for m in own.get_metric_configurations()])
        assert remembered.result_format == own.result_format
    assert again is not first and again.metric_configurations is not first.metric_configurations
    assert again.result_format is not first.result_format


def test_gx_json_of_its_own_copy_leaves_gxs_result_unchanged(seed_tables: Tables) -> None:
    """With ``json_copies``, ``pipeline.quality.gx`` serialises its own deep copy of a suite's
    result, GX's further copies skipped: the JSON is GX's, and the result GX returned is left
    as it was (its JSON, taken by GX before and after, unchanged)."""
    import pipeline.quality.gx as gx

    faulty = many_faults(seed_tables)
    frames = check_frames(faulty, previous_entries=None)
    parameters = expectation_parameters(faulty, default_profile())
    result = gx._validate_table(load_suite("resources"), frames["resources"], parameters)
    before = result.to_json_dict()  # type: ignore[no-untyped-call]
    assert not result.success and gx.JSON_COPIES in gx.SPEEDUPS
    assert gx._json(result) == before
    assert result.to_json_dict() == before  # type: ignore[no-untyped-call]


def test_item_and_component_faults_name_their_entry(seed_tables: Tables, tmp_path: Path) -> None:
    def items(frame: pd.DataFrame) -> None:
        frame.loc[frame.index[-1], "resource_key"] = "不存在的资源"  # an item of no entry
        frame.loc[len(frame)] = frame.iloc[0]  # 政务云平台's first function, twice

    def components(frame: pd.DataFrame) -> None:
        frame.loc[frame["resource_key"] == "政务网络", ["party", "figure_max"]] = ["第三方", -2.0]

    tables = damaged(damaged(seed_tables, "resource_items", items), "effort_components", components)
    report = validate_edition(tables, "faulty")
    assert sorted((f.table, f.expectation, f.seq, f.name, f.detail) for f in report.failures) == [
        ("effort_components", "component_days_not_negative", 2, "政务网络", "figure_max=-2.0"),
        ("effort_components", "component_min_not_above_max", 2, "政务网络", "figure_max=-2.0, figure_min=2.0"),
        ("effort_components", "component_party_known", 2, "政务网络", "party=第三方"),
        ("resource_items", "item_entry_exists", None, None, "resource_key=不存在的资源"),
        ("resource_items", "item_position_unique", 1, "政务云平台",
         "resource_key=政务云平台, section=functions, position=1"),
        ("resource_items", "item_position_unique", 1, "政务云平台",
         "resource_key=政务云平台, section=functions, position=1"),
        ("resources", "party_days_sum_to_total", 2, "政务网络", "party_days_sum=-2.0, effort_max=2.0"),
    ]


def test_an_expectation_that_cannot_run_fails(seed_tables: Tables, tmp_path: Path) -> None:
    from pipeline.quality.gx import run_suites

    frames = check_frames(seed_tables, previous_entries=None)
    frames["resources"] = frames["resources"].drop(columns=["contact_phone"])
    parameters = expectation_parameters(seed_tables, default_profile())
    report = run_suites(frames, parameters, "broken")
    assert [f.describe() for f in report.failures] == [
        f'resources.{check}: could not run: Error: The column "contact_phone" in BatchData does not exist.'
        for check in ("contact_phone_present", "contact_phone_digits")]


def test_edition_level_checks_compare_with_the_previous_edition(
    seed_tables: Tables, tmp_path: Path
) -> None:
    """The edition before it in the store's order had 60 entries (the caller passes the count)."""
    def vague(frame: pd.DataFrame) -> None:  # 14 entries unread: 12 of 26 read
        for seq in range(1, 15):
            at_seq(frame, seq, "effort_min", None)
            at_seq(frame, seq, "effort_max", None)
            at_seq(frame, seq, "effort_reading", "unread")

    report = validate_edition(damaged(seed_tables, "resources", vague), "next",
                              previous_entries=60)
    assert sorted((f.table, f.expectation, f.seq, f.detail) for f in report.critical) == [
        ("resources", "effort_readable_share", None, "observed 0.461538"),
    ]
    warned = {(f.expectation, f.seq, f.detail) for f in report.warnings}
    assert ("entry_count_near_previous", None,
            "entries_change_share=0.566667, entries=26, previous_entries=60") in warned
    assert ("effort_phrase_read", 1, "effort_unread_text=一个单位一个应用（开设虚拟机、配置安全策略及"
            "网络配置）2 人天工作量。") in warned


@pytest.mark.parametrize(("previous", "warned"), [(20, True), (21, False), (26, False), (35, True)])
def test_entry_count_change_at_the_threshold_warns(
    previous: int, warned: bool, seed_tables: Tables, tmp_path: Path
) -> None:
    """26 against 20 is +30 %, against 35 −25.7 %: warned; against 21 +23.8 %: not."""
    report = validate_edition(seed_tables, "now", previous_entries=previous)
    assert [f.expectation for f in report.warnings] == (
        ["entry_count_near_previous"] if warned else [])
    assert report.critical == ()
