"""The ``catalog ingest`` command (``pipeline.ingest``, no Prefect) and the Prefect flow that wraps
the same steps, end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.tables import build_tables
from tests.conftest import ROOT, SEED, tree_snapshot

# its module fixture is built once, on one worker, not once on each
pytestmark = pytest.mark.xdist_group("cli")


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A curated store that already holds one published edition (shared: the tests using it
    prove they change nothing)."""
    store = tmp_path_factory.mktemp("cli") / "curated"
    assert main(["ingest", str(SEED), "--edition", "published", "--curated", str(store)]) == 0
    return store


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.xdist_group("prefect")  # one worker starts the Prefect test server
@pytest.mark.system
def test_flow_ingests_the_bundled_edition(
    tmp_path: Path, webhook: tuple[str, list[dict[str, object]]]
) -> None:
    """End to end through Prefect: the scheduled flow finds the new file in raw/, ingests it
    with the ``ingest-edition`` subflow (its two tasks) and tells the webhook."""
    from flows.ingest_new import ingest_new  # Prefect loads only for the tests that use it
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    url, received = webhook
    run = ingest_new(str(raw), str(tmp_path), notify=url)
    assert (run.already, run.skipped) == ((), ())
    (summary,) = run.ingested
    assert received == [{"status": "ingested", "skipped": [], "editions": [
        {"edition": "haicang-catalog", "entries": 26, "validation_status": "passed",
         "previous": None, "changes": None}]}]
    assert (summary.edition, summary.entries, summary.numeric_effort, summary.open_ended) == (
        "haicang-catalog", 26, 24, 7)
    resources = pd.read_parquet(tmp_path / "resources")
    assert resources.sort_values("seq")["name"].iloc[-1] == "大数据信息资源共享库"
    assert set(resources["edition"].astype(str)) == {"haicang-catalog"}
    editions = pd.read_parquet(tmp_path / "editions")
    assert editions[["entries", "pages", "source_format", "validation_status", "warnings"]].to_dict(
        "records") == [{"entries": 26, "pages": 52, "source_format": "text",
                        "validation_status": "passed", "warnings": 0}]
    assert (summary.validation_status, summary.warnings) == ("passed", ())
    assert summary.report == str(tmp_path / "_site" / "editions" / "haicang-catalog.html")
    assert Path(summary.report).is_file()


def test_cli_prints_one_summary_per_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "2024.txt").write_bytes(SEED.read_bytes())
    (raw / "2025.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    (raw / "notes.md").write_text("not an edition")
    store = tmp_path / "out"
    assert main(["ingest", "--raw", str(raw), "--curated", str(store)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        line
        for label in ("2024", "2025")
        for line in (
            f"{label}: 26 entries, 24 with numeric effort, 7 open-ended; tables in {store}/"
            f"<table>/edition_dir={label}/",
            f"{label}: validation passed; report {store}/_site/editions/{label}.html",
        )
    ] + [  # the GB18030 copy has the same content: nothing changed
        f"2025: changes since 2024: 0 added, 0 removed, 0 renamed, 0 modified; report "
        f"{store}/_reports/2025/changes.md"
    ]


def test_ingest_reports_changes_and_a_rerun_keeps_edition_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: re-ingesting an older edition used to make it the newest, so the next diff
    ran backwards."""
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_bytes(SEED.read_bytes())
    new.write_text(SEED.read_text(encoding="utf-8").replace("审批资源库接入对接 30 人天", "审批资源库接入对接 35 人天"), encoding="utf-8")
    store = tmp_path / "store"
    assert main(["ingest", str(old), str(new), "--curated", str(store)]) == 0
    assert main(["ingest", str(old), "--curated", str(store)]) == 0
    out = capsys.readouterr().out.splitlines()
    changes = [line for line in out if "changes since" in line or "no changes" in line]
    assert changes == [
        f"b: changes since a: 0 added, 0 removed, 0 renamed, 1 modified; report "
        f"{store}/_reports/b/changes.md"
    ]
    rows = pd.read_parquet(store / "changes")
    assert sorted(rows[["from_edition", "to_edition", "name", "change", "field", "old_value", "new_value"]].values.tolist()) == [
        ["a", "b", "大数据信息资源共享库", "modified", "effort_max", "30", "35"],
        ["a", "b", "大数据信息资源共享库", "modified", "effort_min", "30", "35"],
        ["a", "b", "大数据信息资源共享库", "modified", "effort_text", "审批资源库接入对接 30 人天。", "审批资源库接入对接 35 人天。"],
    ]


def _variants(tmp_path: Path) -> dict[str, Path]:
    text = SEED.read_text(encoding="utf-8")
    gb = tmp_path / "gb18030.txt"
    gb.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom-crlf.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    return {"utf-8": SEED, "gb18030": gb, "bom+crlf": bom}


def test_encodings_give_identical_tables(tmp_path: Path) -> None:
    tables = {
        name: build_tables(doc := read_source(path), parse_document(doc), pd.Timestamp(0))
        for name, path in _variants(tmp_path).items()
    }
    for name in ("resources", "resource_items", "effort_components"):
        reference = tables["utf-8"][name]
        assert reference.num_rows > 0
        assert tables["gb18030"][name].equals(reference), name
        assert tables["bom+crlf"][name].equals(reference), name


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "empty": (b"", "the file is empty"),
    "no-headings": ("这是一段随便的文字，没有任何条目标题。\n第二行。\n".encode(), "no catalog entries found"),
    "undecodable": (bytes(range(128, 256)) * 8, "cannot decode the file as text"),
    "big5": ("一、政務雲平臺\n（一）資源概況\n1. 資源名稱\n政務雲平臺\n3. 網絡類型\n政務外網、政務內網\n"
             .encode("big5"), "the file looks big5-encoded, which this catalog profile does not accept"),
    "bad-profile": (  # --profile with this file, ingesting the bundled edition
        (ROOT / "pipeline" / "profiles" / "default.toml").read_text(encoding="utf-8")
        .replace("effort_readable_share_min = 0.5", "effort_readable_share_min = 50").encode(),
        "profile key 'gate.effort_readable_share_min': must be between 0 and 1, not 50.0"),
    "gap": (SEED.read_text(encoding="utf-8").replace("三、信息安全管理服务", "四、信息安全管理服务").encode(),
            "heading number 四、 (4) skips 3: numbering has a gap"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_clear_line_and_changes_nothing(
    case: str, curated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, problem = BAD_INPUTS[case]
    path = tmp_path / f"{case}.txt"
    if data is not None:
        path.write_bytes(data)
    before = tree_snapshot(curated)
    capsys.readouterr()
    edition = ["--profile", str(path), str(SEED)] if case == "bad-profile" else [str(path)]
    assert main(["ingest", *edition, "--curated", str(curated)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"error: {path}")
    assert problem in lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert tree_snapshot(curated) == before


def test_gap_error_names_the_heading_line(
    curated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gap.txt"
    path.write_bytes(BAD_INPUTS["gap"][0] or b"")
    capsys.readouterr()
    main(["ingest", str(path), "--curated", str(curated)])
    assert capsys.readouterr().err.startswith(f"error: {path}:159 (page 5): heading number")


def test_default_paths_as_make_run_uses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: with the default, relative ``curated`` folder Great Expectations refused to
    build Data Docs (it needs an absolute site directory), so ``make run`` failed. The site and
    the validation result are written under the relative folder too."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / SEED.name).write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["ingest"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == ("haicang-catalog: validation passed; report "
                      "curated/_site/editions/haicang-catalog.html")
    page = (tmp_path / out[1].rsplit(" ", 1)[1]).read_text(encoding="utf-8")
    assert "电子政务短信服务平台" in page
    result = tmp_path / "curated/_reports/haicang-catalog/validation.json"
    assert json.loads(result.read_text(encoding="utf-8"))["status"] == "passed"
