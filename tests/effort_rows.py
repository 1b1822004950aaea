"""What the effort tests share: the expected-row shape, its builders, the observed row of a
parsed ``Effort``, and the numbers a phrase states (for the property tests)."""

from __future__ import annotations

import regex as re

from normalizers.effort import Effort
from normalizers.numerals import CN_NUMERAL_CHARS, fold_width, parse_number

__all__ = [
    "APP", "DAY", "MONTH", "PD", "PLATFORM", "WD", "WEEK", "Expected", "Parties", "fig",
    "observed", "stated_numbers", "unread",
]  # fmt: skip

PD, WD, DAY, WEEK, MONTH = "person_day", "working_day", "day", "week", "month"
APP, PLATFORM = "应用单位", "平台单位"

#: ``(party, min, max)`` of every component that names a party, in order.
Parties = tuple[tuple[str, float | None, float | None], ...]
#: ``(min, max, unit, open_ended, reading, parties)`` of a parsed phrase.
Expected = tuple[float | None, float | None, str | None, bool, str, Parties]


def fig(
    low: float | None, high: float | None, unit: str = PD, *, open_ended: bool = False,
    parties: Parties = (),
) -> Expected:  # fmt: skip
    """A headline with a figure."""
    return (low, high, unit, open_ended, "figure", parties)


def unread(*, open_ended: bool = False, parties: Parties = ()) -> Expected:
    """No headline: null numbers and unit; reading unread, or open_ended beside a tail."""
    return (None, None, None, open_ended, "open_ended" if open_ended else "unread", parties)


def observed(effort: Effort) -> Expected:
    """The row of a parsed phrase, in ``Expected``'s shape."""
    parties = tuple(
        (component.party, component.min_days, component.max_days)
        for component in effort.components
        if component.party is not None
    )
    return (
        effort.min_days, effort.max_days, effort.unit, effort.open_ended, effort.reading, parties,
    )  # fmt: skip


_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_CHINESE = re.compile(rf"[{CN_NUMERAL_CHARS}]+")


def stated_numbers(text: str) -> set[float]:
    """Every number the phrase writes: Arabic figures, Chinese numerals (a run that is not one
    value, such as 两三, read digit by digit) and, when it says 半, 0.5 and each of them plus a
    half."""
    folded = fold_width(text)
    numbers = {float(token) for token in _ARABIC.findall(folded)}
    for run in _CHINESE.findall(folded):
        whole = parse_number(run)
        digits = {parse_number(char) for char in run} if whole is None else {whole}
        numbers |= {value for value in digits if value is not None}
    if "半" in folded:
        numbers |= {0.5} | {value + 0.5 for value in numbers}
    return numbers
