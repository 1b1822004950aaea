"""Comparing the tables two readings of one edition give (a PDF against its text edition, one
PDF engine against the other): which tables, without the columns that say where a row came
from (pages and lines differ between a PDF and a text file), built at one fixed time."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pyarrow as pa

from pipeline.models import SourceDocument
from pipeline.parse.document import parse_document
from pipeline.tables import build_tables

__all__ = ["COMPARED_TABLES", "INGESTED_AT", "PROVENANCE", "document_tables", "frame"]

COMPARED_TABLES = ("resources", "resource_items", "effort_components")
PROVENANCE = ("source_line_start", "source_line_end", "source_page_start", "source_page_end")
INGESTED_AT = datetime(2024, 1, 1, tzinfo=UTC)


def document_tables(document: SourceDocument) -> dict[str, pa.Table]:
    """The curated tables of ``document``, as ingesting it at ``INGESTED_AT`` builds them."""
    return build_tables(document, parse_document(document), INGESTED_AT)


def frame(tables: dict[str, pa.Table], name: str) -> pd.DataFrame:
    """Table ``name`` as a data frame, without its provenance columns."""
    table = tables[name]
    kept = [column for column in table.column_names if column not in PROVENANCE]
    selected: pd.DataFrame = table.select(kept).to_pandas()
    return selected
