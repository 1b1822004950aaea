"""What changed between two editions, as rows an analyst can filter: one per changed field.

Entries are matched by ``resource_key``. A key only in the new edition is ``added``, only in the
old one ``removed`` — unless a removed and an added entry are the same resource under a new
name (``pipeline.changes.similarity``), which is ``renamed``. Matched entries are compared field by
field (``COMPARED_FIELDS``); each difference is a row, ``modified`` (or ``renamed`` for a
renamed entry's fields, its name included). A section under a label the profile does not map
(an ``other`` item of ``resource_items``) is compared by its label: field ``other:<label as
written>`` (``other:主管单位``), its text the value (the texts joined when an entry repeats
the label), so a section that appears, disappears or changes is a row. Everything is done
with column operations over both editions at once, so 10 000-entry editions diff in about a
second; jieba only runs on the removed × added candidates.

Not compared (``NOT_COMPARED``): the entry number and provenance (renumbering, re-wrapping and
page moves are not changes), how the text was read (OCR), the derived ``keywords`` and the
person-day copies of the effort figures (``effort_min`` and ``effort_unit`` are compared). Values
are text: numbers without a trailing ``.0``, booleans ``true``/``false``, an item section its
items in order joined by ``ITEM_SEPARATOR``; a missing value or empty section is null. In an
entry OCR read on either side, a field that differs only by spaces between Chinese and Latin
text (``SCRIPT_SPACE``: the scan's ink cannot always tell one from none) is not a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import regex as re

from pipeline.changes.similarity import Fingerprint, fingerprint, match_renames, similarity_matrix
from pipeline.tables import CHANGES_SCHEMA, ITEM_SECTIONS, OTHER_SECTION, SCHEMAS
from pipeline.vocabulary import CHANGE_TYPES, OTHER_FIELD_PREFIX

__all__ = [
    "CHANGES_SCHEMA",
    "CHANGE_TYPES",
    "COMPARED_FIELDS",
    "ITEM_SEPARATOR",
    "NOT_COMPARED",
    "OTHER_FIELD_PREFIX",
    "EditionDiff",
    "EditionTables",
    "changes_table",
    "diff_editions",
]

@dataclass(frozen=True)
class EditionTables:
    """The tables of one edition that change detection compares."""

    edition: str
    resources: pd.DataFrame
    items: pd.DataFrame

    @classmethod
    def of(cls, edition: str, tables: Mapping[str, pa.Table]) -> EditionTables:
        """From an edition's ``resources`` and ``resource_items`` tables (in memory or read
        from the store)."""
        return cls(edition, tables["resources"].to_pandas(), tables["resource_items"].to_pandas())


#: Columns and item sections that are not compared, and why.
NOT_COMPARED: dict[str, str] = {
    "seq": "renumbering alone is not a change",
    "resource_key": "the match key: a new key is an added, removed or renamed entry",
    "source_line_start": "provenance: re-wrapping moves lines",
    "source_line_end": "provenance: re-wrapping moves lines",
    "source_page_start": "provenance: page moves are not changes",
    "source_page_end": "provenance: page moves are not changes",
    "keywords": "derived TF-IDF ranking: would echo every wording change",
    "effort_reading": "derived from effort_text, which is compared",
    "effort_person_days_min": "a copy of effort_min for person-days, which is compared",
    "effort_person_days_max": "a copy of effort_max for person-days, which is compared",
    "contact_extension": "derived from contact, which is compared",
    "contact_person": "derived from contact, which is compared",
    "contact_phones": "derived from contact, which is compared",
    "source_ocr": "provenance: how the text was read (a scan of the same edition is no change)",
    "ocr_confidence": "provenance: how sure OCR was",
    "ocr_uncertain_sections": "provenance: where OCR was unsure",
}
RESOURCE_FIELDS: tuple[str, ...] = tuple(
    name for name in SCHEMAS["resources"].names if name not in NOT_COMPARED
)
ITEM_FIELDS: tuple[str, ...] = tuple(
    s for s, _ in ITEM_SECTIONS if s not in NOT_COMPARED and s != OTHER_SECTION
)
#: Compared fields, in row order: ``resources`` columns, then ``resource_items`` sections;
#: then (not listed here: they depend on the editions) one ``other:<label>`` per label of an
#: ``other`` section in either edition, by label.
COMPARED_FIELDS: tuple[str, ...] = RESOURCE_FIELDS + ITEM_FIELDS
ITEM_SEPARATOR = "；"
#: The effort columns shown with their unit in reports.
EFFORT_NUMBERS: tuple[str, ...] = ("effort_min", "effort_max")
#: Fields whose text identifies a resource for rename matching (with builder unit, documents).
_CONTENT_FIELDS: tuple[str, ...] = ("overview", "functions", "implementation")
_BOOL_TEXT = {True: "true", False: "false"}
#: A space between a Chinese character and a Latin letter or digit (either order): OCR
#: cannot always tell such a space from none (``pipeline.parse.sources.ocr_ink``), so two
#: values of an OCR'd entry equal without them are the same value.
SCRIPT_SPACE = re.compile(r"(?<=\p{Han}) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?=\p{Han})")


def _same_but_script_spaces(old: object, new: object) -> bool:
    """Whether two text values differ only by ``SCRIPT_SPACE`` spaces."""
    return (isinstance(old, str) and isinstance(new, str)
            and SCRIPT_SPACE.sub("", old) == SCRIPT_SPACE.sub("", new))  # fmt: skip


@dataclass(frozen=True)
class EditionDiff:
    """The change rows (``CHANGES_SCHEMA`` columns) and, for rows of effort figures, the
    units on each side (resource_key → (old unit, new unit)) so reports can print ``2 人天``."""

    changes: pd.DataFrame
    effort_units: dict[str, tuple[str | None, str | None]]


def _fast_text(values: pd.Series, kind: pa.DataType) -> list[str | None] | None:
    """``_as_text`` over a plain list, for the dtypes ``pa.Table.to_pandas`` gives a column of
    the schema's type (pandas' ``str`` for strings, float64, bool or object for booleans);
    None for any other dtype (a hand-made frame), which the pandas path converts. A pandas
    operation costs tens of microseconds whatever the column's length, a list comprehension
    a fraction of one per value: for editions of a few hundred entries this is most of a
    diff's time. Each branch gives what the pandas path gives (``tests/test_diff.py``)."""
    dtype = values.dtype
    if pa.types.is_string(kind) and isinstance(dtype, pd.StringDtype):
        return [v if isinstance(v, str) else None for v in values.tolist()]
    if pa.types.is_floating(kind) and dtype == np.float64:
        # numpy and Python print a float64 the same way (shortest round-trip digits)
        return [None if v != v else str(v).removesuffix(".0") for v in values.tolist()]
    if pa.types.is_boolean(kind) and dtype in (np.dtype(np.bool_), np.dtype(object)):
        return [None if v is None or (isinstance(v, float) and v != v) else _BOOL_TEXT.get(v)
                for v in values.tolist()]  # fmt: skip
    return None


def _as_text(values: pd.Series, kind: pa.DataType) -> pd.Series:
    """One column as comparable text (by its schema type, whatever pandas made of it)."""
    fast = _fast_text(values, kind)
    if fast is not None:
        return pd.Series(fast, index=values.index, dtype=object)
    if pa.types.is_boolean(kind):
        text = values.map(_BOOL_TEXT)
    elif pa.types.is_floating(kind):
        numbers = pd.to_numeric(values, errors="coerce")
        text = numbers.astype(str).str.removesuffix(".0").where(numbers.notna())
    else:
        text = values.astype(str)
    return text.astype(object).where(values.notna() & text.notna(), None)


def _match_labels(keys: pd.Series, occurrence: pd.Series) -> pd.Series:
    """The key, with ``#n`` for its n-th entry when an edition repeats a key (keys have no
    punctuation, so a suffixed label never equals a real key)."""
    suffix = "#" + (occurrence + 1).astype(str)
    return keys.where(occurrence == 0, keys + suffix).astype(object)


def _other_labels(items: pd.DataFrame) -> set[str]:
    """The labels of ``items``' ``other`` sections (none in a store written before them)."""
    if "label" not in items.columns:
        return set()
    return set(items.loc[items["section"] == OTHER_SECTION, "label"].dropna().astype(str))


def _item_fields(old: EditionTables, new: EditionTables) -> tuple[str, ...]:
    """The compared item fields of two editions: the sections, then ``other:<label>`` of
    every ``other`` label in either, by label."""
    labels = sorted(_other_labels(old.items) | _other_labels(new.items))
    return ITEM_FIELDS + tuple(OTHER_FIELD_PREFIX + label for label in labels)


def _item_columns(items: pd.DataFrame, fields: tuple[str, ...]) -> pd.DataFrame:
    """Compared sections (``fields``) as one text column each, indexed by match label; an
    ``other`` section is field ``other:<its label>``."""
    rows = items[items["section"].isin(ITEM_FIELDS) | items["section"].eq(OTHER_SECTION)]
    if rows.empty:
        return pd.DataFrame(columns=list(fields), dtype=object)
    starts = rows["position"].eq(1).groupby([rows["resource_key"], rows["section"]]).cumsum()
    labels = rows["label"] if "label" in rows.columns else pd.Series(None, index=rows.index)
    other = OTHER_FIELD_PREFIX + labels.fillna("").astype(str)
    rows = pd.DataFrame({
        "section": rows["section"].where(rows["section"] != OTHER_SECTION, other),
        "position": rows["position"], "text": rows["text"],
        "label": _match_labels(rows["resource_key"], starts.clip(lower=1) - 1),
    })
    rows = rows.sort_values(["label", "section", "position"], kind="stable")
    return _join_runs(rows).pivot(index="label", columns="section", values="text").reindex(
        columns=list(fields))


def _join_runs(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per run of equal (label, section) in sorted ``rows``, texts joined in order
    (``np.add.reduceat`` concatenates in C, not a Python loop over groups)."""
    label, section = rows["label"].to_numpy(object), rows["section"].to_numpy(object)
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (label[1:] != label[:-1]) | (section[1:] != section[:-1])
    starts = np.flatnonzero(first)
    texts = (rows["text"].fillna("").astype(object) + ITEM_SEPARATOR).to_numpy(object)
    joined = pd.Series(np.add.reduceat(texts, starts), dtype=object)
    return pd.DataFrame({"label": label[starts], "section": section[starts],
                         "text": joined.str.slice(stop=-len(ITEM_SEPARATOR)).to_numpy(object)})


def _comparable(tables: EditionTables, item_fields: tuple[str, ...]) -> pd.DataFrame:
    """One row per entry, indexed by match label: key, seq, then every compared field
    (``RESOURCE_FIELDS``, then ``item_fields``)."""
    schema = SCHEMAS["resources"]
    res = tables.resources.sort_values("seq", kind="stable").reset_index(drop=True)
    res = res.reindex(columns=schema.names)  # a column an older edition lacks is null
    label = _match_labels(res["resource_key"], res.groupby("resource_key").cumcount())
    index = pd.Index(label, name="label")
    items = _item_columns(tables.items, item_fields).reindex(index)  # every section at once
    columns: dict[str, np.ndarray] = {"resource_key": res["resource_key"].astype(object).to_numpy(),
                                      "seq": res["seq"].to_numpy()}  # fmt: skip
    columns["_ocr"] = res["source_ocr"].eq(True).fillna(False).to_numpy(dtype=bool)
    columns.update((f, _as_text(res[f], schema.field(f).type).to_numpy(object))
                   for f in RESOURCE_FIELDS)  # fmt: skip
    columns.update((section, items[section].to_numpy(object)) for section in item_fields)
    frame = pd.DataFrame(columns, index=index)  # one frame from arrays: no column-by-column insert
    fields = RESOURCE_FIELDS + item_fields
    return frame.astype({f: object for f in fields}).replace({np.nan: None})


def _fingerprints(frame: pd.DataFrame) -> list[Fingerprint]:
    overview, functions, implementation = (frame[f].fillna("") for f in _CONTENT_FIELDS)
    content = overview + "\n" + functions + "\n" + implementation
    docs = frame["supporting_docs"].fillna("").str.split(ITEM_SEPARATOR)
    return [
        fingerprint(text, unit, [d for d in titles if d])
        for text, unit, titles in zip(content, frame["builder_unit"], docs, strict=True)
    ]


def _renames(removed: pd.DataFrame, added: pd.DataFrame) -> list[tuple[str, str]]:
    """(old label, new label) of removed and added entries that are one resource renamed."""
    if removed.empty or added.empty:
        return []
    scores = similarity_matrix(_fingerprints(removed), _fingerprints(added))
    positions = (removed["seq"].to_numpy(np.int64), added["seq"].to_numpy(np.int64))
    pairs = match_renames(scores, positions=positions)
    return [(removed.index[i], added.index[j]) for i, j in pairs]


def _entry_rows(frame: pd.DataFrame, change: str) -> pd.DataFrame:
    """One row per added or removed entry (no field)."""
    return pd.DataFrame({
        "resource_key": frame["resource_key"].to_numpy(), "name": frame["name"].to_numpy(),
        "change": change, "field": None, "old_value": None, "new_value": None,
        "_seq": frame["seq"].to_numpy(), "_field": -1,
    })


def _field_rows(
    old: pd.DataFrame, new: pd.DataFrame, renamed: np.ndarray, fields: tuple[str, ...]
) -> pd.DataFrame:
    """One row per differing field (of ``fields``) of aligned entry pairs (``old`` row i ↔
    ``new`` row i); in a pair either side of which OCR read, not a field that differs only by
    ``SCRIPT_SPACE`` spaces."""
    old_values = old[list(fields)].to_numpy(dtype=object)
    new_values = new[list(fields)].to_numpy(dtype=object)
    rows, cols = np.nonzero(old_values != new_values)
    ocr = old["_ocr"].to_numpy(bool) | new["_ocr"].to_numpy(bool)
    kept = np.array([not (ocr[r] and _same_but_script_spaces(old_values[r, c], new_values[r, c]))
                     for r, c in zip(rows, cols, strict=True)], dtype=bool)  # fmt: skip
    if len(kept):
        rows, cols = rows[kept], cols[kept]
    return pd.DataFrame({
        "resource_key": new["resource_key"].to_numpy()[rows],
        "name": new["name"].to_numpy()[rows],
        "change": np.where(renamed[rows], "renamed", "modified"),
        "field": np.asarray(fields, dtype=object)[cols],
        "old_value": old_values[rows, cols], "new_value": new_values[rows, cols],
        "_seq": new["seq"].to_numpy()[rows], "_field": cols,
        "_old_unit": old["effort_unit"].to_numpy()[rows],
        "_new_unit": new["effort_unit"].to_numpy()[rows],
    })


def _effort_units(rows: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    figures = rows[rows["field"].isin(EFFORT_NUMBERS)]
    keys, old, new = (figures[c].tolist() for c in ("resource_key", "_old_unit", "_new_unit"))
    return {key: (o, n) for key, o, n in zip(keys, old, new, strict=True)}


def diff_editions(old: EditionTables, new: EditionTables) -> EditionDiff:
    """Every change from ``old`` to ``new``, ordered by change type, entry number, field."""
    item_fields = _item_fields(old, new)
    before, after = _comparable(old, item_fields), _comparable(new, item_fields)
    gone = before.loc[before.index.difference(after.index, sort=False)]
    came = after.loc[after.index.difference(before.index, sort=False)]
    pairs = _renames(gone, came)
    common = before.index.intersection(after.index, sort=False)
    old_labels = [*common, *(o for o, _ in pairs)]
    new_labels = [*common, *(n for _, n in pairs)]
    renamed = np.arange(len(old_labels)) >= len(common)
    fields = _field_rows(before.loc[old_labels], after.loc[new_labels], renamed,
                         RESOURCE_FIELDS + item_fields)
    matched_old, matched_new = {o for o, _ in pairs}, {n for _, n in pairs}
    rows = pd.concat([
        _entry_rows(came.loc[~came.index.isin(matched_new)], "added"),
        _entry_rows(gone.loc[~gone.index.isin(matched_old)], "removed"),
        fields.drop(columns=["_old_unit", "_new_unit"]),
    ], ignore_index=True)
    rows["_rank"] = rows["change"].map({c: i for i, c in enumerate(CHANGE_TYPES)})
    rows = rows.sort_values(["_rank", "_seq", "_field"], kind="stable", ignore_index=True)
    rows.insert(0, "to_edition", new.edition)
    rows.insert(0, "from_edition", old.edition)
    changes = rows[CHANGES_SCHEMA.names].astype(object).replace({np.nan: None})
    return EditionDiff(changes=changes, effort_units=_effort_units(fields))


def changes_table(changes: pd.DataFrame) -> pa.Table:
    """The change rows as an Arrow table with ``CHANGES_SCHEMA`` (for publishing)."""
    return pa.Table.from_pandas(changes[CHANGES_SCHEMA.names], schema=CHANGES_SCHEMA,
                                preserve_index=False)
