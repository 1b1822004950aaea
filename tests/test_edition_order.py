"""One edition order for every ingest path, and runs without paths that skip what is published.

Regression (issue 22): ``catalog ingest --raw DIR`` ordered files by name while ``catalog
serve`` ordered them by date label or file time, so ``haicang-catalog.txt`` (older) and
``haicang-2025-06.txt`` (newer) were published newest first and the change recorded reversed;
and ``make run`` re-ingested every file of ``raw/`` each time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.raw_inventory import (
    RawFile,
    already_published_line,
    edition_order,
    ingestion_order,
    order_edition_paths,
    plan_ingestion,
    scan_raw,
)
from tests.conftest import SEED, tree_snapshot

OLDER, NEWER = 1_700_000_000, 1_750_000_000  # file modification times (2023, 2025)
CHANGED = SEED.read_text(encoding="utf-8").replace(
    "审批资源库接入对接 30 人天", "审批资源库接入对接 35 人天")


def _raw(folder: Path) -> Path:
    """``haicang-catalog.txt`` (the older edition, by file time) and ``haicang-2025-06.txt``
    (the newer one, one effort changed): by name, the newer comes first."""
    folder.mkdir()
    (folder / "haicang-catalog.txt").write_bytes(SEED.read_bytes())
    (folder / "haicang-2025-06.txt").write_text(CHANGED, encoding="utf-8")
    os.utime(folder / "haicang-catalog.txt", (OLDER, OLDER))
    os.utime(folder / "haicang-2025-06.txt", (NEWER, NEWER))
    return folder


@pytest.mark.parametrize(("labels", "times", "expected"), [
    (("2025-06", "2024", "2024-12-31"), (1, 2, 3), ["2024", "2024-12-31", "2025-06"]),
    (("2025年3月", "20240101"), (1, 2), ["20240101", "2025年3月"]),
    (("haicang-catalog", "haicang-2025-06"), (1, 2), ["haicang-catalog", "haicang-2025-06"]),
    (("b", "a"), (5, 5), ["a", "b"]),  # same time: by label
    (("2025", "latest"), (1, 2), ["2025", "latest"]),  # not every label a date: by time
    (("2025", "latest"), (2, 1), ["latest", "2025"]),
])
def test_edition_order(labels: tuple[str, ...], times: tuple[float, ...],
                       expected: list[str]) -> None:
    pairs = list(zip(labels, times, strict=True))
    assert [label for label, _ in edition_order(pairs, lambda p: p[0], lambda p: p[1])] == expected


def test_paths_and_the_served_flow_get_the_same_order(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    files = scan_raw(raw)  # listed by raw_editions, as the CLI lists it: oldest first
    assert [f.path.name for f in files] == ["haicang-catalog.txt", "haicang-2025-06.txt"]
    served = [f.path.name for f in plan_ingestion(files, {}).new]
    assert served == [f.path.name for f in ingestion_order(files)]
    assert served == [p.name for p in order_edition_paths(sorted(raw.iterdir()))] == [
        "haicang-catalog.txt", "haicang-2025-06.txt"]
    uris = ["s3://bucket/raw/b.txt?region=x", "s3://bucket/raw/2024.txt", "s3://bucket/raw/a.txt"]
    assert order_edition_paths(uris) == [  # no file times: by name
        "s3://bucket/raw/2024.txt", "s3://bucket/raw/a.txt", "s3://bucket/raw/b.txt?region=x"]
    raw_file = RawFile(raw / "x.txt", "2025", "0" * 64, 1.0)
    assert ingestion_order([raw_file]) == [raw_file]


def test_the_cli_publishes_the_older_edition_first_and_skips_what_is_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw, store = _raw(tmp_path / "raw"), tmp_path / "curated"
    assert main(["ingest", "--raw", str(raw), "--curated", str(store)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if "changes since" in line or "first edition" in line] == [
        f"haicang-2025-06: changes since haicang-catalog: 0 added, 0 removed, 0 renamed, "
        f"1 modified; report {store}/_reports/haicang-2025-06/changes.md"]
    assert [line.split(":", 1)[0] for line in out if "entries" in line] == [
        "haicang-catalog", "haicang-2025-06"]
    before = tree_snapshot(store)
    (raw / "copy.txt").write_bytes(SEED.read_bytes())  # a renamed copy is no new edition
    assert main(["ingest", "--raw", str(raw), "--curated", str(store)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [  # copy.txt has the newest time: last
        "haicang-catalog.txt: already published as haicang-catalog; skipped",
        "haicang-2025-06.txt: already published as haicang-2025-06; skipped",
        "copy.txt: already published as haicang-catalog; skipped",
    ]
    assert captured.err == ""
    assert tree_snapshot(store) == before
    assert main(["ingest", "--raw", str(raw), "--curated", str(store), "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def test_a_file_named_on_the_command_line_is_ingested_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw, store = _raw(tmp_path / "raw"), tmp_path / "curated"
    assert main(["ingest", "--raw", str(raw), "--curated", str(store)]) == 0
    capsys.readouterr()
    assert main(["ingest", str(raw / "haicang-catalog.txt"), "--curated", str(store)]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"haicang-catalog: 26 entries, 24 with numeric effort, 7 open-ended; tables in {store}/"
        "<table>/edition_dir=haicang-catalog/",
        f"haicang-catalog: validation passed; report {store}/_site/editions/haicang-catalog.html",
    ]


def test_paths_given_by_name_order_are_published_in_edition_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``catalog ingest raw/*.txt``: the shell sorts by name; the run still goes oldest
    first."""
    raw, store = _raw(tmp_path / "raw"), tmp_path / "curated"
    given = sorted(str(p) for p in raw.iterdir())
    assert main(["ingest", *given, "--curated", str(store)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (f"haicang-2025-06: changes since haicang-catalog: 0 added, 0 removed, "
                       f"0 renamed, 1 modified; report {store}/_reports/haicang-2025-06/changes.md")


def test_the_skip_line() -> None:
    assert already_published_line("haicang-catalog.txt", "haicang-catalog") == (
        "haicang-catalog.txt: already published as haicang-catalog; skipped")


def test_each_folder_of_catalog_per_folder_is_in_edition_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _raw(raw / "海沧区")
    store = tmp_path / "curated"
    assert main(["ingest", "--raw", str(raw), "--catalog-per-folder", "--curated", str(store)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (f"haicang-2025-06: changes since haicang-catalog: 0 added, 0 removed, "
                       f"0 renamed, 1 modified; report {store}/_catalogs/海沧区/_reports/"
                       "haicang-2025-06/changes.md")
