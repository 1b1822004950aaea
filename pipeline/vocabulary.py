"""Every word a person reads, Chinese first: columns, units, sections, changes, checks, verdicts.

The tables hold codes (``person_day``, ``functions``, ``removed``, ``seq_unique``) so analysts
and programs can filter on them; a person reading the catalog site, an export, a change report
or ``catalog diff`` wants words. Every output takes its words from the named tables of this one
module (``tests/test_vocabulary.py`` fails when one writes a label of its own), so the site, the
workbook and the reports can never disagree again. Each Chinese word stands beside the English
code it names: the code stays available to machines (``data-`` attributes, the export's code
columns, the Parquet tables), never as the visible text of a Chinese page. A code no table lists
is shown as written (a newer pipeline may add one); a null is ``NOT_STATED``.

Imports nothing of the project, so every layer may use it. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "APPROXIMATE_WORD",
    "BOOLEAN_FIELDS",
    "BOOLEAN_WORDS",
    "CHANGE_REPORT_TITLE",
    "CHANGE_TYPES",
    "CHANGE_WORDS",
    "CHECK_WORDS",
    "CODE_COLUMN_WORDS",
    "COLUMN_WORDS",
    "DEFAULT_TIME_ZONE",
    "DETAIL_WORDS",
    "FORMAT_WORDS",
    "GUARD_WORDS",
    "LABEL_KEY_WORDS",
    "NOT_STATED",
    "NO_CHANGES",
    "NO_VALUE",
    "OPEN_ENDED_NOTE",
    "OTHER_FIELD_PREFIX",
    "OTHER_FIELD_WORDS",
    "OTHER_SECTION",
    "OTHER_UNIT_WORD",
    "READING_WORDS",
    "RENAMED_FROM",
    "SECTION_WORDS",
    "SEVERITY_WORDS",
    "STATUS_UNKNOWN",
    "STATUS_WORDS",
    "TABLE_WORDS",
    "UNIT_WORDS",
    "VERDICT_LINES",
    "CheckWords",
    "by_unit",
    "check_words",
    "coded_columns",
    "column_heading",
    "column_word",
    "detail_words",
    "field_value",
    "field_word",
    "format_time",
    "readable_headers",
    "readable_row",
    "value_word",
    "word_of",
]

#: Shown wherever a value is null: not stated in the edition, never guessed.
NOT_STATED = "未注明"
#: Shown for an empty value in a change (a field that was or became empty).
NO_VALUE = "—"

# --- codes the pipeline writes, and their words -------------------------------------------------

#: ``changes.change``: the kinds of change, in report order (``pipeline.changes.diff`` imports
#: them from here).
CHANGE_TYPES: tuple[str, ...] = ("added", "removed", "renamed", "modified")
CHANGE_WORDS: dict[str, str] = {
    "added": "新增", "removed": "删除", "renamed": "改名", "modified": "修改",
}  # fmt: skip

#: ``resource_items.section`` of a whole section under a label the profile maps to no field.
OTHER_SECTION = "other"
#: ``changes.field`` of such a section: this prefix, then its label as written.
OTHER_FIELD_PREFIX = f"{OTHER_SECTION}:"
#: How that field reads: its label as written, marked as a section the profile does not name.
OTHER_FIELD_WORDS = "{label}（其他栏目）"

#: ``effort_unit`` / ``effort_components.unit`` → the unit as the catalog writes it.
UNIT_WORDS: dict[str, str] = {
    "person_day": "人天", "working_day": "工作日", "day": "天", "week": "周", "month": "个月",
}  # fmt: skip

#: ``resource_items.section`` → the catalog's own label of that list.
SECTION_WORDS: dict[str, str] = {
    "functions": "功能和服务", "access_targets": "接入对象", "supporting_docs": "配套文件",
    "network_types": "网络类型", "keywords": "关键词", "contact_phones": "全部联系电话",
    OTHER_SECTION: "其他栏目",
}  # fmt: skip

#: Before an approximate figure (``约 2 人天``).
APPROXIMATE_WORD = "约"
#: Beside a headline of which some clause has no fixed figure (``effort_open_ended``).
OPEN_ENDED_NOTE = "部分视需求而定"
#: The effort chart's class of a figure in a unit no table lists.
OTHER_UNIT_WORD = "其他单位"


def by_unit(unit: str) -> str:
    """The effort chart's class of figures in ``unit``: ``以工作日计``, ``以月计`` (a count
    word such as 个 is not said after 以)."""
    return f"以{UNIT_WORDS.get(unit, unit).removeprefix('个')}计"


#: ``effort_reading`` → what the headline effort is, in words.
READING_WORDS: dict[str, str] = {
    "figure": "有工作量数字", "zero": "无需工作量", "open_ended": "视实际需求而定",
    "unread": "表述未能识别", "absent": "未说明工作量",
}  # fmt: skip

#: A profile's label keys (``ocr_uncertain_sections`` lists them) → the label they name.
LABEL_KEY_WORDS: dict[str, str] = {
    "heading": "标题", "name": "资源名称", "builder": "建设单位及职能", "builder_unit": "建设单位",
    "builder_duties": "建设单位职能", "network_types": "网络类型", "overview": "基本情况",
    "functions": "功能和服务", "access_targets": "接入对象", "supporting": "配套措施",
    "implementation": "对接实施说明", "effort": "对接工作量说明", "contact": "联系方式",
}  # fmt: skip

#: A boolean column's value in words.
BOOLEAN_WORDS: dict[bool, str] = {True: "是", False: "否"}

#: ``validation_status`` → the verdict in words.
STATUS_WORDS: dict[str, str] = {
    "passed": "通过", "warnings": "通过（有警告）", "failed": "未通过（已隔离）",
}  # fmt: skip
#: Shown for an edition published before the quality gate existed.
STATUS_UNKNOWN = "未校验"
#: The verdict as the terminal's English lines name it (``catalog ingest``, ``validate``).
VERDICT_LINES: dict[str, str] = {
    "passed": "validation passed", "warnings": "validation passed with warnings",
    "failed": "validation failed",
}  # fmt: skip
SEVERITY_WORDS: dict[str, str] = {"critical": "严重", "warning": "警告"}
#: ``guards`` of a check: what a failure would mean.
GUARD_WORDS: dict[str, str] = {"data": "防范数据缺损", "code": "防范程序缺陷"}
#: ``editions.source_format`` → the kind of file.
FORMAT_WORDS: dict[str, str] = {"text": "文本", "pdf": "PDF", "docx": "Word"}

#: Table → its name in words (a check names the table it reads; an export sheet is named so).
TABLE_WORDS: dict[str, str] = {
    "editions": "版本信息", "resources": "资源条目", "resource_items": "条目明细",
    "effort_components": "工作量分项", "changes": "变更记录",
}  # fmt: skip

#: The change report's title (``changes.md``, ``changes.html``, ``catalog diff``).
CHANGE_REPORT_TITLE = "版本 {old} → {new} 的变更"
#: Said by a change report when nothing changed.
NO_CHANGES = "没有变更。"
#: Before a renamed entry's earlier name.
RENAMED_FROM = "原名："

# --- columns ----------------------------------------------------------------------------------

#: Columns every stored file has (the store adds them in front of each table).
_STORE_COLUMNS: dict[str, str] = {"catalog": "目录", "edition": "版本"}
#: Table → column → its Chinese name: the catalog's own label where it has one (资源名称,
#: 建设单位, 对接工作量说明). Unique within a table; the English name is the key beside it.
COLUMN_WORDS: dict[str, dict[str, str]] = {
    "editions": {
        **_STORE_COLUMNS,
        "source_file": "源文件", "source_sha256": "源文件校验值（SHA-256）",
        "source_format": "源文件格式", "pages": "页数", "entries": "条目数",
        "ingested_at": "导入时间", "ingest_seq": "导入顺序", "is_latest": "最新版本",
        "pipeline_version": "流水线版本", "validation_status": "校验结论",
        "warnings": "警告数", "ocr_pages": "文字识别页数",
        "ocr_unsettled_spaces": "识别未定的中英文间空格数",
    },
    "resources": {
        **_STORE_COLUMNS,
        "seq": "序号", "resource_key": "资源键", "name": "资源名称", "builder_unit": "建设单位",
        "builder_duties": "建设单位职能", "network_types_text": "网络类型（原文）",
        "overview": "基本情况", "supporting_text": "配套措施", "implementation": "对接实施说明",
        "effort_text": "对接工作量说明", "effort_min": "对接工作量下限",
        "effort_max": "对接工作量上限", "effort_unit": "工作量单位",
        "effort_person_days_min": "对接工作量人天下限",
        "effort_person_days_max": "对接工作量人天上限",
        "effort_approximate": "工作量为约数", "effort_open_ended": "工作量视需求而定",
        "effort_reading": "工作量读取结果", "contact": "联系方式", "contact_phone": "联系电话",
        "contact_extension": "分机号", "contact_person": "联系人",
        "source_line_start": "原文起始行", "source_line_end": "原文结束行",
        "source_page_start": "原文起始页", "source_page_end": "原文结束页",
        "source_ocr": "经文字识别", "ocr_confidence": "识别置信度最低值",
        "ocr_uncertain_sections": "识别存疑栏目",
    },
    "resource_items": {
        **_STORE_COLUMNS,
        "resource_key": "资源键", "section": "栏目", "position": "序号", "text": "内容",
        "label": "栏目名称（原文）",
    },
    "effort_components": {
        **_STORE_COLUMNS,
        "resource_key": "资源键", "position": "条款序号", "text": "条款原文", "scope": "工作内容",
        "party": "承担方", "figure_min": "分项工作量下限", "figure_max": "分项工作量上限",
        "unit": "工作量单位", "person_days_min": "分项人天下限", "person_days_max": "分项人天上限",
        "approximate": "为约数", "open_ended": "视需求而定", "condition": "前提条件",
    },
    "changes": {
        **_STORE_COLUMNS,
        "from_edition": "原版本", "to_edition": "新版本", "resource_key": "资源键",
        "name": "资源名称", "change": "变更类型", "field": "变更字段", "old_value": "原值",
        "new_value": "新值",
    },
}

# --- checks -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckWords:
    """A quality check (``meta.check`` of ``expectations/<table>.json``) in words: its name
    and why it exists."""

    name: str
    why: str


#: ``meta.check`` → the check in words (every check of every suite has an entry: a test).
CHECK_WORDS: dict[str, CheckWords] = {
    # resources
    "seq_unique": CheckWords(
        "序号不重复", "序号在一个版本内标识条目；序号重复说明两个条目被错误地合并或拆分。"),
    "seq_consecutive_from_1": CheckWords(
        "序号从 1 起连续",
        "目录按 1、2、3… 依次编号；序号必须等于条目所在的位置，否则拆分时丢失或打乱了条目。"),
    "resource_key_unique": CheckWords(
        "资源键不重复",
        "资源键把条目与它的明细、与其他版本关联起来；重复会让每一次关联都含糊不清。"),
    "name_present": CheckWords("有资源名称", "没有名称的条目无法识别，也无法生成资源键。"),
    "builder_unit_present": CheckWords(
        "有建设单位", "建设单位是各部门申请对接的对象；缺少它的条目不完整，但仍描述了一项资源。"),
    "contact_phone_present": CheckWords(
        "有联系电话", "各部门通过联系电话启动对接；缺少号码值得查看，但条目仍可使用。"),
    "contact_phone_digits": CheckWords(
        "联系电话为 5 至 12 位数字",
        "联系电话为 5 至 12 位数字（服务热线 96180、本地号码、11 位手机、区号加 8 位号码；"
        "分机号另存）；否则说明电话提取规则出错。"),
    "contact_extension_digits": CheckWords(
        "分机号为 1 至 6 位数字",
        "分机号是第一个号码的分机，1 至 6 位数字（0592-6051234 转 8012 → 8012）；否则说明"
        "电话提取规则把其他文字粘连了进去。"),
    "network_types_present": CheckWords(
        "有网络类型", "每个条目都应说明可通过哪些网络访问（网络类型）；缺少该栏目是分析人员"
        "应当看到的缺口。"),
    "effort_text_present": CheckWords(
        "有对接工作量说明", "每个条目都应说明对接工作量；缺少说明的条目没有工作量数字。"),
    "effort_min_not_above_max": CheckWords(
        "工作量下限不大于上限", "对接工作量下限不得大于上限；颠倒的范围会破坏所有工作量汇总。"),
    "effort_unit_with_figures": CheckWords(
        "工作量数字带单位",
        "没有单位（人天、工作日、天、周、个月）的数字无法与其他数字比较；只有明确为零时"
        "不需要单位。"),
    "effort_unit_known": CheckWords(
        "工作量单位为已知单位", "工作量单位必须是数据字典列出的单位之一；其他值会破坏按单位分组。"),
    "party_days_sum_to_total": CheckWords(
        "各方工作量之和等于总数",
        "分项说明中（其中应用单位…平台单位…）各方的天数之和应等于条目的总工作量；不一致说明"
        "目录本身或对该条目的解析自相矛盾。"),
    "has_function": CheckWords(
        "有功能和服务", "条目的存在就是为了提供功能和服务；一项也没有的条目被截断或拆分错误。"),
    "has_supporting_document": CheckWords(
        "有配套文件", "每个条目都应列出至少一份申请时使用的配套文件（配套措施中的《…》）；"
        "一份也没有并不常见，值得查看。"),
    "effort_readable_share": CheckWords(
        "工作量说明可读比例达标",
        "在有工作量说明的条目中，能读出结果（数字、明确为零或视需求而定）的比例不低于目录配置"
        "规定的门槛；低于门槛说明工作量规则读不懂这个版本。"),
    "effort_phrase_read": CheckWords(
        "工作量表述可识别",
        "规则读不懂的工作量表述保留原文、数字为空（在此列出）；该条目是未能识别而不是错误，"
        "这些表述指明需要补充的规则。"),
    "ocr_confident": CheckWords(
        "文字识别把握充分",
        "扫描页上的文字识别为每个字符打分；含有低于目录配置门槛的字符的栏目（在此列出）可能"
        "识别有误。文字按识别结果保留：请与扫描件核对。"),
    "single_value_has_no_label": CheckWords(
        "单值栏目不含栏目名称",
        "名称、建设单位、网络类型、联系人或电话所在的语句只有一个值，不应含有栏目名称；出现"
        "栏目名称（如“服务中心3、单位职能：负责…”，按字段列出）说明该值吞并了栏目名称粘连在"
        "同一行的下一栏目。"),
    "name_unit_plausible": CheckWords(
        "名称和建设单位长度合理",
        "名称或建设单位是简短的名词短语；超过目录配置的字数上限或含有“，。；”（在此列出）"
        "说明已读入下一栏目的正文。"),
    "section_set_usual": CheckWords(
        "栏目组成与多数条目一致",
        "同一版本的条目使用同一模板：缺少多数条目都有的栏目，或多出多数条目没有的栏目（在此"
        "列出），说明丢失了栏目或栏目名称；条目不超过 2 个或没有最常见的栏目组合时不检查。"),
    # resource_items
    "item_section_known": CheckWords(
        "明细栏目为已知栏目", "分析人员按栏目筛选明细；只应出现数据字典列出的栏目。"),
    "item_text_present": CheckWords("明细有内容", "明细就是它的内容；空明细是提取错误。"),
    "item_position_unique": CheckWords(
        "明细序号不重复", "资源键、栏目和序号共同标识一条明细；重复说明某个条目被读了两遍。"),
    "item_entry_exists": CheckWords(
        "明细属于本版本的条目", "每条明细都属于同一版本中的某个条目。"),
    "network_type_canonical": CheckWords(
        "网络类型为标准名称",
        "网络类型应为目录配置中的标准网络之一；未知类型按原文保留并标出，以便把它的别名加入"
        "目录配置。"),
    # effort_components
    "component_entry_exists": CheckWords(
        "工作量分项属于本版本的条目", "每个分项条款都属于同一版本中的某个条目。"),
    "component_position_unique": CheckWords(
        "工作量分项序号不重复", "资源键和条款序号共同标识一个条款；重复说明某项工作量被读了两遍。"),
    "component_min_not_above_max": CheckWords(
        "分项下限不大于上限", "条款的工作量下限不得大于上限；颠倒的范围会破坏工作量汇总。"),
    "component_days_not_negative": CheckWords(
        "分项工作量不为负", "工作量是天数；负数是解析错误（把破折号读成了负号）。"),
    "component_unit_with_figures": CheckWords(
        "分项数字带单位", "没有单位的条款数字没有意义（明确为零时不需要单位）。"),
    "component_party_known": CheckWords(
        "承担方为已知单位", "分项说明只把天数分配给目录配置中列出的承担方。"),
    # editions
    "one_edition_row": CheckWords("版本信息只有一行", "一个版本由恰好一行版本信息描述。"),
    "source_sha256_well_formed": CheckWords(
        "源文件校验值格式正确",
        "源文件校验值（SHA-256）为 64 位小写十六进制数字；定时导入和变更检测靠它识别源文件。"),
    "source_format_known": CheckWords(
        "源文件格式为已知格式", "版本只能来自文本导出、PDF 或 Word 文档。"),
    "pages_positive": CheckWords("页数为正", "有条目的源文件至少有一页。"),
    "entries_match_resources": CheckWords(
        "条目数与资源条目一致", "版本信息中的条目数等于该版本资源条目表的行数。"),
    "entry_count_near_previous": CheckWords(
        "条目数与上一版本接近",
        "与上一个导入的版本相比，条目数的变化达到目录配置的上限或更多（列出数量）：值得查看，"
        "被截断或被合并的版本最先在这里显现（此前没有发布过版本时不检查）。"),
    "entry_count_near_replaced": CheckWords(
        "条目数与被替换版本接近",
        "重新发布同一版本标签会整体替换原版本：与被替换版本相比，条目数的变化达到目录配置的"
        "上限或更多（列出数量）时拒绝发布，以免被截断的文件（或合并了两个版本的文件）悄悄替换"
        "完整的版本；确需如此时，请用放宽该上限的目录配置发布（只在重新发布同一标签时检查）。"),
    "no_entries_lost_on_replace": CheckWords(
        "重新发布未减少条目",
        "重新发布的标签比被替换的版本条目少（列出数量）：虽未达到严重门槛，但在条目边界处被"
        "截断的文件正是如此，所以从不静默放过（只在重新发布同一标签时检查）。"),
}

#: The check columns a failure's detail names (``name=value``, computed by
#: ``pipeline/quality/frames.py``) → words; a table's own columns read as ``COLUMN_WORDS``.
DETAIL_WORDS: dict[str, str] = {
    "catalog_position": "在目录中的位置", "effort_read": "工作量已读出",
    "effort_unread_text": "未能识别的工作量表述", "function_count": "功能和服务条数",
    "label_in_single_value": "混入的栏目名称", "name_unit_implausible": "可疑的名称或建设单位",
    "party_days_sum": "各方工作量之和", "section_set_unusual": "与多数条目不同的栏目",
    "supporting_doc_count": "配套文件份数", "entries_change_share": "条目数变化比例",
    "replaced_change_share": "与被替换版本相比的条目数变化比例",
    "replaced_entries": "被替换版本的条目数", "resource_rows": "资源条目行数",
    "previous_entries": "上一版本的条目数",
}  # fmt: skip
#: What the pipeline writes before a failure's detail, in words.
DETAIL_PREFIXES: dict[str, str] = {"observed ": "观测值 ", "could not run: ": "无法运行："}

# --- times ------------------------------------------------------------------------------------

#: The time zone times are shown in when a profile names none (``[display] time_zone``).
DEFAULT_TIME_ZONE = "Asia/Shanghai"
#: How a moment reads: local time, then the zone it is in.
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


# --- lookups ----------------------------------------------------------------------------------


def word_of(words: Mapping[str, str], code: str | None, default: str = NOT_STATED) -> str:
    """``code`` in words: its word, the code itself when unlisted, ``default`` when null."""
    if code is None or code == "":
        return default
    return words.get(code, code)


def column_word(table: str, column: str) -> str:
    """A column's Chinese name (the English name for a column no table lists)."""
    return COLUMN_WORDS.get(table, {}).get(column, column)


def column_heading(table: str, column: str) -> str:
    """The Chinese name with the English column name beside it: ``资源名称（name）``."""
    return f"{column_word(table, column)}（{column}）"


def check_words(check: str, why: str = "") -> CheckWords:
    """A check in words; one no table lists keeps its id as name and ``why`` as written."""
    return CHECK_WORDS.get(check, CheckWords(check, why))


def field_word(field: str) -> str:
    """A ``changes.field`` in words: a ``resources`` column or an item section by its name,
    an ``other`` section's field by its label as written, marked (``主管单位（其他栏目）``)."""
    if field.startswith(OTHER_FIELD_PREFIX):
        return OTHER_FIELD_WORDS.format(label=field.removeprefix(OTHER_FIELD_PREFIX))
    return SECTION_WORDS.get(field) or column_word("resources", field)


#: ``changes`` values written as ``true``/``false`` (``pipeline.changes.diff``).
_BOOLEAN_TEXT: dict[str, bool] = {"true": True, "false": False}
#: The boolean ``resources`` columns (a test checks them against the schema): their change
#: values read ``是``/``否``.
BOOLEAN_FIELDS: tuple[str, ...] = ("effort_approximate", "effort_open_ended", "source_ocr")


def _sections(text: str) -> str:
    return "、".join(word_of(LABEL_KEY_WORDS, key.strip()) for key in text.split(","))


#: Columns whose values are codes → how a value reads (the rest are shown as they are).
_CODED: dict[tuple[str, str], Callable[[str], str]] = {
    ("editions", "source_format"): lambda v: word_of(FORMAT_WORDS, v),
    ("editions", "validation_status"): lambda v: word_of(STATUS_WORDS, v, STATUS_UNKNOWN),
    ("resources", "effort_unit"): lambda v: word_of(UNIT_WORDS, v),
    ("resources", "effort_reading"): lambda v: word_of(READING_WORDS, v),
    ("resources", "ocr_uncertain_sections"): _sections,
    ("resource_items", "section"): lambda v: word_of(SECTION_WORDS, v),
    ("effort_components", "unit"): lambda v: word_of(UNIT_WORDS, v),
    ("changes", "change"): lambda v: word_of(CHANGE_WORDS, v),
    ("changes", "field"): field_word,
}


def coded_columns(table: str) -> tuple[str, ...]:
    """The columns of ``table`` whose values are codes shown as words."""
    return tuple(column for name, column in _CODED if name == table)


def value_word(table: str, column: str, value: object) -> object:
    """A cell as a person reads it: a code in words, a boolean ``是``/``否``; anything else
    (numbers, text from the edition, null) as it is."""
    if isinstance(value, bool):
        return BOOLEAN_WORDS[value]
    read = _CODED.get((table, column))
    return read(value) if read is not None and isinstance(value, str) else value


def field_value(field: str | None, value: str | None) -> str | None:
    """A ``changes.old_value``/``new_value`` in words: a unit or effort reading by its word,
    ``true``/``false`` as ``是``/``否``; null stays null."""
    if value is None or field is None:
        return value
    if value in _BOOLEAN_TEXT and field in BOOLEAN_FIELDS:
        return BOOLEAN_WORDS[_BOOLEAN_TEXT[value]]
    read = _CODED.get(("resources", field))
    return read(value) if read is not None else value


#: The header of a code column: the codes of a column shown in words, kept for machines (a
#: filter built on them matches the Parquet tables), after every other column.
CODE_COLUMN_WORDS = "{word}（代码）"
#: The ``changes`` columns whose values are read as their row's ``field`` says.
_CHANGED_VALUES: tuple[str, ...] = ("old_value", "new_value")


def readable_headers(table: str, columns: Sequence[str]) -> list[str]:
    """The headers of ``columns`` of ``table`` for people: each column's Chinese name, then
    one code column (``CODE_COLUMN_WORDS``) per column whose values are codes."""
    coded = [column for column in coded_columns(table) if column in columns]
    return ([column_word(table, column) for column in columns]
            + [CODE_COLUMN_WORDS.format(word=column_word(table, column)) for column in coded])


def readable_row(table: str, row: Mapping[str, object]) -> list[object]:
    """One row as ``readable_headers`` lays it out: every value in words (``value_word``; a
    change's old and new value as its field reads, ``field_value``), then the codes."""
    field = row.get("field") if table == "changes" else None
    values = [
        field_value(str(field), value) if column in _CHANGED_VALUES and isinstance(value, str)
        and field is not None else value_word(table, column, value)
        for column, value in row.items()
    ]  # fmt: skip
    return values + [row[column] for column in coded_columns(table) if column in row]


_DETAIL_KEY = re.compile(r"(?:^|(?<=, ))(?P<key>[a-z][a-z0-9_]*)=")


def detail_words(table: str, detail: str) -> str:
    """A failure's detail (``function_count=0, …``; ``observed 0.5``) in words: each named
    column as ``DETAIL_WORDS`` or ``COLUMN_WORDS`` has it (``功能和服务条数：0``)."""
    for prefix, words in DETAIL_PREFIXES.items():
        if detail.startswith(prefix):
            detail = words + detail[len(prefix):]
    return _DETAIL_KEY.sub(lambda found: _detail_key(table, found.group("key")), detail)


def _detail_key(table: str, key: str) -> str:
    return f"{DETAIL_WORDS.get(key) or column_word(table, key)}："


def format_time(value: datetime, time_zone: str = DEFAULT_TIME_ZONE) -> str:
    """``value`` in ``time_zone``, the zone named: ``2026-12-07 18:02:11 (Asia/Shanghai)``;
    a naive time is taken as UTC (how the store writes it). Raises ``ZoneInfoNotFoundError``
    for an unknown zone (a profile's is checked when it is loaded)."""
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return f"{moment.astimezone(ZoneInfo(time_zone)).strftime(TIME_FORMAT)} ({time_zone})"
