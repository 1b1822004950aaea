"""One place that runs editions (issue 23): one label derivation, one raw listing, one content
hash, one remote test, one profile load and one source check per edition, and one printer for
the outcomes of either runner."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

# Prefect sets up its console log handler on import, holding the stderr of that moment: imported
# here, at collection, it holds the real one, not a test's captured stream (closed after it)
import flows.ingest_many
from pipeline.changes.report import ChangeCounts
from pipeline.cli import main
from pipeline.commands.ingest import outcomes_document, print_outcome
from pipeline.errors import PipelineError, SourceMissing
from pipeline.ingest import ChangeSummary, IngestResult
from pipeline.locations import is_remote, location_stem, without_options
from pipeline.parse.sources import content_sha256, file_sha256, read_source
from pipeline.profile import DEFAULT_PROFILE_FILE
from pipeline.quality.validate import FailedExpectation
from pipeline.raw_inventory import edition_label, raw_editions, scan_raw
from pipeline.run import EditionJob, Failure, Outcome, run_profile
from pipeline.store.store import CuratedStore
from tests.conftest import SEED

#: SHA-256 of b"abc" (FIPS 180-2, appendix B.1).
ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize(("location", "remote", "shown", "stem"), [
    ("raw/2025.pdf", False, "raw/2025.pdf", "2025"),
    ("/data/raw/海沧区/2025-06.txt", False, "/data/raw/海沧区/2025-06.txt", "2025-06"),
    ("file:///data/raw/2025.txt", False, "file:///data/raw/2025.txt", "2025"),
    ("s3://bucket/raw/2025.pdf", True, "s3://bucket/raw/2025.pdf", "2025"),
    ("s3://bucket/raw/2025.pdf?endpoint_override=host:9000&scheme=http", True,
     "s3://bucket/raw/2025.pdf", "2025"),
    ("raw/what?.txt", False, "raw/what?.txt", "what?"),  # a local name keeps its "?"
])  # fmt: skip
def test_a_location_is_remote_shown_and_stemmed_in_one_place(
    location: str, remote: bool, shown: str, stem: str
) -> None:
    assert (is_remote(location), without_options(location), location_stem(location)) == (
        remote, shown, stem)


@pytest.mark.parametrize(("location", "given", "expected"), [
    ("raw/2025.pdf", None, "2025"),
    ("s3://bucket/raw/海沧区/2024-06.txt?region=x", None, "2024-06"),
    ("raw/2025.pdf", "2025-06", "2025-06"),
    ("raw/haicang catalog.txt", "haicang", "haicang"),
])  # fmt: skip
def test_the_label_is_derived_in_one_place(location: str, given: str | None,
                                           expected: str) -> None:
    assert edition_label(location, given) == EditionJob(location, None, given).label == expected


@pytest.mark.parametrize(("location", "given", "problem"), [
    ("raw/haicang catalog.txt", None,
     "edition label 'haicang catalog' is not usable: use letters, digits, '.', '_' or '-'"),
    ("raw/2025.pdf", "", "edition label '' is not usable: use letters, digits, '.', '_' or '-'"),
    ("raw/2025.pdf", "../2025", "edition label '../2025' is not usable: use letters, digits, "
     "'.', '_' or '-'"),
])  # fmt: skip
def test_a_label_that_cannot_name_a_folder_is_refused(location: str, given: str | None,
                                                      problem: str) -> None:
    with pytest.raises(PipelineError) as refused:
        edition_label(location, given)
    assert str(refused.value) == problem


def test_the_content_hash_is_one_function(tmp_path: Path) -> None:
    assert content_sha256((b"abc",)) == content_sha256((b"a", b"", b"bc")) == ABC_SHA256
    big = tmp_path / "big.txt"
    big.write_bytes(b"abc" * 1_000_000)  # three 1 MB pieces
    assert file_sha256(big) == hashlib.sha256(b"abc" * 1_000_000).hexdigest()
    seed = hashlib.sha256(SEED.read_bytes()).hexdigest()
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "2024.txt")
    # what the reader records is what a run compares
    assert read_source(SEED).sha256 == file_sha256(SEED) == scan_raw(raw)[0].sha256 == seed


def _touch(path: Path, modified: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("一、x", encoding="utf-8")
    os.utime(path, (modified, modified))


def test_raw_is_listed_by_one_function_in_the_one_edition_order(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _touch(raw / "spring.txt", 3)
    _touch(raw / "autumn.pdf", 1)
    _touch(raw / "winter.docx", 2)
    _touch(raw / "notes.md", 0)
    _touch(raw / "思明区" / "2025.txt", 1)
    _touch(raw / "思明区" / "2024-06.txt", 2)
    _touch(raw / "海沧区" / "b.txt", 5)
    _touch(raw / "海沧区" / "a.txt", 5)
    assert raw_editions(raw) == [raw / "autumn.pdf", raw / "winter.docx", raw / "spring.txt"]
    assert raw_editions(raw, per_folder=True) == [  # folders by name; labels are dates: by date
        raw / "思明区" / "2024-06.txt", raw / "思明区" / "2025.txt",
        raw / "海沧区" / "a.txt", raw / "海沧区" / "b.txt"]  # same time: by label
    assert [f.path for f in scan_raw(raw)] == raw_editions(raw)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert raw_editions(empty, required=False) == []
    with pytest.raises(SourceMissing) as none:
        raw_editions(empty)
    assert str(none.value) == f"{empty}: no edition files (.doc, .docx, .pdf, .text, .txt)"
    with pytest.raises(SourceMissing) as missing:
        raw_editions(tmp_path / "nowhere", required=False)
    assert str(missing.value) == f"{tmp_path / 'nowhere'}: no such folder"
    with pytest.raises(PipelineError) as remote:
        raw_editions("s3://bucket/raw", per_folder=True)
    assert str(remote.value) == "s3://bucket/raw: --catalog-per-folder searches a local raw folder"


def _result(edition: str, changes: ChangeSummary | None = None) -> IngestResult:
    return IngestResult(
        edition=edition, source_file=f"raw/{edition}.txt", entries=26, numeric_effort=24,
        open_ended=7, curated="curated", tables=f"curated/<table>/edition_dir={edition}/",
        files=(), validation_status="warnings",
        warnings=("resources.effort_text_present: seq 5 市公共服务业务协同支撑平台",),
        report=f"curated/_site/editions/{edition}.html", changes=changes,
    )  # fmt: skip


CHANGES = ChangeSummary("2025", "2024", ChangeCounts(1, 0, 0, 2), 3, "curated/changes",
                        "curated/_reports/2025/changes.md", "curated/_reports/2025/changes.html")
QUARANTINED = Failure(
    "raw/2026.txt", None, None, "edition 2026 quarantined: 1 critical expectation failed "
    "(resources.has_function); tables and validation result in curated/_quarantine/2026/",
    (FailedExpectation("has_function", "resources", "critical", 14, "空间地理信息共享平台"),),
    "curated/_quarantine/2026/report.html")
OUTCOMES = [
    Outcome(EditionJob("raw/2025.txt"), _result("2025", CHANGES)),
    Outcome(EditionJob("raw/2026.txt"), error=QUARANTINED),
    Outcome(EditionJob("s3://b/raw/x\x1b[2J.txt?region=y"),
            error=Failure("s3://b/raw/x\x1b[2J.txt", None, None, "no such file")),
    Outcome(EditionJob("raw/lost.txt")),  # neither: a runner lost it
]


def test_one_printer_for_every_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    for outcome in OUTCOMES:
        print_outcome(outcome)
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "2025: 26 entries, 24 with numeric effort, 7 open-ended; tables in "
        "curated/<table>/edition_dir=2025/",
        "2025: validation passed with warnings; report curated/_site/editions/2025.html",
        "  warning: resources.effort_text_present: seq 5 市公共服务业务协同支撑平台",
        "2025: changes since 2024: 1 added, 0 removed, 0 renamed, 2 modified; report "
        "curated/_reports/2025/changes.md",
    ]
    assert err.splitlines() == [
        f"error: raw/2026.txt: {QUARANTINED.problem}",
        "  critical: resources.has_function: seq 14 空间地理信息共享平台",
        "  report: curated/_quarantine/2026/report.html",
        "error: s3://b/raw/x\\x1b[2J.txt: no such file",
        "error: raw/lost.txt: not published",
    ]
    for outcome in OUTCOMES:
        print_outcome(outcome, quiet=True)
    quiet = capsys.readouterr()
    assert (quiet.out, quiet.err) == ("", err)  # errors whatever -q says
    document = outcomes_document(OUTCOMES)
    assert [e["edition"] for e in document["editions"]] == ["2025"]
    assert document["errors"] == [
        {"file": "raw/2026.txt", "line": None, "page": None, "problem": QUARANTINED.problem},
        {"file": "s3://b/raw/x\x1b[2J.txt", "line": None, "page": None,
         "problem": "no such file"},
        {"file": "raw/lost.txt", "line": None, "page": None, "problem": "not published"},
    ]  # fmt: skip


def test_a_failure_names_what_the_user_gave_not_the_runners_copy() -> None:
    copy, shown = "/tmp/catalog-edition-x/2025.pdf", "s3://bucket/raw/2025.pdf"
    failure = Failure.of(PipelineError("the file is empty", line=3), copy)
    assert (failure.file, failure.line) == (copy, 3)
    assert failure.shown_as(copy, shown) == Failure(shown, 3, None, "the file is empty")
    store = Failure("curated/.lock", None, None, "cannot take the store's writer lock")
    assert store.shown_as(copy, shown) == store  # the store's own error keeps its name


def test_the_dask_path_prints_what_the_serial_path_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same editions through both runners' paths in ``catalog ingest``: the same lines,
    in the same order, and the same exit status. The cluster itself is stood in for by the
    serial runner over the copies it would get (the real cluster's outcomes are compared with
    the serial path's in test_ingest_many)."""
    from pipeline.run import run_serial

    def on_the_cluster(copies: list[EditionJob], curated: Path | str, profile: object,
                       options: object, **_: object) -> list[Outcome]:  # fmt: skip
        return run_serial(copies, curated, profile, options)  # type: ignore[arg-type]

    monkeypatch.setattr(flows.ingest_many, "run_on_dask", on_the_cluster)
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    empty = tmp_path / "2026.txt"
    empty.write_bytes(b"")
    given = [str(SEED), str(tmp_path / "missing.txt"), str(empty)]
    seen = {}
    for runner in ("serial", "dask"):
        curated = tmp_path / runner
        status = main(["ingest", *given, "--curated", str(curated), "--runner", runner])
        out, err = capsys.readouterr()
        seen[runner] = (status, out.replace(str(curated), "<store>"), err)
    assert seen["dask"] == seen["serial"]
    status, out, err = seen["serial"]
    assert status == 1
    assert out.splitlines()[0] == ("haicang-catalog: 26 entries, 24 with numeric effort, 7 "
                                   "open-ended; tables in <store>/<table>/edition_dir="
                                   "haicang-catalog/")  # fmt: skip
    assert err.splitlines() == [f"error: {tmp_path / 'missing.txt'}: no such file",
                                f"error: {empty}: the file is empty"]  # fmt: skip


def test_a_run_loads_its_profile_once_and_checks_each_edition_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import pipeline.parse.sources
    import pipeline.profile
    import pipeline.run.jobs
    import pipeline.run.serial

    loads: list[Path] = []
    checks: list[str] = []
    load, check = pipeline.run.jobs.load_profile, pipeline.parse.sources.check_source

    def counted_load(path: Path) -> object:
        loads.append(Path(path))
        return load(path)

    def counted_check(path: object, profile: object = None) -> bool:
        checks.append(Path(str(path)).name)
        return check(path, profile)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.run.jobs, "load_profile", counted_load)
    monkeypatch.setattr(pipeline.run.serial, "check_source", counted_check)
    monkeypatch.setattr(pipeline.parse.sources, "check_source", counted_check)
    profile = Path(pipeline.profile.__file__).parent / DEFAULT_PROFILE_FILE
    newer = tmp_path / "2025.txt"
    newer.write_bytes(SEED.read_bytes())
    assert main(["ingest", str(SEED), str(newer), "--curated", str(tmp_path / "curated"),
                 "--profile", str(profile), "-q"]) == 0  # fmt: skip
    assert capsys.readouterr() == ("", "")
    assert loads == [profile]
    assert checks == ["haicang-catalog.txt", "2025.txt"]
    assert [e.edition for e in CuratedStore(tmp_path / "curated").editions()] == [
        "haicang-catalog", "2025"]
    assert run_profile(None) is run_profile("")  # the bundled profile, loaded once per process
