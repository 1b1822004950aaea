"""The words ``parse_effort`` reads effort phrases with, as named tables.

Every rule of ``normalizers.effort`` (and of its ``effort_figures`` and ``effort_headline``)
that depends on how Chinese *writes* effort lives here as data: units, bound and approximation
words, range separators, open-ended, deferred, rate, turnaround, zero and total markers, the
separators and joiners of clauses, the words that tell additive clauses (work items, phases)
from alternatives, and the words of a head count (the parties of a breakdown differ between
catalogs and come from the catalog profile). The patterns are built from these tables once
(party patterns once per parties tuple), so a new spelling is one table entry, not a regex
edit. Entries marked "regex fragment" are regular-expression text; the others are plain words.
"""

from __future__ import annotations

__all__ = [
    "ADDITIVE_JOINERS", "ALTERNATIVE_JOINERS", "ALTERNATIVE_WORDS", "APPROX_AFTER",
    "APPROX_BEFORE", "ARABIC_NUMERAL_BLOCKERS", "BRACKETS", "BREAKDOWN_BRACKETS",
    "BREAKDOWN_WORD", "CN_NUMERAL_BLOCKERS", "CONDITION_PATTERNS", "COUNTED_UNITS",
    "DEFERRED_MARKERS", "EACH_WORDS", "HALF_BEFORE_UNIT_BLOCKERS", "HEADCOUNT_MEASURES",
    "HEADCOUNT_WORDS", "LOWER_AFTER", "LOWER_BEFORE", "OPEN_ENDED_MARKERS", "PARTY_JOINERS",
    "PER_HEAD_BEFORE", "PER_INCREMENT_MARKERS", "PIECE_SEPARATORS", "PRODUCT_SIGNS",
    "PRODUCT_UNITS", "RANGE_SEPARATORS", "SCOPE_FILLERS", "SENTENCE_SEPARATORS",
    "TOTAL_MARKERS", "TURNAROUND_AFTER", "UNITS", "UNIT_WORD_TAILS", "UPPER_AFTER",
    "UPPER_BEFORE", "VARYING_MARKERS", "WORK_ITEMS", "ZERO_MARKERS",
]  # fmt: skip

#: Unit words → unit code. Longest spelling is tried first, so ``天``/``日`` are calendar days
#: only when they are not the end of ``人天``/``人日``/``人·天``/``人/天``/``工作日``. Weeks and
#: months keep their own unit: they are never converted to days.
UNITS: dict[str, str] = {
    "人天": "person_day", "人日": "person_day", "人·天": "person_day", "人・天": "person_day",
    "人/天": "person_day", "人／天": "person_day",
    "工作日": "working_day", "天": "day", "日": "day",
    "周": "week", "星期": "week", "月": "month",
}  # fmt: skip
#: Units that count only right after ``个`` (``3个月``, ``一个半月``): a bare ``5月`` is a date.
COUNTED_UNITS: tuple[str, ...] = ("月",)
#: Last character of a unit → characters that, right after it, make the unit part of another
#: word: 日志/日常/日程/日历, 周年/周岁/周期/周末/周边.
UNIT_WORD_TAILS: dict[str, str] = {"日": "志常程历", "周": "年岁期末边"}
#: A ``半`` between a figure and these units is not "and a half": ``一个半天`` is one half-day
#: or one and a half days, so it stays unread (``一天半``/``一个半工作日`` are read).
HALF_BEFORE_UNIT_BLOCKERS: tuple[str, ...] = ("天",)
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
#: Phrases (regex) saying more effort is assessed or counted apart from the stated figure
#: (``个性化需求另计``, ``对接工作量另行评估``): a figure beside one is a floor (max None).
DEFERRED_MARKERS: tuple[str, ...] = (
    r"另行(?:评估|计算|核算|计费|商定|确定|报价)",
    r"另计",
    r"单独(?:评估|计算|核算|计费)",
    r"另外(?:评估|计算)",
)
#: Phrases (regex) opening a per-increment clause (``每增加1个部门增加1人天``): its figure is a
#: rate, never the headline, and it leaves the headline's top open.
PER_INCREMENT_MARKERS: tuple[str, ...] = (r"每(?:增加|新增|追加|多增加|多接入|多)",)
#: Phrases (regex) saying the stated figure itself may grow (``视情况增加``): its top is open.
#: ``视情况而定`` is not one: it is an ``OPEN_ENDED_MARKERS`` phrase.
VARYING_MARKERS: tuple[str, ...] = (r"视情况(?!而定)",)
#: Phrases (regex) saying the effort is decided later or elsewhere; the clause is open-ended.
#: Beside a figure, one with a scope of its own (``大批量的用户开设申请，需要根据实际需求而定``)
#: is another case and leaves that figure whole; see ``normalizers.effort_headline``.
OPEN_ENDED_MARKERS: tuple[str, ...] = (
    r"(?:需要?)?根据.*?而定",
    r"(?:需要?)?视(?![频图觉野察力为化])[^视]*?而定",  # not 视频/视图/视化 (可视化)…
    r"按(?![钮键时期])[^按]*?(?:进行)?计算",
    r"按(?![钮键时期])[^按]*?需求",
    r"待定",
    r"面议",
    *DEFERRED_MARKERS,
    *PER_INCREMENT_MARKERS,
    *VARYING_MARKERS,
)
#: Right after a figure in working days or days (regex, after its ``内``): the figure is a
#: turnaround time (``5个工作日内反馈评估结果``), not effort. Beside an open-ended clause with
#: no figure (``对接工作量另行评估``) it is kept as a component but never the headline.
TURNAROUND_AFTER: tuple[str, ...] = (
    "反馈", "答复", "回复", "办结", "响应", "出具", "给出", "告知", "完成评估", "完成审核",
)  # fmt: skip
#: Phrases (regex) stating that integration costs nothing: the figure is 0 (unit None). Only
#: read when no clause of the phrase has a figure; a figure elsewhere wins.
ZERO_MARKERS: tuple[str, ...] = (
    r"(?:无需|无须|不需要|不需)(?:对接|实施)?工作量",
    r"无(?:对接|实施)?工作量",
    r"(?:无需|无须|不需要)对接",
    r"(?:无需|无须|不需要|不需)(?:额外)?(?:人力|人员)?投入",
    r"无(?:人力|人员)?投入",
)
#: Words (regex fragments) opening a clause that states the total (``共3人天``,
#: ``总工作量为3人天``); longest first. ``共`` is not one in 共享/共建/共用/共同/共有/共性/公共.
TOTAL_MARKERS: tuple[str, ...] = (
    "总工作量", "总共", "总计", "合计", "共计", "一共", "累计", "(?<!公)共(?![享建用同有性])",
)  # fmt: skip
#: A leading context piece that fully matches one of these is a condition, not the scope.
CONDITION_PATTERNS: tuple[str, ...] = (r"在.*(?:情况|前提)下", r"视.*", r"根据.*", r"[如若].*")
#: Suffixes (regex) stripped, repeatedly, from the end of a scope; total markers too.
SCOPE_FILLERS: tuple[str, ...] = (
    r"(?:的)?(?:具体)?(?:实施)?(?:总)?工作量(?:为|在|是)?",
    r"(?<![行作认成因称以])为",  # not 行为/作为/认为…
    r"(?<![但于就或总只还])是",  # not 但是/于是/就是…
    r"[：:]",
    r"预计|具体|(?<!按)需要?",
    *TOTAL_MARKERS,
)
#: A piece starting with this word opens a breakdown of the preceding total.
BREAKDOWN_WORD = "其中"
#: A bracket group (opener → closer) whose content starts with a party and states a figure is
#: a breakdown of the figure before it: ``5人天（应用单位3人天，平台单位2人天）``.
BREAKDOWN_BRACKETS: dict[str, str] = {"（": "）", "(": ")"}
#: Between two party clauses these join like a comma: ``应用单位2人天、平台单位2人天``. They
#: split only where the text before states a figure and a party follows.
PARTY_JOINERS = "、"
SENTENCE_SEPARATORS = "；;。"
PIECE_SEPARATORS = "，,"
#: Separators inside these brackets do not split: ``（开设虚拟机，配置网络）``.
BRACKETS: dict[str, str] = {"（": "）", "(": ")", "【": "】", "[": "]", "《": "》"}
#: Between two figures, these join additive clauses: ``开发3人天+联调2人天`` is 5 person-days.
#: (Regex fragments.) They split a piece only where both sides state a figure.
ADDITIVE_JOINERS: tuple[str, ...] = (r"[+＋]",)
#: Between two figures, these join alternatives: ``1人天（远程）/2人天（现场）`` is 1–2. A
#: slash inside the unit ``人/天`` is not one. (Regex fragments; longest first.)
ALTERNATIVE_JOINERS: tuple[str, ...] = (r"(?<!人\s*)[/／](?!\s*天)", "或者", "或")
#: Words (regex) naming one of several ways to do the work; clauses that each name one are
#: alternatives (``远程1人天，现场2人天``, ``方式一…；方式二…``): the headline is their range.
ALTERNATIVE_WORDS: tuple[str, ...] = (
    "远程", "现场", "线上", "线下", "上门",
    r"(?:方式|方案|选项)[一二三四五1-5]", r"第[一二三四五1-5]种(?:方式|方案)",
)  # fmt: skip
#: Work items and phases (regex): clauses that each name a different one are parts of the
#: work, and the headline is their sum (``接口开发2人天，测试1人天`` is 3). Words every
#: clause of a catalog says (对接, 接入, 实施) are deliberately absent: they tell nothing.
WORK_ITEMS: tuple[str, ...] = (
    r"第[一二三四五六七八九十0-9]+(?:阶段|期|步)", r"阶段[一二三四五六七八九十0-9]+",
    r"[一二三四五六七八九十0-9]期", "前期", "后期",
    "需求调研", "调研", "需求分析", "设计", "开发", "联调", "调试", "测试", "部署", "安装",
    "培训", "上线", "试运行", "验收", "迁移", "改造",
)  # fmt: skip
#: Right before a figure, these say it is each party's (``应用单位、平台单位各2人天``): the
#: headline is the figure times the parties named, or unread when no parties are named.
EACH_WORDS: tuple[str, ...] = ("各自", "各", "分别", r"(?<!平)均")
#: Between a head count and a duration (``2人×2天``, ``2人*2天``, ``2人x2天``). A head count
#: right before a duration multiplies it with no sign too (``2人2天``, ``两个人三天``).
PRODUCT_SIGNS = "×xX*＊✕"
#: Measure words between a head count's number and its person word: 两个人, 2名人员, 3位.
HEADCOUNT_MEASURES: tuple[str, ...] = ("个", "名", "位")
#: Words (regex fragments) for the people of a head count; longest first.
HEADCOUNT_WORDS: tuple[str, ...] = ("技术人员", "工程师", "人员", "人")
#: Unit code of a duration → unit code of a head count times it. Weeks and months are never
#: converted, so ``2人×2周`` has no unit and is left unread.
PRODUCT_UNITS: dict[str, str] = {"day": "person_day", "working_day": "person_day"}
#: Right before a duration these make it per person with no head count (``每人2天``): unread.
PER_HEAD_BEFORE: tuple[str, ...] = ("每人", "人均", "每名人员")
