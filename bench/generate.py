"""Synthetic catalog editions of any size, recombined from the bundled edition's shapes.

Entry ``i`` takes its name, overview and functions from one bundled entry, its network types,
documents and effort phrase from others (different strides), so sizes and phrase shapes mix as
in real editions; names get a unique suffix. The text is laid out like a PDF text export: hard
wraps, a blank line after every line, a leading space on each page's first line and a page
number at the foot of some pages. ``render_edition`` is the inverse of the pipeline's parse,
which the tests check.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import cn2an
import regex as re

from pipeline.models import Resource
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.parse.sources.pdf_layout import NUMBERED_START  # a wrapped line must not start so

__all__ = ["EntrySpec", "recombined_entries", "render_edition", "synthetic_edition"]

SEED = Path(__file__).resolve().parent.parent / "raw" / "haicang-catalog.txt"
DEFAULT_WIDTH = 26  # characters per line, as in the bundled export
DEFAULT_PAGE_LINES = 38  # content lines per page
#: Strides picking the template entry of each field family, so fields recombine.
STRIDES = {"body": 1, "network": 7, "documents": 5, "effort": 11, "builder": 3}
_ALNUM = re.compile(r"[A-Za-z0-9.]")


@dataclass(frozen=True, slots=True)
class EntrySpec:
    """The content of one synthetic entry."""

    name: str
    builder_unit: str
    builder_duties: str
    network_types_text: str
    overview: str
    functions: tuple[str, ...]
    access_targets: tuple[str, ...]
    supporting_docs: tuple[str, ...]
    implementation: str
    effort_text: str
    contact: str


def _pick(templates: Sequence[Resource], index: int, family: str) -> Resource:
    return templates[(index * STRIDES[family]) % len(templates)]


def recombined_entries(count: int, templates: Sequence[Resource]) -> Iterator[EntrySpec]:
    """``count`` entries with unique names, fields drawn from ``templates``."""
    for index in range(count):
        body, builder = _pick(templates, index, "body"), _pick(templates, index, "builder")
        suffix = f"（第{index // len(templates) + 1}期）" if index >= len(templates) else ""
        yield EntrySpec(
            name=f"{body.name}{suffix}",
            builder_unit=builder.builder_unit or "",
            builder_duties=builder.builder_duties or "",
            network_types_text=_pick(templates, index, "network").network_types_text or "",
            overview=body.overview or "",
            functions=body.functions,
            access_targets=body.access_targets,
            supporting_docs=_pick(templates, index, "documents").supporting_docs,
            implementation=body.implementation or "",
            effort_text=_pick(templates, index, "effort").effort.text,
            contact=body.contact or "",
        )


def _entry_lines(seq: int, spec: EntrySpec, width: int) -> list[str]:
    numbered = len(spec.functions) > 1
    return [
        f"{cn2an.an2cn(seq)}、{spec.name}", "（一）资源概况", "1. 资源名称", spec.name,
        "2. 建设单位概况", "（1）建设单位", spec.builder_unit, "（2）建设单位职能",
        *wrap(spec.builder_duties, width), "3. 网络类型", spec.network_types_text,
        "4. 基本情况", *wrap(spec.overview, width), "（二）对接说明", "1. 功能和服务",
        *_items(spec.functions, numbered, width), "2. 接入对象",
        *_items(spec.access_targets, len(spec.access_targets) > 1, width), "3. 配套措施",
        *(f"《{doc}》" for doc in spec.supporting_docs), "4. 对接实施说明",
        *wrap(spec.implementation, width), "5. 对接工作量说明", *wrap(spec.effort_text, width),
        "6. 联系方式", spec.contact,
    ]


def _items(items: Sequence[str], numbered: bool, width: int) -> Iterator[str]:
    for position, item in enumerate(items, start=1):
        yield from wrap(f"（{position}）{item}" if numbered else item, width)


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap ``text`` at about ``width`` characters, never inside a Latin word or number
    and never so that a line starts like a heading, part or label."""
    lines, rest = [], text
    while len(rest) > width:
        cut = width
        while cut > width // 2 and (
            (_ALNUM.match(rest[cut - 1]) and _ALNUM.match(rest[cut]))
            or " " in rest[cut - 1 : cut + 1] or NUMBERED_START.match(rest, cut)
        ):
            cut -= 1
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*lines, rest] if rest else lines


def render_edition(specs: Sequence[EntrySpec], width: int = DEFAULT_WIDTH,
                   page_lines: int = DEFAULT_PAGE_LINES) -> str:
    """The text export of an edition made of ``specs``."""
    out: list[str] = []
    content = [line for seq, spec in enumerate(specs, 1) for line in _entry_lines(seq, spec, width)]
    for index, line in enumerate(content):
        page, offset = divmod(index, page_lines)
        if offset == 0 and page % 3 == 2:
            # a stray page number at the foot of the previous page; 1–4 digits like real
            # editions (cleaning keeps longer lone numbers: they may be phone numbers)
            out.append(f"{page % 10000 or 1}\n")
        out.append((" " if offset == 0 else "") + line + "\n")
    return "\n".join(out)


def synthetic_edition(count: int, seed: Path = SEED) -> tuple[str, list[EntrySpec]]:
    """A text edition of ``count`` entries and the specs it was made from."""
    specs = list(recombined_entries(count, parse_document(read_source(seed))))
    return render_edition(specs), specs
