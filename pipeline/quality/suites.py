"""Read the suite files in ``expectations/`` and refuse any that would silently check less.

Great Expectations' ``ExpectationSuite(expectations=[…])`` logs and *drops* an entry it cannot
build, so a typo would quietly switch a check off. Here every entry must carry
``meta.check`` (unique in its suite), ``meta.severity`` (``critical`` | ``warning``),
``meta.guards`` and a one-line ``meta.why``; the GX runner then checks that the built suite
still has as many expectations as the file. Pure: no Great Expectations import.

``meta.guards`` says what a failure means. ``data``: the edition itself is incomplete or
damaged in a way the parser cannot rule out (an entry without functions, unread efforts) —
these checks are shown to fire on real damaged editions (``tests/test_quality_matrix.py``).
``code``: an invariant the pipeline's own code already guarantees (digits-only phones, known
item sections); it can only fail through a bug, and stays as a guard against regressions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import expectations
from pipeline.errors import PipelineError

__all__ = [
    "GUARDS", "SUITE_NAMES", "SuiteError", "SuiteFile", "load_suite", "load_suites", "suite_dir",
]  # fmt: skip

#: One suite per curated table, named after it (``expectations/<name>.json``).
SUITE_NAMES: tuple[str, ...] = ("resources", "resource_items", "effort_components", "editions")
SEVERITIES: frozenset[str] = frozenset({"critical", "warning"})
#: What a failing check means: a damaged edition, or a bug in the pipeline's code.
GUARDS: frozenset[str] = frozenset({"data", "code"})


class SuiteError(PipelineError):
    """An expectation suite file is malformed (the gate would check less than it says)."""


@dataclass(frozen=True)
class SuiteFile:
    """One suite as written: its name and its expectations as GX configuration dicts."""

    name: str
    expectations: tuple[dict[str, Any], ...]

    @property
    def checks(self) -> tuple[str, ...]:
        return tuple(e["meta"]["check"] for e in self.expectations)


def suite_dir() -> Path:
    """The ``expectations`` folder (the first entry of the package's path that has the files:
    an editable install made before the folder had ``__init__.py`` sees it as a namespace)."""
    folders = [Path(entry) for entry in expectations.__path__]
    return next((f for f in folders if (f / f"{SUITE_NAMES[0]}.json").is_file()), folders[0])


def _check_entry(name: str, position: int, entry: Any) -> str:
    meta = entry.get("meta") if isinstance(entry, dict) else None
    if not isinstance(meta, dict) or not isinstance(entry.get("type"), str):
        raise SuiteError(f"expectation {position} has no type or no meta", file=f"{name}.json")
    check, severity, why = meta.get("check"), meta.get("severity"), meta.get("why")
    if (not check or severity not in SEVERITIES or meta.get("guards") not in GUARDS
            or not why or "\n" in str(why)):
        raise SuiteError(
            f"expectation {position} ({check or entry['type']}) needs meta.check, "
            "meta.severity 'critical' or 'warning', meta.guards 'data' or 'code', and a "
            "one-line meta.why",
            file=f"{name}.json",
        )
    return str(check)


def load_suite(name: str) -> SuiteFile:
    """One suite file, checked. Raises ``SuiteError`` for a malformed file."""
    try:
        raw = json.loads((suite_dir() / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SuiteError(f"cannot read the suite: {error}", file=f"{name}.json") from None
    if raw.get("name") != name or not isinstance(raw.get("expectations"), list):
        raise SuiteError(f"the suite must be named {name!r} and list expectations",
                         file=f"{name}.json")
    checks = [_check_entry(name, i, e) for i, e in enumerate(raw["expectations"], start=1)]
    if len(set(checks)) != len(checks):
        raise SuiteError("meta.check names repeat", file=f"{name}.json")
    return SuiteFile(name=name, expectations=tuple(raw["expectations"]))


def load_suites() -> dict[str, SuiteFile]:
    """Every suite, keyed by table name."""
    return {name: load_suite(name) for name in SUITE_NAMES}
