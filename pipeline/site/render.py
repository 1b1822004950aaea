"""Render the catalog site: the model and charts through autoescaping Jinja templates.

``render_site`` is pure: tables and validation documents in, ``{relative path: bytes}`` out,
the same bytes for the same input (no clock, stable order), so the store can write it after
each commit and a test can compare two renders. Every value from an edition reaches the HTML
only through Jinja's autoescaping (``select_autoescape``, on for every template), never by
string concatenation; the pages also forbid scripts with a Content-Security-Policy, so even a
value that slipped through could not run. Nothing is fetched at view time: the stylesheet is
bundled (``assets/``) and linked relatively, charts are inline SVG.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from importlib import resources
from typing import Any
from urllib.parse import quote

import pyarrow as pa
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pipeline import __version__
from pipeline.changes.report import ChangeReport, ReportEntry, report_title
from pipeline.site.charts import NO_DATA
from pipeline.site.figures import builder_units, edition_charts, index_charts
from pipeline.site.model import (
    Catalog,
    Edition,
    EntryChange,
    IndexRow,
    build_catalog,
    field_change,
)
from pipeline.site.validation import validation_view
from pipeline.vocabulary import (
    CHANGE_TYPES,
    CHANGE_WORDS,
    DEFAULT_TIME_ZONE,
    NO_CHANGES,
    NOT_STATED,
    READING_WORDS,
    RENAMED_FROM,
    SECTION_WORDS,
    UNIT_WORDS,
    column_word,
    word_of,
)

__all__ = ["ASSETS", "CSP", "INLINE_CSP", "edition_page", "render_changes_page", "render_index",
           "render_pages", "render_site",
           "render_validation_page"]  # fmt: skip

#: The bundled files copied into every site, under ``assets/``.
ASSETS: tuple[str, ...] = ("site.css",)
#: No script, no network: the pages need nothing but their own stylesheet.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
       "base-uri 'none'; form-action 'none'")  # fmt: skip
#: The same for a self-contained page, whose stylesheet is inline.
INLINE_CSP = CSP.replace("style-src 'self'", "style-src 'unsafe-inline'")
_STATUSES = ("passed", "warnings", "failed")
_SEVERITIES = ("critical", "warning")


def edition_page(label: str) -> str:
    """The site path of an edition's page, as an href (the label URL-quoted)."""
    return f"editions/{quote(label, safe='')}.html"


def _known(values: tuple[str, ...], fallback: str) -> Any:
    return lambda code: code if code in values else fallback


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )  # fmt: skip
    env.filters["page"] = edition_page
    env.filters["status_class"] = _known(_STATUSES, "unknown")
    env.filters["severity_class"] = _known(_SEVERITIES, "warning")
    env.filters["change_class"] = _known(CHANGE_TYPES, "modified")
    env.globals.update(
        no_data=NO_DATA, not_stated=NOT_STATED, no_changes=NO_CHANGES, column=column_word,
        renamed_from=RENAMED_FROM,
        section=lambda code: word_of(SECTION_WORDS, code), change_types=CHANGE_TYPES,
        change_words=CHANGE_WORDS, units_words=UNIT_WORDS, readings=READING_WORDS,
    )  # every word a page shows for a column, section, unit or change: pipeline.vocabulary
    return env


def _asset(name: str) -> bytes:
    return (resources.files("pipeline.site") / "assets" / name).read_bytes()


def _render(template: str, **context: Any) -> bytes:
    page = _environment().get_template(template).render(**context)
    return page.encode("utf-8")


def _edition(catalog: Catalog, index: int, generated_by: str, published: Collection[str]
             ) -> bytes:  # fmt: skip
    editions = catalog.editions
    edition: Edition = editions[index]
    info = edition.info
    return _render(
        "edition.html", root="../", csp=CSP, generated_by=generated_by, edition=edition,
        info=info, entries=edition.entries, changes=edition.changes,
        charts=edition_charts(edition), units=builder_units(edition.entries),
        numeric=sum(e.effort.text != NOT_STATED for e in edition.entries),
        before=editions[index - 1].info.label if index > 0 else None,
        after=editions[index + 1].info.label if index + 1 < len(editions) else None,
        previous_page=edition_page(info.previous)
        if info.previous is not None and info.previous in published else None,
    )  # fmt: skip


def render_pages(
    tables: Mapping[str, pa.Table], validations: Mapping[str, Mapping[str, Any]], *,
    generated_by: str, pages: Collection[str] | None = None,
    published: Collection[str] | None = None, time_zone: str = DEFAULT_TIME_ZONE,
) -> tuple[dict[str, bytes], list[IndexRow]]:
    """The assets and the pages of ``pages`` (None: every edition of ``tables``), and the
    index rows of the editions rendered.

    For some pages only, ``tables`` needs the rows of those editions and of the editions just
    before and after each (a page links to them and compares with the one before), and
    ``published`` every published label (a page links only to pages that exist). The bytes of
    a page do not depend on which others are rendered.
    """
    catalog = build_catalog(tables, validations, detailed=pages, time_zone=time_zone)
    labels = {e.info.label for e in catalog.editions} if published is None else set(published)
    files = {f"assets/{name}": _asset(name) for name in ASSETS}
    rows = []
    for index, edition in enumerate(catalog.editions):
        if pages is None or edition.info.label in pages:
            files[f"editions/{edition.info.label}.html"] = _edition(catalog, index,
                                                                    generated_by, labels)
            rows.append(_index_row(edition))
    return files, rows


def _index_row(edition: Edition) -> IndexRow:
    """The edition's index row, its cells rendered."""
    row = IndexRow.of(edition)
    module = _environment().get_template("_index_row.html").module
    cells = module.index_cells(row.info, row.validation.status_label)  # type: ignore[attr-defined]
    return replace(row, cells=Markup(str(cells).strip("\n")))


def render_index(rows: Sequence[IndexRow], *, generated_by: str) -> bytes:
    """``index.html``: every edition's row (in the store's order) and the charts."""
    return _render("index.html", root="", csp=CSP, generated_by=generated_by, editions=rows,
                   charts=index_charts(rows))  # fmt: skip


def render_site(
    tables: Mapping[str, pa.Table], validations: Mapping[str, Mapping[str, Any]], *,
    generated_by: str, time_zone: str = DEFAULT_TIME_ZONE,
) -> dict[str, bytes]:
    """The whole site: ``index.html``, ``editions/<label>.html`` per edition and
    ``assets/…``, as relative POSIX path → bytes.

    ``tables``: ``editions``, ``resources``, ``resource_items``, ``effort_components`` and
    (optional, may be empty) ``changes``, each holding every edition's rows with the string
    column ``edition``; editions are shown in ``editions.ingest_seq`` order. ``validations``:
    edition label → its parsed ``validation.json`` (an edition without one shows the verdict of
    ``editions.validation_status`` and says the details were not kept). ``generated_by`` names
    the program in each page's footer; times are shown in ``time_zone`` (the profile's
    ``[display] time_zone``), the zone named. A site kept current page by page
    (``pipeline.outputs.site``) uses ``render_pages`` and ``render_index`` instead.
    """
    files, rows = render_pages(tables, validations, generated_by=generated_by,
                               time_zone=time_zone)  # fmt: skip
    files["index.html"] = render_index(rows, generated_by=generated_by)
    return dict(sorted(files.items()))


def render_validation_page(document: Mapping[str, Any], *, title: str) -> bytes:
    """One self-contained page (stylesheet inline) showing one ``validation.json`` document:
    the verdict and every check, e.g. for a quarantined edition, which has no site pages."""
    edition = document.get("edition")
    css = Markup(_asset("site.css").decode("utf-8"))  # the package's own file, not edition text
    return _render(
        "validation_page.html", root="", csp=INLINE_CSP, inline_css=css,
        generated_by=f"catalog-pipeline {__version__}", title=title,
        edition=edition if isinstance(edition, str) else None,
        view=validation_view(document, None),
    )  # fmt: skip


def _entry_change(entry: ReportEntry) -> EntryChange:
    fields = tuple(field_change(field, old, new) for field, old, new in entry.fields)
    return EntryChange(entry.change, word_of(CHANGE_WORDS, entry.change), entry.name,
                       entry.resource_key, None, fields)  # fmt: skip


def render_changes_page(report: ChangeReport) -> bytes:
    """One self-contained page (stylesheet inline) of a change report (``changes.html``):
    the site's templates, words and layout, each changed field's character diff."""
    css = Markup(_asset("site.css").decode("utf-8"))  # the package's own file, not edition text
    groups = [(kind, [_entry_change(e) for e in report.of_type(kind)]) for kind in CHANGE_TYPES]
    return _render(
        "changes_page.html", root="", csp=INLINE_CSP, inline_css=css,
        generated_by=f"catalog-pipeline {__version__}", title=report_title(report.old, report.new),
        report=report, groups=[(kind, found) for kind, found in groups if found],
    )  # fmt: skip
