"""The plain data that flows between the pipeline's stages.

Sources produce a ``SourceDocument`` (lines with provenance), cleaning produces ``Line``s,
segmentation produces ``EntryBlock``s, extraction produces ``Resource``s (with the ``Effort``
``normalizers.effort`` reads). All are frozen: a stage never edits what an earlier stage
produced. This module imports nothing of the project, so every package can depend on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "NOT_OCR", "READINGS", "Effort", "EffortComponent", "EntryBlock", "Line", "OcrReading",
    "Reading", "Resource", "Section", "SourceDocument", "SourceLine",
]  # fmt: skip

#: What an ``Effort``'s headline is, decided in this order: ``"absent"`` (blank text),
#: ``"figure"`` (a min or a max with a unit), ``"zero"`` (a stated zero, 0–0 with unit None),
#: ``"open_ended"`` (no figure, but an open-ended marker such as ``根据实际需求而定``),
#: ``"unread"`` (text present, nothing readable for the headline).
Reading = Literal["absent", "figure", "zero", "open_ended", "unread"]
READINGS: tuple[Reading, ...] = ("absent", "figure", "zero", "open_ended", "unread")



@dataclass(frozen=True, slots=True)
class SourceLine:
    """One physical line as the source saw it: raw text, 1-based line number and page, and
    whether the source recognised it as page furniture: a page number or a running header or
    footer (cleaning drops those), and for a line read by OCR the lowest confidence (0..1)
    the OCR engine gave any of its characters (None: the line came from a text layer)."""

    text: str
    line_no: int
    page: int
    furniture: bool = False
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A whole edition as read from disk, before any cleaning."""

    path: str
    source_format: str  # "text" | "pdf" | "docx"
    sha256: str
    pages: int
    lines: tuple[SourceLine, ...]
    toc_titles: tuple[str, ...] = ()  # table-of-contents headings, when the source has one
    encoding: str | None = None  # the text encoding a text export was decoded with
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text was read by OCR
    #: On those pages, the spaces between Chinese and Latin text OCR could not settle
    ocr_unsettled_spaces: int = 0


@dataclass(frozen=True, slots=True)
class Line:
    """A cleaned, non-empty content line that remembers where it came from (and, read by
    OCR, its lowest character confidence: ``SourceLine.confidence``)."""

    text: str
    line_no: int
    page: int
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """The lines under one label of an entry (e.g. everything under ``3. 网络类型``)."""

    label: str
    lines: tuple[Line, ...]
    text: str  # the lines re-joined into one paragraph (``cleaning.join_wrapped``)


@dataclass(frozen=True, slots=True)
class EntryBlock:
    """One catalog entry (``一、…``) split into its labelled sections."""

    seq: int
    title: str
    lines: tuple[Line, ...]
    sections: Mapping[str, Section]
    #: Sections under a label the profile maps to no key (``2、主管单位``): ``Section.label``
    #: is the label's words as written. They end the section before them.
    others: tuple[Section, ...] = ()

    @property
    def line_start(self) -> int:
        return self.lines[0].line_no

    @property
    def line_end(self) -> int:
        return self.lines[-1].line_no

    @property
    def page_start(self) -> int:
        return self.lines[0].page

    @property
    def page_end(self) -> int:
        return self.lines[-1].page

    def text_of(self, label: str) -> str | None:
        """The joined text of a section, or None when the entry has no such section or it is
        empty."""
        section = self.sections.get(label)
        return section.text if section is not None and section.text else None


@dataclass(frozen=True, slots=True)
class EffortComponent:
    """One clause of an effort phrase and the figure it states, counted in ``unit`` (weeks
    and months are never converted to days). A stated zero (``无需对接工作量``) is 0–0 with
    unit None. ``party`` is set inside a breakdown, and elsewhere on a clause that opens with
    a party."""

    position: int  # 1-based clause order
    text: str  # the clause as written (after fold_width), pieces joined with "，"
    scope: str | None  # what the figure is for
    party: str | None  # one of the parties of the breakdown, or None
    min_days: float | None
    max_days: float | None
    unit: str | None  # "person_day" | "working_day" | "day" | "week" | "month" | None
    approximate: bool
    open_ended: bool
    condition: str | None


@dataclass(frozen=True, slots=True)
class Effort:
    """A whole effort phrase: the headline figure and the clauses it was read from.

    ``reading`` says what the headline is: ``"figure"`` (it has a min or a max, with a
    unit), ``"zero"`` (a stated zero such as ``无需对接工作量``: 0–0, unit None, and no clause
    has a figure), ``"open_ended"`` (no figure, but an open-ended marker such as
    ``根据实际需求而定``), ``"unread"`` (text present, nothing readable: null numbers, the raw
    text kept here and in the components) or ``"absent"`` (blank text).
    """

    text: str
    min_days: float | None
    max_days: float | None
    unit: str | None
    approximate: bool
    open_ended: bool
    components: tuple[EffortComponent, ...]

    @property
    def reading(self) -> Reading:
        """``"absent"``, ``"figure"``, ``"zero"``, ``"open_ended"`` or ``"unread"``."""
        if not self.text.strip():
            return "absent"
        if self.min_days is not None or self.max_days is not None:
            return "figure" if self.unit is not None else "zero"
        return "open_ended" if self.open_ended else "unread"


@dataclass(frozen=True, slots=True)
class OcrReading:
    """How much of an entry OCR read, and how sure it was (``extractors.ocr``)."""

    used: bool  # some line of the entry was read by OCR
    confidence: float | None  # the chance that every OCR'd line was read right
    uncertain: tuple[str, ...]  # the sections (label keys, "heading") with a doubtful character


#: The reading of an entry that came wholly from a text layer.
NOT_OCR = OcrReading(used=False, confidence=None, uncertain=())


@dataclass(frozen=True, slots=True)
class Resource:
    """Everything extracted from one entry: the row of ``resources`` and its item lists."""

    seq: int
    resource_key: str
    name: str
    builder_unit: str | None
    builder_duties: str | None
    network_types_text: str | None
    network_types: tuple[str, ...]
    overview: str | None
    functions: tuple[str, ...]
    access_targets: tuple[str, ...]
    supporting_docs: tuple[str, ...]
    supporting_text: str | None
    implementation: str | None
    effort: Effort
    contact: str | None
    contact_phone: str | None  # the first number, digits only
    contact_extension: str | None  # the first number's extension
    contact_phones: tuple[str, ...]  # every number: ``05926051234`` or ``…;ext=8012``
    contact_person: str | None
    keywords: tuple[str, ...]
    line_start: int
    line_end: int
    page_start: int
    page_end: int
    ocr: OcrReading = NOT_OCR
    #: Sections under labels the profile maps to no field (``2、主管单位``), in entry order:
    #: ``(label as written, its text)``. Kept apart, never glued onto another field.
    other_sections: tuple[tuple[str, str], ...] = ()
