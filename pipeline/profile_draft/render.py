"""Write a drafted profile as a commented TOML file a person can read, edit and keep.

Every table of ``pipeline/profiles/default.toml`` is written, in its order, with the drafted
values and a comment line before each saying where the value came from (learned from the
editions, or kept from the base profile); what the draft could not decide is a comment
starting ``DECIDE:``. Strings are written as TOML basic strings (JSON's escaping is TOML's),
so a label or pattern holding quotes or backslashes stays valid.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.profile import Label, Profile

__all__ = ["DraftText", "render_profile"]


@dataclass(frozen=True, slots=True)
class DraftText:
    """What the renderer writes besides the profile's values: comments per table."""

    header: tuple[str, ...] = ()
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table or key → comments


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_string(value) for value in values) + "]"


def _comments(lines: Iterable[str]) -> list[str]:
    return [f"# {line}".rstrip() for text in lines for line in text.splitlines() or [""]]


def _label_tables(labels: Sequence[Label], text: DraftText) -> list[str]:
    out: list[str] = []
    for label in labels:
        out += ["", *_comments(text.notes.get(f"labels.{label.key}", ())),
                f"[labels.{label.key}]", f"names = {_list(label.names)}"]  # fmt: skip
    return out


def render_profile(profile: Profile, text: DraftText) -> str:
    """The TOML text of ``profile``, with ``text``'s comments."""
    notes = text.notes
    p, s, g = profile.pages, profile.structure, profile.gate
    lines = [
        *_comments(text.header), "",
        "[profile]", f"name = {_string(profile.name)}",
        f"description = {_string(profile.description)}", "",
        *_comments(notes.get("source", ())), "[source]",
        f"encodings = {_list(profile.source.encodings)}",
        f"max_text_mb = {profile.source.max_text_mb}",
        f"max_pdf_mb = {profile.source.max_pdf_mb}",
        f"max_pdf_pages = {profile.source.max_pdf_pages}", "",
        *_comments(notes.get("pages", ())), "[pages]",
        f"page_start_prefixes = {_list(p.page_start_prefixes)}",
        f"max_page_start_share = {p.max_page_start_share}",
        "page_number_patterns = [", *(f"    {_string(x)}," for x in p.page_number_patterns), "]",
        "",
        *_comments(notes.get("structure", ())), "[structure]",
        f"parts = {_list(s.parts)}", f"heading_lookahead = {s.heading_lookahead}",
        *_comments(notes.get("structure.other_labels", ())),
        f"other_labels = {_list(s.other_labels)}",
        f"unmapped_label_min_share = {s.unmapped_label_min_share}",
        *_label_tables(s.labels, text), "",
        *_comments(notes.get("networks", ())), "[networks]",
        f"canonical = {_list(profile.networks.canonical)}", "[networks.aliases]",
        *(f"{_string(k)} = {_string(v)}" for k, v in profile.networks.aliases), "",
        *_comments(notes.get("effort", ())), "[effort]",
        f"parties = {_list(profile.effort.parties)}", "",
        "[contacts]", f"person_labels = {_list(profile.contacts.person_labels)}", "",
        *_comments(notes.get("keywords", ())), "[keywords]",
        f"count = {profile.keywords.count}",
        f"stop_words = {_list(sorted(profile.keywords.stop_words))}", "",
        "[gate]", f"effort_readable_share_min = {g.effort_readable_share_min}",
        f"entry_count_change_max = {g.entry_count_change_max}",
        f"field_max_chars = {g.field_max_chars}", "",
        "[ocr]", f"min_char_confidence = {profile.ocr.min_char_confidence}", "",
    ]  # fmt: skip
    return "\n".join(lines)
