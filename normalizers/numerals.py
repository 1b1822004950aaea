"""Read the numbers a Chinese government catalog writes, in whatever width or script.

Catalog text mixes ASCII digits, full-width digits (``１５－３０``) and Chinese numerals
(``两个工作日``, ``十五人天``). Every module that extracts a figure needs the same two steps:
fold the width of the characters that make up numbers, then turn one numeral token into a
value. They live here so that cleaning, segmentation and the normalizers agree on them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex as re

__all__ = [
    "CN_DIGIT_CHARS",
    "CN_NUMERAL_CHARS",
    "SPECIAL_NUMERALS",
    "WIDTH_FOLD",
    "fold_width",
    "number_to_chinese",
    "parse_number",
]

#: Every character a plain Chinese numeral is written with: digits, zero (零/〇), 两 and the
#: place words 十百千万. Other modules build their numeral patterns from this string.
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万"

#: The non-zero Chinese digits. Two of them side by side (``两三``, ``三五``) are a colloquial
#: "two or three" or a digit-by-digit reading, never one positional value:
#: ``parse_colloquial_range`` reads the first kind, ``parse_number`` neither.
CN_DIGIT_CHARS = "一二两三四五六七八九"

#: Numerals that are words rather than positional numbers, with their value.
SPECIAL_NUMERALS: dict[str, float] = {"半": 0.5}

#: Characters that are folded to ASCII everywhere, because they take part in numbers:
#:
#: * full-width digits ``０``–``９`` and letters ``Ａ``–``Ｚ``, ``ａ``–``ｚ`` (their NFKC form);
#: * the full-width full stop ``．`` (a decimal point in ``１．５``) → ``.``;
#: * every dash used between range bounds (``－ — – ― ‐ −``) → ``-``;
#: * the wave dashes ``～ 〜`` → ``~``.
#:
#: Chinese punctuation (``，（：；。``) is deliberately NOT folded: it separates clauses and
#: later stages rely on it.
WIDTH_FOLD: dict[int, str] = {
    **{
        code: unicodedata.normalize("NFKC", chr(code))
        for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for code in range(start, end + 1)
    },
    ord("．"): ".",
    **{ord(dash): "-" for dash in "－—–―‐−"},
    **{ord(wave): "~" for wave in "～〜"},
}

#: An Arabic numeral: an integer or a decimal, ASCII digits only (after folding).
_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_CHINESE = re.compile(rf"[{CN_NUMERAL_CHARS}]+")
_ADJACENT_DIGITS = re.compile(rf"[{CN_DIGIT_CHARS}]{{2}}")


def fold_width(text: str) -> str:
    """Return ``text`` with the number-forming characters of ``WIDTH_FOLD`` made ASCII.

    ``"１５－３０ 人天"`` → ``"15-30 人天"``; ``"１．５"`` → ``"1.5"``. Everything else, Chinese
    punctuation included, is returned unchanged. Never raises.
    """
    folded: str = text.translate(WIDTH_FOLD)
    return folded


def parse_number(token: str) -> float | None:
    """Read one numeral token and return its value, or None when it cannot be read.

    Accepts an Arabic integer or decimal in ASCII or full-width digits (``"2.5"``, ``"２６"``),
    a plain Chinese numeral (``"两"``, ``"十五"``, ``"一百零二"``) or a word of
    ``SPECIAL_NUMERALS`` (``"半"``). Surrounding whitespace is ignored. Anything else, including
    mixed scripts, malformed numerals (``"十十"``) and side-by-side digits (``"两三"``), gives
    None. Never raises.
    """
    text = fold_width(token).strip()
    if text in SPECIAL_NUMERALS:
        return SPECIAL_NUMERALS[text]
    if _ARABIC.fullmatch(text):
        return float(text)
    if not _CHINESE.fullmatch(text) or _ADJACENT_DIGITS.search(text):
        return None
    return _read_chinese(text)


def parse_colloquial_range(token: str) -> tuple[float, float] | None:
    """Read two different non-zero Chinese digits side by side, the smaller first, as the
    colloquial range they say: ``"两三"`` → ``(2.0, 3.0)``, ``"三五"`` → ``(3.0, 5.0)``,
    ``"一两"`` → ``(1.0, 2.0)``.

    Anything else gives None: one digit, three or more (``"十二三"``), a larger digit first
    (``"五三"``, a digit-by-digit reading), equal values (``"二两"``). Never raises.
    """
    text = fold_width(token).strip()
    if len(text) != 2 or not _ADJACENT_DIGITS.fullmatch(text):
        return None
    low, high = _read_chinese(text[0]), _read_chinese(text[1])
    if low is None or high is None or low >= high:
        return None
    return low, high


@lru_cache(maxsize=4096)
def _read_chinese(text: str) -> float | None:
    """The value cn2an gives a Chinese numeral, or None when cn2an rejects it (kept for the
    next time: cn2an checks and converts in 50 µs, and an edition says 一, 两, 三… over and
    over). cn2an loads on first use: 0.1 s a process that only reads PDF pages never needs."""
    import cn2an

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return float(value)


def number_to_chinese(number: int) -> str:
    """A whole number as a Chinese numeral (``26`` → ``二十六``), for messages about headings."""
    import cn2an

    return str(cn2an.an2cn(number))
