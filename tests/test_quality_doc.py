"""docs/quality.md's expectations table is generated from the suite files and must be current."""

from __future__ import annotations

from pipeline.quality.docs import BEGIN, END, expectations_table, updated_document
from pipeline.quality.suites import load_suites
from tests.conftest import ROOT


def test_committed_table_is_the_generated_one() -> None:
    document = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    assert updated_document(document, load_suites()) == document, (
        "docs/quality.md is stale: run `python -m pipeline.quality.docs`")


def test_table_rows_show_parameters_and_escape_pipes() -> None:
    table = expectations_table(load_suites()).splitlines()
    assert table[0] == ("| suite | check | severity | guards | expectation (columns read; "
                        "compared with) | why | 名称 |")
    assert table[-1].endswith(" | 重新发布未减少条目 |")  # the check's name in the vocabulary
    row = next(line for line in table if "`network_type_canonical`" in line)
    assert row.startswith("| `resource_items` | `network_type_canonical` | warning | data | "
                          "`expect_column_values_to_be_in_set` (text where section == "
                          "network_types); value_set `$canonical_networks` | ")
    assert len(table) == 2 + sum(len(s.expectations) for s in load_suites().values())


def test_markers_frame_the_generated_part() -> None:
    document = f"intro\n{BEGIN}\nold\n{END}\noutro\n"
    updated = updated_document(document, load_suites())
    assert updated.startswith(f"intro\n{BEGIN}\n| suite |") and updated.endswith(f"{END}\noutro\n")
