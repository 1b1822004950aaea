"""Turn a catalog entry's free-text integration effort (``对接工作量说明``) into numbers.

Analysts compare resources by how many person-days integration costs, but each edition writes
it as prose: ``实施工作量在 15-30 人天之间``, ``两个工作日办结``, ``其中应用单位接入实施 10 人天``,
``应用单位2人天，平台单位1人天，共3人天``, ``无需对接工作量``, ``需要根据实际需求而定``.
``parse_effort`` splits the prose into clauses, reads each clause's figure, unit, bound,
condition, scope and party with the tables of ``normalizers.effort_vocabulary``, and takes the
headline figure from the first of these rules that applies:

1. breakdown: a ``其中`` piece, or a bracket group after a figure that opens with a party,
   breaks down the clause before it; when that clause has a figure, it is the headline. The
   parts of a ``其中`` breakdown are never summed: they need not cover the whole.
2. total: a clause opened by a total marker (``共``, ``合计``, ``总工作量``…) with a figure.
3. party sum: every clause with a figure opens with a party, each party once, all in one unit:
   the headline is the sum of their mins and the sum of their maxes.
4. span: the clauses outside a breakdown that share the first figure's unit, from the
   smallest min to the largest max.
5. zero: no clause has a figure but one states zero (``无需对接工作量``): 0–0 with unit None.

What cannot be read stays as text with null numbers: nothing is guessed, and no rule yields a
number the phrase does not state (or, for rule 3, the sum of the parties' figures).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import regex as re

from normalizers import effort_vocabulary as vocab
from normalizers.effort_vocabulary import UNITS
from normalizers.numerals import CN_NUMERAL_CHARS, fold_width, parse_colloquial_range, parse_number
from pipeline.models import READINGS, Effort, EffortComponent, Reading
from pipeline.profile import default_profile

__all__ = ["READINGS", "UNITS", "Effort", "EffortComponent", "Reading", "parse_effort"]


def _alternation(words: Sequence[str]) -> str:
    return "(?:" + "|".join(words) + ")" if words else "(?!)"


def _unit_pattern() -> str:
    """Units longest first; a counted unit only right after ``个`` (and an optional ``半``)."""
    counted = r"(?<=个\s*(?:半\s*)?)"
    return _alternation(
        [(counted if unit in vocab.COUNTED_UNITS else "") + re.escape(unit)
         for unit in sorted(UNITS, key=len, reverse=True)]
    )  # fmt: skip


_NUM = (
    rf"(?:(?<![{vocab.ARABIC_NUMERAL_BLOCKERS}])[0-9]+(?:\.[0-9]+)?"
    rf"|(?<![{CN_NUMERAL_CHARS}{vocab.CN_NUMERAL_BLOCKERS}])(?:[{CN_NUMERAL_CHARS}]+|半))"
)
_PRE = _alternation(vocab.APPROX_BEFORE + vocab.UPPER_BEFORE + vocab.LOWER_BEFORE)
_POST = _alternation(vocab.APPROX_AFTER + vocab.UPPER_AFTER + vocab.LOWER_AFTER)
_UNIT_TAILS = "".join(rf"(?!(?<={last})[{tails}])" for last, tails in vocab.UNIT_WORD_TAILS.items())
_QUANTITY = re.compile(
    rf"(?P<pre>(?:{_PRE}\s*)*)(?P<a>{_NUM})"
    rf"(?:\s*{_alternation([re.escape(s) for s in vocab.RANGE_SEPARATORS])}\s*(?P<b>{_NUM}))?"
    rf"\s*(?:个\s*)?(?P<half>半(?!\s*{_alternation(vocab.HALF_BEFORE_UNIT_BLOCKERS)})\s*)?"
    rf"(?P<unit>{_unit_pattern()}){_UNIT_TAILS}(?P<half_after>\s*半)?(?P<post>(?:\s*{_POST})*)"
)
_APPROX = re.compile(_alternation(vocab.APPROX_BEFORE + vocab.APPROX_AFTER))
_UPPER = re.compile(_alternation(vocab.UPPER_BEFORE + vocab.UPPER_AFTER))
_LOWER = re.compile(_alternation(vocab.LOWER_BEFORE + vocab.LOWER_AFTER))
_MARKER = re.compile(_alternation(vocab.OPEN_ENDED_MARKERS))
_ZERO = re.compile(_alternation(vocab.ZERO_MARKERS))
_TOTAL = re.compile(rf"\s*{_alternation(vocab.TOTAL_MARKERS)}")
_CONDITION = re.compile(_alternation(vocab.CONDITION_PATTERNS))
_FILLER = re.compile(rf"{_alternation(vocab.SCOPE_FILLERS)}\s*$")
_BREAKDOWN = re.compile(rf"^{vocab.BREAKDOWN_WORD}\s*[，,:：]?\s*")
_NUMBER_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9])")  # 1,000 is one number, not two pieces


@dataclass(frozen=True, slots=True)
class _Quantity:
    start: int  # where the figure (with its prefix words) starts in the piece
    min_days: float | None
    max_days: float | None
    unit: str
    approximate: bool
    open_ended: bool


@dataclass(frozen=True, slots=True)
class _Clause:
    sentence: int  # the sentence, or the bracket group, the clause belongs to
    leading: tuple[str, ...]
    closing: str | None  # the piece with the figure or marker; None: nothing readable
    trailing: tuple[str, ...]
    quantity: _Quantity | None
    marked: bool  # ``closing`` holds an open-ended marker
    zero: bool  # ``closing`` holds a zero marker
    cut: int  # where the figure or marker starts in ``closing``: the scope ends there
    opens_breakdown: bool = False  # first clause of a bracketed party breakdown

    @property
    def opening(self) -> tuple[str, ...]:
        return self.leading + ((self.closing,) if self.closing is not None else ())


@dataclass(frozen=True, slots=True)
class _Figure:
    min_days: float | None
    max_days: float | None
    unit: str | None
    approximate: bool


_NO_FIGURE = _Figure(None, None, None, False)
_ZERO_FIGURE = _Figure(0.0, 0.0, None, False)


@dataclass(frozen=True, slots=True)
class _PartyPatterns:
    """The patterns that depend on the parties (compiled ``regex`` patterns, untyped)."""

    named: Any  # any party, anywhere
    leading: Any  # a scope that opens with a party
    joiner: Any  # a PARTY_JOINERS character with a party right after it
    bracket: Any  # a BREAKDOWN_BRACKETS group that opens with a party; body in "body"


@cache
def _party_patterns(parties: tuple[str, ...]) -> _PartyPatterns:
    """The party patterns for one parties tuple, compiled on its first use."""
    names = _alternation([re.escape(party) for party in parties])
    openers = re.escape("".join(vocab.BREAKDOWN_BRACKETS))
    closers = re.escape("".join(vocab.BREAKDOWN_BRACKETS.values()))
    body = rf"\s*(?:{vocab.BREAKDOWN_WORD}\s*[，,:：]?\s*)?{names}[^{openers}{closers}]*"
    return _PartyPatterns(
        named=re.compile(names),
        leading=re.compile(rf"\s*{names}"),
        joiner=re.compile(rf"\s*[{re.escape(vocab.PARTY_JOINERS)}]\s*(?={names})"),
        bracket=re.compile(rf"[{openers}](?P<body>{body})[{closers}]"),
    )


def _split(text: str, separators: str, nested: bool = True) -> list[str]:
    """Non-empty stripped parts of ``text`` between separators outside brackets and numbers."""
    parts: list[str] = []
    closers: list[str] = []
    protected = {found.start() for found in _NUMBER_COMMA.finditer(text)}
    start = 0
    for index, char in enumerate(text):
        if nested and char in vocab.BRACKETS:
            closers.append(vocab.BRACKETS[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char in separators and not closers and index not in protected:
            parts.append(text[start:index])
            start = index + 1
    if closers:  # unbalanced brackets: do not trust them
        return _split(text, separators, nested=False)
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _bounds(found: Any) -> tuple[float, float, bool] | None:
    """``(low, high, single)`` of a matched figure, or None when it cannot be read. A range
    (``1-2``, colloquial ``两三``) is not single; ``半`` adds a half to a single figure only."""
    first, second = str(found.group("a")), found.group("b")
    half = 0.5 if found.group("half") or found.group("half_after") else 0.0
    low = parse_number(first)
    if second is not None:
        high = parse_number(str(second))
        if low is None or high is None or half or low > high:
            return None
        return low, high, False
    if low is not None:
        return low + half, low + half, True
    pair = parse_colloquial_range(first)
    return None if pair is None or half else (pair[0], pair[1], False)


def _find_quantity(piece: str) -> _Quantity | None:
    """The first readable figure with a unit in ``piece``, or None."""
    for found in _QUANTITY.finditer(piece, overlapped=True):
        bounds = _bounds(found)
        if bounds is None:
            continue
        low, high, single = bounds
        words = f"{found.group('pre')} {found.group('post')}"  # only table words and spaces
        upper = single and bool(_UPPER.search(words))  # bound words only qualify one figure
        lower = single and not upper and bool(_LOWER.search(words))
        return _Quantity(
            start=found.start(), min_days=None if upper else low, max_days=None if lower else high,
            unit=UNITS[found.group("unit")], approximate=bool(_APPROX.search(words)),
            open_ended=lower,
        )  # fmt: skip
    return None


def _segments(sentence: str, patterns: _PartyPatterns) -> list[tuple[str, bool]]:
    """The sentence's parts in order, each flagged when it is the body of a bracketed party
    breakdown: a bracket group that opens with a party, states a figure and follows one."""
    parts: list[tuple[str, bool]] = []
    start = 0
    for found in patterns.bracket.finditer(sentence):
        before, body = sentence[start : found.start()], str(found.group("body"))
        if _find_quantity(before) is None or _find_quantity(body) is None:
            continue
        parts += [(before, False), (body, True)]
        start = found.end()
    parts.append((sentence[start:], False))
    return [(text, bracketed) for text, bracketed in parts if text.strip()]


def _pieces(segment: str, patterns: _PartyPatterns) -> list[str]:
    """The segment split at commas, and at a party joiner (``、``) when the text before it
    states a figure and a party follows: ``应用单位2人天、平台单位2人天``."""
    pieces: list[str] = []
    for piece in _split(segment, vocab.PIECE_SEPARATORS):
        start = 0
        for found in patterns.joiner.finditer(piece):
            if _find_quantity(piece[start : found.start()]) is not None:
                pieces.append(piece[start : found.start()].strip())
                start = found.end()
        pieces.append(piece[start:].strip())
    return [piece for piece in pieces if piece]


def _clauses(sentence: int, pieces: Sequence[str], bracketed: bool) -> list[_Clause]:
    """Group a sentence's pieces: each piece with a figure or marker closes a clause."""
    clauses: list[_Clause] = []
    pending: list[str] = []
    for piece in pieces:
        quantity, marker, zero = _find_quantity(piece), _MARKER.search(piece), _ZERO.search(piece)
        starts = [found.start() for found in (marker, zero) if found is not None]
        starts += [quantity.start] if quantity is not None else []
        if not starts:
            pending.append(piece)
            continue
        clauses.append(_Clause(
            sentence, tuple(pending), piece, (), quantity, marked=marker is not None,
            zero=zero is not None, cut=min(starts), opens_breakdown=bracketed and not clauses,
        ))  # fmt: skip
        pending = []
    if pending and clauses:
        clauses[-1] = replace(clauses[-1], trailing=tuple(pending))
    elif pending:
        clauses.append(
            _Clause(sentence, tuple(pending), None, (), None, False, False, 0, bracketed)
        )
    return clauses


def _read_clauses(text: str, patterns: _PartyPatterns) -> list[_Clause]:
    """Every clause of the (width-folded) phrase, numbered by sentence or bracket group."""
    segments = [
        segment
        for sentence in _split(text, vocab.SENTENCE_SEPARATORS)
        for segment in _segments(sentence, patterns)
    ]
    return [
        clause
        for number, (segment, bracketed) in enumerate(segments)
        for clause in _clauses(number, _pieces(segment, patterns), bracketed)
    ]


def _strip_fillers(text: str) -> str:
    text = text.strip()
    while found := _FILLER.search(text):
        text = text[: found.start()].rstrip()
    return text


def _context(clause: _Clause) -> tuple[str | None, str | None]:
    """``(condition, scope)``: the condition pieces among the leading context, and the other
    leading pieces plus the closing piece's text before its figure or marker."""
    if clause.closing is None:
        return None, None
    conditions = [piece for piece in clause.leading if _CONDITION.fullmatch(piece)]
    parts = [piece for piece in clause.leading if piece not in conditions]
    head = _strip_fillers(clause.closing[: clause.cut])
    joined: str = _BREAKDOWN.sub("", "，".join(parts + ([head] if head else [])))
    return "，".join(conditions) or None, _strip_fillers(joined) or None


def _is_total(clause: _Clause) -> bool:
    """The clause states the phrase's total: a figure with nothing before it but a total
    marker and filler words (``共3人天``, ``总工作量为 3 人天``)."""
    if clause.quantity is None or clause.leading or clause.closing is None:
        return False
    head = clause.closing[: clause.cut]
    found = _TOTAL.match(head)
    return found is not None and not _strip_fillers(head[found.end() :])


def _party(
    text: str, scope: str | None, in_breakdown: bool, patterns: _PartyPatterns
) -> str | None:
    """Inside a breakdown, the first party the clause names; elsewhere the party its scope
    opens with, when the scope names no other party."""
    if in_breakdown:
        found = patterns.named.search(text)
        return str(found.group(0)) if found is not None else None
    if scope is None or not patterns.leading.match(scope):
        return None
    named = {str(name) for name in patterns.named.findall(scope)}
    return named.pop() if len(named) == 1 else None


def _component(
    position: int, clause: _Clause, in_breakdown: bool, patterns: _PartyPatterns
) -> EffortComponent:
    text = "，".join(clause.opening + clause.trailing)
    quantity = clause.quantity
    condition, scope = _context(clause)
    zero = 0.0 if clause.zero and quantity is None else None
    return EffortComponent(
        position=position, text=text, scope=scope, condition=condition,
        party=_party(text, scope, in_breakdown, patterns),
        min_days=quantity.min_days if quantity else zero,
        max_days=quantity.max_days if quantity else zero,
        unit=quantity.unit if quantity else None,
        approximate=quantity.approximate if quantity else False,
        open_ended=clause.marked or (quantity is not None and quantity.open_ended),
    )  # fmt: skip


def _breakdown(clauses: Sequence[_Clause]) -> range:
    """Indexes of the clauses of the first breakdown: a ``其中`` piece to the end of its
    sentence, or a bracketed party breakdown."""
    for first, clause in enumerate(clauses):
        if clause.opens_breakdown or clause.opening[0].startswith(vocab.BREAKDOWN_WORD):
            rest = [later.sentence == clause.sentence for later in clauses[first:]]
            return range(first, first + (rest.index(False) if False in rest else len(rest)))
    return range(0)


def _is_zero(component: EffortComponent) -> bool:
    return component.unit is None and component.min_days == 0.0 == component.max_days


def _span(same: Sequence[EffortComponent]) -> _Figure:
    """Smallest min and largest max of the headline clauses, their unit, and whether any is
    approximate."""
    if not same:
        return _NO_FIGURE
    mins = [component.min_days for component in same if component.min_days is not None]
    maxes = [component.max_days for component in same if component.max_days is not None]
    high = max(maxes) if len(maxes) == len(same) else None  # a floor leaves the top open
    approximate = any(component.approximate for component in same)
    return _Figure(min(mins) if mins else None, high, same[0].unit, approximate)


def _sum(values: Sequence[float | None]) -> float | None:
    """The sum of the values, or None when one is None (a ceiling or floor leaves it open)."""
    known = [value for value in values if value is not None]
    return math.fsum(known) if len(known) == len(values) else None


def _party_sum(pool: Sequence[EffortComponent]) -> _Figure | None:
    """Rule 3: the sum of the party clauses, when every clause with a figure (or a stated
    zero) is a party clause with one, each party once, all in one unit; else None."""
    figures = [component for component in pool if component.unit is not None or _is_zero(component)]
    parts = [component for component in pool if component.party is not None]
    units = {component.unit for component in parts if component.unit is not None}
    if not parts or figures != parts or len(units) != 1:
        return None
    if len({component.party for component in parts}) < len(parts):
        return None
    return _Figure(
        _sum([component.min_days for component in parts]),
        _sum([component.max_days for component in parts]),
        units.pop(), any(component.approximate for component in parts),
    )  # fmt: skip


def _headline(
    components: Sequence[EffortComponent], span: range, totals: Sequence[bool]
) -> _Figure:
    """The headline figure by the rules of the module docstring, in order."""
    if span and span.start > 0 and components[span.start - 1].unit is not None:
        return _span([components[span.start - 1]])
    stated = [component for component, total in zip(components, totals, strict=True) if total]
    if stated:
        return _span(stated[:1])
    pool = [component for index, component in enumerate(components) if index not in span]
    summed = _party_sum(pool)
    if summed is not None:
        return summed
    units = [component.unit for component in pool if component.unit is not None]
    figure = _span([component for component in pool if units and component.unit == units[0]])
    if any(component.unit for component in components) or figure.unit is not None:
        return figure
    return _ZERO_FIGURE if any(_is_zero(component) for component in components) else figure


def parse_effort(text: str, parties: Sequence[str] | None = None) -> Effort:
    """Read an effort phrase (``对接工作量说明``, already cleaned) into an ``Effort``.

    Takes the phrase as text and the parties a breakdown may name (a catalog profile's
    ``effort.parties``; None: the bundled profile's); full-width digits and dashes are folded
    first. Returns the headline
    figure by the rules of the module docstring, its ``reading``, and one ``EffortComponent``
    per clause. Blank text gives an ``Effort`` with null numbers and no components. Never
    raises.
    """
    if parties is None:
        parties = default_profile().effort.parties
    patterns = _party_patterns((parties,) if isinstance(parties, str) else tuple(parties))
    clauses = _read_clauses(fold_width(text), patterns)
    span = _breakdown(clauses)
    components = tuple(
        _component(index + 1, clause, index in span, patterns)
        for index, clause in enumerate(clauses)
    )
    headline = _headline(components, span, [_is_total(clause) for clause in clauses])
    return Effort(
        text=text, min_days=headline.min_days, max_days=headline.max_days, unit=headline.unit,
        approximate=headline.approximate,
        open_ended=any(component.open_ended for component in components),
        components=components,
    )  # fmt: skip
