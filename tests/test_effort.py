"""Effort phrases → numbers: every phrase of the bundled edition, plus shapes to expect later."""

from __future__ import annotations

from dataclasses import replace

import pytest

from normalizers.effort import EffortComponent, parse_effort

PD, WD, DAY = "person_day", "working_day", "day"
APP, PLATFORM = "应用单位", "平台单位"
T, F = True, False

Headline = tuple[float | None, float | None, str | None, bool, bool]
Row = tuple[str, Headline, list[EffortComponent]]
NONE: Headline = (None, None, None, F, F)
OPEN: Headline = (None, None, None, F, T)


def comp(
    scope: str | None,
    low: float | None,
    high: float | None,
    unit: str | None = PD,
    *,
    text: str = "",
    party: str | None = None,
    approximate: bool = False,
    open_ended: bool = False,
    condition: str | None = None,
) -> EffortComponent:
    """An expected component. ``text=""`` stands for the whole phrase without its final ``。``;
    ``position`` is filled in from the component's place in the row."""
    return EffortComponent(
        position=0, text=text, scope=scope, party=party, min_days=low, max_days=high,
        unit=unit, approximate=approximate, open_ended=open_ended, condition=condition,
    )  # fmt: skip


def opened(text: str, scope: str | None) -> EffortComponent:
    """An open-ended clause without a figure."""
    return comp(scope, None, None, None, text=text, open_ended=True)


def unread(text: str = "") -> EffortComponent:
    """A clause with nothing readable in it: null numbers, the text kept."""
    return comp(None, None, None, None, text=text)


def breakdown(total: str, scope: str, whole: float, app: float, platform: float) -> Row:
    """``<total>，其中应用单位接入实施 A 人天，平台单位配合对接实施 P 人天。``"""
    app_text = f"其中应用单位接入实施 {app:g} 人天"
    platform_text = f"平台单位配合对接实施 {platform:g} 人天"
    return (
        f"{total}，{app_text}，{platform_text}。",
        (whole, whole, PD, F, F),
        [
            comp(scope, whole, whole, text=total),
            comp("应用单位接入实施", app, app, text=app_text, party=APP),
            comp("平台单位配合对接实施", platform, platform, text=platform_text, party=PLATFORM),
        ],
    )


# fmt: off
BREAKDOWN_ROWS: dict[str, Row] = {
    "11": breakdown("一个单一短信应用接入实施工作量 15 人天", "一个单一短信应用接入", 15, 10, 5),
    "12": breakdown(
        "部门应用接入海沧即时通平台实现应用快速登录入口及应用消息推送的实施工作量 15 人天",
        "部门应用接入海沧即时通平台实现应用快速登录入口及应用消息推送", 15, 5, 10),
    "21": breakdown(
        "部门应用接入统一公务通平台实现统一用户管理及单点登录的实施工作量 10 人天",
        "部门应用接入统一公务通平台实现统一用户管理及单点登录", 10, 5, 5),
    "24": breakdown("一个单位事件协同接口对接 30 人天", "一个单位事件协同接口对接", 30, 20, 10),
    "25": breakdown("审批业务协同接口对接 40 人天", "审批业务协同接口对接", 40, 25, 15),
}

ROW04: Row = (
    "10 个用户以内开设申请：2 人天，大批量的用户开设申请，需要根据实际需求而定。",
    (2, 2, PD, F, T),
    [comp("10 个用户以内开设申请", 2, 2, text="10 个用户以内开设申请：2 人天"),
     opened("大批量的用户开设申请，需要根据实际需求而定", "大批量的用户开设申请")],
)

# The 26 phrases of the bundled edition, keyed by entry number (08, 16 repeat 07, 04).
EDITION_ROWS: dict[str, Row] = {
    "01": ("一个单位一个应用（开设虚拟机、配置安全策略及网络配置）2 人天工作量。", (2, 2, PD, F, F),
           [comp("一个单位一个应用（开设虚拟机、配置安全策略及网络配置）", 2, 2)]),
    "02": ("线路连接及网络配置调试，2 人天工作量。", (2, 2, PD, F, F),
           [comp("线路连接及网络配置调试", 2, 2)]),
    "03": ("单一需求实施办理 2 人天", (2, 2, PD, F, F), [comp("单一需求实施办理", 2, 2)]),
    "04": ROW04,
    "05": ("视部门与分控中心网络连接基础，实施工作量在 15-30 人天之间。", (15, 30, PD, F, F),
           [comp(None, 15, 30, condition="视部门与分控中心网络连接基础")]),
    "06": ("在前置机、网络都完成的情况下，对节点的部署工作量为 1-2 人天。", (1, 2, PD, F, F),
           [comp("对节点的部署", 1, 2, condition="在前置机、网络都完成的情况下")]),
    "07": ("两个工作日办结。", (2, 2, WD, F, F), [comp(None, 2, 2, WD)]),
    "08": ("两个工作日办结。", (2, 2, WD, F, F), [comp(None, 2, 2, WD)]),
    "09": ("一个工作日办结。", (1, 1, WD, F, F), [comp(None, 1, 1, WD)]),
    "10": ("单个表单配置约 2 人天，大批量的表单配置申请，需要根据实际需求而定。", (2, 2, PD, T, T),
           [comp("单个表单配置", 2, 2, text="单个表单配置约 2 人天", approximate=T),
            opened("大批量的表单配置申请，需要根据实际需求而定", "大批量的表单配置申请")]),
    "11": BREAKDOWN_ROWS["11"],
    "12": BREAKDOWN_ROWS["12"],
    "13": ("在申请流程、网络都完成的情况下，根据接口数量等情况对接口的部署工作量为 1-5 人天。",
           (1, 5, PD, F, F),
           [comp("根据接口数量等情况对接口的部署", 1, 5,
                 condition="在申请流程、网络都完成的情况下")]),
    "14": ("在申请流程、网络都完成且需求单位完整、准确提供空间数据信息的情况下，根据需求复杂度，"
           "专题服务图层部署及调试工作量为 3-30 人天", (3, 30, PD, F, F),
           [comp("专题服务图层部署及调试", 3, 30,
                 condition="在申请流程、网络都完成且需求单位完整、准确提供空间数据信息的情况下，"
                           "根据需求复杂度")]),
    "15": ("在申请流程、网络都完成的情况下，对节点的部署工作量为 1-2 人天。", (1, 2, PD, F, F),
           [comp("对节点的部署", 1, 2, condition="在申请流程、网络都完成的情况下")]),
    "16": ROW04,
    "17": ("海沧区卫星影像及新阳区三维影像数据的调用：5 人天；"
           "部门政务信息资源接入四位数字沙盘需要根据实际需求而定。", (5, 5, PD, F, T),
           [comp("海沧区卫星影像及新阳区三维影像数据的调用", 5, 5,
                 text="海沧区卫星影像及新阳区三维影像数据的调用：5 人天"),
            opened("部门政务信息资源接入四位数字沙盘需要根据实际需求而定",
                   "部门政务信息资源接入四位数字沙盘")]),
    "18": ("部门应用接入数据管理平台实现元数据管理、数据质量检验及数据共享的实施工作量"
           "需要根据实际需求而定。", OPEN,
           [opened("", "部门应用接入数据管理平台实现元数据管理、数据质量检验及数据共享")]),
    "19": ("部门应用接入统一数据库，创建用户及数据库对接实施为2 人天。", (2, 2, PD, F, F),
           [comp("部门应用接入统一数据库，创建用户及数据库对接实施", 2, 2)]),
    "20": ("部门应用接入可视化综合平台具体工作量按报表图表复杂度进行计算。", OPEN,
           [opened("", "部门应用接入可视化综合平台")]),
    "21": BREAKDOWN_ROWS["21"],
    "22": ("网站运维管理权限申请及报送本单位要闻信息 2 个工作日内完成；"
           "申请建设专题专栏及申请发布征集调查信息按单位需求，及时配合处理。", (None, 2, WD, F, T),
           [comp("网站运维管理权限申请及报送本单位要闻信息", None, 2, WD,
                 text="网站运维管理权限申请及报送本单位要闻信息 2 个工作日内完成"),
            opened("申请建设专题专栏及申请发布征集调查信息按单位需求，及时配合处理",
                   "申请建设专题专栏及申请发布征集调查信息")]),
    "23": ("账号开通及部门文件共享配置，1 人天工作量。", (1, 1, PD, F, F),
           [comp("账号开通及部门文件共享配置", 1, 1)]),
    "24": BREAKDOWN_ROWS["24"],
    "25": BREAKDOWN_ROWS["25"],
    "26": ("审批资源库接入对接 30 人天。", (30, 30, PD, F, F),
           [comp("审批资源库接入对接", 30, 30)]),
}

# Shapes later editions will have, and the rules decided where the catalog had no example.
FUTURE_ROWS: dict[str, Row] = {
    "approx-before": ("约 2 人天", (2, 2, PD, T, F), [comp(None, 2, 2, approximate=T)]),
    "approx-after": ("3 人天左右", (3, 3, PD, T, F), [comp(None, 3, 3, approximate=T)]),
    "full-width": ("１５－３０ 人天", (15, 30, PD, F, F), [comp(None, 15, 30, text="15-30 人天")]),
    "tilde": ("3~5人天", (3, 5, PD, F, F), [comp(None, 3, 5)]),
    "zhi-spaced": ("3 至 5 个工作日", (3, 5, WD, F, F), [comp(None, 3, 5, WD)]),
    "chinese-range": ("三至五个工作日", (3, 5, WD, F, F), [comp(None, 3, 5, WD)]),
    "chinese": ("十五人天", (15, 15, PD, F, F), [comp(None, 15, 15)]),
    "decimal": ("2.5 人天", (2.5, 2.5, PD, F, F), [comp(None, 2.5, 2.5)]),
    "ren-ri": ("2 人日", (2, 2, PD, F, F), [comp(None, 2, 2)]),
    "day": ("5 天", (5, 5, DAY, F, F), [comp(None, 5, 5, DAY)]),
    "half-day": ("半天", (0.5, 0.5, DAY, F, F), [comp(None, 0.5, 0.5, DAY)]),
    "two-spaces": ("2  人天", (2, 2, PD, F, F), [comp(None, 2, 2)]),
    "spaced-ge": ("两 个 工作日", (2, 2, WD, F, F), [comp(None, 2, 2, WD)]),
    "no-space": ("对节点的部署工作量为1-2 人天", (1, 2, PD, F, F), [comp("对节点的部署", 1, 2)]),
    "ceiling": ("不超过 5 个工作日", (None, 5, WD, F, F), [comp(None, None, 5, WD)]),
    "floor-after": ("30 人天以上", (30, None, PD, F, T), [comp(None, 30, None, open_ended=T)]),
    "floor-before": ("至少 3 人天", (3, None, PD, F, T), [comp(None, 3, None, open_ended=T)]),
    "tongyi": ("统一日志平台接入 3 人天", (3, 3, PD, F, F), [comp("统一日志平台接入", 3, 3)]),
    "bracket-comma": ("（开设虚拟机，配置网络）2 人天", (2, 2, PD, F, F),
                      [comp("（开设虚拟机，配置网络）", 2, 2)]),
    "later": ("工作量另行商定", OPEN, [opened("", None)]),
    "per-need": ("需要根据实际需求而定", OPEN, [opened("", None)]),
    "video": ("视频会议接入视情况而定", OPEN, [opened("", "视频会议接入")]),
    "none": ("暂无", NONE, [unread()]),
    "yi-ge-ban": ("一个半工作日", (1.5, 1.5, WD, F, F), [comp(None, 1.5, 1.5, WD)]),
    "liang-san": ("两三天", (2, 3, DAY, F, F), [comp(None, 2, 3, DAY)]),
    "date": ("2024年5月1日前完成", NONE, [unread()]),
    "thousands": ("1,000 人天", NONE, [unread()]),
    "breakdown-next-sentence": (
        "A 接入 15 人天。其中应用单位 10 人天，平台单位 5 人天。", (15, 15, PD, F, F),
        [comp("A 接入", 15, 15, text="A 接入 15 人天"),
         comp("应用单位", 10, 10, text="其中应用单位 10 人天", party=APP),
         comp("平台单位", 5, 5, text="平台单位 5 人天", party=PLATFORM)]),
    "breakdown-without-total": (
        "其中应用单位 10 人天，平台单位 5 人天", NONE,
        [comp("应用单位", 10, 10, text="其中应用单位 10 人天", party=APP),
         comp("平台单位", 5, 5, text="平台单位 5 人天", party=PLATFORM)]),
    "parties-then-total": (
        "应用单位2人天，平台单位1人天，共3人天", (3, 3, PD, F, F),
        [comp("应用单位", 2, 2, text="应用单位2人天", party=APP),
         comp("平台单位", 1, 1, text="平台单位1人天", party=PLATFORM),
         comp(None, 3, 3, text="共3人天")]),
    "parties-sum": (
        "应用单位5人天；平台单位3人天", (8, 8, PD, F, F),
        [comp("应用单位", 5, 5, text="应用单位5人天", party=APP),
         comp("平台单位", 3, 3, text="平台单位3人天", party=PLATFORM)]),
    "bracket-breakdown": (
        "单个事项对接5人天（应用单位3人天，平台单位2人天）。", (5, 5, PD, F, F),
        [comp("单个事项对接", 5, 5, text="单个事项对接5人天"),
         comp("应用单位", 3, 3, text="应用单位3人天", party=APP),
         comp("平台单位", 2, 2, text="平台单位2人天", party=PLATFORM)]),
    "breakdown-dunhao": (
        "共4人天，其中应用单位2人天、平台单位2人天", (4, 4, PD, F, F),
        [comp(None, 4, 4, text="共4人天"),
         comp("应用单位", 2, 2, text="其中应用单位2人天", party=APP),
         comp("平台单位", 2, 2, text="平台单位2人天", party=PLATFORM)]),
    "zero": ("邮箱开通后即可直接使用，无需对接工作量。", (0, 0, None, F, F),
             [comp("邮箱开通后即可直接使用", 0, 0, None)]),
    "liang-san-ge": ("两三个工作日", (2, 3, WD, F, F), [comp(None, 2, 3, WD)]),
    "liang-ge-ban": ("两个半工作日", (2.5, 2.5, WD, F, F), [comp(None, 2.5, 2.5, WD)]),
    "ren-dot-tian": ("3人·天", (3, 3, PD, F, F), [comp(None, 3, 3)]),
    "weeks": ("约2周", (2, 2, "week", T, F), [comp(None, 2, 2, "week", approximate=T)]),
    "months": ("1-2个月", (1, 2, "month", F, F), [comp(None, 1, 2, "month")]),
    "keshihua-per-need": ("数据分析模型及可视化大屏的开发工作量需根据实际需求而定。", OPEN,
                          [opened("", "数据分析模型及可视化大屏的开发")]),
    "empty": ("", NONE, []),
    "blank": ("  ", NONE, []),
}
# fmt: on


def expected_components(text: str, components: list[EffortComponent]) -> tuple[object, ...]:
    """Fill in each expected component's position and, where left blank, its text."""
    whole = text.removesuffix("。")
    return tuple(
        replace(component, position=index, text=component.text or whole)
        for index, component in enumerate(components, start=1)
    )


@pytest.mark.parametrize(
    ("text", "headline", "components"),
    [pytest.param(*row, id=key) for key, row in (EDITION_ROWS | FUTURE_ROWS).items()],
)
def test_parse_effort(text: str, headline: Headline, components: list[EffortComponent]) -> None:
    effort = parse_effort(text)
    got = (effort.min_days, effort.max_days, effort.unit, effort.approximate, effort.open_ended)
    assert effort.text == text
    assert got == headline
    assert effort.components == expected_components(text, components)


def test_edition_has_every_phrase() -> None:
    assert sorted(EDITION_ROWS) == [f"{number:02d}" for number in range(1, 27)]


@pytest.mark.parametrize("key", sorted(BREAKDOWN_ROWS))
def test_breakdown_parties_sum_to_headline(key: str) -> None:
    effort = parse_effort(BREAKDOWN_ROWS[key][0])
    parts = [component for component in effort.components if component.party is not None]
    assert [component.party for component in parts] == [APP, PLATFORM]
    assert sum(component.min_days or 0 for component in parts) == effort.min_days
    assert sum(component.max_days or 0 for component in parts) == effort.max_days
