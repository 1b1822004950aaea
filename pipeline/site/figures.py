"""The catalog's charts: which counts each chart shows, from the site's model.

Index: entries per edition, and entries added/removed/renamed/modified per edition (counted per
entry, as ``changes`` rows are one per changed field). Edition page: entries per builder unit,
the headline effort's classes per builder unit (``pipeline.site.effort``) and the network mix
(entries per canonical network type of ``resource_items``). Categories are ordered by count,
then by name, so the same data always draws the same chart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from pipeline.site.charts import Chart, Row, Series, bar_chart, stacked_chart
from pipeline.site.effort import EFFORT_CLASSES
from pipeline.site.model import Edition, Entry, IndexRow
from pipeline.vocabulary import (
    CHANGE_TYPES,
    CHANGE_WORDS,
    NOT_STATED,
    SECTION_WORDS,
    UNIT_WORDS,
    column_word,
)

__all__ = ["CHANGE_COLORS", "builder_units", "edition_charts", "index_charts", "network_mix"]

CHANGE_COLORS: dict[str, str] = {
    "added": "#2e8b57", "removed": "#c0392b", "renamed": "#8e6bbf", "modified": "#d98a1c",
}  # fmt: skip
NETWORK_COLOR = "#2a9d8f"
_UNIT, _ENTRIES = column_word("resources", "builder_unit"), column_word("editions", "entries")
#: Chart titles, in the vocabulary's words.
TITLES: dict[str, str] = {
    "effort-by-unit": f"对接工作量分布（按{_UNIT}，{UNIT_WORDS['person_day']}按上限归类）",
    "entries-by-unit": f"各{_UNIT}{_ENTRIES}",
    "network-mix": f"{SECTION_WORDS['network_types']}分布（{_ENTRIES}）",
    "entries-per-edition": f"各{column_word('editions', 'edition')}{_ENTRIES}",
    "changes-per-edition":
        f"各版本相对上一版本的{'、'.join(CHANGE_WORDS[k] for k in CHANGE_TYPES)}{_ENTRIES}",
}


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def builder_units(entries: Iterable[Entry]) -> list[tuple[str, int]]:
    """(builder unit, entries) by count, then name; an entry without one is ``未注明``."""
    return _ranked(Counter(entry.builder_unit or NOT_STATED for entry in entries))


def network_mix(entries: Iterable[Entry]) -> list[tuple[str, int]]:
    """(network type, entries listing it); entries listing none count as ``未注明``."""
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(set(entry.network_types) or {NOT_STATED})
    return _ranked(counts)


def _effort_by_unit(edition: Edition) -> Chart:
    units = [unit for unit, _ in builder_units(edition.entries)]
    per_unit: dict[str, Counter[str]] = {unit: Counter() for unit in units}
    for entry in edition.entries:
        per_unit[entry.builder_unit or NOT_STATED][entry.effort_class.key] += 1
    used = [one for one in EFFORT_CLASSES if any(c[one.key] for c in per_unit.values())]
    series = [Series(one.label, one.color) for one in used]
    rows = [Row(unit, tuple(per_unit[unit][one.key] for one in used)) for unit in units]
    return stacked_chart("effort-by-unit", TITLES["effort-by-unit"], series, rows)


def edition_charts(edition: Edition) -> tuple[Chart, ...]:
    """The edition page's charts: entries per builder unit, effort classes per builder unit,
    network mix."""
    return (
        bar_chart("entries-by-unit", TITLES["entries-by-unit"], builder_units(edition.entries)),
        _effort_by_unit(edition),
        bar_chart("network-mix", TITLES["network-mix"], network_mix(edition.entries),
                  color=NETWORK_COLOR),
    )  # fmt: skip


#: The index's charts show this many editions, the most recent (a bar chart of more is not
#: read bar by bar; the table above them lists every edition).
INDEX_CHART_EDITIONS = 60


def index_charts(rows: Sequence[IndexRow]) -> tuple[Chart, ...]:
    """The index's charts: entries per edition; changed entries per edition and type; of the
    most recent ``INDEX_CHART_EDITIONS`` editions (the titles say so when there are more)."""
    editions = rows[-INDEX_CHART_EDITIONS:]
    word = column_word("editions", "edition")
    recent = f"（最近 {INDEX_CHART_EDITIONS} 个{word}）" if len(rows) > len(editions) else ""
    entries = bar_chart("entries-per-edition", TITLES["entries-per-edition"] + recent,
                        [(e.info.label, e.info.entries) for e in editions])  # fmt: skip
    series = [Series(CHANGE_WORDS[kind], CHANGE_COLORS[kind]) for kind in CHANGE_TYPES]
    bars = [Row(e.info.label, tuple(getattr(e.info.counts, kind) if e.info.counts else 0
                                    for kind in CHANGE_TYPES)) for e in editions]  # fmt: skip
    return entries, stacked_chart("changes-per-edition", TITLES["changes-per-edition"] + recent,
                                  series, bars)  # fmt: skip
