"""The catalog site: every published edition as offline, self-contained HTML.

A person who wants to browse the catalog (which entries an edition has, who builds them, how
much effort an integration takes, whether the edition passed its quality checks, what changed
since the previous one) should not need Python, a BI tool or a network connection.
``render_site`` turns the published tables and validation documents into a static site (a
dict of files the store writes to ``curated/_site/``); ``render_validation_page`` renders one
validation document as a single page (a quarantined edition's ``report.html``).

Pure: no files are read but the package's own templates and stylesheet, nothing is written.
"""

from __future__ import annotations

from pipeline.site.model import IndexRow
from pipeline.site.render import (
    edition_page,
    render_changes_page,
    render_index,
    render_pages,
    render_site,
    render_validation_page,
)

__all__ = ["IndexRow", "edition_page", "render_changes_page", "render_index", "render_pages",
           "render_site", "render_validation_page"]
