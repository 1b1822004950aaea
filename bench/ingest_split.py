"""``python -m bench.ingest_split EDITION LABEL CURATED``: one ingest by the plain functions in
a fresh process, timed stage by stage; prints one JSON line.

Stages: ``imports`` (``pipeline.ingest`` and Great Expectations, what any ingest loads),
``parse`` (read + parse, jieba's dictionary included), ``validation`` (the quality gate on the
edition's tables), ``publish`` (the rest of the transaction: order, tables, change records,
commit, the BI database and the catalog site). Then the same edition again under another label
in the same process (``warm``: everything loaded).
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def main(argv: list[str]) -> dict[str, float]:
    edition, label, curated = Path(argv[0]), argv[1], argv[2]
    import pipeline.ingest as ingest
    from pipeline.quality.validate import load_validator
    from pipeline.store.store import CuratedStore

    load_validator()
    imported = time.perf_counter()
    spent = [0.0]
    real = ingest.validate_edition  # type: ignore[attr-defined]

    def validation(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    ingest.validate_edition = validation  # type: ignore[attr-defined]
    parsed = ingest.parse_edition(edition)
    parsed_at = time.perf_counter()
    store = CuratedStore(curated)
    ingest.publish_parsed(parsed, label, store)
    done, validated = time.perf_counter(), spent[0]
    warm_start = time.perf_counter()
    ingest.publish_parsed(ingest.parse_edition(edition), f"{label}-warm", store)
    return {
        "imports": imported - _STARTED, "parse": parsed_at - imported,
        "validation": validated, "publish": done - parsed_at - validated,
        "total": done - _STARTED, "warm": time.perf_counter() - warm_start,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
