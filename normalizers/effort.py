"""Turn a catalog entry's free-text integration effort (``对接工作量说明``) into numbers.

Analysts compare resources by how many person-days integration costs, but each edition writes
it as prose: ``实施工作量在 15-30 人天之间``, ``两个工作日办结``, ``其中应用单位接入实施 10 人天``,
``需要根据实际需求而定``. ``parse_effort`` splits the prose into clauses, reads each clause's
figure, unit, bound, condition and scope with the tables below, and derives a headline figure.
What cannot be read stays as text with null numbers: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex as re

from normalizers.numerals import CN_NUMERAL_CHARS, fold_width, parse_number

__all__ = [
    "APPROX_AFTER", "APPROX_BEFORE", "CONDITION_PATTERNS", "LOWER_AFTER", "LOWER_BEFORE",
    "OPEN_ENDED_MARKERS", "PARTIES", "RANGE_SEPARATORS", "SCOPE_FILLERS", "UNITS",
    "UPPER_AFTER", "UPPER_BEFORE", "Effort", "EffortComponent", "parse_effort",
]  # fmt: skip

#: Unit words → unit code. Longest spelling is tried first, so ``天``/``日`` are calendar days
#: only when they are not the end of ``人天``/``人日``/``工作日``.
UNITS: dict[str, str] = {
    "人天": "person_day", "人日": "person_day", "工作日": "working_day", "天": "day", "日": "day",
}  # fmt: skip
#: Words (regex fragments) before a figure that make it approximate; longest first.
APPROX_BEFORE: tuple[str, ...] = ("大约", "约为", "大概", "约", "近")
#: Words after the unit that make a figure approximate.
APPROX_AFTER: tuple[str, ...] = ("左右",)
#: Before a single figure: it is a ceiling (min None, max N).
UPPER_BEFORE: tuple[str, ...] = ("不超过", "不多于", "最多", "至多")
#: After the unit: a ceiling. A bare ``内`` is not one when it starts 内部/内容/内网/内存/内置.
UPPER_AFTER: tuple[str, ...] = ("以内", "之内", "以下", "内(?![部容网存置])")
#: Before a single figure: it is a floor (min N, max None, open-ended).
LOWER_BEFORE: tuple[str, ...] = ("至少", "不少于")
#: After the unit: a floor.
LOWER_AFTER: tuple[str, ...] = ("以上",)
#: What joins the two bounds of a range (after ``fold_width``, so every dash is ``-``).
RANGE_SEPARATORS: tuple[str, ...] = ("-", "~", "至", "到")
#: A Chinese numeral right after one of these is part of a word, not a figure: 一个半 (number
#: then 半), 五月一日 (date), 第一天 (ordinal), 周一/星期一 (weekday), 统一/唯一/单一/同一/逐一.
CN_NUMERAL_BLOCKERS = "个月第周期统唯单同逐"
#: An Arabic figure right after one of these is part of a longer token (1.5, V2, 1,000, 5月1日).
ARABIC_NUMERAL_BLOCKERS = "0-9A-Za-z.,月第"
#: A unit ending in 日 followed by one of these starts a word (日志, 日常, 日程, 日历).
UNIT_WORD_TAILS = "志常程历"
#: Phrases (regex) saying the effort is decided later or elsewhere; the figure is open-ended.
OPEN_ENDED_MARKERS: tuple[str, ...] = (
    r"(?:需要?)?根据.*?而定",
    r"(?:需要?)?视(?![频图觉野察力为])[^视]*?而定",  # not 视频/视图…; 可视化 cannot start it
    r"按(?![钮键时期])[^按]*?(?:进行)?计算",
    r"按(?![钮键时期])[^按]*?需求",
    r"另行(?:商定|评估|确定)",
    r"待定",
    r"面议",
)
#: The parties a breakdown (``其中…``) assigns effort to.
PARTIES: tuple[str, ...] = ("应用单位", "平台单位")
#: A leading context piece that fully matches one of these is a condition, not the scope.
CONDITION_PATTERNS: tuple[str, ...] = (r"在.*(?:情况|前提)下", r"视.*", r"根据.*", r"[如若].*")
#: Suffixes (regex) stripped, repeatedly, from the end of a scope.
SCOPE_FILLERS: tuple[str, ...] = (
    r"(?:的)?(?:具体)?(?:实施)?(?:总)?工作量(?:为|在|是)?",
    r"(?<![行作认成因称以])为",  # not 行为/作为/认为…
    r"(?<![但于就或总只还])是",  # not 但是/于是/就是…
    r"[：:]",
    r"预计|共计|合计|总计|具体|(?<!按)需要?",
)
#: A piece starting with this word opens a breakdown of the preceding total.
BREAKDOWN_WORD = "其中"
SENTENCE_SEPARATORS = "；;。"
PIECE_SEPARATORS = "，,"
#: Separators inside these brackets do not split: ``（开设虚拟机，配置网络）``.
BRACKETS: dict[str, str] = {"（": "）", "(": ")", "【": "】", "[": "]", "《": "》"}


def _alternation(words: Sequence[str]) -> str:
    return "(?:" + "|".join(words) + ")"


_NUM = (
    rf"(?:(?<![{ARABIC_NUMERAL_BLOCKERS}])[0-9]+(?:\.[0-9]+)?"
    rf"|(?<![{CN_NUMERAL_CHARS}{CN_NUMERAL_BLOCKERS}])(?:[{CN_NUMERAL_CHARS}]+|半))"
)
_PRE = _alternation(APPROX_BEFORE + UPPER_BEFORE + LOWER_BEFORE)
_POST = _alternation(APPROX_AFTER + UPPER_AFTER + LOWER_AFTER)
_QUANTITY = re.compile(
    rf"(?P<pre>(?:{_PRE}\s*)*)(?P<a>{_NUM})"
    rf"(?:\s*{_alternation([re.escape(s) for s in RANGE_SEPARATORS])}\s*(?P<b>{_NUM}))?"
    rf"\s*(?:个\s*)?(?P<unit>{_alternation(sorted(UNITS, key=len, reverse=True))})"
    rf"(?!(?<=日)[{UNIT_WORD_TAILS}])(?!\s*半)(?P<post>(?:\s*{_POST})*)"
)
_APPROX = re.compile(_alternation(APPROX_BEFORE + APPROX_AFTER))
_UPPER = re.compile(_alternation(UPPER_BEFORE + UPPER_AFTER))
_LOWER = re.compile(_alternation(LOWER_BEFORE + LOWER_AFTER))
_MARKER = re.compile(_alternation(OPEN_ENDED_MARKERS))
_CONDITION = re.compile(_alternation(CONDITION_PATTERNS))
_FILLER = re.compile(rf"{_alternation(SCOPE_FILLERS)}\s*$")
_BREAKDOWN = re.compile(rf"^{BREAKDOWN_WORD}\s*[，,:：]?\s*")
_PARTY = re.compile(_alternation(PARTIES))
_NUMBER_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9])")  # 1,000 is one number, not two pieces


@dataclass(frozen=True, slots=True)
class EffortComponent:
    """One clause of an effort phrase and the figure it states (numbers in days of ``unit``)."""

    position: int  # 1-based clause order
    text: str  # the clause as written (after fold_width), pieces joined with "，"
    scope: str | None  # what the figure is for
    party: str | None  # "应用单位" | "平台单位" | None (only inside a 其中 breakdown)
    min_days: float | None
    max_days: float | None
    unit: str | None  # "person_day" | "working_day" | "day" | None
    approximate: bool
    open_ended: bool
    condition: str | None


@dataclass(frozen=True, slots=True)
class Effort:
    """A whole effort phrase: the headline figure and the clauses it was read from."""

    text: str
    min_days: float | None
    max_days: float | None
    unit: str | None
    approximate: bool
    open_ended: bool
    components: tuple[EffortComponent, ...]


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
    sentence: int
    leading: tuple[str, ...]
    closing: str | None  # the piece with the figure or marker; None: nothing readable
    trailing: tuple[str, ...]
    quantity: _Quantity | None
    marked: bool  # ``closing`` holds an open-ended marker
    cut: int  # where the figure or marker starts in ``closing``: the scope ends there

    @property
    def opening(self) -> tuple[str, ...]:
        return self.leading + ((self.closing,) if self.closing is not None else ())


def _split(text: str, separators: str, nested: bool = True) -> list[str]:
    """Non-empty stripped parts of ``text`` between separators outside brackets and numbers."""
    parts: list[str] = []
    closers: list[str] = []
    protected = {found.start() for found in _NUMBER_COMMA.finditer(text)}
    start = 0
    for index, char in enumerate(text):
        if nested and char in BRACKETS:
            closers.append(BRACKETS[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char in separators and not closers and index not in protected:
            parts.append(text[start:index])
            start = index + 1
    if closers:  # unbalanced brackets: do not trust them
        return _split(text, separators, nested=False)
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _find_quantity(piece: str) -> _Quantity | None:
    """The first readable figure with a unit in ``piece``, or None."""
    for found in _QUANTITY.finditer(piece, overlapped=True):
        low = parse_number(found.group("a"))
        high = parse_number(found.group("b")) if found.group("b") else low
        if low is None or high is None or low > high:
            continue
        words = f"{found.group('pre')} {found.group('post')}"  # only table words and spaces
        single = found.group("b") is None  # bound words only qualify a single figure
        upper = single and bool(_UPPER.search(words))
        lower = single and not upper and bool(_LOWER.search(words))
        return _Quantity(
            start=found.start(), min_days=None if upper else low, max_days=None if lower else high,
            unit=UNITS[found.group("unit")], approximate=bool(_APPROX.search(words)),
            open_ended=lower,
        )  # fmt: skip
    return None


def _clauses(sentence: int, pieces: Sequence[str]) -> list[_Clause]:
    """Group a sentence's pieces: each piece with a figure or marker closes a clause."""
    clauses: list[_Clause] = []
    pending: list[str] = []
    for piece in pieces:
        quantity = _find_quantity(piece)
        marker = _MARKER.search(piece)
        if quantity is None and marker is None:
            pending.append(piece)
            continue
        end = len(piece)
        cut = min(marker.start() if marker else end, quantity.start if quantity else end)
        clauses.append(_Clause(sentence, tuple(pending), piece, (), quantity, bool(marker), cut))
        pending = []
    if pending and clauses:
        clauses[-1] = replace(clauses[-1], trailing=tuple(pending))
    elif pending:
        clauses.append(_Clause(sentence, tuple(pending), None, (), None, False, 0))
    return clauses


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


def _component(position: int, clause: _Clause, in_breakdown: bool) -> EffortComponent:
    text = "，".join(clause.opening + clause.trailing)
    party = _PARTY.search(text) if in_breakdown else None
    quantity = clause.quantity
    condition, scope = _context(clause)
    return EffortComponent(
        position=position, text=text, scope=scope, condition=condition,
        party=party.group(0) if party is not None else None,
        min_days=quantity.min_days if quantity else None,
        max_days=quantity.max_days if quantity else None,
        unit=quantity.unit if quantity else None,
        approximate=quantity.approximate if quantity else False,
        open_ended=clause.marked or (quantity is not None and quantity.open_ended),
    )  # fmt: skip


def _breakdown(clauses: Sequence[_Clause]) -> range:
    """Indexes of the clauses of the first ``其中`` breakdown (to the end of its sentence)."""
    for first, clause in enumerate(clauses):
        if clause.opening[0].startswith(BREAKDOWN_WORD):
            rest = [later.sentence == clause.sentence for later in clauses[first:]]
            return range(first, first + (rest.index(False) if False in rest else len(rest)))
    return range(0)


def _headline(components: Sequence[EffortComponent], span: range) -> list[EffortComponent]:
    """The clauses the headline is read from: the total before a breakdown when it has a
    figure, else the clauses outside the breakdown that share the first figure's unit."""
    if span and span.start > 0 and components[span.start - 1].unit is not None:
        return [components[span.start - 1]]
    pool = [component for index, component in enumerate(components) if index not in span]
    units = [component.unit for component in pool if component.unit is not None]
    return [component for component in pool if units and component.unit == units[0]]


def _span(same: Sequence[EffortComponent]) -> tuple[float | None, float | None, str | None]:
    """Smallest min and largest max of the headline clauses, and their unit."""
    if not same:
        return None, None, None
    mins = [component.min_days for component in same if component.min_days is not None]
    maxes = [component.max_days for component in same if component.max_days is not None]
    high = max(maxes) if len(maxes) == len(same) else None  # a floor leaves the top open
    return (min(mins) if mins else None), high, same[0].unit


def parse_effort(text: str) -> Effort:
    """Read an effort phrase (``对接工作量说明``, already cleaned) into an ``Effort``.

    Takes the phrase as text; full-width digits and dashes are folded first. Returns the
    headline figure (the total when a ``其中`` breakdown follows one, else the span of the
    clauses that share the first figure's unit) and one ``EffortComponent`` per clause.
    Blank text gives an ``Effort`` with null numbers and no components. Never raises.
    """
    sentences = _split(fold_width(text), SENTENCE_SEPARATORS)
    clauses = [
        clause
        for number, sentence in enumerate(sentences)
        for clause in _clauses(number, _split(sentence, PIECE_SEPARATORS))
    ]
    span = _breakdown(clauses)
    components = tuple(
        _component(index + 1, clause, index in span) for index, clause in enumerate(clauses)
    )
    headline = _headline(components, span)
    low, high, unit = _span(headline)
    return Effort(
        text=text, min_days=low, max_days=high, unit=unit,
        approximate=any(component.approximate for component in headline),
        open_ended=any(component.open_ended for component in components),
        components=components,
    )  # fmt: skip
