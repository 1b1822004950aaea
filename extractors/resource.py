"""Assemble one ``Resource`` from an entry's sections by calling each field extractor.

This is the only module that knows which section feeds which field; each extractor stays a
small function of text.
"""

from __future__ import annotations

from extractors.contact import extract_phone
from extractors.documents import extract_documents
from extractors.items import split_items
from extractors.keywords import extract_keywords
from extractors.network import extract_network_types
from normalizers.canonical import resource_key
from normalizers.effort import parse_effort
from pipeline.errors import ExtractionError
from pipeline.models import EntryBlock, Resource

__all__ = ["extract_name", "extract_resource"]


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


def extract_resource(entry: EntryBlock) -> Resource:
    """Every field of one entry; a field whose section is missing is None or empty."""
    name = extract_name(entry)
    overview = entry.text_of("overview")
    functions = split_items(entry.text_of("functions"))
    contact = entry.text_of("contact")
    keyword_text = "\n".join([name, overview or "", *functions])
    return Resource(
        seq=entry.seq,
        resource_key=resource_key(name),
        name=name,
        builder_unit=entry.text_of("builder_unit") or entry.text_of("builder"),
        builder_duties=entry.text_of("builder_duties"),
        network_types_text=entry.text_of("network_types"),
        network_types=extract_network_types(entry.text_of("network_types")),
        overview=overview,
        functions=functions,
        access_targets=split_items(entry.text_of("access_targets")),
        supporting_docs=extract_documents(entry.text_of("supporting")),
        supporting_text=entry.text_of("supporting"),
        implementation=entry.text_of("implementation"),
        effort=parse_effort(entry.text_of("effort") or ""),
        contact=contact,
        contact_phone=extract_phone(contact),
        keywords=extract_keywords(keyword_text),
        line_start=entry.line_start,
        line_end=entry.line_end,
        page_start=entry.page_start,
        page_end=entry.page_end,
    )
