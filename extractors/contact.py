"""Contact text: its phone numbers (with extensions kept apart) and the contact person.

Editions write numbers as ``区政府服务热线 96180``, ``0592-6051234 转 8012``,
``（0592）6051234``, ``13812345678`` and several per entry (``…；…``, ``…、…``); the person as
``联系人：李工`` (the words come from the profile's ``[contacts]``), ``联系人：林工；联系电话：…``,
or with no label as a surname and a title standing apart after the unit
(``区12345热线管理科 林工 0592-6051234``). Numbers become digits only, area code included; an
extension is never glued onto the number. A number inside a unit's or a hotline's name
(``12345热线``) is part of the name, not a phone. The person is a person or nothing: never a
unit's name, never a guess from a word that merely ends like a title.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex as re

from pipeline.profile import ContactRules, default_profile

__all__ = [
    "EXTENSION_WORDS", "PERSON_TITLES", "PHONE", "PHONE_LABELS", "SURNAMES", "UNIT_SUFFIXES",
    "Contact", "Phone", "extract_contact", "extract_phone", "extract_phones",
]  # fmt: skip

#: Words between a number and its extension (after the number: ``转 8012``, ``-8012``).
EXTENSION_WORDS: tuple[str, ...] = ("转", "分机", "ext.", "ext", "x", "-")
#: A phone number, digits not glued to other digits or letters (look-arounds, no ``\b`` for
#: CJK): a mobile (``138 1234 5678``, ``+86-13812345678``); an area code in brackets or
#: before a dash or space (``（0592）6051234``, ``0592-6051234``) then 7–8 digits; an area code
#: glued to its number (``05926051234``); or a bare local or service number of 5–8 digits
#: (``6051234``, ``96180``). An extension may follow.
PHONE = re.compile(
    r"(?<![\dA-Za-z])(?:"
    r"(?:\+?86[-\s]?)?(?P<mobile>1[3-9]\d(?:[-\s]?\d{4}){2})"
    r"|(?P<area>[（(]\s*0\d{2,3}\s*[）)]|0\d{2,3}(?=\s*[-－\s]))\s*[-－]?\s*(?P<local>\d{7,8})"
    r"|(?P<glued>0\d{9,11})"
    r"|(?P<bare>\d{5,8})"
    r")"
    rf"(?:\s*(?:{'|'.join(re.escape(word) for word in EXTENSION_WORDS)})\s*(?P<ext>\d{{1,6}}))?"
    r"(?![\dA-Za-z])",
    re.IGNORECASE,
)
#: Words that introduce a phone number (``联系电话：``); a labelled person ends before them
#: (``联系人：林工电话：…`` → 林工). Longer words first.
PHONE_LABELS: tuple[str, ...] = ("联系电话", "办公电话", "值班电话", "电话", "手机", "座机", "固话")
#: Titles written after a surname to name a contact person without a label (``林工``, ``陈先生``).
PERSON_TITLES: tuple[str, ...] = (
    "工程师", "先生", "女士", "小姐", "老师", "科长", "主任", "经理", "处长", "部长", "局长",
    "站长", "所长", "股长", "队长", "工",
)  # fmt: skip
#: Surnames a title may follow: a word ending like a title but starting otherwise (``员工``,
#: ``值班主任``) is not a person. Compound surnames first.
SURNAMES: tuple[str, ...] = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "司徒", "令狐",
    "夏侯", "端木", "南宫", "长孙", "宇文",
    *"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤洪庄柯颜骆翁阮施蓝温欧连饶童詹涂傅卓",
)  # fmt: skip
#: Endings of a unit's name: a labelled "person" ending so (``联系人：信息中心``) is a unit.
UNIT_SUFFIXES: tuple[str, ...] = (
    "科", "室", "中心", "局", "处", "部", "站", "所", "队", "办", "组", "委", "院", "台",
    "热线", "公司", "单位", "大厅", "窗口", "平台",
)  # fmt: skip
_PERSON_STOP = r"\s，,；;。：:、（()）/／\d"
#: A person without a label: surname + title, standing apart (no Chinese character either
#: side), or right after a unit's name: cleaning drops the space between two Chinese words, so
#: ``区数据管理局 林工`` arrives as ``区数据管理局林工``.
_TITLED_PERSON = re.compile(
    rf"(?:(?<!\p{{Han}})|(?<={'|'.join(UNIT_SUFFIXES)}))"
    rf"(?P<person>(?:{'|'.join(SURNAMES)})(?:{'|'.join(PERSON_TITLES)}))"
    r"(?!\p{Han})"
)
#: The first phone label inside a labelled person's text: the person ends there.
_PHONE_LABEL = re.compile("|".join(re.escape(label) for label in PHONE_LABELS))
#: A Chinese character right after a bare number: the number belongs to a name (``12345热线``).
_NAME_AFTER = re.compile(r"\p{Han}")


@dataclass(frozen=True, slots=True)
class Phone:
    """One number, digits only (area code included), and its extension."""

    number: str
    extension: str | None = None

    @property
    def item_text(self) -> str:
        """How ``resource_items`` lists it: ``05926051234`` or ``05926051234;ext=8012``."""
        return self.number + (f";ext={self.extension}" if self.extension else "")


@dataclass(frozen=True, slots=True)
class Contact:
    """Every number of a contact text, in written order, and the contact person."""

    phones: tuple[Phone, ...]
    person: str | None


@cache
def _person_pattern(labels: tuple[str, ...]) -> re.Pattern[str] | None:
    if not labels:
        return None
    words = "|".join(re.escape(label) for label in labels)
    phone_words = "|".join(re.escape(label) for label in PHONE_LABELS)
    return re.compile(  # 联系人：李工, and 联系人及电话：李工 …
        rf"(?:{words})(?:\s*[及和与/、]\s*(?:{phone_words}))?\s*[：:]?\s*"
        rf"(?P<person>[^{_PERSON_STOP}]{{1,12}})"
    )


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def extract_phones(text: str) -> tuple[Phone, ...]:
    """Every phone number of ``text`` in order, without repeats."""
    phones: list[Phone] = []
    for found in PHONE.finditer(text):
        if found.group("bare") and not found.group("ext") and _NAME_AFTER.match(text, found.end()):
            continue  # 区12345热线: part of a name
        number = _digits(
            found.group("mobile") or found.group("glued") or found.group("bare")
            or (found.group("area") or "") + found.group("local")
        )  # fmt: skip
        phone = Phone(number, found.group("ext"))
        if phone not in phones:
            phones.append(phone)
    return tuple(phones)


def extract_contact(text: str | None, rules: ContactRules | None = None) -> Contact:
    """The phones and the person of a contact text; empty for no text."""
    if not text:
        return Contact((), None)
    labels = (rules or default_profile().contacts).person_labels
    return Contact(extract_phones(text), _labelled_person(text, labels) or _titled_person(text))


def _labelled_person(text: str, labels: tuple[str, ...]) -> str | None:
    """The words after a person label (``联系人：李工``), up to a phone label; None when there
    is no label or the words are a unit's name."""
    pattern = _person_pattern(labels)
    found = pattern.search(text) if pattern is not None else None
    if found is None:
        return None
    person = _PHONE_LABEL.split(found.group("person"), maxsplit=1)[0]
    return person if person and not _is_unit(person) else None


def _is_unit(name: str) -> bool:
    """True when ``name`` ends with a unit's word after at least two characters (``信息科``,
    ``大数据中心``); ``李科``, a two-character name, is a person."""
    return any(name.endswith(suffix) and len(name) >= len(suffix) + 2 for suffix in UNIT_SUFFIXES)


def _titled_person(text: str) -> str | None:
    """The first surname + title standing apart (``林工``, ``陈先生``), or None."""
    found = _TITLED_PERSON.search(text)
    return found.group("person") if found else None


def extract_phone(text: str | None) -> str | None:
    """The first phone number in ``text`` as digits only, or None when there is none."""
    phones = extract_phones(text or "")
    return phones[0].number if phones else None
