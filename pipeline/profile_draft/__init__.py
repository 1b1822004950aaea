"""``catalog profile draft``: a catalog profile learned from a district's editions themselves.

A bureau onboarding a hundred districts will not hand-write a hundred profiles, and a profile
a careful newcomer writes from the docs can still be silently wrong. ``draft_profile`` reads
the editions' own template (``learn``: entries, parts, recurring label lines), maps each label
to a field key (``mapping``: the base profile's names, then the concept words label names are
built from), segments the editions with the result to read their network sections, effort
parties, district name and page-number lines (``observe``), and writes a commented TOML file
(``render``) with a summary of what a person must still decide. A label it cannot map is kept
as ``structure.other_labels``: read as an item of its own, never glued onto another field.
Pure: source documents in, a ``ProfileDraft`` out.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.errors import PipelineError
from pipeline.models import EntryBlock, Line, SourceDocument
from pipeline.parse.cleaning import clean_lines, is_page_number
from pipeline.parse.segmentation import split_entries
from pipeline.profile import LABEL_KEYS, Label, Profile, default_profile, parse_profile
from pipeline.profile_draft.learn import LearnedTemplate, find_entries, learn_template
from pipeline.profile_draft.mapping import LabelMapping, map_labels
from pipeline.profile_draft.observe import (
    district_names,
    effort_parties,
    network_words,
    page_number_shapes,
)
from pipeline.profile_draft.render import DraftText, render_profile

__all__ = ["ProfileDraft", "draft_profile"]


@dataclass(frozen=True, slots=True)
class ProfileDraft:
    """A drafted profile: the TOML text to save, the profile it parses to, how each learned
    label was mapped, and the summary lines for the person running the command."""

    toml: str
    profile: Profile
    mappings: tuple[LabelMapping, ...]
    entries: tuple[int, ...]  # entries found, per document
    summary: tuple[str, ...]


def _entries_text(entries: Sequence[int]) -> str:
    shown = ", ".join(str(seq) for seq in entries[:12])
    return f"entries {shown}{', …' if len(entries) > 12 else ''}"


def _labels(base: Profile, mappings: Sequence[LabelMapping]) -> tuple[Label, ...]:
    """Each key's learned names first, then the base profile's."""
    labels = []
    for old in base.structure.labels:
        learned = [m.label.name for m in mappings if m.key == old.key]
        names = tuple(dict.fromkeys([*learned, *old.names]))
        labels.append(Label(old.key, names, old.paren_numbered))
    return tuple(labels)


def _structure_notes(
    template: LearnedTemplate, mappings: Sequence[LabelMapping]
) -> dict[str, tuple[str, ...]]:
    parts = "、".join(template.parts) or "(none found: kept from the base profile)"
    notes: dict[str, tuple[str, ...]] = {
        "structure": (f"Learned: {len(template.entries)} entries headed 一、…; parts {parts}.",),
    }
    for key in LABEL_KEYS:
        found = [m for m in mappings if m.key == key]
        notes[f"labels.{key}"] = tuple(
            f"Learned {m.label.name!r} ({m.reason}; numbered {' '.join(m.label.styles)}; "
            f"{'value inline' if m.label.inline else 'value on the next lines'}; "
            f"{len(m.label.entries)} entries)" for m in found
        ) or ("DECIDE: no label of the editions maps to this key; the base profile's names "
              "are kept (the field stays empty if the editions never write them).",)  # fmt: skip
    unmapped = [m for m in mappings if m.key is None]
    notes["structure.other_labels"] = tuple(
        f"DECIDE: {m.label.name!r} maps to no field ({m.reason}); kept as an item of its own "
        f"(resource_items.section = 'other'); {_entries_text(m.label.entries)}. Move it "
        f"under a [labels.<key>] table if it feeds one." for m in unmapped
    ) or ("No unmapped labels.",)  # fmt: skip
    return notes


def _segment(documents: Sequence[list[Line]], profile: Profile) -> list[EntryBlock]:
    return [entry for lines in documents for entry in split_entries(lines, profile.structure)]


def _observed(
    profile: Profile, docs: Sequence[SourceDocument], cleaned: Sequence[list[Line]]
) -> tuple[Profile, dict[str, tuple[str, ...]]]:
    """The profile with what the segmented editions show: parties, the district's name as
    a stop word and page-number shapes; notes on networks and running lines."""
    entries = _segment(cleaned, profile)
    efforts = [text for e in entries if (text := e.text_of("effort"))]
    parties = tuple(dict.fromkeys([*profile.effort.parties, *effort_parties(efforts)]))
    district = district_names(line.text for lines in cleaned for line in lines)
    shapes = tuple(dict.fromkeys(
        shape for doc in docs if doc.source_format == "text"
        for shape in page_number_shapes(doc.lines, profile.pages)))  # fmt: skip
    known = set(profile.networks.canonical) | {alias for alias, _ in profile.networks.aliases}
    networks = network_words(text for e in entries if (text := e.text_of("network_types")))
    unknown = [f"{word} ({count} entries)" for word, count in networks.most_common()
               if word.lower() not in known]  # fmt: skip
    running = sorted({line.text.strip() for doc in docs for line in doc.lines
                      if line.furniture and not is_page_number(line.text, profile.pages)})
    notes = {
        "networks": ("Written in the network sections: " + ("、".join(
            f"{w} ({c})" for w, c in networks.most_common()) or "nothing") + ".",
            *([f"DECIDE: not canonical nor an alias: {'、'.join(unknown)}; add each as an "
               "alias of a canonical type, or as a canonical type (else each entry writing "
               "it is a warning)."] if unknown else [])),
        "effort": (f"Parties named before a figure in the effort statements: "
                   f"{'、'.join(effort_parties(efforts)) or 'none'}.",),
        "keywords": (f"District name(s) learned as stop words: {'、'.join(district) or 'none'}.",),
        "pages": (*(["Page-number lines learned: " + ", ".join(shapes)] if shapes else []),
                  *(["Running headers/footers found (dropped automatically): "
                     + " | ".join(running[:5])] if running else [])),
    }  # fmt: skip
    return replace(
        profile,
        effort=replace(profile.effort, parties=parties),
        keywords=replace(profile.keywords,
                         stop_words=profile.keywords.stop_words | frozenset(district)),
        pages=replace(profile.pages, page_number_patterns=tuple(dict.fromkeys(
            [*profile.pages.page_number_patterns, *shapes]))),
    ), notes  # fmt: skip


def _summary(
    draft: Profile, mappings: Sequence[LabelMapping], entries: Sequence[int],
    notes: dict[str, tuple[str, ...]],
) -> tuple[str, ...]:
    mapped = [f"{m.label.name} → {m.key}" for m in mappings if m.key]
    unmapped = [m.label.name for m in mappings if m.key is None]
    missing = [key for key in LABEL_KEYS
               if not any(m.key == key for m in mappings) and key != "builder"]
    decide = [line[len("DECIDE: "):] for lines in notes.values() for line in lines
              if line.startswith("DECIDE: ") and not line.startswith("DECIDE: no label")]
    return (
        f"entries found: {' + '.join(map(str, entries))}",
        f"labels mapped ({len(mapped)}): {'; '.join(mapped) or 'none'}",
        f"labels unmapped ({len(unmapped)}), kept as items: {'、'.join(unmapped) or 'none'}",
        f"keys no label maps to: {', '.join(missing) or 'none'}",
        f"parts: {'、'.join(draft.structure.parts)}",
        *(f"decide: {line}" for line in decide),
    )  # fmt: skip


def _entry_count(document: SourceDocument, lines: Sequence[Line]) -> int:
    try:
        return len(find_entries(lines))
    except PipelineError as error:
        raise error.located(document.path) from None


def draft_profile(
    documents: Sequence[SourceDocument], base: Profile | None = None
) -> ProfileDraft:
    """A profile learned from ``documents`` (editions of one catalog, read with ``base``),
    starting from ``base`` (default: the bundled profile). Raises ``SegmentationError`` when a
    document has no entries, and ``ProfileError`` if the drafted text does not load (a bug)."""
    base = base or default_profile()
    cleaned = [clean_lines(doc.lines) for doc in documents]
    entries = tuple(_entry_count(doc, lines) for doc, lines in zip(documents, cleaned, strict=True))
    known = frozenset(name for label in base.structure.labels for name in label.names)
    template = learn_template(cleaned, known)
    mappings = map_labels(template.labels, base.structure.labels)
    others = [m.label.name for m in mappings if m.key is None]
    structure = replace(
        base.structure, labels=_labels(base, mappings),
        parts=tuple(dict.fromkeys([*template.parts, *base.structure.parts])),
        other_labels=tuple(dict.fromkeys([*others, *base.structure.other_labels])),
    )  # fmt: skip
    drafted = replace(base, name=f"draft-{base.name}", structure=structure)
    drafted, observed = _observed(drafted, documents, cleaned)
    notes = {**_structure_notes(template, mappings), **observed}
    summary = _summary(drafted, mappings, entries, notes)
    header = (
        f"Drafted by `catalog profile draft` from {len(documents)} edition(s): "
        + ", ".join(doc.path.rsplit("/", 1)[-1] for doc in documents),
        f"starting from the profile {base.name!r}. Read the DECIDE: comments, then keep it",
        "with `catalog ingest --profile FILE`. docs/profile.md explains every key.",
    )
    text = render_profile(drafted, DraftText(header=header, notes=notes))
    profile = parse_profile(tomllib.loads(text), "<drafted profile>")
    return ProfileDraft(text, profile, mappings, entries, summary)
