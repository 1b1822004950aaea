"""Many catalogs at once: ``catalog ingest --catalog-per-folder`` over generated editions of
many catalogs (text and PDF mixed), serial against the Dask runner, each in a fresh process.

Each catalog's editions are recombined from the bundled edition (``bench.generate``): edition
``e`` of catalog ``c`` has 24 + (c + e) mod 5 entries, so every edition adds or removes some
and the change records have work to do; every ``pdf_every``-th edition is typeset as a PDF
(``tests.pdf_factory``). Measured: wall time of the whole command (the Dask run includes
starting the cluster and Prefect's temporary server, as a user would pay), the peak memory of
the command's process tree (sampled), and whether both stores hold the same tables.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pyarrow as pa

from bench.generate import recombined_entries, render_edition
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.store.store import CuratedStore
from pipeline.tables import TABLE_NAMES

__all__ = ["Workload", "catalogs_at_once", "published_tables"]

SEED = Path(__file__).resolve().parent.parent / "raw" / "haicang-catalog.txt"
#: Seconds between two samples of the process tree's memory.
SAMPLE_INTERVAL = 0.1


@dataclass(frozen=True, slots=True)
class Workload:
    catalogs: int
    editions: int  # per catalog
    pdf_every: int
    workers: int


FULL = Workload(catalogs=20, editions=10, pdf_every=5, workers=2)
QUICK = Workload(catalogs=2, editions=3, pdf_every=3, workers=2)


def make_raw(folder: Path, load: Workload) -> tuple[int, int]:
    """``folder/<catalog>/<year>.txt|.pdf`` for the workload; (text files, PDF files)."""
    from tests.pdf_factory import PLAIN, build_catalog_pdf

    templates = list(parse_document(read_source(SEED)))
    texts = pdfs = 0
    for c in range(load.catalogs):
        catalog = folder / f"测试区{c + 1:02d}"
        catalog.mkdir(parents=True)
        rotated = templates[c % len(templates):] + templates[:c % len(templates)]
        for e in range(load.editions):
            specs = list(recombined_entries(24 + (c + e) % 5, rotated))
            text = render_edition(specs)
            if (c * load.editions + e + 1) % load.pdf_every == 0:
                build_catalog_pdf(catalog / f"{2016 + e}.pdf", PLAIN, text=text)
                pdfs += 1
            else:
                (catalog / f"{2016 + e}.txt").write_text(text, encoding="utf-8")
                texts += 1
    return texts, pdfs


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # it ended between the listing and the reading
            continue
    return total


def run_measured(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MiB of the process tree, exit status) of ``python -m pipeline.cli
    ARGS``."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "pipeline.cli", *args]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, watched = 0, psutil.Process(child.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(SAMPLE_INTERVAL):
            try:
                peak = max(peak, _tree_rss(watched))
            except psutil.Error:
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = child.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if child.returncode not in (0, 1):
        raise RuntimeError(f"catalog {' '.join(args[:1])} failed: {errors[-2000:]}")
    return elapsed, peak / 2**20, child.returncode


def published_tables(root: Path) -> dict[tuple[str, str, str], pa.Table]:
    """Every table of every published edition of the store at ``root``, by (catalog, edition,
    table), without ``editions.ingested_at`` (when, not what: two runs differ there only)."""
    store = CuratedStore(root)
    found: dict[tuple[str, str, str], pa.Table] = {}
    for catalog in store.catalogs():
        scoped = store.in_catalog(catalog)
        for label in scoped.labels():
            names = [*TABLE_NAMES, *(["changes"] if scoped.table_key("changes", label) else [])]
            for name, table in scoped.read(label, names).items():
                if name == "editions":
                    table = table.drop_columns(["ingested_at"])
                found[(str(catalog), label, name)] = table
    return found


def catalogs_at_once(work: Path, quick: bool) -> str:
    """The section: serial against ``--runner dask`` on this machine."""
    from bench.sections import _table, _verdict

    load = QUICK if quick else FULL
    raw = work / "many-raw"
    texts, pdfs = make_raw(raw, load)
    common = ["ingest", "--raw", str(raw), "--catalog-per-folder", "-q"]
    serial = run_measured([*common, "--curated", str(work / "many-serial")])
    dask = run_measured([*common, "--curated", str(work / "many-dask"), "--runner", "dask",
                         "--workers", str(load.workers)])  # fmt: skip
    same = published_tables(work / "many-serial") == published_tables(work / "many-dask")
    editions = load.catalogs * load.editions
    ratio = dask[0] / serial[0]
    rows = [
        ("serial (one process)", f"{serial[0]:.1f}", f"{serial[0] / editions:.2f}",
         f"{serial[1]:.0f}", "—"),
        (f"Dask, {load.workers} local workers", f"{dask[0]:.1f}", f"{dask[0] / editions:.2f}",
         f"{dask[1]:.0f}", f"{ratio:.2f}×"),
    ]  # fmt: skip
    target = "" if quick else f" Target ≤ 0.6× on 2 cores: {_verdict(ratio, 0.6)}."
    return (
        f"### 9. Many catalogs at once ({load.catalogs} catalogs × {load.editions} editions: "
        f"{texts} text, {pdfs} PDF; `bench.catalogs_at_once`)\n\n"
        + _table(("run", "s", "s/edition", "peak MiB (process tree)", "vs serial"), rows)
        + f"\n\nSame tables from both runs (every catalog, edition and table, `ingested_at` "
        f"aside): {'yes' if same else '**no**'}.{target}"
    )
