"""Hand-checked gold values for ``tests/data/tongan-catalog.txt``, a fourth district's edition.

The edition (同安区, invented but plausible resources, 22 entries) is a text export of a PDF
written DIFFERENTLY from the 海沧/集美 template, so that no bundled profile reads it and a profile
must be drafted from it (``pipeline.profile_draft``):

* parts ``（一）资源基本信息`` / ``（二）资源对接信息`` (not 资源概况/对接说明);
* labels ``资源名称 主管单位 承建单位 承建单位职责 网络环境 资源简介`` in part 1 and
  ``主要功能 服务对象 配套材料 对接流程 对接工作量 联系方式`` in part 2; no ``建设单位概况`` group
  label; ``主管单位`` is a label no profile key covers: its text is an extra section
  (``other_sections``), never glued onto the name or the builder unit;
* label numbering mixed per occurrence (``1、`` ``1.`` ``1．`` ``（1）`` ``(1)`` ``1）``), restarting
  at 1 in each part; a short value inline (``1、资源名称：政务云平台``), a long one on the lines
  after the label (written ``4．承建单位职责：`` or ``（4）承建单位职责``);
* every physical line followed by a blank line, paragraphs hard-wrapped at about 30 characters;
  each page starts with the running header `` 同安区可共用可复用可对接资源目录`` (the one leading
  space marks the page start) and ends with the footer ``第 N 页 共 22 页``.

Conventions of the values (derived by hand from the text, then re-read against it):

* Text fields are the cleaned text: wrapped lines re-joined without separator, a space between
  Latin words kept as written (``SSL VPN``).
* ``builder_duties_start``: the first 10 characters of 承建单位职责.
* ``network_types``: canonical types (政务外网 / 互联网) in written order without duplicates;
  ``电子政务外网`` is 政务外网.
* ``functions``: every item of 主要功能, in order, without its marker (``一是`` ``1）`` ``①``
  ``（1）``) and without a trailing ``；，、``; a final ``。`` is kept. A paragraph of
  ``；``-separated sentences without any marker (entries 5, 10, 15, 22) is an unnumbered list:
  one item per sentence, split at ``；`` (``extractors.items``' rule; a ``，`` inside a sentence
  does not split it: 5's ``记录用户登录日志，支持安全审计。``).
* ``access_targets``: 服务对象 as items the same way (here always one item, ``、`` and ``及``
  inside it kept).
* ``supporting_docs``: titles inside 《》 of 配套材料, in order, without duplicates (a title
  named in 对接流程 is not one).
* ``effort``: ``(min, max, unit, open_ended)``; unit ``person_day`` (人天), ``working_day``
  (个工作日), ``week`` (周). A stated zero (无需对接工作量) is ``(0.0, 0.0, None, False)``;
  open-ended without a figure (需根据实际需求而定) ``(None, None, None, True)``. A breakdown
  without a total (``应用单位2人天，平台单位1人天``) has the parties' sum as its headline, as in
  the 集美区 gold. Whether a figure is approximate (约5人天) is not part of the tuple.
* ``contact_phone``: digits of the first number including the area code; ``contact_phones``:
  all numbers in order, a number with an extension written ``"05927031234;ext=8012"``;
  ``contact_extension``: the first number's extension.
* ``contact_person``: the person named, labelled (``联系人：陈先生``) or not (``区数据管理局 林工
  0592-7021234``: 林工 is a person by the title 工 after a surname, between the unit and the
  number); None when the contact names none (``0592-7031234转8012``).
* ``other_sections``: ``((label as written without its number, its text),)``: here always
  ``主管单位``.
* ``page_start`` / ``page_end``: of the text export. Page 1 starts at the first line; a new page
  starts at a line beginning with exactly one ASCII space (the running header), which is also
  the first content line after the previous page's footer: the two coincide and count once.
  The running header and the footer are page furniture, never part of an entry. The file has
  22 pages. The PDF and Word renditions have pages of their own (their builders record them).

Where each variation is (entry numbers, also in ``VARIATIONS``):

* 主要功能 styles: ``一是…；二是…；三是…`` in one paragraph 1, 6, 12, 18; ``1）`` items on lines
  of their own 2, 7, 11, 16, 20 (16 and 20 with the label itself numbered ``1）主要功能：``);
  ``①②③`` inline 3, 13, 21 and on lines of their own 8, 17; ``（1）…；（2）…`` inline 4, 9, 14,
  19; ``；``-separated sentences without markers 5, 10, 15, 22.
* page breaks (file lines): mid-paragraph in 2 (对接流程, line 109), 9 (承建单位职责, 467), 11, 20,
  21 and 22 (资源简介: 585, 1079, 1133, 1189); a label alone at a page's foot, its text on the
  next page, in 8 (承建单位职责, 407), 10 (资源简介, 527) and 18 (主要功能, 977); a heading alone
  at a page's foot in 6 (285); a part line at a page's foot in 14 (753) and 19 (1029); a page
  starting at a part line in 13 (703); between two ``1）`` items in 16 (867 / 873).
"""

from __future__ import annotations

from typing import Any

ENTRY_COUNT = 22
PAGE_COUNT = 22

PD, WD, WEEK = "person_day", "working_day", "week"
OUT, NET = "政务外网", "互联网"
DSJ = "同安区大数据中心"
ZWFW = "同安区政务服务中心"
JGSW = "同安区机关事务服务中心"
ZLZX = "同安区社会治理指挥中心"
ALL_DEPTS = ("全区各政务部门",)
HEAD_SJ = (("主管单位", "同安区数据管理局"),)
HEAD_SP = (("主管单位", "同安区行政审批局"),)
HEAD_ZF = (("主管单位", "同安区人民政府办公室"),)
HEAD_ZFW = (("主管单位", "中共厦门市同安区委政法委员会"),)
ZERO = (0.0, 0.0, None, False)
OPEN = (None, None, None, True)

VARIATIONS: dict[str, int | tuple[int, ...]] = {
    # 主要功能
    "functions_yi_shi_er_shi": (1, 6, 12, 18),
    "functions_right_paren_lines": (2, 7, 11, 16, 20),
    "functions_right_paren_lines_under_right_paren_label": (16, 20),
    "functions_circled_inline": (3, 13, 21),
    "functions_circled_lines": (8, 17),
    "functions_paren_inline": (4, 9, 14, 19),
    "functions_semicolon_sentences_unmarked": (5, 10, 15, 22),
    "functions_latin_words": 18,  # SSL VPN
    # networks (网络环境)
    "network_zhengwu_waiwang": (1, 3, 6, 7, 9, 13, 14, 16, 21),
    "network_dianzi_zhengwu_waiwang": (2, 5, 8, 11, 15, 17, 20, 22),
    "network_hulianwang": (10, 19),
    "network_waiwang_dunhao_hulianwang": (4, 12, 18),
    # effort (对接工作量)
    "effort_person_days": (1, 14, 18),  # 2人天
    "effort_working_days": (2, 9, 15),  # 3个工作日
    "effort_weeks_range": (3, 11, 16),  # 1-2周
    "effort_stated_zero": (4, 10, 21),  # 无需对接工作量
    "effort_parties_without_total": (5, 8, 12, 19),  # 应用单位2人天，平台单位1人天
    "effort_about": (6, 13, 20),  # 约5人天
    "effort_open_ended": (7, 17, 22),  # 需根据实际需求而定
    # contacts (联系方式)
    "contact_unit_person_phone": (1, 4, 8, 10, 14, 16, 20, 22),  # 区数据管理局 林工 0592-…
    "contact_labelled_person_mobile": (2, 11),  # 联系人：陈先生，电话：138…
    "contact_labelled_person_landline": (5, 6, 9, 13, 18, 19),
    "contact_labelled_person_two_numbers": 15,  # 0592-7037700、13906001234
    "contact_extension": (3, 7, 12, 17, 21),  # 0592-7031234转8012
    # pages
    "page_break_mid_paragraph": (2, 9, 11, 20, 21, 22),
    "page_break_after_label_alone": (8, 10, 18),
    "page_break_after_heading": 6,
    "page_break_after_part": (14, 19),
    "page_starts_at_part": 13,
    "page_break_inside_item_list": 16,
    "entry_on_one_page": (1, 5),
}

GOLD: dict[int, dict[str, Any]] = {
    1: {
        "name": "政务云平台",
        "builder_unit": DSJ,
        "builder_duties_start": "负责全区政务云平台、",
        "network_types": (OUT,),
        "functions": (
            "提供云主机开通、变更和回收服务",
            "提供云存储和云数据库等基础资源服务",
            "提供云上安全防护和日常运维保障服务。",
        ),
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("同安区政务云资源申请表", "同安区政务信息系统上云管理办法"),
        "effort": (2.0, 2.0, PD, False),
        "contact_phone": "05927021234",
        "contact_phones": ("05927021234",),
        "contact_extension": None,
        "contact_person": "林工",
        "other_sections": HEAD_SJ,
        "page_start": 1,
        "page_end": 1,
    },
    2: {
        "name": "视频共享平台",
        "builder_unit": ZLZX,
        "builder_duties_start": "承担全区社会治理视频",
        "network_types": (OUT,),  # 电子政务外网
        "functions": (
            "提供实时视频点播和云台控制服务",
            "提供历史录像检索和回放服务",
            "提供视频资源目录查询和权限管理服务",
            "提供视频截图和片段下载服务。",
        ),
        "access_targets": ("经授权的区直部门及各镇街综治中心",),
        "supporting_docs": ("同安区公共视频资源调阅申请表", "同安区视频共享平台使用管理规定"),
        "effort": (3.0, 3.0, WD, False),
        "contact_phone": "13812345678",
        "contact_phones": ("13812345678",),
        "contact_extension": None,
        "contact_person": "陈先生",
        "other_sections": HEAD_ZFW,
        "page_start": 2,
        "page_end": 3,
    },
    3: {
        "name": "电子证照库",
        "builder_unit": ZWFW,
        "builder_duties_start": "负责全区电子证照的归",
        "network_types": (OUT,),
        "functions": (
            "提供电子证照目录查询服务",
            "提供电子证照在线核验服务",
            "提供电子证照照面信息调用接口。",
        ),
        "access_targets": ("全区有证照签发或用证需求的部门",),
        "supporting_docs": ("同安区电子证照用证申请表",),
        "effort": (1.0, 2.0, WEEK, False),
        "contact_phone": "05927031234",
        "contact_phones": ("05927031234;ext=8012",),
        "contact_extension": "8012",
        "contact_person": None,
        "other_sections": HEAD_SP,
        "page_start": 3,
        "page_end": 4,
    },
    4: {
        "name": "政务短信平台",
        "builder_unit": DSJ,
        "builder_duties_start": "负责政务短信平台的建",
        "network_types": (OUT, NET),
        "functions": (
            "提供短信发送标准接口",
            "提供发送状态和回执查询服务",
            "提供短信模板审核和发送统计服务。",
        ),
        "access_targets": ("全区各政务部门业务系统",),
        "supporting_docs": ("同安区政务短信平台接入申请表", "同安区政务短信平台接口规范"),
        "effort": ZERO,
        "contact_phone": "05927021235",
        "contact_phones": ("05927021235",),
        "contact_extension": None,
        "contact_person": "王工",
        "other_sections": HEAD_SJ,
        "page_start": 4,
        "page_end": 5,
    },
    5: {
        "name": "统一身份认证平台",
        "builder_unit": DSJ,
        "builder_duties_start": "负责统一身份认证平台",
        "network_types": (OUT,),  # 电子政务外网
        "functions": (
            "为各业务系统提供统一的用户登录和单点登录服务",
            "对公务人员账号和组织机构进行集中管理并同步至各系统",
            "记录用户登录日志，支持安全审计。",
        ),
        "access_targets": ("全区各政务部门业务系统",),
        "supporting_docs": ("同安区统一身份认证平台接入规范",),
        "effort": (3.0, 3.0, PD, False),  # 应用单位2人天，平台单位1人天
        "contact_phone": "05927025678",
        "contact_phones": ("05927025678",),
        "contact_extension": None,
        "contact_person": "黄女士",
        "other_sections": HEAD_SJ,
        "page_start": 5,
        "page_end": 5,
    },
    6: {
        "name": "地图服务平台",
        "builder_unit": "同安区测绘地理信息中心",
        "builder_duties_start": "负责全区基础地理信息",
        "network_types": (OUT,),
        "functions": (
            "提供矢量地图和影像地图底图服务",
            "提供地名地址查询和坐标定位服务",
            "提供专题图层叠加和空间分析服务。",
        ),
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("同安区地图服务使用申请表",),
        "effort": (5.0, 5.0, PD, False),  # 约5人天
        "contact_phone": "05927035566",
        "contact_phones": ("05927035566",),
        "contact_extension": None,
        "contact_person": "吴先生",
        "other_sections": (("主管单位", "厦门市自然资源和规划局同安分局"),),
        "page_start": 5,  # the heading alone at the foot of page 5
        "page_end": 6,
    },
    7: {
        "name": "电子印章系统",
        "builder_unit": ZWFW,
        "builder_duties_start": "负责全区电子印章的制",
        "network_types": (OUT,),
        "functions": (
            "提供电子印章在线申领和制作服务",
            "提供电子文件签章和批量签章接口",
            "提供签章文件验章服务。",
        ),
        "access_targets": ("全区各政务部门及镇街便民服务中心",),
        "supporting_docs": ("同安区电子印章申领表", "同安区电子印章使用管理办法"),
        "effort": OPEN,
        "contact_phone": "05927031235",
        "contact_phones": ("05927031235;ext=8015",),
        "contact_extension": "8015",
        "contact_person": None,
        "other_sections": HEAD_SP,
        "page_start": 6,
        "page_end": 7,
    },
    8: {
        "name": "政务数据共享交换平台",
        "builder_unit": DSJ,
        "builder_duties_start": "负责全区政务数据资源",
        "network_types": (OUT,),  # 电子政务外网
        "functions": (
            "提供数据资源目录编制和发布服务",
            "提供库表交换和接口调用等数据共享服务",
            "提供数据共享使用情况统计和审计服务。",
        ),
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("同安区政务数据共享申请表", "同安区政务数据共享交换平台接入指南"),
        "effort": (5.0, 5.0, PD, False),  # 应用单位3人天，平台单位2人天
        "contact_phone": "05927021236",
        "contact_phones": ("05927021236",),
        "contact_extension": None,
        "contact_person": "张工",
        "other_sections": HEAD_SJ,
        "page_start": 7,
        "page_end": 8,
    },
    9: {
        "name": "协同办公平台",
        "builder_unit": JGSW,
        "builder_duties_start": "负责全区协同办公平台",
        "network_types": (OUT,),
        "functions": (
            "提供公文收发、流转和归档服务",
            "提供会议通知和督查督办服务",
            "提供通讯录和即时消息服务。",
        ),
        "access_targets": ("区直各部门及各镇街",),
        "supporting_docs": ("同安区协同办公平台账号申请表",),
        "effort": (3.0, 3.0, WD, False),
        "contact_phone": "05927030001",
        "contact_phones": ("05927030001",),
        "contact_extension": None,
        "contact_person": "郑女士",
        "other_sections": HEAD_ZF,
        "page_start": 8,
        "page_end": 9,
    },
    10: {
        "name": "政务邮箱系统",
        "builder_unit": DSJ,
        "builder_duties_start": "负责政务邮箱系统的建",
        "network_types": (NET,),
        "functions": (
            "为公务人员开设统一域名的电子邮箱",
            "提供邮件收发、通讯录和网络硬盘服务",
            "对邮件进行病毒查杀和垃圾邮件过滤。",
        ),
        "access_targets": ("全区公务人员",),
        "supporting_docs": ("同安区政务邮箱开通申请表",),
        "effort": ZERO,
        "contact_phone": "05927021234",
        "contact_phones": ("05927021234",),
        "contact_extension": None,
        "contact_person": "林工",
        "other_sections": HEAD_SJ,
        "page_start": 9,
        "page_end": 10,
    },
    11: {
        "name": "视频会议系统",
        "builder_unit": JGSW,
        "builder_duties_start": "负责全区视频会议系统",
        "network_types": (OUT,),  # 电子政务外网
        "functions": (
            "提供区、镇街两级视频会议组会服务",
            "提供桌面端和移动端入会服务",
            "提供会议录制和回放服务。",
        ),
        "access_targets": ("区直各部门及各镇街",),
        "supporting_docs": ("同安区视频会议使用申请表",),
        "effort": (1.0, 2.0, WEEK, False),
        "contact_phone": "13812345679",
        "contact_phones": ("13812345679",),
        "contact_extension": None,
        "contact_person": "陈先生",
        "other_sections": HEAD_ZF,
        "page_start": 10,
        "page_end": 11,
    },
    12: {
        "name": "一网通办平台",
        "builder_unit": ZWFW,
        "builder_duties_start": "负责全区政务服务事项",
        "network_types": (OUT, NET),
        "functions": (
            "提供统一的事项申报和材料上传服务",
            "提供办件进度查询和结果送达服务",
            "提供与部门业务审批系统的数据对接接口。",
        ),
        "access_targets": ("有政务服务事项的区直各部门",),
        "supporting_docs": ("同安区政务服务事项对接规范",),
        "effort": (3.0, 3.0, PD, False),  # 应用单位2人天，平台单位1人天
        "contact_phone": "05927031236",
        "contact_phones": ("05927031236;ext=8020",),
        "contact_extension": "8020",
        "contact_person": None,
        "other_sections": HEAD_SP,
        "page_start": 11,
        "page_end": 12,
    },
    13: {
        "name": "电子档案管理系统",
        "builder_unit": "同安区档案馆",
        "builder_duties_start": "负责全区电子档案的接",
        "network_types": (OUT,),
        "functions": (
            "提供电子文件在线归档接口",
            "提供档案检索和在线借阅服务",
            "提供档案四性检测服务。",
        ),
        "access_targets": ("全区各机关事业单位",),
        "supporting_docs": ("同安区电子文件归档接口规范",),
        "effort": (5.0, 5.0, PD, False),  # 约5人天
        "contact_phone": "05927036688",
        "contact_phones": ("05927036688",),
        "contact_extension": None,
        "contact_person": "许工",
        "other_sections": (("主管单位", "同安区档案馆"),),
        "page_start": 12,
        "page_end": 13,
    },
    14: {
        "name": "便民服务热线工单系统",
        "builder_unit": "同安区便民服务热线中心",
        "builder_duties_start": "负责全区便民服务热线",
        "network_types": (OUT,),
        "functions": (
            "提供工单派发和办理反馈接口",
            "提供工单办理时限预警服务",
            "提供诉求热点统计分析服务。",
        ),
        "access_targets": ("全区各承办单位",),
        "supporting_docs": ("同安区便民服务热线工单对接规范",),
        "effort": (2.0, 2.0, PD, False),
        "contact_phone": "05927038899",
        "contact_phones": ("05927038899",),
        "contact_extension": None,
        "contact_person": "何工",
        "other_sections": HEAD_ZF,
        "page_start": 13,
        "page_end": 14,
    },
    15: {
        "name": "信用信息共享平台",
        "builder_unit": "同安区信用服务中心",
        "builder_duties_start": "负责全区公共信用信息",
        "network_types": (OUT,),  # 电子政务外网
        "functions": (
            "提供市场主体信用信息查询服务",
            "为审批和监管部门提供信用核查接口",
            "按季度生成各部门信用信息归集情况报告。",
        ),
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("同安区公共信用信息共享申请表", "同安区信用核查接口说明"),
        "effort": (3.0, 3.0, WD, False),
        "contact_phone": "05927037700",
        "contact_phones": ("05927037700", "13906001234"),
        "contact_extension": None,
        "contact_person": "黄女士",
        "other_sections": (("主管单位", "同安区发展和改革局"),),
        "page_start": 14,
        "page_end": 15,
    },
    16: {
        "name": "网格化服务管理平台",
        "builder_unit": ZLZX,
        "builder_duties_start": "负责全区网格化服务管",
        "network_types": (OUT,),
        "functions": (
            "提供网格事件上报和协同处置接口",
            "提供网格基础数据查询服务",
            "提供事件处置情况统计分析服务。",
        ),
        "access_targets": ("区直有关部门及各镇街",),
        "supporting_docs": ("同安区网格化事件协同处置接口规范",),
        "effort": (1.0, 2.0, WEEK, False),
        "contact_phone": "05927026600",
        "contact_phones": ("05927026600",),
        "contact_extension": None,
        "contact_person": "蔡工",
        "other_sections": HEAD_ZFW,
        "page_start": 15,
        "page_end": 16,
    },
    17: {
        "name": "应急指挥调度平台",
        "builder_unit": "同安区应急管理局",
        "builder_duties_start": "负责全区突发事件的信",
        "network_types": (OUT,),  # 电子政务外网
        "functions": (
            "提供突发事件信息接报和推送服务",
            "提供应急资源查询和调度服务",
            "提供应急预案管理和匹配服务。",
        ),
        "access_targets": ("区应急委成员单位及各镇街",),
        "supporting_docs": ("同安区应急指挥调度平台接入申请表",),
        "effort": OPEN,
        "contact_phone": "05927033110",
        "contact_phones": ("05927033110;ext=8001",),
        "contact_extension": "8001",
        "contact_person": None,
        "other_sections": (("主管单位", "同安区应急管理局"),),
        "page_start": 16,
        "page_end": 17,
    },
    18: {
        "name": "政务外网安全接入服务",
        "builder_unit": DSJ,
        "builder_duties_start": "负责电子政务外网的建",
        "network_types": (OUT, NET),
        "functions": (
            "提供SSL VPN远程安全接入服务",
            "提供接入终端的身份认证和访问控制服务",
            "提供接入行为日志审计服务。",
        ),
        "access_targets": ("全区各政务部门及其运维服务单位",),
        "supporting_docs": ("同安区政务外网远程接入申请表",),
        "effort": (2.0, 2.0, PD, False),
        "contact_phone": "05927035567",
        "contact_phones": ("05927035567",),
        "contact_extension": None,
        "contact_person": "吴先生",
        "other_sections": HEAD_SJ,
        "page_start": 17,
        "page_end": 18,
    },
    19: {
        "name": "政务服务好差评系统",
        "builder_unit": ZWFW,
        "builder_duties_start": "负责政务服务好差评工",
        "network_types": (NET,),
        "functions": (
            "提供多渠道评价数据采集接口",
            "提供差评回访和整改跟踪服务",
            "提供评价数据统计分析服务。",
        ),
        "access_targets": ("全区各政务服务窗口单位",),
        "supporting_docs": ("同安区政务服务好差评数据对接规范",),
        "effort": (3.0, 3.0, PD, False),  # 应用单位2人天，平台单位1人天
        "contact_phone": "05927030002",
        "contact_phones": ("05927030002",),
        "contact_extension": None,
        "contact_person": "郑女士",
        "other_sections": HEAD_SP,
        "page_start": 18,
        "page_end": 19,
    },
    20: {
        "name": "公共视频监控联网平台",
        "builder_unit": "厦门市公安局同安分局",
        "builder_duties_start": "负责全区公共安全视频",
        "network_types": (OUT,),  # 电子政务外网
        "functions": ("提供重点区域实时视频调阅服务", "提供视频智能分析结果推送服务。"),
        "access_targets": ("经授权的有关部门",),
        "supporting_docs": ("同安区公共视频监控调用申请表", "公共视频监控资源共享使用管理办法"),
        "effort": (5.0, 5.0, PD, False),  # 约5人天
        "contact_phone": "05927029110",
        "contact_phones": ("05927029110",),
        "contact_extension": None,
        "contact_person": "叶工",
        "other_sections": (("主管单位", "厦门市公安局同安分局"),),
        "page_start": 19,
        "page_end": 20,
    },
    21: {
        "name": "数据资源目录系统",
        "builder_unit": DSJ,
        "builder_duties_start": "负责全区政务数据资源",
        "network_types": (OUT,),
        "functions": (
            "提供数据资源目录编制和审核服务",
            "提供目录检索和共享申请服务",
            "提供目录更新情况监测服务。",
        ),
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("同安区政务数据资源目录编制指南",),
        "effort": ZERO,
        "contact_phone": "05927021237",
        "contact_phones": ("05927021237;ext=8030",),
        "contact_extension": "8030",
        "contact_person": None,
        "other_sections": HEAD_SJ,
        "page_start": 20,
        "page_end": 21,
    },
    22: {
        "name": "人口基础信息库",
        "builder_unit": DSJ,
        "builder_duties_start": "负责人口基础信息库的",
        "network_types": (OUT,),  # 电子政务外网
        "functions": (
            "提供人口基础信息核验接口",
            "按照授权范围提供人口信息批量比对服务",
            "定期向数源部门反馈数据质量问题。",
        ),
        "access_targets": ALL_DEPTS,
        "supporting_docs": ("同安区人口基础信息共享申请表",),
        "effort": OPEN,
        "contact_phone": "05927021238",
        "contact_phones": ("05927021238",),
        "contact_extension": None,
        "contact_person": "张工",
        "other_sections": HEAD_SJ,
        "page_start": 21,
        "page_end": 22,
    },
}
