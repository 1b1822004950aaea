"""Golden values for all 26 entries of the bundled edition, extracted by the pure functions."""

from __future__ import annotations

import pytest

from pipeline.models import Resource

OUT, IN, NET = "政务外网", "政务内网", "互联网"
LDZX = "社会治理联动中心"
PD, WD = "person_day", "working_day"

# seq, name, builder unit, network types, #functions, #access targets, #documents
ENTRIES = [
    (1, "政务云平台", LDZX, (OUT, IN), 2, 1, 2),
    (2, "政务网络", LDZX, (OUT, IN), 3, 1, 2),
    (3, "信息安全管理服务", LDZX, (OUT, IN), 4, 2, 2),
    (4, "互联网远程接入系统", LDZX, (OUT,), 3, 2, 2),
    (5, "市公共服务业务协同支撑平台", LDZX, (OUT, IN), 2, 1, 2),
    (6, "市政务空间信息共享服务平台", LDZX, (OUT,), 3, 1, 1),
    (7, "监控视频资源共享平台", LDZX, (OUT,), 1, 1, 1),
    (8, "电子邮件系统", LDZX, (OUT,), 1, 1, 1),
    (9, "智能 DNS 服务", LDZX, (OUT,), 1, 1, 1),
    (10, "党政机关协同办公系统", LDZX, (IN,), 4, 1, 1),
    (11, "电子政务短信服务平台", LDZX, (OUT, IN), 1, 1, 1),
    (12, "即时通讯系统", LDZX, (OUT, IN), 4, 1, 1),
    (13, "信息资源共享与交换平台", LDZX, (OUT, IN), 5, 1, 1),
    (14, "空间地理信息共享平台", LDZX, (OUT,), 3, 1, 1),
    (15, "电子证照共享库管理平台", LDZX, (OUT,), 4, 1, 1),
    (16, "电子公务卡管理服务", LDZX, (OUT,), 3, 1, 1),
    (17, "城市三维基础地图共享平台", LDZX, (OUT,), 3, 1, 1),
    (18, "数据管理平台", LDZX, (OUT, IN), 4, 1, 1),
    (19, "统一数据库平台", LDZX, (OUT, IN), 9, 1, 1),
    (20, "数据可视化综合平台", LDZX, (OUT, IN), 3, 1, 1),
    (21, "统一公务通门户", LDZX, (OUT, IN), 4, 1, 2),
    (22, "政府网站群", LDZX, (OUT,), 3, 1, 1),
    (23, "公务网盘系统", LDZX, (OUT, NET), 2, 1, 1),
    (24, "社会治理网格化联动信息平台", LDZX, (OUT,), 4, 1, 1),
    (25, "行政审批服务平台", "行政审批管理局", (OUT, IN), 5, 1, 1),
    (26, "大数据信息资源共享库", LDZX, (OUT,), 2, 1, 1),
]

# seq: (min days, max days, unit, approximate, open-ended)
EFFORTS = {
    1: (2, 2, PD, False, False), 2: (2, 2, PD, False, False), 3: (2, 2, PD, False, False),
    4: (2, 2, PD, False, True), 5: (15, 30, PD, False, False), 6: (1, 2, PD, False, False),
    7: (2, 2, WD, False, False), 8: (2, 2, WD, False, False), 9: (1, 1, WD, False, False),
    10: (2, 2, PD, True, True), 11: (15, 15, PD, False, False), 12: (15, 15, PD, False, False),
    13: (1, 5, PD, False, False), 14: (3, 30, PD, False, False), 15: (1, 2, PD, False, False),
    16: (2, 2, PD, False, True), 17: (5, 5, PD, False, True),
    18: (None, None, None, False, True), 19: (2, 2, PD, False, False),
    20: (None, None, None, False, True), 21: (10, 10, PD, False, False),
    22: (None, 2, WD, False, True), 23: (1, 1, PD, False, False),
    24: (30, 30, PD, False, False), 25: (40, 40, PD, False, False),
    26: (30, 30, PD, False, False),
}

# seq: (total, 应用单位 days, 平台单位 days)
BREAKDOWNS = {11: (15, 10, 5), 12: (15, 5, 10), 21: (10, 5, 5), 24: (30, 20, 10), 25: (40, 25, 15)}


def by_seq(resources: tuple[Resource, ...], seq: int) -> Resource:
    return next(r for r in resources if r.seq == seq)


def test_every_entry_is_found_in_order(seed_resources: tuple[Resource, ...]) -> None:
    assert [r.seq for r in seed_resources] == list(range(1, 27))


@pytest.mark.parametrize(("seq", "name", "unit", "networks", "functions", "targets", "docs"), ENTRIES)
def test_entry_fields(
    seed_resources: tuple[Resource, ...],
    seq: int, name: str, unit: str, networks: tuple[str, ...], functions: int, targets: int,
    docs: int,
) -> None:
    resource = by_seq(seed_resources, seq)
    assert resource.name == name
    assert resource.builder_unit == unit
    assert resource.network_types == networks
    assert len(resource.functions) == functions
    assert len(resource.access_targets) == targets
    assert len(resource.supporting_docs) == docs
    assert resource.contact == "区政府服务热线 96180"
    assert resource.contact_phone == "96180"


@pytest.mark.parametrize(("seq", "expected"), sorted(EFFORTS.items()))
def test_entry_effort(
    seed_resources: tuple[Resource, ...], seq: int, expected: tuple[object, ...]
) -> None:
    effort = by_seq(seed_resources, seq).effort
    assert (effort.min_days, effort.max_days, effort.unit, effort.approximate,
            effort.open_ended) == expected


@pytest.mark.parametrize(("seq", "parts"), sorted(BREAKDOWNS.items()))
def test_party_breakdowns_sum_to_their_totals(
    seed_resources: tuple[Resource, ...], seq: int, parts: tuple[int, int, int]
) -> None:
    effort = by_seq(seed_resources, seq).effort
    by_party = {c.party: c.max_days for c in effort.components if c.party}
    total, app, platform = parts
    assert effort.max_days == total
    assert by_party == {"应用单位": app, "平台单位": platform}
    assert sum(by_party.values()) == total


def test_only_five_entries_have_party_breakdowns(seed_resources: tuple[Resource, ...]) -> None:
    with_parties = {r.seq for r in seed_resources if any(c.party for c in r.effort.components)}
    assert with_parties == set(BREAKDOWNS)


def test_sample_texts_are_cleaned_exactly(seed_resources: tuple[Resource, ...]) -> None:
    sms = by_seq(seed_resources, 11)
    assert sms.overview is not None
    assert sms.overview.startswith("电子政务短信服务平台，整合移动、联通、电信三大运营商网关，使用全区统一的公众短信服务号，包括106575322961（移动）")
    assert "支持使用 java、.net、php 等多种语言" in sms.overview
    assert sms.supporting_docs == ("短信平台 Webservice 接口对接文档",)
    cloud = by_seq(seed_resources, 1)
    assert cloud.functions[0] == "快速便捷的为使用单位提供云基础架构服务（包括开设虚拟服务器和提供公共存储资源），实现业务应用的快速部署。"
    assert cloud.supporting_docs == ("信息化项目部署标准", "电子政务云服务平台资源申请表")
    grid = by_seq(seed_resources, 24)
    assert grid.functions[1] == "提供统一的事件协同联动管理体系（含应急联动）。"
    geo = by_seq(seed_resources, 6)
    assert geo.implementation == "部门申请接入通过后：1.部署本部门接入机服务。2.在分控中心进行接入配置。"
    im = by_seq(seed_resources, 12)
    assert im.functions[1].startswith("电子通讯录：提供海沧区党政机关下各部门人员的通讯录信息")


def test_provenance_of_entries(seed_resources: tuple[Resource, ...]) -> None:
    first, twelfth, last = (by_seq(seed_resources, s) for s in (1, 12, 26))
    assert (first.line_start, first.line_end, first.page_start, first.page_end) == (1, 78, 1, 2)
    assert (twelfth.page_start, twelfth.page_end) == (23, 24)
    assert (last.line_start, last.page_start, last.page_end) == (2065, 51, 52)


def test_resource_keys_are_normalised_names(seed_resources: tuple[Resource, ...]) -> None:
    assert by_seq(seed_resources, 9).resource_key == "智能dns服务"
    assert len({r.resource_key for r in seed_resources}) == 26
