"""Turn a catalog entry's free-text integration effort (``对接工作量说明``) into numbers.

Analysts compare resources by how many person-days integration costs, but each edition writes
it as prose: ``实施工作量在 15-30 人天之间``, ``两个工作日办结``, ``其中应用单位接入实施 10 人天``,
``应用单位2人天，平台单位1人天，共3人天``, ``无需对接工作量``, ``需要根据实际需求而定``.
``parse_effort`` splits the prose into clauses (at sentence and comma breaks, at ``、``
between parties, and at ``+``, ``/`` and ``或`` between figures), reads each clause's figure
with ``normalizers.effort_figures`` and its unit, bound, condition, scope and party with the
tables of ``normalizers.effort_vocabulary``, and leaves the headline to
``normalizers.effort_headline``: a breakdown's total, a stated total, one figure, the sum of
parties, work items or phases, the range of alternatives, or a stated zero.

What cannot be read stays as text with null numbers: nothing is guessed, and no rule yields a
number the phrase does not state, or a sum or product of numbers it states.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import regex as re

from normalizers import effort_vocabulary as vocab
from normalizers.effort_figures import Quantity, alternation, find_quantity
from normalizers.effort_headline import Joiner, Part, headline
from normalizers.effort_vocabulary import UNITS
from normalizers.numerals import fold_width
from pipeline.models import READINGS, Effort, EffortComponent, Reading
from pipeline.profile import default_profile

__all__ = ["READINGS", "UNITS", "Effort", "EffortComponent", "Reading", "parse_effort"]

_MARKER = re.compile(alternation(vocab.OPEN_ENDED_MARKERS))
_TAIL = re.compile(
    alternation(vocab.DEFERRED_MARKERS + vocab.PER_INCREMENT_MARKERS + vocab.VARYING_MARKERS)
)
_PER_INCREMENT = re.compile(alternation(vocab.PER_INCREMENT_MARKERS))
_TURNAROUND = re.compile(rf"\s*{alternation(vocab.TURNAROUND_AFTER)}")
_ZERO = re.compile(alternation(vocab.ZERO_MARKERS))
_TOTAL = re.compile(rf"\s*{alternation(vocab.TOTAL_MARKERS)}")
_CONDITION = re.compile(alternation(vocab.CONDITION_PATTERNS))
_FILLER = re.compile(rf"{alternation(vocab.SCOPE_FILLERS)}\s*$")
_BREAKDOWN = re.compile(rf"^{vocab.BREAKDOWN_WORD}\s*[，,:：]?\s*")
_NUMBER_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9])")  # 1,000 is one number, not two pieces
_JOINER = re.compile(
    rf"(?P<additive>{alternation(vocab.ADDITIVE_JOINERS)})"
    rf"|(?P<alternative>{alternation(vocab.ALTERNATIVE_JOINERS)})"
)
_ALTERNATIVE_WORD = re.compile(alternation(vocab.ALTERNATIVE_WORDS))
_WORK_ITEM = re.compile(alternation(vocab.WORK_ITEMS))
_NEUTRAL: Joiner = ""
_ADDITIVE: Joiner = "additive"
_ALTERNATIVE: Joiner = "alternative"
_EACH = re.compile(rf"{alternation(vocab.EACH_WORDS)}\s*$")


@dataclass(frozen=True, slots=True)
class _Clause:
    sentence: int  # the sentence, or the bracket group, the clause belongs to
    leading: tuple[str, ...]
    closing: str | None  # the piece with the figure or marker; None: nothing readable
    trailing: tuple[str, ...]
    quantity: Quantity | None
    marked: bool  # ``closing`` holds an open-ended marker
    zero: bool  # ``closing`` holds a zero marker
    cut: int  # where the figure or marker starts in ``closing``: the scope ends there
    opens_breakdown: bool = False  # first clause of a bracketed party breakdown
    joiner: Joiner = ""  # how the clause is joined to the one before it

    @property
    def opening(self) -> tuple[str, ...]:
        return self.leading + ((self.closing,) if self.closing is not None else ())


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
    names = alternation([re.escape(party) for party in parties])
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


def _segments(sentence: str, patterns: _PartyPatterns) -> list[tuple[str, bool]]:
    """The sentence's parts in order, each flagged when it is the body of a bracketed party
    breakdown: a bracket group that opens with a party, states a figure and follows one."""
    parts: list[tuple[str, bool]] = []
    start = 0
    for found in patterns.bracket.finditer(sentence):
        before, body = sentence[start : found.start()], str(found.group("body"))
        if find_quantity(before) is None or find_quantity(body) is None:
            continue
        parts += [(before, False), (body, True)]
        start = found.end()
    parts.append((sentence[start:], False))
    return [(text, bracketed) for text, bracketed in parts if text.strip()]


def _outside_brackets(text: str, position: int) -> bool:
    """No bracket of ``vocab.BRACKETS`` is open at ``position``."""
    depth = 0
    for char in text[:position]:
        depth += 1 if char in vocab.BRACKETS else -1 if char in vocab.BRACKETS.values() else 0
    return depth <= 0


def _joined(piece: str) -> list[tuple[str, Joiner]]:
    """The piece split at ``+``, ``/`` and ``或`` outside brackets where the text on each side
    states a figure (``开发3人天+联调2人天``), each part with the joiner before it."""
    parts: list[tuple[str, Joiner]] = []
    start, joiner = 0, _NEUTRAL
    for found in _JOINER.finditer(piece):
        left, right = piece[start : found.start()], piece[found.end() :]
        if not _outside_brackets(piece, found.start()):
            continue
        if find_quantity(left) is None or find_quantity(right) is None:
            continue
        parts.append((left.strip(), joiner))
        start, joiner = found.end(), _ADDITIVE if found.group("additive") else _ALTERNATIVE
    parts.append((piece[start:].strip(), joiner))
    return parts


def _pieces(segment: str, patterns: _PartyPatterns) -> list[tuple[str, Joiner]]:
    """The segment split at commas, at a party joiner (``、``) when the text before it
    states a figure and a party follows (``应用单位2人天、平台单位2人天``), and at ``+``,
    ``/`` and ``或`` between figures; each piece with the joiner before it."""
    pieces: list[str] = []
    for piece in _split(segment, vocab.PIECE_SEPARATORS):
        start = 0
        for found in patterns.joiner.finditer(piece):
            if find_quantity(piece[start : found.start()]) is not None:
                pieces.append(piece[start : found.start()].strip())
                start = found.end()
        pieces.append(piece[start:].strip())
    return [part for piece in pieces if piece for part in _joined(piece) if part[0]]


def _clauses(sentence: int, pieces: Sequence[tuple[str, Joiner]], bracketed: bool) -> list[_Clause]:
    """Group a sentence's pieces: each piece with a figure or marker closes a clause."""
    clauses: list[_Clause] = []
    pending: list[str] = []
    joiner: Joiner = ""
    for piece, piece_joiner in pieces:
        joiner = joiner if pending else piece_joiner
        quantity, marker, zero = find_quantity(piece), _MARKER.search(piece), _ZERO.search(piece)
        starts = [found.start() for found in (marker, zero) if found is not None]
        starts += [quantity.start] if quantity is not None else []
        if not starts:
            pending.append(piece)
            continue
        clauses.append(_Clause(
            sentence, tuple(pending), piece, (), quantity, marked=marker is not None,
            zero=zero is not None, cut=min(starts), opens_breakdown=bracketed and not clauses,
            joiner=joiner,
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


def _is_turnaround(clause: _Clause) -> bool:
    """The clause's figure is a turnaround time: days or working days followed by
    ``反馈``/``答复``/``办结``… (``5个工作日内反馈评估结果``)."""
    quantity = clause.quantity
    if quantity is None or clause.closing is None or quantity.unit not in ("day", "working_day"):
        return False
    return _TURNAROUND.match(clause.closing, quantity.end) is not None


def _each(scope: str | None, patterns: _PartyPatterns) -> int | None:
    """How many parties a figure is each of: 1 without ``各``; with it the distinct parties
    its scope names, or None when it names fewer than two."""
    if scope is None or not _EACH.search(scope):
        return 1
    named = {str(name) for name in patterns.named.findall(scope)}
    return len(named) if len(named) >= 2 else None


def _part(
    clause: _Clause, component: EffortComponent, figureless_open: bool, patterns: _PartyPatterns
) -> Part:
    """What the headline rules need to know about one clause and its component."""
    quantity, closing = clause.quantity, clause.closing or ""
    head = "，".join((*clause.leading, closing[: clause.cut]))
    item = _WORK_ITEM.search(head)
    per_increment = _PER_INCREMENT.search(closing) is not None
    open_clause = clause.marked and quantity is None
    return Part(
        component=component, joiner=clause.joiner, total=_is_total(clause),
        unreadable=quantity is not None and quantity.unit is None,
        excluded=per_increment or (figureless_open and _is_turnaround(clause)),
        tail=_TAIL.search(closing) is not None
        or (open_clause and (component.scope is None or component.party is not None)),
        item=str(item.group(0)) if item is not None else None,
        alternative=_ALTERNATIVE_WORD.search(component.text) is not None,
        each=_each(component.scope, patterns) if quantity is not None else 1,
    )  # fmt: skip


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
    figureless_open = any(clause.marked and clause.quantity is None for clause in clauses)
    parts = [
        _part(clause, component, figureless_open, patterns)
        for clause, component in zip(clauses, components, strict=True)
    ]
    figure = headline(parts, span)
    return Effort(
        text=text, min_days=figure.min_days, max_days=figure.max_days, unit=figure.unit,
        approximate=figure.approximate,
        open_ended=figure.decided and any(component.open_ended for component in components),
        components=components,
    )  # fmt: skip
