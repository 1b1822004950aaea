"""Derived outputs (the catalog site, ``catalog.duckdb``): checked before the first byte is
published, their failures after the commit point always one line each, no page announced that
was not written.

Regressions (issue 22): a damaged older edition file, no inodes left or a store path holding
``[``, ``*``, ``?`` or ``"`` made the refresh fail with no line at all (the warnings appeared
only under ``python -W always``) while stdout named a page never written; a symbolic link loop
at ``_site`` gave ``unexpected RuntimeError``, exit 1, after the edition was committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.outputs import rebuild_database
from pipeline.store.layout import DATABASE_FILE
from pipeline.store.store import CuratedStore
from tests.conftest import ROOT, SEED, tree_snapshot

# its module fixture is built once, on one worker, not once on each
pytestmark = pytest.mark.xdist_group("store_derived")

DAMAGED = "effort_components/edition_dir=2024/part-0.parquet"


def _ingest(store: Path, label: str, *more: str) -> list[str]:
    return ["ingest", str(SEED), "--edition", label, "--curated", str(store), *more]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, Path]:
    """Stores with the bundled edition published as 2024, unnamed and in catalog ``a``: one
    ingest each for the module, copied by ``_published``."""
    made: dict[str | None, Path] = {}
    for catalog in (None, "a"):
        store = made[catalog] = tmp_path_factory.mktemp("template") / "curated"
        assert main(_ingest(store, "2024", *(["--catalog", catalog] if catalog else []))) == 0
    return made


def _published(template: Path, store: Path) -> Path:
    """A copy of ``template`` at ``store``, its catalog.duckdb made again there (its views
    name the store's own files): the store an ingest of 2024 at ``store`` leaves."""
    shutil.copytree(template, store, symlinks=True)
    (store / DATABASE_FILE).unlink()
    assert rebuild_database(CuratedStore(store))
    return store


@pytest.fixture
def damaged_store(templates: dict[str | None, Path], tmp_path: Path) -> Path:
    """A store whose edition 2024 has a damaged file the next ingest does not read itself
    (changes read ``resources`` and ``resource_items``), but the site and the database do."""
    store = _published(templates[None], tmp_path / "curated")
    (store / DAMAGED).write_bytes(b"not parquet " * 10)
    return store


def _damage_lines(store: Path) -> list[str]:
    damaged = store / DAMAGED
    return [
        f"warning: catalog.duckdb was not rebuilt (Invalid Input Error: No magic bytes found "
        f"at end of file '{damaged.resolve()}'); the commit stands, the next one retries",
        f"warning: the catalog site {store}/_site was not refreshed ({damaged}: cannot read the "
        f"effort_components table: Could not open Parquet input source '{damaged.resolve()}': "
        "Parquet magic bytes not found in footer. Either the file is corrupted or this is not a "
        "parquet file.); the commit stands, the next one retries",
    ]


@pytest.mark.parametrize("action", ["ignore", "always", "error"])
def test_a_damaged_older_edition_file_is_one_line_per_output_whatever_the_filters(
    action: str, damaged_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    with warnings.catch_warnings():
        warnings.simplefilter(action)  # type: ignore[arg-type]
        assert main(_ingest(damaged_store, "2025")) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == _damage_lines(damaged_store)
    assert captured.out.splitlines()[1] == (  # the site was not rebuilt: its result file
        f"2025: validation passed; report {damaged_store}/_reports/2025/validation.json")
    assert (damaged_store / "_reports" / "2025" / "validation.json").is_file()
    assert not (damaged_store / "_site" / "editions" / "2025.html").exists()


@pytest.mark.system  # processes of its own
def test_under_python_w_always_each_line_is_printed_once(damaged_store: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-W", "always", "-W", "ignore::ResourceWarning", "-m", "pipeline.cli",
         *_ingest(damaged_store, "2025")], capture_output=True, text=True, cwd=ROOT,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == _damage_lines(damaged_store)


def test_validate_names_the_result_file_when_the_site_is_not_rebuilt(
    templates: dict[str | None, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Validating 2024 does not read 2025's changes; the site does."""
    store = _published(templates[None], tmp_path / "curated")
    changed = tmp_path / "2025.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace(
        "审批资源库接入对接 30 人天", "审批资源库接入对接 35 人天"), encoding="utf-8")
    assert main(["ingest", str(changed), "--curated", str(store)]) == 0
    damaged = store / "changes" / "edition_dir=2025" / "part-0.parquet"
    damaged.write_bytes(b"not parquet " * 10)
    capsys.readouterr()
    assert main(["validate", "--curated", str(store), "--edition", "2024"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"warning: the catalog site {store}/_site was not refreshed ({damaged}: cannot read the "
        f"changes table: Could not open Parquet input source '{damaged.resolve()}': Parquet "
        "magic bytes not found in footer. Either the file is corrupted or this is not a "
        "parquet file.); the commit stands, the next one retries"]
    assert captured.out.splitlines() == [
        f"2024: validation passed; report {store}/_reports/2024/validation.json"]


@pytest.mark.parametrize("character", ["[", "*", "?", '"'])
def test_a_store_path_with_a_glob_or_quote_character(
    character: str, templates: dict[str | None, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The site and catalog.duckdb are built, and the database reads this store only (a
    ``*`` in the path used to make DuckDB read every sibling store too)."""
    for sibling in ("aXb", "a[b", "a*b", "a?b", 'a"b'):  # stores its path could match
        _published(templates[None], tmp_path / sibling / "curated")
    store = tmp_path / f"a{character}b" / "curated"
    capsys.readouterr()
    assert main(_ingest(store, "2025")) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines()[1] == (
        f"2025: validation passed; report {store}/_site/editions/2025.html")
    assert (store / "_site" / "editions" / "2025.html").is_file()
    with duckdb.connect(str(store / DATABASE_FILE), read_only=True) as con:
        assert con.execute("SELECT edition, count(*) FROM resources GROUP BY ALL "
                           "ORDER BY ALL").fetchall() == [("2024", 26), ("2025", 26)]
    assert not [p.name for p in store.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("where", "make", "problem"), [
    ("_site", "loop", "is a symbolic link loop: the store cannot use it; remove the link"),
    (DATABASE_FILE, "loop", "is a symbolic link loop: the store cannot use it; remove the link"),
    ("_site", "file", "is not a folder: the catalog site is rebuilt there; move it away"),
    (DATABASE_FILE, "folder", "is a folder: catalog.duckdb is rebuilt there; move it away"),
    ("_catalogs/a/_site", "loop",
     "is a symbolic link loop: the store cannot use it; remove the link"),
])
def test_a_derived_output_place_that_cannot_take_it_refuses_before_publishing(
    where: str, make: str, problem: str, templates: dict[str | None, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    catalog = ["--catalog", "a"] if where.startswith("_catalogs/a/") else []
    store = _published(templates["a" if catalog else None], tmp_path / "curated")
    place = store / where
    if place.is_dir():
        for path in sorted(place.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        place.rmdir()
    else:
        place.unlink()
    if make == "loop":
        place.symlink_to(place.name)
    elif make == "file":
        place.write_text("not a folder", encoding="utf-8")
    else:
        place.mkdir()
    before = tree_snapshot(store)
    capsys.readouterr()
    assert main(_ingest(store, "2025", *catalog)) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"error: {place}: {problem}"]
    assert captured.out == ""
    assert tree_snapshot(store) == before
    assert place.is_symlink() if make == "loop" else place.exists()


def test_a_read_only_store_folder_refuses_before_publishing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    store = tmp_path / "curated"
    assert main(_ingest(store, "2024", "--catalog", "a")) == 0
    home = store / "_catalogs" / "a"
    before = tree_snapshot(store)
    home.chmod(0o555)
    try:
        capsys.readouterr()
        assert main(_ingest(store, "2025", "--catalog", "a")) == 1
        assert capsys.readouterr().err.splitlines() == [
            f"error: {home}: cannot be written: the catalog site and catalog.duckdb are rebuilt "
            "there; nothing was published"]
    finally:
        home.chmod(0o755)
    assert tree_snapshot(store) == before


@pytest.mark.parametrize(("error", "shown"), [
    (RuntimeError("Symlink loop from '/x'"), "RuntimeError: Symlink loop from '/x'"),
    (OSError(28, "No space left on device"), "[Errno 28] No space left on device"),
])
def test_a_site_failure_after_the_commit_point_is_a_warning_line(
    error: Exception, shown: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object, **__: object) -> str:
        raise error

    monkeypatch.setattr("pipeline.outputs.site.write_site", broken)
    store = tmp_path / "curated"
    assert main(_ingest(store, "2024")) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"warning: the catalog site {store}/_site was not refreshed ({shown}); the commit "
        "stands, the next one retries"]
    assert captured.out.splitlines()[1] == (
        f"2024: validation passed; report {store}/_reports/2024/validation.json")
    assert (store / "resources" / "edition_dir=2024" / "part-0.parquet").is_file()


def test_a_database_failure_after_the_commit_point_is_a_warning_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.outputs.bi.build_database", broken)
    store = tmp_path / "curated"
    assert main(_ingest(store, "2024")) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "warning: catalog.duckdb was not rebuilt ([Errno 28] No space left on device); the "
        "commit stands, the next one retries"]
    assert captured.out.splitlines()[1] == (  # the site was rebuilt: its page is named
        f"2024: validation passed; report {store}/_site/editions/2024.html")
