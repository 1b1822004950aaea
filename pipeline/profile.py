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
import os
import stat
import tomllib
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex as re

from pipeline.errors import ProfileError
from pipeline.vocabulary import DEFAULT_TIME_ZONE

__all__ = [
    "DEFAULT_PROFILE_FILE",
    "LABEL_KEYS",
    "ContactRules",
    "DisplayRules",
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
    "source": frozenset({"encodings", "max_text_mb", "max_pdf_mb", "max_pdf_pages",
                         "max_docx_xml_mb", "max_docx_unpacked_mb", "max_docx_paragraphs"}),
    "pages": frozenset({"page_start_prefixes", "max_page_start_share", "page_number_patterns"}),
    "structure": frozenset({"parts", "heading_lookahead", "other_labels",
                            "unmapped_label_min_share"}),
    "labels": frozenset(LABEL_KEYS),
    "networks": frozenset({"canonical", "aliases"}),
    "effort": frozenset({"parties"}),
    "contacts": frozenset({"person_labels"}),
    "keywords": frozenset({"count", "stop_words"}),
    "gate": frozenset({"effort_readable_share_min", "entry_count_change_max", "field_max_chars"}),
    "ocr": frozenset({"min_char_confidence", "max_page_pixels", "max_pages", "max_seconds",
                      "probe_pages"}),
    "display": frozenset({"time_zone"}),
}
LABEL_TABLE_KEYS: frozenset[str] = frozenset({"names", "numbering"})
#: The bundled profile, inside the ``pipeline`` package.
DEFAULT_PROFILE_FILE = "profiles/default.toml"
_NUMBERING = ("plain", "paren")
#: ``structure.unmapped_label_min_share`` when a profile does not set it.
DEFAULT_UNMAPPED_LABEL_MIN_SHARE = 0.3
#: ``gate.field_max_chars`` when a profile does not set it.
DEFAULT_FIELD_MAX_CHARS = 40
#: The budgets a profile may set and older profiles do not: their values when absent. A Word
#: file's XML parts are parsed whole (lxml takes about ten times their size in memory), every
#: part is held in memory, and time grows with the paragraph count.
DEFAULT_MAX_DOCX_XML_MB = 32
DEFAULT_MAX_DOCX_UNPACKED_MB = 256
DEFAULT_MAX_DOCX_PARAGRAPHS = 50_000
#: OCR draws a page as a greyscale image of one byte a pixel, and the recogniser needs several
#: times that: 40 megapixels is an A0 sheet at the OCR resolution.
DEFAULT_OCR_MAX_PAGE_PIXELS = 40_000_000
#: OCR takes seconds a page: the most pages one edition may need OCR'd, and the longest it may
#: take, checked as it proceeds.
DEFAULT_OCR_MAX_PAGES = 500
DEFAULT_OCR_MAX_SECONDS = 1800
#: A scan whose first this many OCR'd pages show no catalog structure is refused there.
DEFAULT_OCR_PROBE_PAGES = 5
#: The largest profile file read (a profile is a few kilobytes).
MAX_PROFILE_BYTES = 2**20


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
    #: A ``.docx`` whose XML part (body, styles, numbering…) unpacks to more is refused, as is
    #: one whose parts unpack to more than ``max_docx_unpacked_mb`` together (media included),
    #: both from the zip directory before any part is read; and one with more paragraphs.
    max_docx_xml_mb: int = DEFAULT_MAX_DOCX_XML_MB
    max_docx_unpacked_mb: int = DEFAULT_MAX_DOCX_UNPACKED_MB
    max_docx_paragraphs: int = DEFAULT_MAX_DOCX_PARAGRAPHS


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
    """How sure OCR must be of a character for its field to pass without a warning, and the
    budgets OCR works within: a page drawn larger than ``max_page_pixels`` is refused before it
    is drawn, more than ``max_pages`` pages to OCR before the first is read, a run longer than
    ``max_seconds`` after the page that passes it; a scan whose first ``probe_pages`` OCR'd
    pages show no heading, part or label is no catalog, refused there."""

    min_char_confidence: float
    max_page_pixels: int = DEFAULT_OCR_MAX_PAGE_PIXELS
    max_pages: int = DEFAULT_OCR_MAX_PAGES
    max_seconds: int = DEFAULT_OCR_MAX_SECONDS
    probe_pages: int = DEFAULT_OCR_PROBE_PAGES


@dataclass(frozen=True, slots=True)
class DisplayRules:
    """How outputs show what the catalog's readers read: times in ``time_zone`` (an IANA
    name, checked with ``zoneinfo``; the zone is named beside every time shown)."""

    time_zone: str = DEFAULT_TIME_ZONE


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
    display: DisplayRules = DisplayRules()

    @property
    def time_zone(self) -> str:
        """The time zone the site, reports and exports show times in (``[display]``)."""
        return self.display.time_zone


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


#: How long a profile pattern may take on one line (the ``regex`` module's ``timeout=``): a
#: pattern that backtracks catastrophically (``(1|11)+$``) would take minutes on a long line.
PATTERN_TIMEOUT_SECONDS = 1.0
#: Probe lines a pattern must answer at once when the profile is loaded: a run of one
#: character ended by another, the shape that makes nested repeats backtrack.
_PROBE_CHARACTERS = "1a一 -页.，"
_PROBE_LENGTH = 40
PATTERN_PROBES: tuple[str, ...] = tuple(
    run * _PROBE_LENGTH + end for run in _PROBE_CHARACTERS for end in _PROBE_CHARACTERS
    if end != run
)  # fmt: skip


def slow_pattern(key: str, pattern: str, text: str, file: str | None = None) -> ProfileError:
    """The error for ``pattern`` (profile key ``key``) taking too long on ``text``."""
    shown = text if len(text) <= 24 else f"{text[:24]}…"
    return ProfileError(
        f"profile key {key!r}: {pattern!r} took over {PATTERN_TIMEOUT_SECONDS:g} s on the "
        f"line {shown!r} ({len(text)} characters): it backtracks catastrophically; write it "
        "without nested repeats", file=file)  # fmt: skip


def _patterns(reader: _Reader, key: str) -> tuple[str, ...]:
    patterns = reader.words(key)
    for pattern in patterns:
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise reader.fail(key, f"{pattern!r} is not a valid pattern ({error})") from None
        for probe in PATTERN_PROBES:
            try:
                compiled.fullmatch(probe, timeout=PATTERN_TIMEOUT_SECONDS)
            except TimeoutError:
                raise slow_pattern(key, pattern, probe, reader.file) from None
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


def _display(reader: _Reader) -> DisplayRules:
    """``[display]``: ``time_zone`` an IANA name ``zoneinfo`` knows (default
    ``DEFAULT_TIME_ZONE``); an unknown zone is a ``ProfileError`` naming the key."""
    key = "display.time_zone"
    if not _present(reader, key):
        return DisplayRules()
    name = reader.get(key, str)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise reader.fail(key, f"{name!r} is not a time zone (an IANA name such as "
                               f"{DEFAULT_TIME_ZONE!r})") from None  # fmt: skip
    return DisplayRules(time_zone=name)


def _optional_positive_int(reader: _Reader, key: str, default: int) -> int:
    return _positive_int(reader, key) if _present(reader, key) else default


#: The optional budgets of a table: key → default (``_optional_ints``).
_SOURCE_BUDGETS: dict[str, int] = {
    "max_docx_xml_mb": DEFAULT_MAX_DOCX_XML_MB,
    "max_docx_unpacked_mb": DEFAULT_MAX_DOCX_UNPACKED_MB,
    "max_docx_paragraphs": DEFAULT_MAX_DOCX_PARAGRAPHS,
}
_OCR_BUDGETS: dict[str, int] = {
    "max_page_pixels": DEFAULT_OCR_MAX_PAGE_PIXELS,
    "max_pages": DEFAULT_OCR_MAX_PAGES,
    "max_seconds": DEFAULT_OCR_MAX_SECONDS,
    "probe_pages": DEFAULT_OCR_PROBE_PAGES,
}


def _optional_ints(reader: _Reader, table: str, defaults: Mapping[str, int]) -> dict[str, int]:
    """Each of ``defaults``' keys of ``table``: the profile's whole number ≥ 1, or the default."""
    return {key: _optional_positive_int(reader, f"{table}.{key}", default)
            for key, default in defaults.items()}  # fmt: skip


def _check_tables(reader: _Reader) -> None:
    """Every table a profile has is a table, and so is each ``labels.<key>``: a string where
    a table is expected is one error naming the key, not an attribute error later."""
    for table in PROFILE_KEYS:
        if table in reader.data and not isinstance(reader.data[table], Mapping):
            raise reader.fail(table, f"must be a table, not {type(reader.data[table]).__name__}")
    labels = reader.data.get("labels", {})
    for key in LABEL_KEYS:
        if key in labels and not isinstance(labels[key], Mapping):
            raise reader.fail(f"labels.{key}", "must be a table (names = [...]), not "
                              f"{type(labels[key]).__name__}")  # fmt: skip


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
    _check_tables(reader)
    return Profile(
        name=reader.get("profile.name", str),
        description=reader.get("profile.description", str),
        source=SourceRules(
            encodings=_encodings(reader), max_text_mb=_positive_int(reader, "source.max_text_mb"),
            max_pdf_mb=_positive_int(reader, "source.max_pdf_mb"),
            max_pdf_pages=_positive_int(reader, "source.max_pdf_pages"),
            **_optional_ints(reader, "source", _SOURCE_BUDGETS),
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
        ocr=OcrRules(min_char_confidence=reader.share("ocr.min_char_confidence"),
                     **_optional_ints(reader, "ocr", _OCR_BUDGETS)),
        display=_display(reader),
    )


def load_profile(path: str | Path) -> Profile:
    """Read and validate one profile file. Raises ``ProfileError`` for a missing, unreadable,
    malformed or incomplete file."""
    path = Path(path)
    try:
        text = _read_bounded(path).decode("utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ProfileError("no such profile file", file=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"cannot read the profile: {error}", file=path) from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"the profile is not valid TOML: {error}", file=path) from None
    except RecursionError:
        raise ProfileError(f"profile key {_deepest_key(text)!r}: arrays or tables nested too "
                           "deeply to read", file=path) from None  # fmt: skip
    return parse_profile(data, str(path))


def _read_bounded(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, at most ``MAX_PROFILE_BYTES``: a FIFO would
    block forever and ``/dev/zero`` never end. Raises ``ProfileError`` or ``OSError``."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ProfileError("the profile is not a regular file", file=path)
    limit = f"the limit is {MAX_PROFILE_BYTES // 2**10} KB"
    if info.st_size > MAX_PROFILE_BYTES:
        raise ProfileError(f"the profile is {info.st_size:,} bytes; {limit}", file=path)
    with path.open("rb") as handle:
        data = handle.read(MAX_PROFILE_BYTES + 1)
    if len(data) > MAX_PROFILE_BYTES:  # it grew since it was measured
        raise ProfileError(f"the profile is over {MAX_PROFILE_BYTES:,} bytes; {limit}", file=path)
    return data


_ASSIGNMENT = re.compile(r"^\s*(?P<key>[\w\"'.-]+)\s*=")
_TABLE_HEADER = re.compile(r"^\s*\[\s*(?P<table>[\w\"'.-]+)\s*\]")


def _deepest_key(text: str) -> str:
    """The dotted key whose value opens the most nested ``[``/``{`` in ``text`` (TOML that
    nests too deeply to parse cannot say which key it is)."""
    table, best, deepest = "", "<profile>", 0
    for line in text.splitlines():
        if header := _TABLE_HEADER.match(line):
            table = header.group("table")
        elif (found := _ASSIGNMENT.match(line)) is not None:
            depth = len(line) - len(line[found.end():].lstrip(" \t[{"))  # fmt: skip
            if depth - found.end() > deepest:
                deepest = depth - found.end()
                best = f"{table}.{found.group('key')}" if table else found.group("key")
    return best


@cache
def default_profile() -> Profile:
    """The bundled profile (read once per process)."""
    with resources.as_file(resources.files("pipeline") / DEFAULT_PROFILE_FILE) as path:
        return load_profile(path)
