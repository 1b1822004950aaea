"""``extract_contact``: the phones of a contact line in order (extension apart), never a number
inside a unit's or hotline's name, and the person with or without a label, never a unit."""

from __future__ import annotations

import pytest

from extractors.contact import PERSON_TITLES, PHONE_LABELS, extract_contact


@pytest.mark.parametrize(
    ("text", "phones", "first", "extension", "person"),
    [
        # a number inside a name is not a phone; after the name it is
        ("区12345热线管理科 林工 0592-6051234", ("05926051234",), "05926051234", None, "林工"),
        ("区政府服务热线 96180", ("96180",), "96180", None, None),
        ("服务热线96180", ("96180",), "96180", None, None),
        ("集美区便民服务热线 12345", ("12345",), "12345", None, None),
        ("12345 政务服务便民热线", ("12345",), "12345", None, None),
        ("96180服务热线", (), None, None, None),
        ("12345热线 0592-6051234", ("05926051234",), "05926051234", None, None),
        ("20240101前联系 0592-6051234", ("05926051234",), "05926051234", None, None),
        ("6051234转8012", ("6051234;ext=8012",), "6051234", "8012", None),
        # a person without a label: surname + title standing apart
        ("信息科 陈先生 0592-6051234 转 8012", ("05926051234;ext=8012",), "05926051234", "8012",
         "陈先生"),
        ("办公室 王女士 13812345678、0592-6051234", ("13812345678", "05926051234"), "13812345678",
         None, "王女士"),
        ("区教育局 张老师 0592-6051234", ("05926051234",), "05926051234", None, "张老师"),
        ("财务科 李科长 0592-6051234", ("05926051234",), "05926051234", None, "李科长"),
        ("区大数据中心 黄主任 13812345678", ("13812345678",), "13812345678", None, "黄主任"),
        ("运维公司 刘经理 13912345678", ("13912345678",), "13912345678", None, "刘经理"),
        ("0592-6051234（林工）", ("05926051234",), "05926051234", None, "林工"),
        # glued to the unit's name (cleaning drops the space between two Chinese words)
        ("信息科林工 0592-6051234", ("05926051234",), "05926051234", None, "林工"),
        ("区数据管理局林工 0592-7021234", ("05927021234",), "05927021234", None, "林工"),
        ("办公室李主任 0592-7021234", ("05927021234",), "05927021234", None, "李主任"),
        ("施工单位值班电话 0592-7021234", ("05927021234",), "05927021234", None, None),
        ("值班主任 0592-6051234", ("05926051234",), "05926051234", None, None),  # no surname
        ("员工 96180", ("96180",), "96180", None, None),
        # a person with a label, and the phone's labels
        ("联系人：林工；联系电话：0592-6051234", ("05926051234",), "05926051234", None, "林工"),
        ("联系人：林工  电话：13812345678", ("13812345678",), "13812345678", None, "林工"),
        ("联系人：林工电话：13812345678", ("13812345678",), "13812345678", None, "林工"),
        ("联系人林工手机13812345678", ("13812345678",), "13812345678", None, "林工"),
        ("联系人：林工，座机：0592-6051234", ("05926051234",), "05926051234", None, "林工"),
        ("联系人及电话：林工 0592-6051234", ("05926051234",), "05926051234", None, "林工"),
        ("联系人/电话：陈先生/13812345678", ("13812345678",), "13812345678", None, "陈先生"),
        ("联系人：李工，电话：0592-6212345", ("05926212345",), "05926212345", None, "李工"),
        ("联系人：张三 0592-6051234", ("05926051234",), "05926051234", None, "张三"),
        ("联系人：李科 13812345678", ("13812345678",), "13812345678", None, "李科"),
        ("联系人：欧阳工，手机 13812345678", ("13812345678",), "13812345678", None, "欧阳工"),
        # the person is never a unit
        ("联系人：信息中心 0592-6051234", ("05926051234",), "05926051234", None, None),
        ("联系人：区数据管理科 林工 0592-6051234", ("05926051234",), "05926051234", None, "林工"),
        # several numbers keep their order
        ("0592-6068122；0592-6068123", ("05926068122", "05926068123"), "05926068122", None, None),
        ("（0592）6051234、13806051234 转 12", ("05926051234", "13806051234;ext=12"),
         "05926051234", None, None),
        ("运维服务台 0592-6068120 转 8012", ("05926068120;ext=8012",), "05926068120", "8012", None),
        ("", (), None, None, None),
    ],
)  # fmt: skip
def test_contact(
    text: str, phones: tuple[str, ...], first: str | None, extension: str | None,
    person: str | None,
) -> None:  # fmt: skip
    contact = extract_contact(text)
    assert tuple(phone.item_text for phone in contact.phones) == phones
    assert (contact.phones[0].number if contact.phones else None) == first
    assert (contact.phones[0].extension if contact.phones else None) == extension
    assert contact.person == person


def test_title_and_label_tables() -> None:
    assert {"工", "先生", "女士", "老师", "科长", "主任", "经理"} <= set(PERSON_TITLES)
    assert {"电话", "联系电话", "手机", "座机"} <= set(PHONE_LABELS)
