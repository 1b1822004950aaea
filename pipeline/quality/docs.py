"""Write the expectations table of ``docs/quality.md`` from the suite files themselves.

Each row ends with the check's Chinese name as the site and reports show it
(``pipeline.vocabulary.CHECK_WORDS``).

The suites (``expectations/*.json``) are the single source of what the quality gate checks;
the table in the documentation is generated from them so the two cannot drift apart.
``python -m pipeline.quality.docs`` rewrites the part of ``docs/quality.md`` between the two
marker comments; ``tests/test_quality_doc.py`` fails when the committed file is stale.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.quality.suites import SuiteFile, load_suites
from pipeline.vocabulary import check_words

__all__ = ["BEGIN", "END", "expectations_table", "main", "updated_document"]

BEGIN = "<!-- BEGIN generated from expectations/*.json by python -m pipeline.quality.docs -->"
END = "<!-- END generated -->"
#: The kwargs that name what an expectation reads, in display order.
_COLUMN_KWARGS: tuple[str, ...] = ("column", "column_A", "column_B", "column_list")
DOCUMENT = Path("docs/quality.md")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _reads(kwargs: Mapping[str, Any]) -> str:
    names: list[str] = []
    for key in _COLUMN_KWARGS:
        value = kwargs.get(key)
        names.extend(value if isinstance(value, list) else [value] if value else [])
    condition = kwargs.get("row_condition")
    where = ""
    if isinstance(condition, Mapping):
        column = condition.get("column", {}).get("name")
        where = f" where {column} {condition.get('operator')} {condition.get('parameter')}"
    return (", ".join(names) or "rows") + where


def _parameters(kwargs: Mapping[str, Any]) -> str:
    """What the expectation compares with: literal bounds, or ``$name`` for a parameter."""
    shown = []
    for key in ("value_set", "regex", "value", "min_value", "max_value"):
        if key not in kwargs:
            continue
        value = kwargs[key]
        if isinstance(value, Mapping) and "$PARAMETER" in value:
            value = f"${value['$PARAMETER']}"
        shown.append(f"{key} `{value}`")
    return "; ".join(shown)


def _row(suite: SuiteFile, expectation: Mapping[str, Any]) -> str:
    meta, kwargs = expectation["meta"], expectation.get("kwargs", {})
    compared = _parameters(kwargs)
    test = f"`{expectation['type']}` ({_reads(kwargs)})" + (f"; {compared}" if compared else "")
    cells = [f"`{suite.name}`", f"`{meta['check']}`", meta["severity"], meta["guards"], test,
             meta["why"], check_words(meta["check"]).name]
    return "| " + " | ".join(_cell(str(cell)) for cell in cells) + " |"


def expectations_table(suites: Mapping[str, SuiteFile]) -> str:
    """The Markdown table: one row per expectation, suites in table order."""
    header = (
        "| suite | check | severity | guards | expectation (columns read; compared with) | why "
        "| 名称 |\n|---|---|---|---|---|---|---|"
    )
    rows = [_row(suite, e) for suite in suites.values() for e in suite.expectations]
    return "\n".join([header, *rows])


def updated_document(document: str, suites: Mapping[str, SuiteFile]) -> str:
    """``document`` with the text between ``BEGIN`` and ``END`` replaced by the table."""
    if BEGIN not in document or END not in document:
        raise ValueError(f"the document lacks the markers {BEGIN!r} and {END!r}")
    head, rest = document.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{expectations_table(suites)}\n{END}{tail}"


def main() -> int:
    """Rewrite ``docs/quality.md`` (run from the project folder)."""
    DOCUMENT.write_text(
        updated_document(DOCUMENT.read_text(encoding="utf-8"), load_suites()), encoding="utf-8"
    )
    print(f"{DOCUMENT}: expectations table regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
