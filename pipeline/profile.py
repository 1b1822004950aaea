"""A catalog profile: what differs between catalogs, read from a TOML file into typed tables.

Label names and their synonyms, the parts of an entry, canonical networks and their aliases,
the parties of an effort breakdown, keyword stop words, the page-break and page-number rules
of text exports, accepted encodings and the quality gate's thresholds all vary from one
district's catalog to the next. They live in a profile file (``pipeline/profiles/default.toml``
is the bundled one; ``catalog ingest --profile FILE`` takes another) so that code holds no
district's words. ``load_profile`` validates the file completely and raises one
``ProfileError`` naming the file and the key at fault; the result is frozen and hashable, so
modules compile their patterns from it once per profile (``functools.cache``).
"""

from __future__ import annotations

import codecs
import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex as re

from pipeline.errors import ProfileError

__all__ = [
    "DEFAULT_PROFILE_FILE",
    "LABEL_KEYS",
    "ContactRules",
    "EffortRules",
    "GateRules",
    "KeywordRules",
    "Label",
    "NetworkRules",
    "OcrRules",
    "PageRules",
    "Profile",
    "SourceRules",
    "StructureRules",
    "default_profile",
    "load_profile",
    "parse_profile",
]

#: The section keys the extractors ask for, in catalog order. A profile names each of them.
LABEL_KEYS: tuple[str, ...] = (
    "name", "builder", "builder_unit", "builder_duties", "network_types", "overview",
    "functions", "access_targets", "supporting", "implementation", "effort", "contact",
)  # fmt: skip
#: Every key a profile may have, by table (``labels.<key>`` tables take ``names`` and
#: ``numbering``; ``networks.aliases`` is free-form). Anything else is a typo, refused.
PROFILE_KEYS: dict[str, frozenset[str]] = {
    "profile": frozenset({"name", "description"}),
    "source": frozenset({"encodings", "max_text_mb", "max_pdf_mb", "max_pdf_pages"}),
    "pages": frozenset({"page_start_prefixes", "max_page_start_share", "page_number_patterns"}),
    "structure": frozenset({"parts", "heading_lookahead", "other_labels",
                            "unmapped_label_min_share"}),
    "labels": frozenset(LABEL_KEYS),
    "networks": frozenset({"canonical", "aliases"}),
    "effort": frozenset({"parties"}),
    "contacts": frozenset({"person_labels"}),
    "keywords": frozenset({"count", "stop_words"}),
    "gate": frozenset({"effort_readable_share_min", "entry_count_change_max", "field_max_chars"}),
    "ocr": frozenset({"min_char_confidence"}),
}
LABEL_TABLE_KEYS: frozenset[str] = frozenset({"names", "numbering"})
#: The bundled profile, inside the ``pipeline`` package.
DEFAULT_PROFILE_FILE = "profiles/default.toml"
_NUMBERING = ("plain", "paren")
#: ``structure.unmapped_label_min_share`` when a profile does not set it.
DEFAULT_UNMAPPED_LABEL_MIN_SHARE = 0.3
#: ``gate.field_max_chars`` when a profile does not set it.
DEFAULT_FIELD_MAX_CHARS = 40


@dataclass(frozen=True, slots=True)
class Label:
    """A section label: its key, the names editions write, its numbering style."""

    key: str
    names: tuple[str, ...]
    #: ``numbering = "paren"`` in the file. Matching no longer depends on it: every label is
    #: read in any numbering style, per occurrence; the key is accepted for older profiles.
    paren_numbered: bool = False


@dataclass(frozen=True, slots=True)
class SourceRules:
    """How text exports are decoded (the encodings tried when there is no byte-order mark),
    and the largest edition read at all: a file over a limit is refused before any work."""

    encodings: tuple[str, ...]
    max_text_mb: int
    max_pdf_mb: int
    max_pdf_pages: int


@dataclass(frozen=True, slots=True)
class PageRules:
    """How a text export marks its PDF pages: page-start prefixes and page-number lines."""

    page_start_prefixes: tuple[str, ...]
    max_page_start_share: float
    page_number_patterns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StructureRules:
    """The parts and labels of an entry, and how far a heading may be from its first label."""

    parts: tuple[str, ...]
    labels: tuple[Label, ...]
    heading_lookahead: int
    #: Labels this catalog writes that feed no field (``主管单位``): each ends the section
    #: before it and is kept as an item of its own (``resource_items.section = 'other'``).
    other_labels: tuple[str, ...] = ()
    #: A numbered label-shaped line no profile name covers (``2、主管单位：…``) is read as such
    #: a label too when its words recur in at least this share of the edition's entries
    #: (and in two entries at least): item text does not recur, labels do.
    unmapped_label_min_share: float = DEFAULT_UNMAPPED_LABEL_MIN_SHARE


@dataclass(frozen=True, slots=True)
class NetworkRules:
    """Canonical network types and spellings → canonical type (keys NFKC-folded, lower-case)."""

    canonical: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...]

    def alias_map(self) -> dict[str, str]:
        """Every spelling, canonical names included, → its canonical type."""
        return {**{name.lower(): name for name in self.canonical}, **dict(self.aliases)}


@dataclass(frozen=True, slots=True)
class EffortRules:
    """The parties an effort breakdown assigns days to."""

    parties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContactRules:
    """Words that introduce the contact person."""

    person_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KeywordRules:
    """How many keywords an entry gets, and the catalog's stop words."""

    count: int
    stop_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class GateRules:
    """Quality-gate thresholds (expectation parameters)."""

    effort_readable_share_min: float
    entry_count_change_max: float
    #: The longest name or builder unit that is plausible: a longer one (or one holding
    #: sentence punctuation) has swallowed the next label's text (critical).
    field_max_chars: int = DEFAULT_FIELD_MAX_CHARS


@dataclass(frozen=True, slots=True)
class OcrRules:
    """How sure OCR must be of a character for its field to pass without a warning."""

    min_char_confidence: float


@dataclass(frozen=True, slots=True)
class Profile:
    """One catalog's profile, validated."""

    name: str
    description: str
    source: SourceRules
    pages: PageRules
    structure: StructureRules
    networks: NetworkRules
    effort: EffortRules
    contacts: ContactRules
    keywords: KeywordRules
    gate: GateRules
    ocr: OcrRules


class _Reader:
    """Typed access to the parsed TOML that raises ``ProfileError`` naming the key at fault."""

    def __init__(self, data: Mapping[str, Any], file: str) -> None:
        self.data, self.file = data, file

    def fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(f"profile key {key!r}: {problem}", file=self.file)

    def get(self, key: str, kind: type | tuple[type, ...]) -> Any:
        value: Any = self.data
        for part in key.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise self.fail(key, "is missing")
            value = value[part]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(key, f"must be {_kind_name(kind)}, not {type(value).__name__}")
        return value

    def words(self, key: str, *, empty: bool = False, blank: bool = False) -> tuple[str, ...]:
        values = self.get(key, list)
        if not values and not empty:
            raise self.fail(key, "must list at least one value")
        if not all(isinstance(v, str) and (v if blank else v.strip()) for v in values):
            raise self.fail(key, "must list non-empty strings")
        if len(set(values)) != len(values):
            raise self.fail(key, "lists a value twice")
        return tuple(values)

    def share(self, key: str) -> float:
        value = float(self.get(key, (int, float)))
        if not 0 <= value <= 1:
            raise self.fail(key, f"must be between 0 and 1, not {value}")
        return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {list: "a list", str: "a string", dict: "a table", int: "an integer",
             float: "a number", bool: "true or false"}  # fmt: skip
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _labels(reader: _Reader) -> tuple[Label, ...]:
    table = reader.get("labels", dict)  # unknown label keys: ``_unknown_key``
    labels = []
    for key in LABEL_KEYS:
        numbering = table.get(key, {}).get("numbering", "plain") if key in table else "plain"
        if numbering not in _NUMBERING:
            raise reader.fail(f"labels.{key}.numbering", "must be 'plain' or 'paren'")
        labels.append(Label(key, reader.words(f"labels.{key}.names"), numbering == "paren"))
    names = [name for label in labels for name in label.names]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise reader.fail("labels", f"the name {repeated[0]!r} is given to two labels")
    return tuple(labels)


def _patterns(reader: _Reader, key: str) -> tuple[str, ...]:
    patterns = reader.words(key)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise reader.fail(key, f"{pattern!r} is not a valid pattern ({error})") from None
    return patterns


def _encodings(reader: _Reader) -> tuple[str, ...]:
    encodings = reader.words("source.encodings")
    for encoding in encodings:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise reader.fail("source.encodings", f"{encoding!r} is not an encoding") from None
    return encodings


def _networks(reader: _Reader) -> NetworkRules:
    canonical = reader.words("networks.canonical")
    aliases = reader.get("networks.aliases", dict)
    wrong = [f"{k} = {v}" for k, v in aliases.items() if v not in canonical]
    if wrong:
        raise reader.fail("networks.aliases", f"{wrong[0]!r} maps to a non-canonical type")
    folded = tuple(sorted((str(k).strip().lower(), str(v)) for k, v in aliases.items()))
    return NetworkRules(canonical=canonical, aliases=folded)


def _positive_int(reader: _Reader, key: str) -> int:
    value = int(reader.get(key, int))
    if value < 1:
        raise reader.fail(key, f"must be at least 1, not {value}")
    return value


def _present(reader: _Reader, key: str) -> bool:
    table, _, name = key.partition(".")
    return isinstance(reader.data.get(table), Mapping) and name in reader.data[table]


def _optional_share(reader: _Reader, key: str, default: float) -> float:
    return reader.share(key) if _present(reader, key) else default


def _other_labels(reader: _Reader) -> tuple[str, ...]:
    key = "structure.other_labels"
    names = reader.words(key, empty=True) if _present(reader, key) else ()
    mapped = {name for label in _labels(reader) for name in label.names}
    clash = sorted(mapped.intersection(names))
    if clash:
        raise reader.fail(key, f"{clash[0]!r} is also the name of a label with a key")
    return names


def _optional_positive_int(reader: _Reader, key: str, default: int) -> int:
    return _positive_int(reader, key) if _present(reader, key) else default


def _unknown_key(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first key that no profile has, and what it may have meant."""
    for table, value in data.items():
        known = PROFILE_KEYS.get(table)
        if known is None:
            return table, _suggest(table, PROFILE_KEYS)
        if not isinstance(value, Mapping):
            continue
        for key, inner in value.items():
            if key not in known:
                return f"{table}.{key}", _suggest(key, known)
            if table == "labels" and isinstance(inner, Mapping):
                extra = sorted(set(inner) - LABEL_TABLE_KEYS)
                if extra:
                    return f"labels.{key}.{extra[0]}", _suggest(extra[0], LABEL_TABLE_KEYS)
    return None


def _suggest(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def parse_profile(data: Mapping[str, Any], file: str = "<profile>") -> Profile:
    """A ``Profile`` from parsed TOML. Raises ``ProfileError`` naming the first bad key (a
    missing, mistyped or out-of-range value, or a key no profile has)."""
    reader = _Reader(data, file)
    unknown = _unknown_key(data)
    if unknown is not None:
        raise reader.fail(unknown[0], f"is not a profile key{unknown[1]}")
    return Profile(
        name=reader.get("profile.name", str),
        description=reader.get("profile.description", str),
        source=SourceRules(
            encodings=_encodings(reader), max_text_mb=_positive_int(reader, "source.max_text_mb"),
            max_pdf_mb=_positive_int(reader, "source.max_pdf_mb"),
            max_pdf_pages=_positive_int(reader, "source.max_pdf_pages"),
        ),
        pages=PageRules(
            page_start_prefixes=reader.words("pages.page_start_prefixes", empty=True, blank=True),
            max_page_start_share=reader.share("pages.max_page_start_share"),
            page_number_patterns=_patterns(reader, "pages.page_number_patterns"),
        ),
        structure=StructureRules(
            parts=reader.words("structure.parts"),
            labels=_labels(reader),
            heading_lookahead=_positive_int(reader, "structure.heading_lookahead"),
            other_labels=_other_labels(reader),
            unmapped_label_min_share=_optional_share(
                reader, "structure.unmapped_label_min_share", DEFAULT_UNMAPPED_LABEL_MIN_SHARE),
        ),
        networks=_networks(reader),
        effort=EffortRules(parties=reader.words("effort.parties")),
        contacts=ContactRules(person_labels=reader.words("contacts.person_labels", empty=True)),
        keywords=KeywordRules(
            count=_positive_int(reader, "keywords.count"),
            stop_words=frozenset(reader.words("keywords.stop_words", empty=True)),
        ),
        gate=GateRules(
            effort_readable_share_min=reader.share("gate.effort_readable_share_min"),
            entry_count_change_max=reader.share("gate.entry_count_change_max"),
            field_max_chars=_optional_positive_int(reader, "gate.field_max_chars",
                                                   DEFAULT_FIELD_MAX_CHARS),
        ),
        ocr=OcrRules(min_char_confidence=reader.share("ocr.min_char_confidence")),
    )


def load_profile(path: str | Path) -> Profile:
    """Read and validate one profile file. Raises ``ProfileError`` for a missing, unreadable,
    malformed or incomplete file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError("no such profile file", file=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"cannot read the profile: {error}", file=path) from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"the profile is not valid TOML: {error}", file=path) from None
    return parse_profile(data, str(path))


@cache
def default_profile() -> Profile:
    """The bundled profile (read once per process)."""
    with resources.as_file(resources.files("pipeline") / DEFAULT_PROFILE_FILE) as path:
        return load_profile(path)
