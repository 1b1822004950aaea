"""Effort phrases → headline, reading and party figures: one row per phrase real editions write.

Each row asserts ``(min, max, unit, open_ended, reading, parties)`` exactly, where ``parties``
is ``(party, min, max)`` of every component that names a party, in written order. A second
check runs over the same table: the headline states no number the phrase does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
import regex as re

from normalizers.effort import READINGS, Effort, parse_effort
from normalizers.numerals import parse_colloquial_range
from pipeline.profile import default_profile
from tests.effort_rows import (
    APP,
    DAY,
    MONTH,
    PLATFORM,
    WD,
    WEEK,
    Expected,
    fig,
    observed,
    stated_numbers,
    unread,
)  # fmt: skip
from tests.test_effort import EDITION_ROWS

ZERO: Expected = (0.0, 0.0, None, False, "zero", ())
OPEN: Expected = (None, None, None, True, "open_ended", ())
UNREAD: Expected = (None, None, None, False, "unread", ())
ABSENT: Expected = (None, None, None, False, "absent", ())

# fmt: off
#: The 26 phrases of the bundled edition (texts from tests/test_effort.py), by entry number.
EDITION: dict[str, Expected] = {
    "01": fig(2, 2), "02": fig(2, 2), "03": fig(2, 2), "04": fig(2, 2, open_ended=True),
    "05": fig(15, 30), "06": fig(1, 2), "07": fig(2, 2, WD), "08": fig(2, 2, WD),
    "09": fig(1, 1, WD), "10": fig(2, 2, open_ended=True),
    "11": fig(15, 15, parties=((APP, 10, 10), (PLATFORM, 5, 5))),
    "12": fig(15, 15, parties=((APP, 5, 5), (PLATFORM, 10, 10))),
    "13": fig(1, 5), "14": fig(3, 30), "15": fig(1, 2), "16": fig(2, 2, open_ended=True),
    "17": fig(5, 5, open_ended=True), "18": OPEN, "19": fig(2, 2), "20": OPEN,
    "21": fig(10, 10, parties=((APP, 5, 5), (PLATFORM, 5, 5))),
    "22": fig(None, 2, WD, open_ended=True), "23": fig(1, 1),
    "24": fig(30, 30, parties=((APP, 20, 20), (PLATFORM, 10, 10))),
    "25": fig(40, 40, parties=((APP, 25, 25), (PLATFORM, 15, 15))), "26": fig(30, 30),
}

#: Shapes of other editions and the rules decided for them, by a readable name.
PHRASES: dict[str, tuple[str, Expected]] = {
    # breakdowns: total last, no total (sum), brackets, 、, 其中
    "parties-then-total": ("应用单位2人天，平台单位1人天，共3人天", fig(3, 3, parties=((APP, 2, 2), (PLATFORM, 1, 1)))),
    "parties-then-heji": ("应用单位接入实施10人天，平台单位配合5人天，合计15人天", fig(15, 15, parties=((APP, 10, 10), (PLATFORM, 5, 5)))),
    "parties-then-gongji-spaced": ("应用单位 2 人天 ， 平台单位 1 人天 ， 共计 3 人天", fig(3, 3, parties=((APP, 2, 2), (PLATFORM, 1, 1)))),
    "parties-then-zong-gongzuoliang": ("应用单位 2 人天；平台单位 1 人天；总工作量为 3 人天。", fig(3, 3, parties=((APP, 2, 2), (PLATFORM, 1, 1)))),
    "parties-sum-semicolon": ("应用单位5人天；平台单位3人天", fig(8, 8, parties=((APP, 5, 5), (PLATFORM, 3, 3)))),
    "parties-sum-ranges": ("应用单位1-2人天，平台单位2~3人天", fig(3, 5, parties=((APP, 1, 2), (PLATFORM, 2, 3)))),
    "parties-sum-dunhao": ("应用单位2人天、平台单位1人天", fig(3, 3, parties=((APP, 2, 2), (PLATFORM, 1, 1)))),
    "parties-sum-floor": ("应用单位至少2人天，平台单位1人天", fig(3, None, open_ended=True, parties=((APP, 2, None), (PLATFORM, 1, 1)))),
    "parties-sum-with-zero": ("应用单位2人天，平台单位无需对接工作量", fig(2, 2, parties=((APP, 2, 2), (PLATFORM, 0, 0)))),
    # no headline when the clauses cannot be told additive from alternative, never the first
    "parties-mixed-units-no-sum": ("应用单位2人天，平台单位3个工作日", unread(parties=((APP, 2, 2), (PLATFORM, 3, 3)))),
    "parties-and-other-no-sum": ("接口开发2人天，应用单位1人天", unread(parties=((APP, 1, 1),))),
    "party-twice-no-sum": ("应用单位2人天；应用单位3人天", unread(parties=((APP, 2, 2), (APP, 3, 3)))),
    # a party whose share is open leaves the sum's top open
    "party-open-no-sum": ("应用单位5人天；平台单位根据实际需求而定", fig(5, None, open_ended=True, parties=((APP, 5, 5), (PLATFORM, None, None)))),
    "parties-each": ("应用单位、平台单位各2人天", fig(4, 4)),
    "each-without-parties-unread": ("各部门各2人天", UNREAD),
    "bracket-parties": ("5人天（应用单位3人天，平台单位2人天）", fig(5, 5, parties=((APP, 3, 3), (PLATFORM, 2, 2)))),
    "bracket-qizhong-halfwidth": ("共5人天(其中应用单位3人天,平台单位2人天)", fig(5, 5, parties=((APP, 3, 3), (PLATFORM, 2, 2)))),
    "bracket-without-party": ("2人天（应用单位负责配合）", fig(2, 2)),
    "total-then-qizhong-dunhao": ("共4人天，其中应用单位2人天、平台单位2人天", fig(4, 4, parties=((APP, 2, 2), (PLATFORM, 2, 2)))),
    "scope-total-qizhong-dunhao": ("业务系统接入签章接口共4人天，其中应用单位2人天、平台单位2人天。", fig(4, 4, parties=((APP, 2, 2), (PLATFORM, 2, 2)))),
    "qizhong-then-total": ("其中应用单位2人天，平台单位1人天，共3人天", fig(3, 3, parties=((APP, 2, 2), (PLATFORM, 1, 1)))),
    "qizhong-without-total": ("其中应用单位 10 人天，平台单位 5 人天", (None, None, None, False, "unread", ((APP, 10, 10), (PLATFORM, 5, 5)))),
    # Chinese numerals: colloquial ranges, halves, place words
    "liang-san-ge-gongzuori": ("两三个工作日", fig(2, 3, WD)),
    "san-wu-tian": ("三五天", fig(3, 5, DAY)),
    "yi-liang-ge-gongzuori": ("一两个工作日", fig(1, 2, WD)),
    "yi-ge-ban-gongzuori": ("一个半工作日", fig(1.5, 1.5, WD)),
    "liang-ge-ban-gongzuori": ("两个半工作日", fig(2.5, 2.5, WD)),
    "yi-tian-ban": ("一天半", fig(1.5, 1.5, DAY)),
    "decimal": ("1.5人天", fig(1.5, 1.5)),
    "shi-wu": ("十五人天", fig(15, 15)),
    "er-shi": ("二十个工作日", fig(20, 20, WD)),
    "yi-dao-liang": ("一到两个工作日", fig(1, 2, WD)),
    "half-day": ("半天", fig(0.5, 0.5, DAY)),
    "half-month": ("半个月", fig(0.5, 0.5, MONTH)),
    "larger-digit-first-unread": ("五三天", UNREAD),
    "yi-ge-ban-tian-unread": ("一个半天", UNREAD),
    # ranges, width, spaces
    "range-dash": ("1-2人天", fig(1, 2)),
    "range-tilde": ("1~2人天", fig(1, 2)),
    "range-zhi": ("1至2人天", fig(1, 2)),
    "full-width-range": ("１－２人天", fig(1, 2)),
    "full-width-digit": ("２人天", fig(2, 2)),
    "full-width-wave": ("３～５个工作日", fig(3, 5, WD)),
    "spaces": ("  2  人天  ", fig(2, 2)),
    # approximations and bounds
    "approx-yue": ("约 3 人天", fig(3, 3)),
    "approx-zuoyou": ("3人天左右", fig(3, 3)),
    "upper-yinei": ("5个工作日以内", fig(None, 5, WD)),
    "upper-buchaoguo": ("不超过10人天", fig(None, 10)),
    "lower-zhishao": ("至少2周", fig(2, None, WEEK, open_ended=True)),
    "lower-yishang": ("30人天以上", fig(30, None, open_ended=True)),
    # units
    "ren-dot-tian": ("2人·天", fig(2, 2)),
    "ren-slash-tian": ("3人/天", fig(3, 3)),
    "ren-dot-tian-scoped": ("开通单个部门调阅权限并完成点位授权需3人·天。", fig(3, 3)),
    "ren-ri": ("2 人日", fig(2, 2)),
    "weeks": ("2周", fig(2, 2, WEEK)),
    "liang-zhou": ("两周", fig(2, 2, WEEK)),
    "approx-weeks": ("部门业务系统对接事件协同接口约2周。", fig(2, 2, WEEK)),
    "yi-ge-xingqi": ("1个星期", fig(1, 1, WEEK)),
    "weeks-within": ("2周内", fig(None, 2, WEEK)),
    "months": ("3个月", fig(3, 3, MONTH)),
    "yi-ge-yue-zuoyou": ("一个月左右", fig(1, 1, MONTH)),
    "months-range": ("1-2个月", fig(1, 2, MONTH)),
    "zhouqi-is-not-week": ("专题图层定制及上线周期为1-2个月。", fig(1, 2, MONTH)),
    "zhounian-is-not-week": ("5周年", UNREAD),
    "month-date": ("5月", UNREAD),
    "day-date": ("5月1日前完成", UNREAD),
    # stated zero
    "wuxu-duijie-gongzuoliang": ("无需对接工作量", ZERO),
    "wuxu-gongzuoliang": ("无需工作量", ZERO),
    "wu-duijie-gongzuoliang": ("无对接工作量", ZERO),
    "buxuyao-duijie-gongzuoliang": ("不需要对接工作量", ZERO),
    "wuxu-duijie": ("无需对接", ZERO),
    "zero-with-scope": ("邮箱开通后即可直接使用，无需对接工作量。", ZERO),
    "zero-and-figure": ("无需对接工作量，仅账号开通1人天", fig(1, 1)),
    # open-ended, unread, absent
    "per-need": ("根据实际需求而定", OPEN),
    "to-be-decided": ("工作量待定", OPEN),
    "depends-on": ("视接口数量而定", OPEN),
    "assessed-later": ("另行评估", OPEN),
    "keshihua-per-need": ("数据分析模型及可视化大屏的开发工作量需根据实际需求而定。", OPEN),
    "none-yet": ("暂无", UNREAD),
    "see-attachment": ("详见附件", UNREAD),
    "empty": ("", ABSENT),
    "blank": ("  ", ABSENT),
}
# fmt: on

ROWS = [
    pytest.param(EDITION_ROWS[key][0], expected, id=f"edition-{key}")
    for key, expected in EDITION.items()
] + [pytest.param(text, expected, id=key) for key, (text, expected) in PHRASES.items()]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_phrase(text: str, expected: Expected) -> None:
    effort = parse_effort(text)
    assert effort.text == text
    assert observed(effort) == expected


def party_sums(effort: Effort) -> set[float]:
    parts = [component for component in effort.components if component.party is not None]
    sums = set()
    for values in ([part.min_days for part in parts], [part.max_days for part in parts]):
        if parts and all(value is not None for value in values):
            sums.add(math.fsum(value for value in values if value is not None))
    return sums


def each_products(text: str) -> set[float]:
    """With ``各``, each stated number times the parties the phrase names."""
    named = [party for party in default_profile().effort.parties if party in text]
    return {value * len(named) for value in stated_numbers(text)} if "各" in text else set()


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_headline_states_only_numbers_of_the_phrase(text: str, expected: Expected) -> None:
    effort = parse_effort(text)
    allowed = stated_numbers(text) | party_sums(effort) | each_products(text)
    if effort.reading == "zero":
        assert re.search("无|不需", text)
        allowed.add(0.0)
    for value in (effort.min_days, effort.max_days):
        assert value is None or value in allowed, f"{value} is not stated in {text!r}"


def test_table_is_large_and_covers_every_reading() -> None:
    assert len(ROWS) >= 60
    assert sorted(EDITION) == sorted(EDITION_ROWS)
    readings = [expected[4] for expected in EDITION.values()]
    readings += [expected[4] for _, expected in PHRASES.values()]
    assert set(readings) == set(READINGS)


# fmt: off
#: Parties named by a catalog profile instead of the bundled profile's.
PROFILE_ROWS = [
    pytest.param("使用单位2人天，建设单位1人天，共3人天", ("使用单位", "建设单位"),
                 fig(3, 3, parties=(("使用单位", 2, 2), ("建设单位", 1, 1))), id="profile-total-last"),
    pytest.param("使用单位5人天；建设单位3人天", ["使用单位", "建设单位"],
                 fig(8, 8, parties=(("使用单位", 5, 5), ("建设单位", 3, 3))), id="profile-sum-list"),
    pytest.param("6人天（使用单位4人天，建设单位2人天）", ("使用单位", "建设单位"),
                 fig(6, 6, parties=(("使用单位", 4, 4), ("建设单位", 2, 2))), id="profile-bracket"),
    pytest.param("应用单位5人天；平台单位3人天", ("使用单位", "建设单位"), UNREAD, id="default-parties-unknown"),
    pytest.param("应用单位5人天；平台单位3人天", (), UNREAD, id="no-parties"),
    pytest.param("应用单位5人天；平台单位3人天", default_profile().effort.parties,
                 fig(8, 8, parties=((APP, 5, 5), (PLATFORM, 3, 3))), id="default-parties"),
]
# fmt: on


@pytest.mark.parametrize(("text", "parties", "expected"), PROFILE_ROWS)
def test_parties_come_from_the_caller(
    text: str, parties: Sequence[str], expected: Expected
) -> None:
    assert observed(parse_effort(text, parties)) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("两三", (2.0, 3.0)),
        ("三五", (3.0, 5.0)),
        ("一两", (1.0, 2.0)),
        ("八九", (8.0, 9.0)),
        ("五三", None),
        ("二两", None),
        ("两", None),
        ("十五", None),
        ("十二三", None),
        ("2", None),
    ],
)
def test_parse_colloquial_range(token: str, expected: tuple[float, float] | None) -> None:
    assert parse_colloquial_range(token) == expected
