"""An entry's headline effort in words, and the class the effort chart counts it in.

The headline is ``resources.effort_min``/``effort_max`` in ``effort_unit`` (the data
dictionary's "headline effort"; ``effort_components`` only break it down). Units are never
converted into each other: a person-day figure is effort, a working-day figure a turnaround
time, weeks and months stay as written. So the chart buckets person-day figures by size and
counts each other unit as one class, and an entry without figures is ``未注明``, never guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.vocabulary import (
    APPROXIMATE_WORD,
    NOT_STATED,
    OPEN_ENDED_NOTE,
    OTHER_UNIT_WORD,
    READING_WORDS,
    UNIT_WORDS,
    by_unit,
)

__all__ = ["EFFORT_CLASSES", "EffortClass", "Headline", "effort_class", "format_days", "headline"]


@dataclass(frozen=True, slots=True)
class EffortClass:
    """One segment kind of the effort chart."""

    key: str
    label: str
    color: str


_PERSON_DAY = UNIT_WORDS["person_day"]
#: Person-day figures by their upper end: (inclusive upper bound, class key, label, colour).
PERSON_DAY_BUCKETS: tuple[tuple[float, str, str, str], ...] = (
    (2.0, "pd-2", f"≤2 {_PERSON_DAY}", "#9ecae1"),
    (5.0, "pd-5", f"2–5 {_PERSON_DAY}", "#6baed6"),
    (15.0, "pd-15", f"5–15 {_PERSON_DAY}", "#3182bd"),
    (math.inf, "pd-more", f">15 {_PERSON_DAY}", "#08519c"),
)
#: Every class, in legend order.
EFFORT_CLASSES: tuple[EffortClass, ...] = (
    *(EffortClass(key, label, color) for _, key, label, color in PERSON_DAY_BUCKETS),
    EffortClass("working_day", by_unit("working_day"), "#74c476"),
    EffortClass("day", by_unit("day"), "#31a354"),
    EffortClass("week", by_unit("week"), "#fd8d3c"),
    EffortClass("month", by_unit("month"), "#e6550d"),
    EffortClass("other", OTHER_UNIT_WORD, "#9e9ac8"),
    EffortClass("zero", READING_WORDS["zero"], "#d9d9d9"),
    EffortClass("none", NOT_STATED, "#969696"),
)
_CLASS_BY_KEY = {one.key: one for one in EFFORT_CLASSES}
#: Units counted as one class each (not bucketed: not comparable with person-days).
OTHER_UNITS: tuple[str, ...] = ("working_day", "day", "week", "month")
#: ``effort_reading`` of an entry without figures: why, in words (``READING_WORDS``).
NO_FIGURE_READINGS: tuple[str, ...] = ("open_ended", "unread", "absent")


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline effort as shown in the entry table: ``约 2–3 人天`` and its notes."""

    text: str
    notes: tuple[str, ...]


def format_days(value: float) -> str:
    """``2.0`` → ``2``, ``1.5`` → ``1.5``."""
    return f"{value:g}"


def _unit(unit: str | None) -> str:
    return UNIT_WORDS.get(unit, unit) if unit else ""


def _span(low: float | None, high: float | None, unit: str | None) -> str:
    word = _unit(unit)
    if low is None and high is not None:
        figure = f"≤{format_days(high)}"
    elif high is None and low is not None:
        figure = f"≥{format_days(low)}"
    elif low == high or high is None or low is None:
        figure = format_days(low if low is not None else 0.0)
    else:
        figure = f"{format_days(low)}–{format_days(high)}"
    return f"{figure} {word}".strip()


def headline(
    low: float | None, high: float | None, unit: str | None, reading: str | None,
    approximate: bool | None, open_ended: bool | None,
) -> Headline:
    """The headline in words; an entry without figures is ``未注明`` with the reason."""
    notes = []
    if low is None and high is None:
        reason = READING_WORDS[reading] if reading in NO_FIGURE_READINGS else None
        return Headline(NOT_STATED, (reason,) if reason else ())
    if reading == "zero" or (low == 0 and high == 0 and not unit):
        return Headline(f"0（{READING_WORDS['zero']}）", ())
    text = _span(low, high, unit)
    if approximate:
        text = f"{APPROXIMATE_WORD} {text}"
    if open_ended:
        notes.append(OPEN_ENDED_NOTE)
    return Headline(text, tuple(notes))


def effort_class(high: float | None, low: float | None, unit: str | None,
                 reading: str | None) -> EffortClass:
    """The chart class of an entry's headline (by its upper end, else its lower end)."""
    figure = high if high is not None else low
    if figure is None:
        return _CLASS_BY_KEY["none"]
    if reading == "zero" or (figure == 0 and not unit):
        return _CLASS_BY_KEY["zero"]
    if unit == "person_day":
        key = next(key for bound, key, _, _ in PERSON_DAY_BUCKETS if figure <= bound)
        return _CLASS_BY_KEY[key]
    return _CLASS_BY_KEY[unit if unit in OTHER_UNITS else "other"]
