"""Assemble one ``Resource`` from an entry's sections by calling each field extractor.

This is the only module that knows which section feeds which field; each extractor stays a
small function of text.
"""

from __future__ import annotations

from extractors.contact import extract_contact
from extractors.documents import extract_documents
from extractors.items import list_text, split_items
from extractors.keywords import extract_keywords
from extractors.network import extract_network_types
from extractors.ocr import read_ocr_quality
from normalizers.canonical import resource_key
from normalizers.effort import parse_effort
from pipeline.errors import ExtractionError
from pipeline.models import EntryBlock, Resource
from pipeline.profile import Profile, default_profile

__all__ = ["FIELD_SECTIONS", "extract_name", "extract_resource"]

#: ``Resource`` field → the sections (label keys) it is read from, as ``extract_resource``
#: reads them: says which fields a doubtful section (``Resource.ocr.uncertain``) touches.
FIELD_SECTIONS: dict[str, tuple[str, ...]] = {
    "seq": ("heading",), "name": ("name", "heading"), "resource_key": ("name", "heading"),
    "builder_unit": ("builder_unit", "builder"), "builder_duties": ("builder_duties",),
    "network_types_text": ("network_types",), "network_types": ("network_types",),
    "overview": ("overview",), "functions": ("functions",),
    "access_targets": ("access_targets",), "supporting_docs": ("supporting",),
    "supporting_text": ("supporting",), "implementation": ("implementation",),
    "effort": ("effort",), "contact": ("contact",), "contact_phone": ("contact",),
    "contact_extension": ("contact",), "contact_phones": ("contact",),
    "contact_person": ("contact",), "keywords": ("name", "heading", "overview", "functions"),
}  # fmt: skip


def extract_name(entry: EntryBlock) -> str:
    """The entry's name: its ``资源名称`` section, else its heading title.

    Raises ``ExtractionError`` at the heading line when both are empty.
    """
    name = (entry.text_of("name") or entry.title).strip()
    if not name:
        heading = entry.lines[0]
        raise ExtractionError(
            f"entry {entry.seq} has no name", line=heading.line_no, page=heading.page
        )
    return name


def _list_items(entry: EntryBlock, key: str) -> tuple[str, ...]:
    """The items of a list section, its line breaks kept before lines that open an item."""
    section = entry.sections.get(key)
    return split_items(list_text([line.text for line in section.lines])) if section else ()


def extract_resource(entry: EntryBlock, profile: Profile | None = None) -> Resource:
    """Every field of one entry, read with ``profile`` (default: the bundled one); a field
    whose section is missing is None or empty."""
    profile = profile or default_profile()
    name = extract_name(entry)
    overview = entry.text_of("overview")
    functions = _list_items(entry, "functions")
    contact = entry.text_of("contact")
    reached = extract_contact(contact, profile.contacts)
    first = reached.phones[0] if reached.phones else None
    keyword_text = "\n".join([name, overview or "", *functions])
    return Resource(
        seq=entry.seq,
        resource_key=resource_key(name),
        name=name,
        builder_unit=entry.text_of("builder_unit") or entry.text_of("builder"),
        builder_duties=entry.text_of("builder_duties"),
        network_types_text=entry.text_of("network_types"),
        network_types=extract_network_types(entry.text_of("network_types"), profile.networks),
        overview=overview,
        functions=functions,
        access_targets=_list_items(entry, "access_targets"),
        supporting_docs=extract_documents(entry.text_of("supporting")),
        supporting_text=entry.text_of("supporting"),
        implementation=entry.text_of("implementation"),
        effort=parse_effort(entry.text_of("effort") or "", profile.effort.parties),
        contact=contact,
        contact_phone=first.number if first else None,
        contact_extension=first.extension if first else None,
        contact_phones=tuple(phone.item_text for phone in reached.phones),
        contact_person=reached.person,
        keywords=extract_keywords(keyword_text, profile.keywords),
        line_start=entry.line_start,
        line_end=entry.line_end,
        page_start=entry.page_start,
        page_end=entry.page_end,
        ocr=read_ocr_quality(entry, profile.ocr.min_char_confidence),
        other_sections=tuple((section.label, section.text) for section in entry.others),
    )
