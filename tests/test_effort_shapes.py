"""Effort shapes other districts write: products, sums, phases, alternatives, halves, tails.

Each row of ``SHAPES`` asserts ``(min, max, unit, open_ended, reading, parties)`` exactly,
``parties`` being ``(party, min, max)`` of every component naming a party. A phrase the rules
cannot decide has no headline (``reading == "unread"``, the quality gate's
``effort_phrase_read`` warning): never the first clause's figure. A property test then
generates phrases from templates and checks that no headline states a number the phrase
does not: each is a stated number, or a sum or product of stated numbers (半 counts 0.5).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.effort import UNITS, parse_effort
from tests.effort_rows import (
    APP,
    DAY,
    MONTH,
    PD,
    PLATFORM,
    WD,
    WEEK,
    Expected,
    fig,
    observed,
    stated_numbers,
    unread,
)  # fmt: skip

UNREAD = unread()
OPEN = unread(open_ended=True)

# fmt: off
SHAPES: dict[str, tuple[str, Expected]] = {
    # the phrases the issue names, published wrong before
    "product-times": ("2人×2天", fig(4, 4)),
    "sum-plus": ("开发3人天+联调2人天", fig(5, 5)),
    "sum-work-items": ("接口开发2人天，测试1人天", fig(3, 3)),
    "sum-phases": ("第一阶段2人天，第二阶段3人天", fig(5, 5)),
    "half-day-range": ("半天至1天", fig(0.5, 1, DAY)),
    "alternative-remote-onsite": ("1人天（远程）/2人天（现场）", fig(1, 2)),
    "figure-then-lingji": ("约10人天，个性化需求视情况另计", fig(10, None, open_ended=True)),
    "per-increment": ("单个部门3人天，每增加1个部门增加1人天", fig(3, None, open_ended=True)),
    "zero-party-kept": ("应用单位1人天，平台单位无需投入", fig(1, 1, parties=((APP, 1, 1), (PLATFORM, 0, 0)))),
    "turnaround-beside-assessed": ("5个工作日内反馈评估结果，对接工作量另行评估", OPEN),
    "weeks-stay-weeks": ("1-2周", fig(1, 2, WEEK)),
    # products: N人×M天, N人M天, N个人M天, N人*M天 → person-days
    "product-no-sign": ("2人2天", fig(4, 4)),
    "product-ge-ren": ("2个人2天", fig(4, 4)),
    "product-star": ("2人*2天", fig(4, 4)),
    "product-letter-x": ("2人x3天", fig(6, 6)),
    "product-full-width": ("２人×３天", fig(6, 6)),
    "product-chinese": ("两人三天", fig(6, 6)),
    "product-half-day": ("2人×半天", fig(1, 1)),
    "product-ge-ren-half": ("两个人半天", fig(1, 1)),
    "product-working-days": ("3人×2个工作日", fig(6, 6)),
    "product-duration-range": ("3人×2-3天", fig(6, 9)),
    "product-headcount-range": ("两三个人两天", fig(4, 6)),
    "product-approx": ("约2人×3天", fig(6, 6)),
    "product-engineers": ("需2名工程师×3天", fig(6, 6)),
    "product-scoped": ("接口联调需2人3天", fig(6, 6)),
    "product-weeks-unread": ("2人×2周", UNREAD),
    "product-months-unread": ("2人3个月", UNREAD),
    "product-unknown-head-unread": ("2名专家×3天", UNREAD),
    "per-person-unread": ("每人2天", UNREAD),
    # sums: +, work items, phases
    "sum-three-items": ("开发5人天，测试2人天，部署1人天", fig(8, 8)),
    "sum-with-range": ("开发5人天；联调测试2-3人天", fig(7, 8)),
    "sum-plus-three": ("需求调研1人天+开发3人天+测试1人天", fig(5, 5)),
    "sum-full-width-plus": ("开发3人天＋测试1人天", fig(4, 4)),
    "sum-yiqi-erqi": ("一期3人天，二期2人天", fig(5, 5)),
    "sum-early-late": ("前期调研2人天，后期部署1人天", fig(3, 3)),
    "sum-phase-ranges": ("第一阶段1-2人天，第二阶段2-3人天", fig(3, 5)),
    "sum-half-decimal": ("部署1人天；培训0.5人天", fig(1.5, 1.5)),
    "sum-floor": ("开发至少3人天，测试2人天", fig(5, None, open_ended=True)),
    "sum-then-total": ("开发3人天+联调2人天，共5人天", fig(5, 5)),
    "sum-extra-item": ("开发2人天，另需培训1人天", fig(3, 3)),
    "sum-same-item-unread": ("开发3人天，开发联调1人天", UNREAD),
    "sum-mixed-units-unread": ("开发3人天，培训半天", UNREAD),
    # alternatives: /, 或, marked ways
    "alt-huo": ("2人天或3人天", fig(2, 3)),
    "alt-huozhe": ("远程支持1人天或者现场支持2人天", fig(1, 2)),
    "alt-words": ("远程1人天，现场2人天", fig(1, 2)),
    "alt-online-slash": ("线上0.5人天/线下1人天", fig(0.5, 1)),
    "alt-fangshi": ("方式一：2人天；方式二：3人天", fig(2, 3)),
    "alt-fangan": ("方案一3人天，方案二5人天", fig(3, 5)),
    "alt-full-width-slash": ("2人天（远程）／3人天（现场）", fig(2, 3)),
    "alt-within-sum-unread": ("测试2人天，部署1人天（远程）/2人天（现场）", UNREAD),
    # cannot tell additive from alternative: no headline
    "two-bare-unread": ("2人天，5人天", UNREAD),
    "two-bare-semicolon-unread": ("3人天；5人天", UNREAD),
    "two-cases-unread": ("单个部门3人天，多个部门5人天", UNREAD),
    "glued-figures-unread": ("开发3人天联调2人天", UNREAD),
    "included-figure-unread": ("10人天（含测试2人天）", UNREAD),
    "undecided-beside-open-unread": ("2人天，5人天，需根据实际需求而定", UNREAD),
    "undecided-floor-unread": ("开发至少3人天，2人天", UNREAD),
    # halves, ranges with 至/到/~, Chinese numerals, 两, full width
    "yi-ge-ban-yue": ("一个半月", fig(1.5, 1.5, MONTH)),
    "liang-tian-ban": ("两天半", fig(2.5, 2.5, DAY)),
    "half-ge-gongzuori": ("半个工作日", fig(0.5, 0.5, WD)),
    "yi-ge-ban-xingqi": ("一个半星期", fig(1.5, 1.5, WEEK)),
    "half-to-one-dao": ("半天到一天", fig(0.5, 1, DAY)),
    "decimal-range-day": ("0.5-1天", fig(0.5, 1, DAY)),
    "ban-range-both-halves": ("一天半至两天半", fig(1.5, 2.5, DAY)),
    "day-half-to-two": ("1天半到2天", fig(1.5, 2, DAY)),
    "unit-twice-dash": ("1天-2天", fig(1, 2, DAY)),
    "unit-twice-renti": ("1人天至2人天", fig(1, 2)),
    "unit-twice-weeks": ("一周到两周", fig(1, 2, WEEK)),
    "unit-twice-months": ("一个月至两个月", fig(1, 2, MONTH)),
    "half-after-range-unread": ("1-2天半", UNREAD),
    "mixed-unit-range-unread": ("5天至10个工作日", UNREAD),
    "reversed-range-unread": ("2-1人天", UNREAD),
    "chinese-dao-weeks": ("一到两周", fig(1, 2, WEEK)),
    "chinese-dao-days": ("三到五天", fig(3, 5, DAY)),
    "full-width-dash-wd": ("３－５个工作日", fig(3, 5, WD)),
    "full-width-decimal": ("１．５人天", fig(1.5, 1.5)),
    "shi": ("十人天", fig(10, 10)),
    "liang-ge-yue": ("两个月", fig(2, 2, MONTH)),
    "liang-zhou-zuoyou": ("两周左右", fig(2, 2, WEEK)),
    "yi-liang-tian": ("一两天", fig(1, 2, DAY)),
    "liang-san-ren-tian": ("两三人天", fig(2, 3)),
    "at-least-half": ("至少半天", fig(0.5, None, DAY, open_ended=True)),
    "at-most-half-month": ("不超过半个月", fig(None, 0.5, MONTH)),
    # open-ended tails
    "approx-weeks-shangding": ("约2周，定制需求另行商定", fig(2, None, WEEK, open_ended=True)),
    "tail-xinzeng": ("3人天，每新增一个接口另加1人天", fig(3, None, open_ended=True)),
    "tail-scopeless-depends": ("2人天，具体视情况而定", fig(2, None, open_ended=True)),
    "tail-assessed": ("3人天左右，另行评估", fig(3, None, open_ended=True)),
    "tail-varies": ("约5人天，视情况增加", fig(5, None, open_ended=True)),
    "tail-party-assessed": ("应用单位3人天，平台单位另行评估", fig(3, None, open_ended=True, parties=((APP, 3, 3), (PLATFORM, None, None)))),
    "tail-opens-ceiling": ("5人天以内，超出部分另计", OPEN),
    "other-case-keeps-figure": ("单个接口2人天，批量接口需根据实际需求而定", fig(2, 2, open_ended=True)),
    "per-increment-alone": ("每增加1个部门增加1人天", OPEN),
    # turnaround times
    "turnaround-lingji": ("3个工作日内答复，工作量另计", OPEN),
    "turnaround-per-need": ("5个工作日内反馈评估结果，对接工作量根据实际需求而定", OPEN),
    "turnaround-alone-is-figure": ("十五个工作日内办结", fig(None, 15, WD)),
    "within-complete": ("3个工作日内完成对接", fig(None, 3, WD)),
    # zero parties and parties
    "zero-party-renyuan": ("应用单位2人天，平台单位无需人员投入", fig(2, 2, parties=((APP, 2, 2), (PLATFORM, 0, 0)))),
    "zero-party-first": ("平台单位无需投入，应用单位1人天", fig(1, 1, parties=((PLATFORM, 0, 0), (APP, 1, 1)))),
    "party-halves": ("应用单位0.5人天，平台单位0.5人天", fig(1, 1, parties=((APP, 0.5, 0.5), (PLATFORM, 0.5, 0.5)))),
    "parties-each": ("应用单位、平台单位各1人天", fig(2, 2)),
    "items-each-unread": ("开发、测试各2人天", UNREAD),
    "breakdown-open-party-keeps-total": ("共5人天，其中应用单位3人天，平台单位根据实际需求而定",
                                         fig(5, 5, open_ended=True, parties=((APP, 3, 3), (PLATFORM, None, None)))),
}

#: Per-clause figures ``(text, min, max, unit)`` of sums and alternatives: one per clause.
CLAUSES: dict[str, tuple[str, tuple[tuple[str, float | None, float | None, str | None], ...]]] = {
    "sum-plus": ("开发3人天+联调2人天", (("开发3人天", 3, 3, PD), ("联调2人天", 2, 2, PD))),
    "sum-work-items": ("接口开发2人天，测试1人天", (("接口开发2人天", 2, 2, PD), ("测试1人天", 1, 1, PD))),
    "alternative": ("1人天（远程）/2人天（现场）", (("1人天（远程）", 1, 1, PD), ("2人天（现场）", 2, 2, PD))),
    "per-increment": ("单个部门3人天，每增加1个部门增加1人天",
                      (("单个部门3人天", 3, 3, PD), ("每增加1个部门增加1人天", 1, 1, PD))),
    "turnaround": ("5个工作日内反馈评估结果，对接工作量另行评估",
                   (("5个工作日内反馈评估结果", None, 5, WD), ("对接工作量另行评估", None, None, None))),
    "zero-party": ("应用单位1人天，平台单位无需投入", (("应用单位1人天", 1, 1, PD), ("平台单位无需投入", 0, 0, None))),
    "two-bare-kept": ("2人天，5人天", (("2人天", 2, 2, PD), ("5人天", 5, 5, PD))),
    "unreadable-kept": ("2人×2周", (("2人×2周", None, None, None),)),
}
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [pytest.param(*row, id=key) for key, row in SHAPES.items()]
)
def test_shape(text: str, expected: Expected) -> None:
    effort = parse_effort(text)
    assert effort.text == text
    assert observed(effort) == expected


@pytest.mark.parametrize(
    ("text", "clauses"), [pytest.param(*row, id=key) for key, row in CLAUSES.items()]
)
def test_one_component_per_clause(
    text: str, clauses: tuple[tuple[str, float | None, float | None, str | None], ...]
) -> None:
    got = tuple(
        (component.text, component.min_days, component.max_days, component.unit)
        for component in parse_effort(text).components
    )
    assert got == clauses


@pytest.mark.parametrize(
    ("text", "approximate"),
    [
        ("约10人天，个性化需求视情况另计", True),
        ("开发约3人天，测试2人天", True),
        ("约2人×3天", True),
        ("开发3人天+联调2人天", False),
        ("1人天（远程）/2人天（现场）", False),
    ],
)
def test_approximate(text: str, approximate: bool) -> None:
    assert parse_effort(text).approximate is approximate


def test_table_is_large_and_new() -> None:
    from tests.test_effort import EDITION_ROWS, FUTURE_ROWS
    from tests.test_effort_phrases import PHRASES

    known = {row[0] for row in EDITION_ROWS.values()} | {row[0] for row in FUTURE_ROWS.values()}
    known |= {text for text, _ in PHRASES.values()}
    new = [text for text, _ in SHAPES.values() if text not in known]
    assert len(new) >= 60
    assert len(new) == len(SHAPES)


# --- property: no headline states a number the phrase does not --------------------------

def derivable(text: str, terms: int = 4) -> set[float]:
    """Stated numbers, their pairwise products, and sums of up to ``terms`` of those.

    Exactly ``{round(sum(combo), 9) for combo in combinations_with_replacement(sorted(base),
    size), size 1..terms}``, summed in the same order (so the same floats), but built term by
    term from the distinct (partial sum, index of its last term) pairs: many combinations share
    a partial sum, and a 30-character text of digits has thousands of them."""
    stated = stated_numbers(text)
    base = sorted(stated | {a * b for a, b in itertools.product(stated, repeat=2)})
    partial: set[tuple[float, int]] = {(0, 0)}  # sum(()) is the int 0, as ``sum`` starts
    found: set[float] = set()
    for _ in range(terms):
        partial = {(total + base[index], index) for total, last in partial
                   for index in range(last, len(base))}  # fmt: skip
        found.update(round(total, 9) for total, _ in partial)
    return found


_NUMBER_FORMS = st.sampled_from(
    ["1", "2", "3", "5", "10", "0.5", "1.5", "２", "１０", "一", "两", "三", "五", "十", "十五", "半"]
)  # fmt: skip
_UNIT_WORDS = st.sampled_from(["人天", "人日", "个工作日", "天", "周", "个月", "人·天"])
_SCOPES = st.sampled_from(
    ["", "开发", "联调", "测试", "部署", "培训", "第一阶段", "第二阶段", "远程", "现场",
     "应用单位", "平台单位", "接口对接", "单个部门", "约", "至少", "不超过"]
)  # fmt: skip
_JOINERS = st.sampled_from(["，", "；", "+", "/", "或", "、", "。"])
_TAILS = st.sampled_from(
    ["", "，个性化需求另计", "，每增加1个部门增加1人天", "，视情况增加", "，对接工作量另行评估",
     "，需根据实际需求而定", "，共5人天", "，平台单位无需投入", "（远程）", "左右", "以内"]
)  # fmt: skip


@st.composite
def _figures(draw: st.DrawFn) -> str:
    """One figure: a number, a range, or a head count times a duration, with a unit."""
    first, second = draw(_NUMBER_FORMS), draw(_NUMBER_FORMS)
    shape = draw(st.sampled_from(["single", "range", "range-units", "product"]))
    unit = draw(_UNIT_WORDS)
    if shape == "range":
        return f"{first}{draw(st.sampled_from(['-', '~', '至', '到']))}{second}{unit}"
    if shape == "range-units":
        return f"{first}{unit}至{second}{unit}"
    if shape == "product":
        return f"{first}人{draw(st.sampled_from(['×', '*', 'x', '']))}{second}{unit.lstrip('人')}"
    return f"{first}{unit}"


@st.composite
def _phrases(draw: st.DrawFn) -> str:
    clauses = draw(st.lists(st.tuples(_SCOPES, _figures()), min_size=1, max_size=3))
    text = ""
    for index, (scope, figure) in enumerate(clauses):
        text += (draw(_JOINERS) if index else "") + scope + figure
    return text + draw(_TAILS)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_phrases())
def test_headline_states_only_numbers_of_the_phrase(text: str) -> None:
    effort = parse_effort(text)
    allowed = derivable(text)
    for value in (effort.min_days, effort.max_days):
        if value is None:
            continue
        assert effort.unit is None or effort.unit in UNITS.values()
        stated = round(value, 9) in allowed or (value == 0.0 and effort.unit is None)
        assert stated, f"{value} is not stated in {text!r}"


_EFFORT_CHARS = list(
    "0123456789０１２一两三五十半人天日个工作周月，；+/或×*至-~约另计内各应用单位平台开发测试"
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(_EFFORT_CHARS), max_size=30))
def test_any_text_states_only_its_numbers(text: str) -> None:
    effort = parse_effort(text)
    assert effort.text == text
    allowed = derivable(text)
    for value in (effort.min_days, effort.max_days):
        assert value is None or round(value, 9) in allowed or value == 0.0, (value, text)
