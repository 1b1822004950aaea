"""Read the one figure a piece of an effort phrase states, or say that it cannot be read.

``normalizers.effort`` cuts a phrase into pieces and clauses; each piece then needs its
figure: a number or a range with a unit (``15-30 人天``, ``半天至1天``, ``一个半月``), its
bound and approximation words (``不超过``, ``以上``, ``约``), or a head count times a duration
(``2人×2天`` is 4 person-days). The grammar of one figure is a noun of its own, kept apart
from the grammar of clauses so that each stays small.

Silently wrong is worse than unread: a piece that writes a figure this module cannot read
(``2-1人天``, ``5天至10个工作日``, ``2人×2周``, ``每人2天``), or two figures glued together
(``开发3人天联调2人天``), gives a ``Quantity`` with no unit and no numbers, never the first
figure that happens to parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex as re

from normalizers import effort_vocabulary as vocab
from normalizers.effort_vocabulary import UNITS
from normalizers.numerals import CN_NUMERAL_CHARS, parse_colloquial_range, parse_number

__all__ = ["Quantity", "alternation", "find_quantity"]


def alternation(words: Sequence[str]) -> str:
    """One non-capturing group matching any of ``words`` (regex fragments); never matches
    when there are none."""
    return "(?:" + "|".join(words) + ")" if words else "(?!)"


def _unit_pattern() -> str:
    """Units longest first; a counted unit only right after ``个`` (and an optional ``半``)."""
    counted = r"(?<=个\s*(?:半\s*)?)"
    return alternation(
        [(counted if unit in vocab.COUNTED_UNITS else "") + re.escape(unit)
         for unit in sorted(UNITS, key=len, reverse=True)]
    )  # fmt: skip


_NUM = (
    rf"(?:(?<![{vocab.ARABIC_NUMERAL_BLOCKERS}])[0-9]+(?:\.[0-9]+)?"
    rf"|(?<![{CN_NUMERAL_CHARS}{vocab.CN_NUMERAL_BLOCKERS}])(?:[{CN_NUMERAL_CHARS}]+|半))"
)
_PRE = alternation(vocab.APPROX_BEFORE + vocab.UPPER_BEFORE + vocab.LOWER_BEFORE)
_POST = alternation(vocab.APPROX_AFTER + vocab.UPPER_AFTER + vocab.LOWER_AFTER)
_SEP = alternation([re.escape(separator) for separator in vocab.RANGE_SEPARATORS])
_HALF = rf"半(?!\s*{alternation(vocab.HALF_BEFORE_UNIT_BLOCKERS)})"
_UNIT = _unit_pattern()
_UNIT_TAILS = "".join(rf"(?!(?<={last})[{tails}])" for last, tails in vocab.UNIT_WORD_TAILS.items())
#: A figure: ``a`` (with its own unit and half when the range writes the unit twice, as in
#: ``半天至1天``), an optional ``-``/``至`` ``b``, then the unit and its trailing words.
_QUANTITY = re.compile(
    rf"(?P<pre>(?:{_PRE}\s*)*)(?P<a>{_NUM})"
    rf"(?:(?:\s*(?:个\s*)?(?P<a_half>{_HALF}\s*)?(?P<a_unit>{_UNIT}){_UNIT_TAILS}"
    rf"(?P<a_half_after>\s*半)?)?\s*{_SEP}\s*(?P<b>{_NUM}))?"
    rf"\s*(?:个\s*)?(?P<half>{_HALF}\s*)?"
    rf"(?P<unit>{_UNIT}){_UNIT_TAILS}(?P<half_after>\s*半)?(?P<post>(?:\s*{_POST})*)"
)
#: A head count right before a duration (matched against the text before the duration).
_HEADCOUNT = re.compile(
    rf"(?P<pre>(?:{_PRE}\s*)*)(?P<a>{_NUM})(?:\s*{_SEP}\s*(?P<b>{_NUM}))?"
    rf"\s*{alternation(vocab.HEADCOUNT_MEASURES)}?\s*{alternation(vocab.HEADCOUNT_WORDS)}"
    rf"\s*(?:[{re.escape(vocab.PRODUCT_SIGNS)}]\s*)?$"
)
_PER_HEAD = re.compile(rf"{alternation(vocab.PER_HEAD_BEFORE)}\s*$")
#: A letter sign (``x``) between ``人`` and a number would block the number as part of a
#: token (``V2``): it is read as ``×`` (same length, so positions keep).
_LETTER_SIGN = re.compile(
    rf"(?<={alternation(vocab.HEADCOUNT_WORDS)}\s*)[{re.escape(vocab.PRODUCT_SIGNS)}]"
    rf"(?=\s*[0-9{CN_NUMERAL_CHARS}半])"
)
#: A product sign right before a duration: without a head count the product is unread.
_SIGN_BEFORE = re.compile(rf"[{re.escape(vocab.PRODUCT_SIGNS)}]\s*$")
_APPROX = re.compile(alternation(vocab.APPROX_BEFORE + vocab.APPROX_AFTER))
_UPPER = re.compile(alternation(vocab.UPPER_BEFORE + vocab.UPPER_AFTER))
_LOWER = re.compile(alternation(vocab.LOWER_BEFORE + vocab.LOWER_AFTER))


@dataclass(frozen=True, slots=True)
class Quantity:
    """The figure of a piece: where it starts and ends (its prefix and suffix words
    included), its bounds in ``unit``, and its flags. ``unit`` None: a figure is written
    but cannot be read, and both bounds are None."""

    start: int
    end: int
    min_days: float | None
    max_days: float | None
    unit: str | None
    approximate: bool
    open_ended: bool


def _unreadable(found: Any) -> Quantity:
    return Quantity(found.start(), found.end(), None, None, None, False, False)


def _bounds(found: Any) -> tuple[float, float, bool] | None:
    """``(low, high, single)`` of a matched figure, or None when it cannot be read. A range
    (``1-2``, colloquial ``两三``) is not single; a ``半`` after the second bound is read only
    when the first bound writes its own unit (``一天半至两天半``; ``1-2天半`` stays unread)."""
    first, second = str(found.group("a")), found.group("b")
    half = 0.5 if found.group("half") or found.group("half_after") else 0.0
    low = parse_number(first)
    if second is not None:
        high = parse_number(str(second))
        first_unit = found.group("a_unit")
        if first_unit is not None and UNITS[str(first_unit)] != UNITS[str(found.group("unit"))]:
            return None
        if half and first_unit is None:
            return None
        if low is None or high is None:
            return None
        low += 0.5 if found.group("a_half") or found.group("a_half_after") else 0.0
        return (low, high + half, False) if low <= high + half else None
    if low is not None:
        return low + half, low + half, True
    pair = parse_colloquial_range(first)
    return None if pair is None or half else (pair[0], pair[1], False)


def _figure(found: Any) -> Quantity:
    """The quantity one ``_QUANTITY`` match states (unreadable when its bounds are)."""
    bounds = _bounds(found)
    if bounds is None:
        return _unreadable(found)
    low, high, single = bounds
    words = f"{found.group('pre')} {found.group('post')}"  # only table words and spaces
    upper = single and bool(_UPPER.search(words))  # bound words only qualify one figure
    lower = single and not upper and bool(_LOWER.search(words))
    return Quantity(
        start=found.start(), end=found.end(), min_days=None if upper else low,
        max_days=None if lower else high, unit=UNITS[found.group("unit")],
        approximate=bool(_APPROX.search(words)), open_ended=lower,
    )  # fmt: skip


def _times(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def _product(before: str, duration: Quantity) -> Quantity | None:
    """A head count ending ``before`` times ``duration``, in person-days; None when no head
    count ends there. A head count with bound words, a duration in weeks or months, a
    per-person duration (``每人2天``) or a sign with no head count (``2名专家×3天``) makes the
    product unreadable."""
    if _PER_HEAD.search(before) or (_SIGN_BEFORE.search(before) and not _HEADCOUNT.search(before)):
        return Quantity(duration.start, duration.end, None, None, None, False, False)
    found = _HEADCOUNT.search(before)
    if found is None or duration.unit is None:
        return None
    count = _bounds_of_count(found)
    unit = vocab.PRODUCT_UNITS.get(duration.unit)
    if (
        count is None
        or unit is None
        or _UPPER.search(found.group("pre"))
        or _LOWER.search(found.group("pre"))
    ):
        return Quantity(found.start(), duration.end, None, None, None, False, False)
    return Quantity(
        start=found.start(), end=duration.end, min_days=_times(duration.min_days, count[0]),
        max_days=_times(duration.max_days, count[1]), unit=unit,
        approximate=duration.approximate or bool(_APPROX.search(found.group("pre"))),
        open_ended=duration.open_ended,
    )  # fmt: skip


def _bounds_of_count(found: Any) -> tuple[float, float] | None:
    """``(low, high)`` of a head count (``2``, ``2-3``, ``两三``), or None."""
    first, second = str(found.group("a")), found.group("b")
    low = parse_number(first)
    if second is not None:
        high = parse_number(str(second))
        return (low, high) if low is not None and high is not None and low <= high else None
    if low is not None:
        return (low, low) if low >= 1 else None  # 半人 is not a head count
    return parse_colloquial_range(first)


def find_quantity(piece: str) -> Quantity | None:
    """The figure ``piece`` states: its first figure (a head count times a duration when
    one is written) with a unit, or None when it states none. A figure that cannot be read,
    or a second figure after the first, gives an unreadable ``Quantity`` (unit None)."""
    text = _LETTER_SIGN.sub("×", piece)
    first: Quantity | None = None
    for found in _QUANTITY.finditer(text, overlapped=True):
        if first is None:
            first = _figure(found)
            if first.unit not in vocab.PRODUCT_UNITS.values():
                first = _product(text[: first.start], first) or first
            if first.unit is None:
                return first
        elif found.start() >= first.end:
            return Quantity(first.start, found.end(), None, None, None, False, False)
    return first
