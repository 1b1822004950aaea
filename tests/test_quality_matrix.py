"""Damaged editions made from the bundled one, each through ``catalog ingest`` with its outcome.

Every row runs on one shared store that already holds the bundled edition (``published``), and
checks that every table published before it is byte-for-byte unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from tests.conftest import ROOT, SEED, tree_snapshot

#: One worker runs this module: its module-scoped fixtures (published stores, built PDFs)
#: are made once, not once per worker.
pytestmark = pytest.mark.xdist_group("quality_matrix")

TEXT = SEED.read_text(encoding="utf-8")
JIMEI = ROOT / "tests" / "data" / "jimei-catalog.txt"
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
#: Entry 1's builder unit and the label of its duties after it.
UNIT_AND_DUTIES = "社会治理联动中心\n\n（2）建设单位职能\n\n配合"


def _entry_bounds(lines: list[str], heading: str) -> tuple[int, int]:
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    end = next((i for i in range(start + 1, len(lines)) if "、" in lines[i][:4]
                and lines[i].strip()[:1] in "一二三四五六七八九十"), len(lines))
    return start, end


def drop_section(heading: str, label: str, next_label: str) -> str:
    """The bundled text without one section (its label line up to the next label) of one entry."""
    lines = TEXT.splitlines(keepends=True)
    start, end = _entry_bounds(lines, heading)
    first = next(i for i in range(start, end) if label in lines[i])
    stop = next(i for i in range(first, end) if next_label in lines[i])
    return "".join(lines[:first] + lines[stop:])


def full_width_efforts() -> str:
    """Every digit inside the 对接工作量说明 sections written full-width (２ 人天)."""
    out, inside = [], False
    for line in TEXT.splitlines(keepends=True):
        inside = (inside or "对接工作量说明" in line) and "联系方式" not in line
        out.append(line.translate(FULL_WIDTH_DIGITS) if inside else line)
    return "".join(out)


def unreadable_efforts() -> str:
    """Every 对接工作量说明 section replaced by a phrase with no figure (``详见对接方案。``)."""
    out, inside = [], False
    for line in TEXT.splitlines(keepends=True):
        if "联系方式" in line:
            inside = False
        elif inside:
            continue
        out.append(line)
        if "对接工作量说明" in line:
            inside = True
            out.append("\n详见对接方案。\n\n")
    return "".join(out)


def first_lines(fraction: float) -> str:
    lines = TEXT.splitlines(keepends=True)
    return "".join(lines[: int(len(lines) * fraction)])


@dataclass(frozen=True)
class Case:
    """A damaged edition and its asserted outcome."""

    make: Callable[[], bytes]
    outcome: str  # identical | warnings | quarantined | error
    lines: tuple[str, ...] = ()  # warning / critical lines, or the error's problem
    more: bool = False  # other critical lines follow from the same fault (listed lines: a subset)


def utf8(make: Callable[[], str]) -> Callable[[], bytes]:
    return lambda: make().encode("utf-8")


CASES: dict[str, Case] = {
    "missing-effort-section": Case(
        utf8(lambda: drop_section("五、市公共服务业务协同支撑平台", "对接工作量说明", "联系方式")),
        "warnings", ("resources.effort_text_present: seq 5 市公共服务业务协同支撑平台",
                     "resources.section_set_usual: seq 5 市公共服务业务协同支撑平台; "
                     "section_set_unusual=missing 对接工作量说明")),
    "missing-network-type": Case(
        utf8(lambda: drop_section("七、监控视频资源共享平台", "网络类型", "基本情况")),
        "warnings", ("resources.network_types_present: seq 7 监控视频资源共享平台",
                     "resources.section_set_usual: seq 7 监控视频资源共享平台; "
                     "section_set_unusual=missing 网络类型")),
    "unit-swallows-glued-duties-label": Case(  # issue 21: （2）建设单位职能 glued onto the unit
        utf8(lambda: TEXT.replace(UNIT_AND_DUTIES, "社会治理联动中心 3、单位职能：配合", 1)),
        "quarantined",
        ("resources.single_value_has_no_label: seq 1 政务云平台; "
         "label_in_single_value=builder_unit: 3、单位职能",
         "resources.name_unit_plausible: seq 1 政务云平台; "
         "name_unit_implausible=builder_unit: 103 characters > 40, holds ，。；")),
    "unit-swallows-duties": Case(  # the duties' label line lost: the unit reads on
        utf8(lambda: TEXT.replace(UNIT_AND_DUTIES, "社会治理联动中心\n\n配合", 1)),
        "quarantined",
        ("resources.name_unit_plausible: seq 1 政务云平台; "
         "name_unit_implausible=builder_unit: 95 characters > 40, holds ，。；",)),
    "network-types-swallow-overview": Case(
        utf8(lambda: TEXT.replace("政务外网、政务内网\n\n4. 基本情况\n\n", "政务外网、政务内网 4. 基本情况：", 1)),
        "quarantined",
        ("resources.single_value_has_no_label: seq 1 政务云平台; "
         "label_in_single_value=network_types: 4. 基本情况",)),
    "duplicated-heading-number": Case(
        utf8(lambda: TEXT.replace("四、互联网远程接入系统", "三、互联网远程接入系统")),
        "error", ("heading number 三、 (3) repeats an earlier number: expected 4",)),
    "numbering-gap": Case(
        utf8(lambda: TEXT.replace("三、信息安全管理服务", "四、信息安全管理服务")),
        "error", ("heading number 四、 (4) skips 3: numbering has a gap",)),
    "unknown-network-type": Case(
        utf8(lambda: TEXT.replace("政务外网、政务内网\n", "政务外网、卫星专网\n", 1)),
        "warnings", ("resource_items.network_type_canonical: seq 1 政务云平台; text=卫星专网",)),
    "full-width-effort-digits": Case(utf8(full_width_efforts), "identical"),
    "half-of-the-file": Case(
        utf8(lambda: first_lines(0.5)), "quarantined",
        ("resources.has_function: seq 14 空间地理信息共享平台; function_count=0",)),
    "quarter-of-the-file": Case(  # the entry-count drop (7 of 26) is a warning under it
        utf8(lambda: first_lines(0.25)), "quarantined",
        ("resources.has_function: seq 7 监控视频资源共享平台; function_count=0",)),
    "entry-pasted-twice": Case(  # entry 26 is entry 25 again under the next number
        utf8(lambda: TEXT.replace("大数据信息资源共享库", "行政审批服务平台")), "quarantined",
        ("resources.resource_key_unique: seq 25 行政审批服务平台; resource_key=行政审批服务平台",
         "resources.resource_key_unique: seq 26 行政审批服务平台; resource_key=行政审批服务平台"),
        more=True),  # the items and clauses of the two entries then share keys and positions
    "efforts-unreadable": Case(
        utf8(unreadable_efforts), "quarantined",
        ("resources.effort_readable_share: observed 0.0",)),
    "random-prose": Case(
        utf8(lambda: "海沧区位于厦门岛西部，山海资源丰富。\n近年来，数字政府建设稳步推进，各部门共享数据。\n" * 40),
        "error", ("no catalog entries found (no heading such as '一、…')",)),
    "gb18030": Case(lambda: TEXT.encode("gb18030"), "identical"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled edition as ``published``."""
    curated = tmp_path_factory.mktemp("matrix") / "curated"
    assert main(["ingest", str(SEED), "--edition", "published", "--curated", str(curated)]) == 0
    return curated


def _content(path: Path) -> object:
    """A file's bytes; for an ``editions`` row its values but ``is_latest``, which moves to the
    newest edition whenever one is published."""
    if path.parent.parent.name != "editions":
        return path.read_bytes()
    return [{k: v for k, v in row.items() if k != "is_latest"}
            for row in pq.read_table(path).to_pylist()]


def published_files(curated: Path, except_label: str) -> dict[str, object]:
    """Every published table file and report (validation results, change reports) but those of
    ``except_label``."""
    tables = {str(p.relative_to(curated)): _content(p)
              for p in sorted(curated.glob("*/edition_dir=*/part-0.parquet"))
              if p.parent.name != f"edition_dir={except_label}"}
    reports = {str(p.relative_to(curated)): p.read_bytes()
               for p in sorted(curated.glob("_reports/*/**/*"))
               if p.is_file() and p.relative_to(curated).parts[1] != except_label}
    return tables | reports


def partitions(curated: Path, label: str) -> list[str]:
    return sorted(p.parent.parent.name for p in curated.glob(f"*/edition_dir={label}/part-0.parquet"))


def assert_same_tables(curated: Path, label: str) -> None:
    for table in ("resources", "resource_items", "effort_components"):
        mine = pq.read_table(curated / table / f"edition_dir={label}" / "part-0.parquet")
        reference = pq.read_table(curated / table / "edition_dir=published" / "part-0.parquet")
        assert mine.drop_columns(["edition"]).equals(reference.drop_columns(["edition"])), table


def assert_error(store: Path, case: str, path: Path, err: str, problem: str) -> None:
    """One line ``error: <file>[:line (page N)]: <problem>``; nothing written for the edition."""
    (line,) = err.splitlines()
    assert line.startswith(f"error: {path}") and line.endswith(f": {problem}"), line
    assert partitions(store, case) == [] and not (store / "_reports" / case).exists()
    assert not (store / "_quarantine" / case).exists()


def assert_quarantined(
    store: Path, case: str, path: Path, err: str, failures: tuple[str, ...], more: bool
) -> None:
    """The error line, one line per critical failure, the report; tables, validation result
    and its page in ``_quarantine`` (nothing under ``_reports``: a published edition's reports
    are never touched by a refused run)."""
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {path}: edition {case} quarantined: ")
    assert lines[0].endswith(f"tables and validation result in {store}/_quarantine/{case}/")
    expected = sorted(f"  critical: {line}" for line in failures)
    if more:
        assert set(expected) <= set(lines[1:-1])
    else:
        assert sorted(lines[1:-1]) == expected
    assert lines[-1] == f"  report: {store}/_quarantine/{case}/report.html"
    assert Path(lines[-1].removeprefix("  report: ")).is_file()
    assert partitions(store, case) == [] and not (store / "_reports" / case).exists()
    assert sorted(p.name for p in (store / "_quarantine" / case).iterdir()) == [
        "editions.parquet", "effort_components.parquet", "report.html",
        "resource_items.parquet", "resources.parquet", "validation.json"]


def assert_published(store: Path, case: str, out: str, warnings: tuple[str, ...]) -> None:
    """The summary, the verdict with its report, one line per warning; the row records them."""
    lines = out.splitlines()
    verdict = "validation passed with warnings" if warnings else "validation passed"
    assert lines[0].startswith(f"{case}: 26 entries, ")
    changes = lines.pop()  # the store holds earlier editions: the diff against the last one
    assert changes.startswith(f"{case}: changes since ")
    assert changes.endswith(f"; report {store}/_reports/{case}/changes.md")
    assert lines[1:] == [f"{case}: {verdict}; report {store}/_site/editions/{case}.html",
                         *(f"  warning: {line}" for line in warnings)]
    assert partitions(store, case) == [
        "changes", "editions", "effort_components", "resource_items", "resources"]
    row = pq.read_table(store / "editions" / f"edition_dir={case}" / "part-0.parquet").to_pylist()[0]
    assert (row["validation_status"], row["warnings"]) == (
        ("warnings", len(warnings)) if warnings else ("passed", 0))


@pytest.mark.parametrize("case", list(CASES))
def test_damaged_edition(
    case: str, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = CASES[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(spec.make())
    before = published_files(store, case)
    capsys.readouterr()
    status = main(["ingest", str(path), "--edition", case, "--curated", str(store)])
    out, err = capsys.readouterr()
    assert published_files(store, case) == before  # earlier editions untouched, byte for byte
    assert any(name.endswith("/validation.json") for name in before)  # their results too
    assert status == (0 if spec.outcome in ("identical", "warnings") else 1)
    if spec.outcome == "error":
        assert_error(store, case, path, err, spec.lines[0])
    elif spec.outcome == "quarantined":
        assert out == ""
        assert_quarantined(store, case, path, err, spec.lines, spec.more)
    else:
        assert not [line for line in err.splitlines() if line.startswith("error:")]
        assert_published(store, case, out, spec.lines)
    if spec.outcome == "identical":
        assert_same_tables(store, case)


#: Issue 21's checks of a value that swallowed the next label: each fires in a case above.
SWALLOWED_LABEL_CHECKS = ("single_value_has_no_label", "name_unit_plausible", "section_set_usual")


@pytest.mark.parametrize("check", SWALLOWED_LABEL_CHECKS)
def test_each_swallowed_label_check_fires_on_a_damaged_edition(check: str) -> None:
    assert [name for name, case in CASES.items()
            if any(line.startswith(f"resources.{check}: ") for line in case.lines)]


@pytest.mark.parametrize("edition", [SEED, JIMEI])
def test_the_swallowed_label_checks_pass_on_correct_editions(
    edition: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    curated = tmp_path / "curated"
    assert main(["ingest", str(edition), "--edition", "correct", "--curated", str(curated)]) == 0
    capsys.readouterr()
    result = json.loads((curated / "_reports" / "correct" / "validation.json").read_text("utf-8"))
    outcomes = {c["check"]: (c["success"], c["failing"]) for c in result["checks"]}
    assert [outcomes[check] for check in SWALLOWED_LABEL_CHECKS] == [(True, [])] * 3


def test_a_refused_republish_leaves_the_published_edition_whole(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Re-publishing a label with a damaged file quarantines it under that label; the published
    edition keeps its tables, its reports and the catalog site byte for byte."""
    path = tmp_path / "half.txt"
    path.write_bytes(first_lines(0.5).encode("utf-8"))
    before = {k: v for k, v in tree_snapshot(store).items() if not k.startswith("_quarantine/")}
    assert "_reports/published/validation.json" in before and "_site/index.html" in before
    capsys.readouterr()
    assert main(["ingest", str(path), "--edition", "published", "--curated", str(store)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"  report: {store}/_quarantine/published/report.html"
    after = {k: v for k, v in tree_snapshot(store).items() if not k.startswith("_quarantine/")}
    assert after == before
    assert (store / "_quarantine" / "published" / "report.html").is_file()
