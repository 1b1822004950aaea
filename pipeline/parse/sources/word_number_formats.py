"""How Word writes a list counter, by ``w:numFmt``: ``3`` as ``3``, ``３``, ``③``, ``⑶``, ``三``,
``叁``, ``丙``, ``c`` or ``iii``.

One named table, ``NUMBER_FORMATS``, so that adding a format is one row. Chinese counting
(``chineseCounting``, ``chineseCountingThousand`` and their Japanese and Taiwanese kin) writes
``十一``, ``二十`` like the catalogs' own headings (``normalizers.numerals``). A format not in
the table (``ordinalText``, ``hebrew1``, …) is written in decimal digits, as is a number past
the end of a closed series (``①`` stops at ``⑳``, ``甲`` at ``癸``) and a number below one. A
bullet (``BULLET``) is not a number at all: ``word_numbering`` gives its level no label.
"""

from __future__ import annotations

from collections.abc import Callable

import cn2an

from normalizers.numerals import number_to_chinese

__all__ = ["BULLET", "NUMBER_FORMATS"]


def _series(symbols: str) -> Callable[[int], str]:
    """A closed series (``①`` … ``⑳``, ``甲`` … ``癸``): decimal past its end."""
    return lambda n: symbols[n - 1] if 1 <= n <= len(symbols) else str(n)


def _letters(first: str) -> Callable[[int], str]:
    """Word's letters: a … z, then aa … zz, aaa …"""
    return lambda n: chr(ord(first) + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def _chinese(n: int) -> str:
    return number_to_chinese(n) if n > 0 else str(n)


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_IDEOGRAPH_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")

#: ``w:numFmt`` → how a counter is written. Formats not listed are written as ``decimal``.
NUMBER_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalEnclosedCircle": _series("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"),
    "decimalEnclosedCircleChinese": _series("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"),
    "decimalEnclosedParen": _series("⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"),
    "decimalEnclosedFullstop": _series("⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"),
    "ideographEnclosedCircle": _series("㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "ideographDigital": lambda n: str(n).translate(_IDEOGRAPH_DIGITS),
    "taiwaneseDigital": lambda n: str(n).translate(_IDEOGRAPH_DIGITS),
    "chineseLegalSimplified": lambda n: str(cn2an.an2cn(n, "up")) if n > 0 else str(n),
    "ideographTraditional": _series("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _series("子丑寅卯辰巳午未申酉戌亥"),
    "lowerLetter": _letters("a"),
    "upperLetter": _letters("A"),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}
#: The format whose level has no label at all (see the module docstring).
BULLET = "bullet"
