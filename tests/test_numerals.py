"""Width folding and numeral reading: the shared first step of every figure extraction."""

from __future__ import annotations

import pytest

from normalizers.numerals import CN_NUMERAL_CHARS, fold_width, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１５－３０", "15-30"),
        ("１．５", "1.5"),
        ("２６ 人天", "26 人天"),
        ("３～５", "3~5"),
        ("3〜5", "3~5"),
        ("1—2", "1-2"),
        ("1–2", "1-2"),
        ("1―2", "1-2"),
        ("1‐2", "1-2"),
        ("ＳＳＬ ＶＰＮ", "SSL VPN"),
        ("ｖ２", "v2"),
        ("连接，配置（调试）：2 人天；完成。", "连接，配置（调试）：2 人天；完成。"),
        ("", ""),
    ],
)
def test_fold_width(text: str, expected: str) -> None:
    assert fold_width(text) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("2", 2.0),
        ("2.5", 2.5),
        ("２６", 26.0),
        ("１．５", 1.5),
        (" 30 ", 30.0),
        ("一", 1.0),
        ("两", 2.0),
        ("十", 10.0),
        ("十五", 15.0),
        ("二十六", 26.0),
        ("一百零二", 102.0),
        ("两千零五", 2005.0),
        ("零", 0.0),
        ("半", 0.5),
        ("abc", None),
        ("", None),
        ("2人天", None),
        ("十十", None),
        ("百", None),
        ("两三", None),
        ("一个半", None),
        ("1.", None),
        ("-2", None),
    ],
)
def test_parse_number(token: str, expected: float | None) -> None:
    assert parse_number(token) == expected


def test_cn_numeral_chars_cover_every_digit_and_place_word() -> None:
    assert set(CN_NUMERAL_CHARS) == set("零〇一二两三四五六七八九十百千万")
