"""Hand-checked gold values for ``tests/data/jimei-catalog.txt``, a second district's edition.

The edition (集美区, invented but plausible resources, 18 entries) is a text export of a PDF in
the same overall format as the bundled 海沧区 edition, by a different author: entries flow on
across pages instead of each starting a new page, several label numbering styles are mixed, and
every effort, contact and network shape listed in ``VARIATIONS`` appears at least once.

Conventions of the values (derived by hand from the text, then re-read against it):

* Text fields are the cleaned text: spurious spaces between two Chinese characters removed, wrapped
  lines re-joined without separator, a space between Latin/digit and Chinese kept as written
  (``IP 地址``, ``HTTP 接口``).
* ``network_types``: canonical types (政务外网 / 政务内网 / 互联网) in written order without
  duplicates; ``电子政务外网`` is 政务外网; an unknown type is kept as written (``视频专网``).
* ``first_function`` / ``access_targets``: item text without its ``（n）`` marker and without a
  trailing ``；，、``; a final ``。`` is kept.
* ``supporting_docs``: titles inside 《》 of 配套措施, in order, without duplicates.
* ``effort``: ``(min, max, unit, open_ended)``; unit ``person_day`` (人天/人日/人·天/人/天),
  ``working_day`` (工作日), ``day``, ``week``, ``month`` or None. A stated zero (无需…工作量) is
  ``(0.0, 0.0, None, False)``; open-ended without a figure ``(None, None, None, True)``.
  Whether a figure is approximate (entry 15: 约2周) is not part of the tuple.
* ``effort_parties``: ``(party, min, max)`` for every clause naming 应用单位/平台单位 with a
  figure, in written order, else ``()``.
* ``contact_phone``: digits of the first number including the area code; ``contact_phones`` all
  numbers in order, a number with an extension written ``"05926068120;ext=8012"``.
* ``page_start`` / ``page_end``: page 1 starts at the first line; a new page starts at a line
  beginning with exactly one ASCII space, and at the first content line after a stray page-number
  line (a lone 1-3 digit line preceded by three blank lines); here the two always coincide and
  count once. A ``　　`` (U+3000) indent does not start a page, and the lone digit lines ``2024``
  (entry 5) and ``15`` (entry 9), preceded by one blank line only, are content, not page numbers.
  The file has 31 pages; stray page numbers ``11``, ``17``, ``22``, ``27`` end pages 9, 15, 20, 25.

Where each variation is (entry numbers, also in ``VARIATIONS``):

* labels: ``（二）对接说明：`` 2; ``(二)对接说明`` 6; ``1、资源名称`` style 4; ``1．资源名称`` style 8;
  ``１．资源名称`` style 12; ``3. 网络类型：政务外网`` 10; ``5.对接工作量说明`` 3;
  ``5 . 对接工作量说明`` 11.
* lone digit content lines: ``2024`` in 5 (…系统于 / 2024 / 年建成…), ``15`` in 9
  (…全区共接入 / 15 / 个部门…), both in 基本情况.
* ``　　`` indented 基本情况 paragraphs: 14 (two paragraphs).
* inline numbering as body text in 基本情况: ``一是…；二是…；三是…`` 15; ``（1）…、（2）…、（3）…`` 16.
* spurious spaces in justified lines: 1, 7, 13 (基本情况), 15 (建设单位职能, also before ``，``).
* stray page numbers: ``11`` before the heading of 6 (after the last line of 5); ``17`` in 9 before
  the part line ``（二）对接说明``; ``22`` in 12 before the label ``１．功能和服务``; ``27`` in 15 after
  a line ending in ``。`` (function item (1)), before item (2).
* a page starts inside a paragraph (3 建设单位职能, file line 169; 17 基本情况, line 1181), at a list
  item (2 接入对象 item (1), line 127), at the effort text (11, line 799) and at a part line
  (18, line 1225, its heading standing alone at the foot of the previous page).
* supporting documents: a title with Latin text 5 (``集美区政务短信平台 HTTP 接口规范``); a title
  repeated in 配套措施 10 (kept once).

Unsure / judgement calls (see also the comments at the entries):

* entry 8 (``应用单位5人天；平台单位3人天。``) states no total; the gold headline is the sum of the
  two parties, 8 person-days.
* entry 1 (``两三个工作日``) is read as the range 2-3 working days.
* entry 12 (``2人/天``) and entry 7 (``3人·天``) are person-days.
"""

from __future__ import annotations

ENTRY_COUNT = 18

PD, WD = "person_day", "working_day"
APP, PLAT = "应用单位", "平台单位"
OUT, IN, NET = "政务外网", "政务内网", "互联网"
DSJ = "集美区大数据服务中心"
SP = "集美区行政审批局"
ALL_DEPTS = ("全区各政务部门",)

VARIATIONS: dict[str, int | tuple[int, ...]] = {
    # labels and layout
    "part_label_trailing_colon": 2,  # （二）对接说明：
    "part_label_half_width": 6,  # (二)对接说明
    "label_number_ideographic_comma": 4,  # 1、资源名称 … 6、联系方式
    "label_number_fullwidth_dot": 8,  # 1．资源名称 … 6．联系方式
    "label_number_fullwidth_digit": 12,  # １．资源名称 … ６．联系方式
    "label_content_after_colon": 10,  # 3. 网络类型：政务外网
    "lone_digits_content_2024": 5,
    "lone_digits_content_15": 9,
    "overview_ideographic_indent": 14,
    "label_spacing_no_space": 3,  # 5.对接工作量说明
    "label_spacing_spaced_dot": 11,  # 5 . 对接工作量说明
    "overview_inline_yi_shi_er_shi": 15,
    "overview_inline_paren_numbers": 16,
    "spurious_spaces": (1, 7, 13, 15),
    "stray_page_number_before_heading": 6,
    "stray_page_number_before_part": 9,
    "stray_page_number_before_label": 12,
    "stray_page_number_after_period": 15,
    "supporting_doc_with_latin_text": 5,
    "supporting_doc_repeated": 10,
    # effort shapes (5. 对接工作量说明)
    "effort_parties_then_total": 5,  # 应用单位2人天，平台单位1人天，共3人天
    "effort_parties_semicolon_no_total": 8,  # 应用单位5人天；平台单位3人天
    "effort_total_with_parenthesised_parties": 9,  # 5人天（应用单位3人天，平台单位2人天）
    "effort_total_then_qizhong_dunhao": 4,  # 共4人天，其中应用单位2人天、平台单位2人天
    "effort_liang_san_working_days": 1,  # 两三个工作日
    "effort_one_and_a_half_working_days": 2,  # 一个半工作日
    "effort_two_and_a_half_working_days": 6,  # 两个半工作日
    "effort_ren_dot_tian": 7,  # 3人·天
    "effort_ren_slash_tian": 12,  # 2人/天
    "effort_wuxu_duijie_gongzuoliang": 13,  # 无需对接工作量
    "effort_wuxu_gongzuoliang": 14,  # 无需工作量
    "effort_about_two_weeks": 15,  # 约2周
    "effort_one_to_two_months": 11,  # 1-2个月
    "effort_open_ended": 16,  # 需根据实际需求而定
    "effort_plain_person_days": 10,  # 10人天
    "effort_classic_breakdown": 3,  # 实施工作量 15 人天，其中应用单位接入实施 10 人天，平台单位配合对接实施 5 人天。
    "effort_range_person_days": 17,  # 1-3 人天 (extra)
    "effort_ren_ri": 18,  # 2 人日 (extra)
    # contacts (6. 联系方式)
    "contact_fullwidth_area_brackets": 2,  # （0592）6068121
    "contact_extension": 1,  # 0592-6068120 转 8012
    "contact_mobile": 4,  # 13959271234
    "contact_two_numbers_semicolon": 5,  # 0592-6068122；0592-6068123
    "contact_two_numbers_dunhao": 6,  # 0592-6213456、13806051234
    "contact_person": 3,  # 联系人：李工，电话：0592-6212345
    "contact_service_line_5_digits": 18,  # 12345
    # networks (3. 网络类型)
    "network_dianzi_zhengwu_waiwang": 1,  # 电子政务外网
    "network_with_parenthesised_alias": 2,  # 政务外网（电子政务外网）
    "network_slash": (5, 13),  # 政务外网/互联网
    "network_he": 6,  # 政务外网和互联网
    "network_fullwidth_comma": (3, 16),  # 政务外网，政务内网
    "network_unknown_type": 7,  # 政务外网、视频专网
}

GOLD: dict[int, dict] = {
    1: {
        "name": "政务云主机服务",
        "builder_unit": DSJ,
        "network_types": (OUT,),
        "functions_count": 3,
        "first_function": "提供云主机开通、变更、回收服务，支持多种操作系统模板，可根据业务负载弹性调整计算和存储资源。",
        "access_targets": ("全区各政务部门、各镇街",),
        "supporting_docs": ("集美区政务云资源申请表", "集美区政务信息系统上云迁移规范"),
        "effort": (2.0, 3.0, WD, False),  # 两三个工作日
        "effort_parties": (),
        "contact_phone": "05926068120",
        "contact_phones": ("05926068120;ext=8012",),
        "contact_extension": "8012",
        "contact_person": None,
        "page_start": 1,
        "page_end": 2,
    },
    2: {
        "name": "政务外网接入服务",
        "builder_unit": DSJ,
        "network_types": (OUT,),
        "functions_count": 2,
        "first_function": "为新建或搬迁的单位提供政务外网线路开通、IP 地址分配及接入设备配置服务。",
        "access_targets": ("区直各部门", "各镇街及村（居）便民服务站。"),
        "supporting_docs": ("集美区电子政务外网接入申请表",),
        "effort": (1.5, 1.5, WD, False),  # 一个半工作日
        "effort_parties": (),
        "contact_phone": "05926068121",
        "contact_phones": ("05926068121",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 2,
        "page_end": 4,
    },
    3: {
        "name": "统一身份认证平台",
        "builder_unit": DSJ,
        "network_types": (OUT, IN),
        "functions_count": 3,
        "first_function": "提供统一用户管理服务，支持公务人员账号的新增、变更、注销及组织机构同步。",
        "access_targets": ("全区各政务部门业务系统",),
        "supporting_docs": ("集美区统一身份认证平台接入规范", "集美区业务系统接入申请表"),
        "effort": (15.0, 15.0, PD, False),
        "effort_parties": ((APP, 10.0, 10.0), (PLAT, 5.0, 5.0)),
        "contact_phone": "05926212345",
        "contact_phones": ("05926212345",),
        "contact_extension": None,
        "contact_person": "李工",
        "page_start": 4,
        "page_end": 6,
    },
    4: {
        "name": "电子印章服务平台",
        "builder_unit": SP,
        "network_types": (OUT,),
        "functions_count": 3,
        "first_function": "提供电子印章在线申领、制作及备案服务。",
        "access_targets": ("全区各政务部门及镇街便民服务中心。",),
        "supporting_docs": ("集美区电子印章申领表", "电子印章系统签章接口说明"),
        "effort": (4.0, 4.0, PD, False),  # 共4人天，其中应用单位2人天、平台单位2人天
        "effort_parties": ((APP, 2.0, 2.0), (PLAT, 2.0, 2.0)),
        "contact_phone": "13959271234",
        "contact_phones": ("13959271234",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 6,
        "page_end": 8,
    },
    5: {
        "name": "政务短信服务平台",
        "builder_unit": DSJ,
        "network_types": (OUT, NET),
        "functions_count": 1,
        "first_function": "提供标准的短信发送 HTTP 接口，各单位业务系统无需单独对接运营商，调用接口即可发送政务短信，并可查询发送状态及回执。",
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("集美区政务短信平台 HTTP 接口规范",),
        "effort": (3.0, 3.0, PD, False),  # 应用单位2人天，平台单位1人天，共3人天
        "effort_parties": ((APP, 2.0, 2.0), (PLAT, 1.0, 1.0)),
        "contact_phone": "05926068122",
        "contact_phones": ("05926068122", "05926068123"),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 8,
        "page_end": 9,
    },
    6: {
        "name": "视频会议系统",
        "builder_unit": DSJ,
        "network_types": (OUT, NET),
        "functions_count": 2,
        "first_function": "提供区、镇街两级视频会议组会及会议保障服务。",
        "access_targets": ("区直各部门", "各镇街。"),
        "supporting_docs": ("集美区视频会议使用申请表",),
        "effort": (2.5, 2.5, WD, False),  # 两个半工作日
        "effort_parties": (),
        "contact_phone": "05926213456",
        "contact_phones": ("05926213456", "13806051234"),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 10,
        "page_end": 11,
    },
    7: {
        "name": "公共视频监控共享平台",
        "builder_unit": "厦门市公安局集美分局",
        "network_types": (OUT, "视频专网"),
        "functions_count": 2,
        "first_function": "提供实时视频调阅及历史录像回放服务。",
        "access_targets": ("经授权的区直部门及镇街综治中心。",),
        "supporting_docs": ("集美区公共视频资源调阅申请表", "公共视频资源共享使用管理办法"),
        "effort": (3.0, 3.0, PD, False),  # 3人·天
        "effort_parties": (),
        "contact_phone": "05926201110",
        "contact_phones": ("05926201110",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 11,
        "page_end": 13,
    },
    8: {
        "name": "政务数据共享交换平台",
        "builder_unit": DSJ,
        "network_types": (OUT, IN),
        "functions_count": 3,
        "first_function": "提供数据目录编制与发布服务",
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("集美区政务数据共享申请表", "政务数据共享交换平台接入指南"),
        # 应用单位5人天；平台单位3人天 -- no total is written: the headline is the parties' sum.
        "effort": (8.0, 8.0, PD, False),
        "effort_parties": ((APP, 5.0, 5.0), (PLAT, 3.0, 3.0)),
        "contact_phone": "05926068125",
        "contact_phones": ("05926068125",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 13,
        "page_end": 15,
    },
    9: {
        "name": "集美区网上办事大厅",
        "builder_unit": SP,
        "network_types": (OUT, NET),
        "functions_count": 3,
        "first_function": "提供统一的事项申报、材料上传、进度查询和结果送达服务。",
        "access_targets": ("有政务服务事项的区直各部门", "各镇街便民服务中心。"),
        "supporting_docs": ("集美区政务服务事项对接规范",),
        "effort": (5.0, 5.0, PD, False),  # 5人天（应用单位3人天，平台单位2人天）
        "effort_parties": ((APP, 3.0, 3.0), (PLAT, 2.0, 2.0)),
        "contact_phone": "05926061234",
        "contact_phones": ("05926061234",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 15,
        "page_end": 16,
    },
    10: {
        "name": "电子证照共享服务",
        "builder_unit": SP,
        "network_types": (OUT,),
        "functions_count": 4,
        "first_function": "提供电子证照目录查询服务。",
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("集美区电子证照用证申请表",),  # named twice in 配套措施
        "effort": (10.0, 10.0, PD, False),
        "effort_parties": (),
        "contact_phone": "05926061235",
        "contact_phones": ("05926061235",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 16,
        "page_end": 18,
    },
    11: {
        "name": "地理信息公共服务平台",
        "builder_unit": "厦门市自然资源和规划局集美分局",
        "network_types": (OUT,),
        "functions_count": 3,
        "first_function": "提供矢量电子地图、影像地图等底图服务",
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("地理信息公共服务平台服务申请表",),
        "effort": (1.0, 2.0, "month", False),  # 1-2个月
        "effort_parties": (),
        "contact_phone": "05926210321",
        "contact_phones": ("05926210321",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 18,
        "page_end": 20,
    },
    12: {
        "name": "协同办公系统",
        "builder_unit": "集美区人民政府办公室",
        "network_types": (IN,),
        "functions_count": 3,
        "first_function": "提供公文收发、流转及归档服务。",
        "access_targets": ("区直各部门及各镇街。",),
        "supporting_docs": ("协同办公系统账号及流程申请表",),
        "effort": (2.0, 2.0, PD, False),  # 2人/天
        "effort_parties": (),
        "contact_phone": "05926068126",
        "contact_phones": ("05926068126",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 20,
        "page_end": 21,
    },
    13: {
        "name": "政务邮箱系统",
        "builder_unit": DSJ,
        "network_types": (OUT, NET),
        "functions_count": 1,
        "first_function": "为公务人员开设统一域名的电子邮箱，提供邮件收发、通讯录、网络硬盘等服务。",
        "access_targets": ("全区公务人员",),
        "supporting_docs": ("集美区政务邮箱开通申请表",),
        "effort": (0.0, 0.0, None, False),  # 无需对接工作量
        "effort_parties": (),
        "contact_phone": "05926068127",
        "contact_phones": ("05926068127",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 21,
        "page_end": 23,
    },
    14: {
        "name": "政务网盘系统",
        "builder_unit": DSJ,
        "network_types": (OUT,),
        "functions_count": 3,
        "first_function": "提供个人文件云端存储服务",
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("政务网盘使用指南",),
        "effort": (0.0, 0.0, None, False),  # 无需工作量
        "effort_parties": (),
        "contact_phone": "05926068128",
        "contact_phones": ("05926068128",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 23,
        "page_end": 24,
    },
    15: {
        "name": "网格化服务管理平台",
        "builder_unit": "中共厦门市集美区委政法委员会",
        "network_types": (OUT,),
        "functions_count": 3,
        "first_function": "提供网格事件上报及协同处置接口。",
        "access_targets": ("区直有关部门", "各镇街、村（居）。"),
        "supporting_docs": ("集美区网格化事件协同处置接口规范", "网格化服务管理平台账号申请表"),
        "effort": (2.0, 2.0, "week", False),  # 约2周 (approximate)
        "effort_parties": (),
        "contact_phone": "05926213123",
        "contact_phones": ("05926213123",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 25,
        "page_end": 26,
    },
    16: {
        "name": "大数据分析平台",
        "builder_unit": DSJ,
        "network_types": (OUT, IN),
        "functions_count": 3,
        "first_function": "提供数据清洗、转换和质量检测服务。",
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("集美区大数据分析平台使用申请表",),
        "effort": (None, None, None, True),  # 需根据实际需求而定
        "effort_parties": (),
        "contact_phone": "05926068129",
        "contact_phones": ("05926068129",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 26,
        "page_end": 28,
    },
    17: {
        "name": "应急指挥调度平台",
        "builder_unit": "集美区应急管理局",
        "network_types": (OUT, IN),
        "functions_count": 4,
        "first_function": "提供突发事件信息接报及推送服务",
        "access_targets": ("区应急委成员单位", "各镇街。"),
        "supporting_docs": ("集美区应急指挥调度平台接入申请表",),
        "effort": (1.0, 3.0, PD, False),  # 1-3 人天
        "effort_parties": (),
        "contact_phone": "05926216110",
        "contact_phones": ("05926216110",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 28,
        "page_end": 29,
    },
    18: {
        "name": "便民服务热线工单平台",
        "builder_unit": "集美区便民服务热线中心",
        "network_types": (OUT,),
        "functions_count": 2,
        "first_function": "提供工单派发及办理反馈接口",
        "access_targets": ("全区各承办单位",),
        "supporting_docs": ("便民服务热线工单对接规范",),
        "effort": (2.0, 2.0, PD, False),  # 2 人日
        "effort_parties": (),
        "contact_phone": "12345",
        "contact_phones": ("12345",),
        "contact_extension": None,
        "contact_person": None,
        "page_start": 29,
        "page_end": 31,
    },
}
