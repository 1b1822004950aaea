"""The text core: the text path's MB/s with jieba's own segmentation and with the keyword
step's fused one, and the keywords' share of the time.

Both variants run in one process on the same synthetic edition, alternately (before, after,
before, after…) so that a busy machine slows both alike. "Before" swaps the keyword step for
``extractors.keywords.reference_keywords`` (jieba's ``Tokenizer.cut``, which the keywords were
computed with until the fused cut); everything else is today's code, so the difference is the
keyword step's. Nothing is memoised per text (a synthetic edition repeats 99 % of its text, a
real one 3 %): the only memos are per dictionary word and per numeral, which a real edition
repeats as much. The "read only" row (decode, paginate, running lines:
``pipeline.parse.sources``) is the part of the path the keyword step cannot change: the text
core cannot beat its rate.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import extractors.resource
from bench.sections import _table, _verdict, write_edition
from extractors.keywords import extract_keywords, reference_keywords
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.profile import KeywordRules
from pipeline.tables import build_tables

__all__ = ["TARGET_MB_S", "text_core"]

#: The text core's target rate at ``make bench`` size (10 000 entries).
TARGET_MB_S = 5.0

Keywords = Callable[[str, KeywordRules | None], tuple[str, ...]]
VARIANTS: dict[str, Keywords] = {
    "before: keywords with jieba's `Tokenizer.cut`": reference_keywords,
    "after: keywords with the fused cut (`extractors.keywords._cut`)": extract_keywords,
}


@contextmanager
def _keyword_step(keywords: Keywords, spent: list[float]) -> Iterator[None]:
    """The text path with ``keywords`` as its keyword step, its time added to ``spent[0]``."""

    def timed_keywords(text: str, rules: KeywordRules | None = None) -> tuple[str, ...]:
        start = time.perf_counter()
        try:
            return keywords(text, rules)
        finally:
            spent[0] += time.perf_counter() - start

    with mock.patch.object(extractors.resource, "extract_keywords", timed_keywords):
        yield


def _ingest(path: Path) -> None:
    document = read_source(path)
    build_tables(document, parse_document(document), datetime.now(UTC))


def _run(path: Path, keywords: Keywords) -> tuple[float, float]:
    """(wall seconds of the text path, of which in the keyword step)."""
    spent = [0.0]
    with _keyword_step(keywords, spent):
        start = time.perf_counter()
        _ingest(path)
        return time.perf_counter() - start, spent[0]


def text_core(entries: int, repeats: int, work: Path) -> str:
    """Text-path MB/s and keyword share before/after, at ``entries`` entries."""
    path = write_edition(entries, work)
    for keywords in VARIANTS.values():  # warm-up: models, patterns and caches loaded
        _run(write_edition(26, work), keywords)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in VARIANTS}
    reads = []
    for _ in range(repeats):
        for name, keywords in VARIANTS.items():
            runs[name].append(_run(path, keywords))
        start = time.perf_counter()
        read_source(path)
        reads.append(time.perf_counter() - start)
    megabytes = path.stat().st_size / 1e6
    rows, rates = [], {}
    for name, measured in runs.items():
        total = statistics.median(seconds for seconds, _ in measured)
        keyword = statistics.median(spent for _, spent in measured)
        share = statistics.median(spent / seconds for seconds, spent in measured)
        rates[name] = megabytes / total
        rows.append((name, f"{total:.3f}", f"{rates[name]:.2f}", f"{keyword:.3f}",
                     f"{share:.0%}"))  # fmt: skip
    read = statistics.median(reads)
    rows.append(("read only (decode, paginate: `pipeline.parse.sources`)", f"{read:.3f}",
                 f"{megabytes / read:.2f}", "–", "–"))  # fmt: skip
    before, after = rates.values()
    return (
        f"### 1b. Text core ({entries:,} entries, {megabytes:.2f} MB; read, clean, segment, "
        "extract, tabulate)\n\n"
        + _table(("keyword step", "median s", "MB/s", "keywords s", "keyword share"), rows)
        + f"\n\nThe fused cut makes the text path **{after / before:.2f}×** as fast "
        f"({before:.2f} → {after:.2f} MB/s) with the same keywords (`tests/test_keywords.py`). "
        f"Text core **{after:.2f} MB/s** (target ≥ {TARGET_MB_S:g} MB/s: "
        f"{_verdict(after, TARGET_MB_S, below=False)})."
    )
