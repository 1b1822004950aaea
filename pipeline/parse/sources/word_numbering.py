"""Word's automatic numbering (``w:numPr``), rendered as the text a reader sees.

A heading Word shows as ``一、政务云平台`` is stored as the paragraph text ``政务云平台`` plus a
reference into ``word/numbering.xml``: a numbering instance (``w:num``) pointing at a list
definition (``w:abstractNum``) whose level (``w:lvl``) says where to start, how to write the
number (``w:numFmt``) and what surrounds it (``w:lvlText`` such as ``%1、`` or ``%1.%2``). The
reference sits on the paragraph (``w:pPr/w:numPr``) or on its style (followed through
``w:basedOn``); a list defined only as a link to a numbering style (``w:numStyleLink``) is
that style's list. Without rendering it the segmenter would see no heading at all, so this module
counts the lists as Word does and hands back each paragraph's label.

Counting follows Word: the counters of a list belong to its ``w:abstractNum``, so instances
that share one continue each other; an instance with a ``w:startOverride`` starts its level
again at that value when it is first used. Using a level restarts the deeper ones (only those
whose ``w:lvlRestart`` allows it; ``0`` never restarts). A paragraph with ``w:numId`` ``0`` has
no number, even when its style has one.

The label is the level text with each ``%n`` written in level n's format (all decimal under
``w:isLgl``), followed by a space only when the level's ``w:suff`` is ``space`` (Word's default,
a tab, is dropped: ``一、政务云平台``). A bullet (``numFmt`` ``bullet``) gives no label at all:
its glyph is a picture in a symbol font, and a reader (or the segmenter) must never take it for
a number. How each ``w:numFmt`` is written is ``word_number_formats.NUMBER_FORMATS``.

This module reads lxml elements only; python-docx stays in ``word.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.parse.sources.word_number_formats import BULLET, NUMBER_FORMATS

__all__ = ["Level", "ListDefinitions", "list_labels", "read_definitions"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Word's nine list levels (``w:ilvl`` 0–8).
LEVELS = range(9)
#: The level placeholders of ``w:lvlText``: ``%1`` … ``%9``.
_PLACEHOLDER = re.compile(r"%([1-9])")
#: What follows the label, by ``w:suff``.
SUFFIXES: dict[str, str] = {"tab": "", "space": " ", "nothing": ""}


@dataclass(frozen=True, slots=True)
class Level:
    """One ``w:lvl``: the first number, its format, the text around it, when it restarts
    (``w:lvlRestart``, one-based; None: after any shallower level), what follows the label,
    ``w:isLgl`` and the paragraph style linked to it (``w:pStyle``)."""

    start: int = 1
    number_format: str = "decimal"
    text: str = ""
    restart_after: int | None = None
    suffix: str = "tab"
    legal: bool = False
    style: str | None = None


@dataclass(frozen=True, slots=True)
class Instance:
    """One ``w:num``: its list definition, its ``w:startOverride``s and redefined levels."""

    abstract: str
    starts: Mapping[int, int] = field(default_factory=dict)
    levels: Mapping[int, Level] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StyleNumbering:
    """What a paragraph style says about numbering, its ``w:basedOn`` chain followed."""

    num_id: str | None
    level: int | None


@dataclass(frozen=True, slots=True)
class ListDefinitions:
    """The lists of one document: ``w:abstractNum`` levels, ``w:num`` instances, and each
    paragraph style's numbering (with the document's default paragraph style)."""

    abstracts: Mapping[str, Mapping[int, Level]] = field(default_factory=dict)
    instances: Mapping[str, Instance] = field(default_factory=dict)
    styles: Mapping[str, StyleNumbering] = field(default_factory=dict)
    default_style: str | None = None


def _val(element: Any, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return None if found is None else found.get(f"{_W}val")


def _int(text: str | None, default: int | None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _ilvl(text: str | None) -> int | None:
    """A ``w:ilvl`` value, or None when it is not one of Word's levels."""
    level = _int(text, None)
    return level if level is not None and level in LEVELS else None


def _level(lvl: Any) -> Level:
    restart = _int(_val(lvl, f"{_W}lvlRestart"), None)
    legal = _val(lvl, f"{_W}isLgl")
    return Level(
        start=_int(_val(lvl, f"{_W}start"), 1) or 0,
        number_format=_val(lvl, f"{_W}numFmt") or "decimal",
        text=_val(lvl, f"{_W}lvlText") or "",
        restart_after=restart,
        suffix=_val(lvl, f"{_W}suff") or "tab",
        legal=lvl.find(f"{_W}isLgl") is not None and legal not in ("0", "false", "off"),
        style=_val(lvl, f"{_W}pStyle"),
    )


def _levels(parent: Any) -> dict[int, Level]:
    return {level: _level(lvl) for lvl in parent.findall(f"{_W}lvl")
            if (level := _ilvl(lvl.get(f"{_W}ilvl"))) is not None}  # fmt: skip


def _instance(num: Any) -> Instance:
    starts: dict[int, int] = {}
    levels: dict[int, Level] = {}
    for override in num.findall(f"{_W}lvlOverride"):
        level = _ilvl(override.get(f"{_W}ilvl"))
        if level is None:
            continue
        start = _int(_val(override, f"{_W}startOverride"), None)
        if start is not None:
            starts[level] = start
        if (lvl := override.find(f"{_W}lvl")) is not None:
            levels[level] = _level(lvl)
    return Instance(_val(num, f"{_W}abstractNumId") or "", starts, levels)


def _num_pr(owner: Any) -> tuple[str | None, int | None]:
    num_pr = owner.find(f"{_W}pPr/{_W}numPr") if owner is not None else None
    if num_pr is None:
        return None, None
    return _val(num_pr, f"{_W}numId"), _int(_val(num_pr, f"{_W}ilvl"), None)


def _style_numbering(styles: Any) -> tuple[dict[str, StyleNumbering], str | None]:
    own: dict[str, tuple[str | None, int | None, str | None]] = {}
    default = None
    for style in styles.findall(f"{_W}style") if styles is not None else ():
        name = style.get(f"{_W}styleId") or ""
        own[name] = (*_num_pr(style), _val(style, f"{_W}basedOn"))
        if style.get(f"{_W}type", "paragraph") == "paragraph" and style.get(
                f"{_W}default") in ("1", "true", "on"):
            default = name
    resolved: dict[str, StyleNumbering] = {}
    for name in own:
        num_id: str | None = None
        level: int | None = None
        seen: set[str] = set()
        current: str | None = name
        while current in own and current not in seen:  # a basedOn cycle ends the walk
            seen.add(current)
            style_num, style_level, current = own[current]
            num_id = num_id if num_id is not None else style_num
            level = level if level is not None else style_level
        resolved[name] = StyleNumbering(num_id, level)
    return resolved, default


def _abstracts(numbering: Any) -> dict[str, dict[int, Level]]:
    return {node.get(f"{_W}abstractNumId") or "": _levels(node)
            for node in numbering.findall(f"{_W}abstractNum")}  # fmt: skip


def _style_links(numbering: Any) -> dict[str, str]:
    """``w:numStyleLink`` list definitions: abstract id → the numbering style they use."""
    return {node.get(f"{_W}abstractNumId") or "": link
            for node in numbering.findall(f"{_W}abstractNum")
            if (link := _val(node, f"{_W}numStyleLink"))}  # fmt: skip


def read_definitions(numbering: Any, styles: Any) -> ListDefinitions:
    """The lists of a document from its ``w:numbering`` and ``w:styles`` root elements (None
    for a part the document lacks)."""
    style_numbering, default = _style_numbering(styles)
    if numbering is None:
        return ListDefinitions(styles=style_numbering, default_style=default)
    instances = {num.get(f"{_W}numId") or "": _instance(num)
                 for num in numbering.findall(f"{_W}num")}  # fmt: skip
    links: dict[str, str] = {}  # a list that only points at a numbering style is that style's
    for abstract, style in _style_links(numbering).items():
        linked = instances.get(style_numbering.get(style, StyleNumbering(None, None)).num_id or "")
        if linked is not None:
            links[abstract] = linked.abstract
    instances = {num_id: replace(instance, abstract=links.get(instance.abstract, instance.abstract))
                 for num_id, instance in instances.items()}  # fmt: skip
    return ListDefinitions(_abstracts(numbering), instances, style_numbering, default)


def _paragraph_list(lists: ListDefinitions, paragraph: Any) -> tuple[str, int] | None:
    """The (numId, level) a paragraph is numbered with, or None."""
    num_id, level = _num_pr(paragraph)
    style = _val(paragraph, f"{_W}pPr/{_W}pStyle") or lists.default_style
    by_style = lists.styles.get(style or "", StyleNumbering(None, None))
    if num_id is None:
        num_id = by_style.num_id
        level = level if level is not None else by_style.level
    if num_id is None or num_id == "0" or num_id not in lists.instances:
        return None
    if level is None:
        levels = lists.abstracts.get(lists.instances[num_id].abstract, {})
        level = next((n for n, lvl in levels.items() if style and lvl.style == style), 0)
    return (num_id, level) if level in LEVELS else None


def _level_of(lists: ListDefinitions, instance: Instance, level: int) -> Level:
    return instance.levels.get(level) or lists.abstracts.get(instance.abstract, {}).get(
        level, Level())


def _write(number: int, level: Level, legal: bool) -> str:
    return NUMBER_FORMATS.get("decimal" if legal else level.number_format, str)(number)


def _label(lists: ListDefinitions, instance: Instance, level: int,
           counters: Mapping[int, int]) -> str:
    own = _level_of(lists, instance, level)
    if own.number_format == BULLET:
        return ""

    def placeholder(found: re.Match[str]) -> str:
        shown = int(found.group(1)) - 1
        shown_level = _level_of(lists, instance, shown)
        return _write(counters.get(shown, shown_level.start), shown_level, own.legal)

    return _PLACEHOLDER.sub(placeholder, own.text) + SUFFIXES.get(own.suffix, "")


def _advance(lists: ListDefinitions, instance: Instance, counters: dict[int, int],
             level: int) -> None:
    """Count one paragraph at ``level``, restarting the deeper levels that restart."""
    start = _level_of(lists, instance, level).start
    counters[level] = counters[level] + 1 if level in counters else start
    for deeper in range(level + 1, len(LEVELS)):
        after = _level_of(lists, instance, deeper).restart_after
        if after is None or (after != 0 and level < after):
            counters.pop(deeper, None)


def list_labels(lists: ListDefinitions, paragraphs: Iterable[Any]) -> Iterator[str]:
    """Each paragraph's list label (``"一、"``, ``"（2）"``; ``""`` for none), in order:
    ``paragraphs`` must be every numbered paragraph of the document, in document order."""
    counters: dict[str, dict[int, int]] = {}
    used: set[str] = set()
    for paragraph in paragraphs:
        found = _paragraph_list(lists, paragraph)
        if found is None:
            yield ""
            continue
        num_id, level = found
        instance = lists.instances[num_id]
        mine = counters.setdefault(instance.abstract, {})
        if num_id not in used:
            used.add(num_id)
            for overridden, start in instance.starts.items():
                mine[overridden] = start - 1
        _advance(lists, instance, mine, level)
        yield _label(lists, instance, level, mine)
