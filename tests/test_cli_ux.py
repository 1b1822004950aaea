"""What a person sees from ``catalog``: help, version, quiet, verbose and JSON output, and the
progress hook behind the live stage line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.cli import main
from pipeline.commands.progress import StageDisplay
from pipeline.ingest import STAGES, ingest
from pipeline.store.store import CuratedStore
from tests.conftest import SEED

#: One worker: the published store is made once.
pytestmark = pytest.mark.xdist_group("cli_ux")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"catalog-pipeline {__version__}\n"


def test_help_is_written_for_users(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "Turn a district's shared-resource catalog (区级可共用可复用可对接资源目录" in text
    assert "  catalog ingest raw/2025.pdf --edition 2025  one file under a label of your choice" in text
    assert "``" not in text  # no developer docstring markup


def test_ingest_help_shows_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert ("--curated CURATED output directory, or an object store: s3://bucket/prefix "
            "(default: curated)") in text
    assert "--raw RAW folder (or s3://bucket/prefix) searched when no path is given " \
           "(default: raw)" in text
    assert "--runner {serial,dask} serial: one edition after another in this process (default)" in text
    assert "(default: None)" not in text and "(default: False)" not in text


def test_the_progress_hook_hears_every_stage_in_order(
    tmp_path: Path, seed_resources: object
) -> None:
    heard: list[str] = []
    result = ingest(SEED, "2024", CuratedStore(tmp_path / "curated"), progress=heard.append)
    assert heard == list(STAGES) == ["reading", "parsing", "validating", "comparing",
                                     "publishing"]
    assert result.entries == 26


def test_the_live_line_names_the_edition_and_its_stage() -> None:
    class Live:
        def __init__(self) -> None:
            self.shown: list[str] = []

        def update(self, text: str) -> None:
            self.shown.append(text)

    live = Live()
    display = StageDisplay("2025\x1b[2J", live=live)
    display("reading")
    display("reading", "page 1 of 2")  # further on in the same stage: the live line only
    display("parsing")
    assert live.shown == ["2025\\x1b[2J: reading…", "2025\\x1b[2J: reading, page 1 of 2…",
                          "2025\\x1b[2J: parsing…"]


def test_quiet_json_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "curated"
    assert main(["ingest", str(SEED), "--curated", str(store), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")  # success says nothing

    missing = tmp_path / "missing.txt"
    assert main(["ingest", str(SEED), str(missing), "--curated", str(store), "--json"]) == 1
    out, err = capsys.readouterr()
    assert err == f"error: {missing}: no such file\n"  # errors stay on stderr too
    document = json.loads(out)
    (edition,) = document["editions"]
    assert {k: edition[k] for k in ("edition", "entries", "numeric_effort", "open_ended",
                                    "validation_status")} == {
        "edition": "haicang-catalog", "entries": 26, "numeric_effort": 24, "open_ended": 7,
        "validation_status": "passed"}
    assert edition["changes"] is None  # the same label again: still the first edition
    assert document["errors"] == [
        {"file": str(missing), "line": None, "page": None, "problem": "no such file"}]

    assert main(["ingest", str(SEED), "--edition", "again", "--curated", str(store), "-v"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("again: 26 entries")
    stages = [line.split()[1] for line in err.splitlines()]
    assert stages == list(STAGES)
    assert all(line.startswith("  again: ") and line.endswith(" s") for line in err.splitlines())


@pytest.mark.system  # processes of its own
def test_a_500_page_pdf_shows_progress_as_it_reads(tmp_path: Path) -> None:
    """``catalog ingest`` of a 500-page PDF on a terminal (a pseudo-terminal here): the live
    line first says the edition is starting, then the pages read count up, ``of 500``, while
    the workers read; Ctrl-C then stops it in one line with nothing published and no worker
    left. What is checked is the order and content of the redraws; how soon and how often they
    come is measured by ``make bench`` (a busy machine may be slow, never wrong). The timeouts
    only guard against a hang."""
    import signal

    from tests.pdf_factory import build_big_catalog_pdf
    from tests.processes import Terminal, alive, catalog_process, descendants, wait_until

    pdf = build_big_catalog_pdf(tmp_path / "big500.pdf", pages=500)
    terminal = Terminal()
    run = catalog_process(["ingest", str(pdf.path), "--curated", str(tmp_path / "curated")],
                          stdout=subprocess.DEVNULL, stderr=terminal.slave,
                          env={"TERM": "xterm"})  # fmt: skip
    terminal.started()
    pages: list[int] = []
    try:
        terminal.wait_for(r"big500: starting…")
        while len(set(pages)) < 3:  # three different counts: it counts as it reads
            found = terminal.wait_for(r"page (\d+) of (\d+)")
            assert found.group(2) == str(pdf.pages)
            pages.append(int(found.group(1)))
        workers = descendants(run.pid)
        run.send_signal(signal.SIGINT)
        tail = terminal.rest()
        run.wait(timeout=300)
    finally:
        run.kill()
        terminal.close()
    shown = [text for text in terminal.redraws if text.strip()]
    assert "big500: starting…" in shown[0]  # the first thing drawn
    assert pages == sorted(pages) and pages[-1] < pdf.pages
    assert all(f"of {pdf.pages}" in text for text in shown if "page " in text)
    assert run.returncode == 130
    assert "error: interrupted; the run was rolled back, nothing was published" in tail
    assert "Traceback" not in "".join(terminal.redraws)
    assert not (tmp_path / "curated" / "resources").exists()
    wait_until(lambda: not alive(workers), "the page workers to end")
