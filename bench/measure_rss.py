"""Run one pipeline stage in this process and print its peak RSS as JSON (see bench.measure).

Usage: ``python -m bench.measure_rss parse PATH`` (read + parse + tabulate an edition file).
"""

from __future__ import annotations

import json
import resource
import sys
from datetime import UTC, datetime
from pathlib import Path

from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.tables import build_tables


def _own_peak_kib() -> int:
    """This process's peak RSS since exec (``VmHWM``). ``ru_maxrss`` of RUSAGE_SELF would
    include the forking parent's high-water mark on Linux. Children (PDF workers) are counted
    with RUSAGE_CHILDREN, which can only overstate them by what this process held at spawn."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> None:
    command, path = argv
    if command != "parse":
        raise SystemExit(f"unknown command {command}")
    document = read_source(path)
    build_tables(document, parse_document(document), datetime.now(UTC))
    peak_kib = max(_own_peak_kib(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"peak_rss_mib": round(peak_kib / 1024, 1)}))


if __name__ == "__main__":
    main(sys.argv[1:])
