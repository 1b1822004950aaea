"""The rest of what a draft learns from an edition: networks, effort parties, the district's
own name, and the page-number lines of a text export that the base profile does not know.

Each observer takes text (the sections the learned labels delimit, or a document's lines) and
returns what it saw with how often, so the draft can write the value and a comment saying
where it came from. Pure, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import regex as re

from pipeline.models import SourceLine
from pipeline.parse.cleaning import is_page_number
from pipeline.profile import PageRules

__all__ = [
    "NETWORK_SEPARATORS", "NOT_DISTRICT_ENDINGS", "PAGE_LINE_MIN_PAGES", "PAGE_WORDS",
    "district_names", "effort_parties", "network_words", "page_number_shapes",
]  # fmt: skip

#: What separates the networks an entry lists (``政务外网、互联网``, ``政务外网/政务内网``).
NETWORK_SEPARATORS = re.compile(r"[、，,；;/／\s]+|和|及|与")
#: A network word: ends with 网 (外网, 政务外网, 视频专网, 互联网) or is Internet.
_NETWORK_WORD = re.compile(r"\p{Han}{1,8}网|(?i:internet)")
#: A party before a figure in an effort statement (``应用单位2人天``, ``平台方1人天``,
#: ``申请部门无需投入``); the word before the figure, ending with 单位, 方 or 部门.
_PARTY = re.compile(
    r"(?P<party>\p{Han}{2,4}(?:单位|部门)|\p{Han}{2,3}方)(?=\s*(?:约|需|投入|为|：|:)?\s*"
    r"(?:[0-9]|[一二两三四五六七八九十半]|无需|不需))"
)
#: A district or county name (``同安区``): the stop word every entry repeats.
_DISTRICT = re.compile(r"(?P<name>\p{Han}{2}[区县])")
#: Words ending with 区 or 县 that name no district (``承担全区``, ``各社区``, ``本县``).
NOT_DISTRICT_ENDINGS: tuple[str, ...] = (
    "全区", "各区", "本区", "我区", "城区", "园区", "辖区", "社区", "小区", "片区", "地区",
    "景区", "市区", "新区", "校区", "街区", "分区", "专区", "全县", "本县", "我县", "各县",
)
#: The only ideographs a page-number line holds (``第 3 页 共 20 页``, ``总第3页``).
PAGE_WORDS = "第页共总"
#: A line that looks like a page number or a ``第 N 页 共 M 页`` footer: digits among page words
#: (``PAGE_WORDS``), Latin letters and marks, at most 20 characters.
_PAGE_CHAR = rf"(?:[{PAGE_WORDS}]|[^\p{{Han}},，。；:：])"
_PAGE_LINE = re.compile(rf"{_PAGE_CHAR}*\d{_PAGE_CHAR}*")
#: A page-number shape is proposed when lines of that shape stand on at least this many pages.
PAGE_LINE_MIN_PAGES = 3


def network_words(texts: Iterable[str]) -> Counter[str]:
    """Every network an edition's network sections write, with how many entries write it."""
    seen: Counter[str] = Counter()
    for text in texts:
        words = {part.strip() for part in NETWORK_SEPARATORS.split(text) if part.strip()}
        seen.update(word for word in words if _NETWORK_WORD.fullmatch(word))
    return seen


def effort_parties(texts: Iterable[str], least: int = 2) -> tuple[str, ...]:
    """The parties effort statements assign figures to, in order of frequency, written before a
    figure in at least ``least`` statements."""
    seen: Counter[str] = Counter()
    for text in texts:
        seen.update({str(m.group("party")) for m in _PARTY.finditer(text)})
    return tuple(party for party, count in seen.most_common() if count >= least)


def district_names(texts: Iterable[str], least: int = 3) -> tuple[str, ...]:
    """The district's own name (``同安区`` and ``同安``) when one place name ending with 区, 县 or
    市 is written at least ``least`` times; the most frequent one only."""
    seen: Counter[str] = Counter()
    for text in texts:
        seen.update(name for m in _DISTRICT.finditer(text, overlapped=True)
                    if not (name := str(m.group("name"))).endswith(NOT_DISTRICT_ENDINGS))
    if not seen:
        return ()
    name, count = seen.most_common(1)[0]
    return (name, name[:-1]) if count >= least else ()


def _shape(text: str) -> str:
    """A page-number pattern from one line: a digit run is ``\\d{1,4}``, other characters
    stand for themselves, and any spacing is allowed between tokens (``共 3 页 第1页``)."""
    tokens = re.findall(r"\d+|\S", text)
    return r"\s*".join(r"\d{1,4}" if token.isdigit() else re.escape(token) for token in tokens)


def _page_edges(lines: Sequence[SourceLine]) -> list[SourceLine]:
    """The first and last non-blank line of every page: where page furniture stands."""
    edges: dict[int, list[SourceLine]] = {}
    for line in lines:
        if line.text.strip():
            edges.setdefault(line.page, []).append(line)
    return [edge for page in edges.values() for edge in {id(page[0]): page[0],
                                                         id(page[-1]): page[-1]}.values()]


def page_number_shapes(lines: Sequence[SourceLine], rules: PageRules) -> tuple[str, ...]:
    """Patterns for page-number lines of a text export that ``rules`` do not match: short
    lines of digits and a few words (``第3页/共20页``, ``- 3 of 20 -``) whose shape stands on
    ``PAGE_LINE_MIN_PAGES`` pages or more."""
    pages: dict[str, set[int]] = {}
    for line in _page_edges(lines):
        text = line.text.strip()
        if not text or line.furniture or not _PAGE_LINE.fullmatch(text):
            continue
        if is_page_number(text, rules) or len(text) > 20:
            continue
        pages.setdefault(_shape(text), set()).add(line.page)
    return tuple(shape for shape, seen in pages.items() if len(seen) >= PAGE_LINE_MIN_PAGES)
