"""The benchmark sections: each builds its inputs, measures, and returns a markdown table."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path

from bench.generate import EntrySpec, synthetic_edition
from bench.measure import peak_rss_mib, timed
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.tables import build_tables

__all__ = ["change_detection", "machine", "pdf_path", "peak_memory", "prefect_costs", "text_path"]

LIBRARIES = ("pdfplumber", "jieba", "pandas", "pyarrow", "prefect", "great_expectations")


def _table(header: tuple[str, ...], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _verdict(value: float, target: float, below: bool = True) -> str:
    met = value <= target if below else value >= target
    return "met" if met else "**not met**"


def machine() -> str:
    """What the numbers were measured on."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(f"{lib} {metadata.version(lib)}" for lib in LIBRARIES)
    return (
        "### Machine\n\n"
        f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()} on {platform.system()}; {versions}. "
        f"Measured {datetime.now(UTC):%Y-%m-%d}."
    )


def write_edition(entries: int, work: Path) -> Path:
    """A synthetic text edition of ``entries`` entries under ``work``."""
    path = work / f"synthetic-{entries}.txt"
    if not path.exists():
        path.write_text(synthetic_edition(entries)[0], encoding="utf-8")
    return path


def _ingest_text(path: Path) -> None:
    document = read_source(path)
    build_tables(document, parse_document(document), datetime.now(UTC))


def text_path(sizes: tuple[int, ...], repeats: int, work: Path) -> str:
    """Entries/s and MB/s of the text path per size, and the per-entry cost ratio."""
    rows, per_entry = [], {}
    for entries in sizes:
        path = write_edition(entries, work)
        median = timed(partial(_ingest_text, path), repeats).median_s
        per_entry[entries] = median / entries
        megabytes = path.stat().st_size / 1e6
        rows.append((entries, f"{megabytes:.2f}", f"{median:.3f}", f"{entries / median:,.0f}",
                     f"{megabytes / median:.2f}", f"{per_entry[entries] * 1e3:.2f}"))
    big, mid = sizes[-1], sizes[-2]
    ratio = per_entry[big] / per_entry[mid]
    return (
        "### 1. Text path (read, clean, segment, extract, tabulate)\n\n"
        + _table(("entries", "MB", "median s", "entries/s", "MB/s", "ms/entry"), rows)
        + f"\n\nPer-entry cost {big:,} vs {mid:,} entries: **{ratio:.2f}×** "
        f"(target ≤ 1.3×: {_verdict(ratio, 1.3)})."
    )


def _plumber_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def _pdfium_text(path: Path) -> None:
    """pypdfium2's own text of every page (``get_text_range``): PDFium's cost alone, the
    floor under the PDFium engine."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            text_page.get_text_range()
            text_page.close()
            page.close()
    finally:
        document.close()


def _pdftotext(path: Path) -> None:
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), os.devnull], check=True)


#: The PDFium engine's serial read of a whole catalog, as a share of pdfplumber's own
#: ``extract_text`` over every page: the target of the fast PDF path (issue 24).
PDFIUM_TARGET = 0.1


#: The row of PDFium's own text extraction: the floor under the PDFium engine.
PDFIUM_ALONE = "pypdfium2 get_text_range (every page): PDFium alone"


def _catalog_runs(path: Path) -> dict[str, Callable[[], object]]:
    """``read_pdf_source`` of ``path`` by each engine, serial (one process) and parallel."""
    from pipeline.parse.sources.pdf import PDF_ENGINES, read_pdf_source

    return {
        f"catalog, {engine}, {mode}": partial(read_pdf_source, path, parallel_pages=limit,
                                              engine=engine)
        for engine in PDF_ENGINES for mode, limit in (("serial", 10**9), ("parallel", 1))
    }


def pdf_path(pages: int, repeats: int, work: Path) -> str:
    """``read_pdf_source`` by each engine, serial and parallel, vs pdfplumber ``extract_text``
    vs ``pdftotext``."""
    from tests.pdf_factory import build_big_catalog_pdf

    path = work / f"catalog-{pages}.pdf"
    built = build_big_catalog_pdf(path, pages)
    floor_name = "pdfplumber extract_text (every page)"
    runs: dict[str, Callable[[], object]] = {floor_name: lambda: _plumber_text(path)}
    runs.update(_catalog_runs(path))
    runs[PDFIUM_ALONE] = lambda: _pdfium_text(path)
    if shutil.which("pdftotext"):
        runs["poppler pdftotext"] = lambda: _pdftotext(path)
    times = {name: timed(work_, repeats, warmup=1 if repeats > 1 else 0).median_s
             for name, work_ in runs.items()}
    floor = times[floor_name]
    rows = [(name, f"{t:.2f}", f"{t / floor:.2f}×") for name, t in times.items()]
    serial = times["catalog, pdfplumber, serial"] / floor
    parallel = times["catalog, pdfplumber, parallel"] / floor
    fast, fast_parallel = (times[f"catalog, pdfium, {mode}"] / floor
                           for mode in ("serial", "parallel"))
    missing = "" if shutil.which("pdftotext") else " (pdftotext not installed: no poppler row)"
    same = _same_tables(path)
    return (
        f"### 2. PDF path ({built.pages} pages; pypdfium2 {metadata.version('pypdfium2')})"
        f"{missing}\n\n"
        + _table(("extraction", "median s", "vs pdfplumber"), rows)
        + f"\n\npdfplumber engine, serial: **{serial:.2f}×** pdfplumber (target ≤ 1.3×: "
        f"{_verdict(serial, 1.3)}); parallel: **{parallel:.2f}×** (target < 1.0×: "
        f"{_verdict(parallel, 0.999)}).\n\n"
        f"PDFium engine (the default), serial: **{fast:.2f}×** pdfplumber `extract_text` "
        f"(target ≤ {PDFIUM_TARGET}×: {_verdict(fast, PDFIUM_TARGET)}); parallel: "
        f"**{fast_parallel:.2f}×**. PDFium alone (pypdfium2's own text of every page, no "
        f"layout) takes **{times[PDFIUM_ALONE] / floor:.2f}×**: this catalog's font "
        f"(STSong-Light) is not embedded, and PDFium measures every glyph from the outlines of "
        f"the installed font it substitutes, here **{_substitute_family(path)}** "
        "(`make fonts` installs AR PL UMing, which PDFium prefers for Chinese on Linux: "
        "TrueType outlines, several times cheaper to measure than Noto CJK's CFF ones). "
        f"Both engines give the same tables (every table, every field): "
        f"{'yes' if same else '**no**'}."
    )


def _substitute_family(path: Path) -> str:
    """The family of the font PDFium draws the first text object of ``path``'s first page
    from: for a font that is not embedded, the installed font it substitutes."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,)):
            name = ctypes.create_string_buffer(256)
            pdfium_c.FPDFFont_GetFamilyName(pdfium_c.FPDFTextObj_GetFont(obj.raw), name, 256)
            return name.value.decode("utf-8", "replace") or "none"
        return "none"
    finally:
        document.close()


def _same_tables(path: Path) -> bool:
    """Whether the catalog PDF at ``path`` gives the same tables by either engine."""
    from pipeline.parse.sources.pdf import PDF_ENGINES, read_pdf_source

    at = datetime.now(UTC)
    tables = []
    for engine in PDF_ENGINES:
        document = read_pdf_source(path, engine=engine)
        tables.append(build_tables(document, parse_document(document), at))
    first, *others = tables
    return all(other.keys() == first.keys() and all(other[name].equals(first[name])
                                                    for name in first) for other in others)


def _publish_synthetic(specs: list[EntrySpec], label: str, curated: Path, work: Path) -> None:
    from bench.generate import render_edition
    from pipeline.store.store import CuratedStore

    path = work / f"{label}.txt"
    path.write_text(render_edition(specs), encoding="utf-8")
    document = read_source(path)
    tables = build_tables(document, parse_document(document), datetime.now(UTC))
    CuratedStore(curated).write_edition_tables(label, tables)


def edited_specs(entries: int) -> tuple[list[EntrySpec], list[EntrySpec]]:
    """Two editions of about ``entries`` entries with known edits between them: every 50th
    entry removed, every 97th renamed, every 31st with another effort, 20 added at the end."""
    from dataclasses import replace

    _, old = synthetic_edition(entries)
    _, extra = synthetic_edition(entries + 20)
    new = []
    for index, spec in enumerate(old):
        if index % 50 == 49:
            continue
        if index % 97 == 96:
            spec = replace(spec, name=spec.name + "（更名）")
        if index % 31 == 30:
            spec = replace(spec, effort_text="审批资源库接入对接 45 人天。")
        new.append(spec)
    new += [replace(spec, name=spec.name + "（新增）") for spec in extra[entries:]]
    return old, new


def change_detection(entries: int, repeats: int, work: Path) -> str:
    """``diff_editions`` on two published editions of ``entries`` entries."""
    from pipeline.changes.diff import EditionTables, diff_editions
    from pipeline.store.store import CuratedStore

    curated = work / "diff-curated"
    old, new = edited_specs(entries)
    _publish_synthetic(old, "old", curated, work)
    _publish_synthetic(new, "new", curated, work)
    store = CuratedStore(curated)

    def load_both() -> tuple[EditionTables, EditionTables]:
        tables = ("resources", "resource_items")
        return (EditionTables.of("old", store.read("old", tables)),
                EditionTables.of("new", store.read("new", tables)))

    loaded = load_both()
    load = timed(load_both, repeats)
    compare = timed(lambda: diff_editions(*loaded), repeats)
    counts = diff_editions(*loaded).changes["change"].value_counts().to_dict()
    total = load.median_s + compare.median_s
    rows = [("load both editions", f"{load.median_s:.3f}"), ("diff", f"{compare.median_s:.3f}"),
            ("total", f"{total:.3f}")]
    return (
        f"### 3. Change detection ({len(old):,} vs {len(new):,} entries)\n\n"
        + _table(("step", "median s"), rows)
        + f"\n\nChanges found: {counts}. Total **{total:.2f} s** "
        f"(target < 1 s: {_verdict(total, 1.0)})."
    )


def peak_memory(entries: int, pages: int, work: Path) -> str:
    """Peak RSS of read + parse + tabulate, each in a fresh process."""
    text = write_edition(entries, work)
    pdf = work / f"catalog-{pages}.pdf"
    rows = [(f"text, {entries:,} entries", peak_rss_mib("parse", str(text)))]
    if pdf.exists():
        rows.append((f"PDF, {pages} pages", peak_rss_mib("parse", str(pdf))))
    return (
        "### 6. Peak memory (RSS, MiB: the larger of the process and its largest worker; "
        "includes Python and its libraries)\n\n"
        + _table(("run", "peak RSS MiB"), rows)
    )


SEED = Path(__file__).resolve().parent.parent / "raw" / "haicang-catalog.txt"


def _plain_ingest(label: str, curated: Path) -> None:
    """What the ingest flow's tasks do, called as the plain function (no Prefect)."""
    from pipeline.ingest import ingest
    from pipeline.store.store import CuratedStore

    ingest(SEED, label, CuratedStore(curated))


def prefect_costs(work: Path) -> str:
    """Prefect's start-up and per-run overhead, and the no-op scheduled run."""
    from flows.prefect_setup import configure_prefect

    configure_prefect()
    from prefect import flow

    from flows.ingest import ingest_edition
    from flows.ingest_new import ingest_new
    from pipeline.raw_inventory import plan_ingestion, scan_raw
    from pipeline.store.store import CuratedStore

    @flow(name="bench-empty")
    def empty() -> None:
        return None

    curated, raw = work / "prefect-curated", work / "prefect-raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    cold = timed(empty, repeats=1, warmup=0).median_s  # starts the temporary server
    plain = timed(lambda: _plain_ingest("plain", curated), repeats=5).median_s
    flowed = timed(lambda: ingest_edition(str(SEED), "flow", str(curated)), repeats=5).median_s
    empty_run = timed(empty, repeats=5).median_s
    ingest_new(str(raw), str(curated))  # ingests the seed once; later runs find nothing new
    noop = timed(lambda: ingest_new(str(raw), str(curated)), repeats=5).median_s
    store = CuratedStore(curated)
    plan = timed(lambda: plan_ingestion(scan_raw(raw), store.ingested_sources(),
                                        store.quarantined_sources()), repeats=5).median_s
    rows = [
        ("Prefect temporary server start-up (first flow of a process)", f"{cold:.2f}"),
        ("bundled edition, plain functions", f"{plain:.3f}"),
        ("bundled edition, `ingest_edition` flow", f"{flowed:.3f}"),
        ("empty flow run", f"{empty_run:.3f}"),
        ("no-op `ingest_new` flow run (nothing new in raw/)", f"{noop:.3f}"),
        ("no-op: pipeline work alone (`plan_ingestion`)", f"{plan:.3f}"),
    ]
    beyond = max(noop - empty_run, 0.0)
    return (
        "### 4–5. Orchestration\n\n" + _table(("run", "median s"), rows)
        + f"\n\nPrefect adds **{flowed - plain:.2f} s** ({flowed / plain:.1f}×) to an ingest of "
        f"the bundled edition. A no-op scheduled run costs **{beyond:.3f} s** beyond an empty "
        f"flow run (target < 0.5 s: {_verdict(beyond, 0.5)})."
    )
