"""An edition's quality-gate result as a person reads it, from its ``validation.json``.

The document's ``checks`` list every expectation in its suite file's words (why it exists, what
it guards, which entries failed, by seq and name); the site shows those and never Great
Expectations' raw ``results``. What an older pipeline wrote is still shown as far as it goes:
a document with only ``failures`` lists those, and an edition without a document shows the
verdict its ``editions`` row recorded and says the details were not kept. The document is read
defensively (a missing key or an odd type is a missing value, not a crash): it is data on
disk, and the site must render for every store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.vocabulary import (
    BOOLEAN_WORDS,
    GUARD_WORDS,
    NO_VALUE,
    SEVERITY_WORDS,
    STATUS_UNKNOWN,
    STATUS_WORDS,
    TABLE_WORDS,
    check_words,
    detail_words,
    word_of,
)

__all__ = ["CheckView", "FailingEntry", "ValidationView", "readable", "validation_view"]

#: Placeholders Great Expectations writes for what it could not show as a value: never shown.
GX_PLACEHOLDERS: dict[str, str] = {"__none__": "（空）", "<DATAFRAME>": "（整张表）"}
#: Observed values that mean "nothing observed".
_NOTHING = frozenset({"", "None", "none", "null", "nan", "NaN", "__none__", "<DATAFRAME>"})
_SEVERITY_ORDER = {"critical": 0, "warning": 1}


@dataclass(frozen=True, slots=True)
class FailingEntry:
    """One entry a check failed on (or, without seq, the whole table)."""

    seq: int | None
    name: str | None
    detail: str


@dataclass(frozen=True, slots=True)
class CheckView:
    """One expectation's outcome."""

    table: str
    table_label: str
    check: str  # the check's id (``meta.check``), for machines: never shown as its name
    name: str  # the check in words (``pipeline.vocabulary.CHECK_WORDS``)
    severity: str  # critical | warning
    severity_label: str
    why: str
    guards: str  # what a failure would mean, in words ("" when not recorded)
    success: bool
    observed: str | None
    failing: tuple[FailingEntry, ...]


@dataclass(frozen=True, slots=True)
class ValidationView:
    """The verdict and, when kept, every check (``checks_kept``) or at least every failure."""

    status: str | None  # passed | warnings | failed | None (published before the gate)
    status_label: str
    kept: bool  # a validation document exists
    checks_kept: bool  # the document lists every check, not only failures
    expectations: int | None
    checks: tuple[CheckView, ...]
    failures: tuple[tuple[CheckView, FailingEntry], ...]  # every failing entry, by check

    @property
    def passed(self) -> int:
        return sum(check.success for check in self.checks)

    @property
    def failed(self) -> int:
        return sum(not check.success for check in self.checks)


def _text(value: Any) -> str | None:
    """A string of the document (a name, a reason) as written; None when missing."""
    return value if isinstance(value, str) and value else None


def readable(value: Any) -> str | None:
    """A value Great Expectations reported (an observed value, a failure's detail) as text,
    its placeholders replaced; None for nothing."""
    if value is None or isinstance(value, (Mapping, list, tuple)):
        return None
    if isinstance(value, bool):
        return BOOLEAN_WORDS[value]
    if isinstance(value, float):
        value = f"{value:.6g}"
    text = str(value)
    if text.strip() in _NOTHING:
        return None
    for placeholder, words in GX_PLACEHOLDERS.items():
        text = text.replace(placeholder, words)
    return text


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _list(value: Any) -> Sequence[Mapping[str, Any]]:
    if not isinstance(value, list):
        return ()
    return [item for item in value if isinstance(item, Mapping)]


def _failing(item: Mapping[str, Any], table: str) -> FailingEntry:
    seq, name = _int(item.get("seq")), _text(item.get("name"))
    return FailingEntry(seq, name, detail_words(table, readable(item.get("detail")) or ""))


def _check(item: Mapping[str, Any], check_key: str = "check") -> CheckView:
    table = _text(item.get("table")) or ""
    severity = _text(item.get("severity")) or "critical"
    failing = tuple(_failing(f, table) for f in _list(item.get("failing")))
    success = item.get("success")
    check = _text(item.get(check_key)) or "?"
    words = check_words(check, _text(item.get("why")) or "")
    return CheckView(
        table=table, table_label=word_of(TABLE_WORDS, table, NO_VALUE),
        check=check, name=words.name, severity=severity,
        severity_label=word_of(SEVERITY_WORDS, severity), why=words.why,
        guards=word_of(GUARD_WORDS, _text(item.get("guards")), ""),
        success=bool(success) if isinstance(success, bool) else not failing,
        observed=readable(item.get("observed")), failing=failing,
    )  # fmt: skip


def _from_failures(document: Mapping[str, Any]) -> tuple[tuple[CheckView, FailingEntry], ...]:
    """Failures of a document without ``checks``: one per entry, named by their check."""
    found = []
    for item in _list(document.get("failures")):
        check = _check({**item, "success": False}, check_key="expectation")
        found.append((check, _failing(item, check.table)))
    return tuple(found)


def _ordered(checks: Sequence[CheckView]) -> tuple[CheckView, ...]:
    """Failed checks first, critical before warning; otherwise as the document lists them."""
    return tuple(sorted(checks, key=lambda c: (c.success, _SEVERITY_ORDER.get(c.severity, 2))))


def validation_view(
    document: Mapping[str, Any] | None, recorded_status: str | None
) -> ValidationView:
    """The view of ``document`` (an edition's ``validation.json``, None when not kept); the
    verdict is the document's, else ``recorded_status`` (``editions.validation_status``)."""
    if document is None:
        words = word_of(STATUS_WORDS, recorded_status, STATUS_UNKNOWN)
        return ValidationView(recorded_status, words, False, False, None, (), ())
    status = _text(document.get("status")) or recorded_status
    kept = isinstance(document.get("checks"), list)
    checks = _ordered([_check(item) for item in _list(document.get("checks"))])
    failures = (tuple((c, f) for c in checks for f in c.failing) if kept
                else _from_failures(document))  # fmt: skip
    return ValidationView(
        status=status, status_label=word_of(STATUS_WORDS, status, STATUS_UNKNOWN), kept=True,
        checks_kept=kept, expectations=_int(document.get("expectations")), checks=checks,
        failures=failures,
    )  # fmt: skip
