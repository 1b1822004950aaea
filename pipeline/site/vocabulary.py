"""The site's words: how codes from the tables and ``validation.json`` read in Chinese.

The tables hold codes (``person_day``, ``modified``, ``critical``) so analysts can filter on
them; a person reading the catalog site wants words. Every code the site shows goes through one
of these tables; a code that is not listed is shown as written (a newer pipeline may add one).
"""

from __future__ import annotations

__all__ = [
    "CHANGE_LABELS",
    "CHANGE_TYPES",
    "FIELD_LABELS",
    "FORMAT_LABELS",
    "GUARD_LABELS",
    "NOT_STATED",
    "OTHER_FIELD_LABEL",
    "SEVERITY_LABELS",
    "STATUS_LABELS",
    "STATUS_UNKNOWN",
    "TABLE_LABELS",
    "UNIT_LABELS",
    "label_of",
]

#: Shown wherever a value is null: not stated in the edition, never guessed.
NOT_STATED = "未注明"

#: ``effort_unit`` → the unit as the catalog writes it.
UNIT_LABELS: dict[str, str] = {
    "person_day": "人天", "working_day": "工作日", "day": "天", "week": "周", "month": "个月",
}  # fmt: skip

#: ``changes.change``, in report order (as ``pipeline.changes.diff.CHANGE_TYPES``).
CHANGE_TYPES: tuple[str, ...] = ("added", "removed", "renamed", "modified")
CHANGE_LABELS: dict[str, str] = {
    "added": "新增", "removed": "删除", "renamed": "改名", "modified": "修改",
}  # fmt: skip

#: ``changes.field``: a ``resources`` column or a ``resource_items`` section.
FIELD_LABELS: dict[str, str] = {
    "name": "资源名称",
    "builder_unit": "建设单位",
    "builder_duties": "建设单位职能",
    "network_types_text": "网络类型（原文）",
    "overview": "基本情况",
    "supporting_text": "配套措施",
    "implementation": "对接实施说明",
    "effort_text": "对接工作量说明",
    "effort_min": "工作量下限",
    "effort_max": "工作量上限",
    "effort_unit": "工作量单位",
    "effort_approximate": "工作量为约数",
    "effort_open_ended": "工作量视需求而定",
    "contact": "联系方式",
    "contact_phone": "联系电话",
    "functions": "功能和服务",
    "access_targets": "接入对象",
    "supporting_docs": "配套文件",
    "network_types": "网络类型",
}

#: How the field of an ``other`` section (``other:主管单位``) is shown: its label as written,
#: marked as a section the profile does not name.
OTHER_FIELD_LABEL = "{label}（其他栏目）"


#: ``validation_status`` → the verdict in words.
STATUS_LABELS: dict[str, str] = {
    "passed": "通过", "warnings": "通过（有警告）", "failed": "未通过（已隔离）",
}  # fmt: skip
#: Shown for an edition published before the quality gate existed.
STATUS_UNKNOWN = "未校验"

SEVERITY_LABELS: dict[str, str] = {"critical": "严重", "warning": "警告"}
#: ``guards`` of a check: what a failure would mean.
GUARD_LABELS: dict[str, str] = {
    "data": "防范数据缺损", "code": "防范程序缺陷",
}  # fmt: skip
#: The table a check reads.
TABLE_LABELS: dict[str, str] = {
    "editions": "版本信息", "resources": "资源条目", "resource_items": "条目明细",
    "effort_components": "工作量分项",
}  # fmt: skip

FORMAT_LABELS: dict[str, str] = {"text": "文本", "pdf": "PDF", "docx": "Word"}


def label_of(labels: dict[str, str], code: str | None, default: str = NOT_STATED) -> str:
    """``code`` in words: its label, the code itself when unlisted, ``default`` when null."""
    if code is None or code == "":
        return default
    return labels.get(code, code)
