"""Decide an effort phrase's headline figure from its clauses, or decide that it has none.

``normalizers.effort`` reads each clause of a phrase into an ``EffortComponent``; which of
them make the headline, and how, is a question of its own: a breakdown restates a total,
parties and work items add up, alternatives span a range, a rate or a turnaround time is no
part of it, and a ``…另计`` tail opens its top. The rules, in order:

1. breakdown: the clause right before a ``其中``/bracketed party breakdown, when it has a
   figure.
2. total: the first clause opened by a total marker (``共3人天``).
3. one figure: outside a breakdown, with rates (``每增加…``) and turnaround times beside a
   ``另行评估`` left out, the only clause with a figure (times the parties of ``各``).
4. party sum: every clause with a figure or a stated zero names a party, each once, one unit.
5. sum: clauses joined by ``+``, or each naming a different work item or phase.
6. range: clauses joined by ``/``/``或``, or each naming an alternative (远程/现场, 方式一).
7. zero: no clause has a figure but one states zero (``无需对接工作量``): 0–0, unit None.

Anything else (two bare figures in one unit, mixed units, a figure that cannot be read) is
undecided: null numbers, the text kept, and ``open_ended`` False even beside an open-ended
clause, so that ``reading == "unread"`` and the quality gate warns. Never the first clause
alone. Last, a tail outside a breakdown (a ``DEFERRED_MARKERS``/``PER_INCREMENT_MARKERS``/
``VARYING_MARKERS`` clause, or an open-ended clause with no scope or naming a party) makes a
headline with a unit a floor: max None; a ceiling it opens leaves no headline
(``5人天以内，超出部分另计``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from pipeline.models import EffortComponent

__all__ = ["Figure", "Joiner", "Part", "headline"]

#: How a clause is joined to the clause before it: ``+`` (additive), ``/`` or ``或``
#: (alternative), or a comma, semicolon or sentence break (neutral, ``""``).
Joiner = Literal["", "additive", "alternative"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A headline: bounds in ``unit``, and whether it is approximate. ``decided`` False: the
    phrase states figures but the rules cannot combine them (the phrase is unread, even when
    a clause of it is open-ended)."""

    min_days: float | None
    max_days: float | None
    unit: str | None
    approximate: bool
    decided: bool = True


NO_FIGURE = Figure(None, None, None, False)
UNDECIDED = Figure(None, None, None, False, decided=False)
ZERO_FIGURE = Figure(0.0, 0.0, None, False)


@dataclass(frozen=True, slots=True)
class Part:
    """A clause's component and what the headline rules need to know about the clause."""

    component: EffortComponent
    joiner: Joiner = ""
    total: bool = False  # opened by a total marker
    unreadable: bool = False  # writes a figure that cannot be read
    excluded: bool = False  # a rate or a turnaround time: never part of the headline
    tail: bool = False  # leaves the headline's top open
    item: str | None = None  # the work item or phase it names
    alternative: bool = False  # names an alternative way (远程, 方式一)
    each: int | None = 1  # parties a ``各`` figure is each of; None: not known


def _is_zero(component: EffortComponent) -> bool:
    return component.unit is None and component.min_days == 0.0 == component.max_days


def _own(part: Part) -> Figure:
    """A part's figure, times the parties of ``各``; undecided when it cannot be read."""
    component = part.component
    if part.unreadable or part.each is None:
        return UNDECIDED
    if component.unit is None:
        return NO_FIGURE
    low, high = component.min_days, component.max_days
    return Figure(
        None if low is None else low * part.each, None if high is None else high * part.each,
        component.unit, component.approximate,
    )  # fmt: skip


def _sum(values: Sequence[float | None]) -> float | None:
    """The sum of the values, or None when one is None (a ceiling or floor leaves it open)."""
    known = [value for value in values if value is not None]
    return math.fsum(known) if len(known) == len(values) else None


def _added(figures: Sequence[Figure]) -> Figure:
    """The sum of figures in one unit (a stated zero counts 0)."""
    units = {figure.unit for figure in figures if figure.unit is not None}
    if len(units) != 1 or not all(figure.decided for figure in figures):
        return UNDECIDED
    low = _sum([figure.min_days for figure in figures])
    high = _sum([figure.max_days for figure in figures])
    return Figure(low, high, units.pop(), any(figure.approximate for figure in figures))


def _ranged(figures: Sequence[Figure]) -> Figure:
    """The smallest min to the largest max of alternatives in one unit."""
    if len({figure.unit for figure in figures}) != 1 or not all(f.decided for f in figures):
        return UNDECIDED
    mins = [figure.min_days for figure in figures]
    maxes = [figure.max_days for figure in figures]
    return Figure(
        None if None in mins else min(value for value in mins if value is not None),
        None if None in maxes else max(value for value in maxes if value is not None),
        figures[0].unit, any(figure.approximate for figure in figures),
    )  # fmt: skip


def _party_sum(pool: Sequence[Part]) -> Figure | None:
    """Rule 4, or None when every clause with a figure or a stated zero is not a party
    clause, or a party is named twice."""
    figured = [
        part for part in pool
        if part.component.unit is not None or part.unreadable or _is_zero(part.component)
    ]  # fmt: skip
    parties = [part.component.party for part in figured]
    if not figured or None in parties or len(set(parties)) < len(parties):
        return None
    return _added([_zero_or_own(part) for part in figured])


def _zero_or_own(part: Part) -> Figure:
    return ZERO_FIGURE if _is_zero(part.component) else _own(part)


def _relation(figured: Sequence[Part]) -> Joiner | None:
    """``"additive"``, ``"alternative"`` or None (cannot tell) for two or more clauses."""
    joiners = {part.joiner for part in figured[1:]}
    items = [part.item for part in figured]
    distinct_items = None not in items and len(set(items)) == len(items)
    marked = all(part.alternative for part in figured)
    additive = (
        "alternative" not in joiners
        and not any(part.alternative for part in figured)
        and (joiners == {"additive"} or distinct_items)
    )
    alternative = "additive" not in joiners and (joiners == {"alternative"} or marked)
    if additive == alternative:
        return None
    return "additive" if additive else "alternative"


def _combined(pool: Sequence[Part]) -> Figure:
    """Rules 3 to 7 over the clauses outside a breakdown."""
    counted = [part for part in pool if not part.excluded]
    figured = [part for part in counted if part.component.unit is not None or part.unreadable]
    if any(part.unreadable for part in figured):
        return UNDECIDED
    if len(figured) == 1:
        return _own(figured[0])
    summed = _party_sum(counted)
    if summed is not None:
        return summed
    if not figured:
        stated = any(part.component.unit is not None or part.unreadable for part in pool)
        zero = any(_is_zero(part.component) for part in pool)
        return ZERO_FIGURE if zero and not stated else NO_FIGURE
    relation = _relation(figured)
    if relation == "additive":
        return _added([_own(part) for part in figured])
    return _ranged([_own(part) for part in figured]) if relation else UNDECIDED


def headline(parts: Sequence[Part], breakdown: range) -> Figure:
    """The headline figure of a phrase's clauses by the rules of the module docstring;
    ``breakdown`` holds the indexes of the clauses of its first breakdown."""
    before = breakdown.start - 1
    totals = [part for part in parts if part.total]
    if breakdown and before >= 0 and parts[before].component.unit is not None:
        figure = _own(parts[before])
    elif totals:
        figure = _own(totals[0])
    else:
        figure = _combined([part for index, part in enumerate(parts) if index not in breakdown])
    tails = [part.tail for index, part in enumerate(parts) if index not in breakdown]
    if figure.unit is None or not any(tails):
        return figure
    return replace(figure, max_days=None) if figure.min_days is not None else NO_FIGURE
