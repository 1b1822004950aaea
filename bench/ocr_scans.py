"""OCR of scanned pages, measured against the text they were printed from.

Each fixture is one of the project's PDFs (``tests.pdf_factory``) whose pages are replaced by
150 dpi greyscale scans, skewed and noisy (``tests.scan_factory``). Three measures:

* **character accuracy**: 1 − edit distance / length, page by page, between the OCR'd lines and
  the lines of the page's text layer, whitespace removed (a space is judged with the fields,
  below);
* **fields**: every field of every entry on the scanned pages against the same entry read from
  the text layer: exact; wrong and reported by the ``ocr_confident`` warning (a doubted
  character in its section); wrong, not reported, and only by a space between Chinese and
  Latin text; wrong and not reported otherwise;
* **scores**: of the lines read wrong, the share scored below the profile's
  ``ocr.min_char_confidence`` (caught), and of the lines read right, the share scored below it
  (needless warnings).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex as re

from extractors.resource import FIELD_SECTIONS
from pipeline.errors import PipelineError
from pipeline.models import Resource
from pipeline.parse.document import parse_document
from pipeline.parse.sources import ReadOptions, read_source
from pipeline.profile import default_profile

__all__ = ["FieldCheck", "char_accuracy", "check_fields", "ocr_scans", "without_latin_spaces"]

#: Fields that are provenance or derived from OCR itself, not content to compare.
NOT_COMPARED = frozenset({"line_start", "line_end", "ocr"})
#: A space between a Chinese character and a Latin letter or digit (either order).
_LATIN_SPACE = re.compile(r"(?<=\p{Han}) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?=\p{Han})")


def without_latin_spaces(value: object) -> str:
    """``value`` as text without the spaces between Chinese and Latin text."""
    return str(_LATIN_SPACE.sub("", str(value)))


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def char_accuracy(truth: Sequence[str], read: Sequence[str]) -> tuple[int, int]:
    """``(errors, characters)`` of the lines ``read`` against the lines ``truth``, whitespace
    removed."""
    gold, got = ("".join(lines).replace(" ", "") for lines in (truth, read))
    return edit_distance(gold, got), len(gold)


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """Fields of OCR'd entries against the text layer's."""

    exact: int
    spacing_only: int  # wrong and not reported, only by a space between Chinese and Latin text
    wrong_reported: int
    wrong_unreported: tuple[str, ...]  # "seq field: gold → read"

    @property
    def total(self) -> int:
        return self.exact + self.spacing_only + self.wrong_reported + len(self.wrong_unreported)


def check_fields(gold: Sequence[Resource], read: Sequence[Resource]) -> FieldCheck:
    """Compare every field of the OCR'd entries ``read`` with the same entries ``gold``."""
    exact = spacing = reported = 0
    unreported: list[str] = []
    for want, got in zip(gold, read, strict=True):
        if not got.ocr.used:
            continue
        for field in dataclasses.fields(Resource):
            if field.name in NOT_COMPARED:
                continue
            a, b = getattr(want, field.name), getattr(got, field.name)
            if a == b:
                exact += 1
            elif set(FIELD_SECTIONS.get(field.name, ())) & set(got.ocr.uncertain):
                reported += 1
            elif without_latin_spaces(a) == without_latin_spaces(b):
                spacing += 1
            else:
                unreported.append(f"{want.seq} {field.name}: {str(a)[:40]!r} → {str(b)[:40]!r}")
    return FieldCheck(exact, spacing, reported, tuple(unreported))


def _line_scores(truth: Sequence[str], lines: Sequence[tuple[str, float]], threshold: float
                 ) -> tuple[int, int, int, int]:  # fmt: skip
    """(wrong lines, of them below threshold, right lines, of them below threshold): a line is
    right when its text, spaces removed, is a line of the page's text layer."""
    known = {line.replace(" ", "") for line in truth}
    wrong = caught = right = needless = 0
    for text, score in lines:
        if text.replace(" ", "") in known:
            right, needless = right + 1, needless + (score < threshold)
        else:
            wrong, caught = wrong + 1, caught + (score < threshold)
    return wrong, caught, right, needless


def _fixture(
    name: str, work: Path, layout_name: str, text: str | None, pages: int | None
) -> tuple[Path, Path]:
    from tests.pdf_factory import LAYOUTS, build_catalog_pdf
    from tests.scan_factory import write_scanned_copy

    source = work / f"{name}.pdf"
    built = build_catalog_pdf(source, LAYOUTS[layout_name], text=text)
    scanned = range(1, (pages or built.pages) + 1)
    return source, write_scanned_copy(source, work / f"{name}-scanned.pdf", scanned)


def _measure(
    name: str, work: Path, layout: str, text: str | None, pages: int | None
) -> tuple[str, ...]:
    threshold = default_profile().ocr.min_char_confidence
    source, scanned = _fixture(name, work, layout, text, pages)
    gold = read_source(source)
    started = time.perf_counter()
    document = read_source(scanned, options=ReadOptions(ocr="auto"))
    per_page = (time.perf_counter() - started) / len(document.ocr_pages)
    try:
        resources = parse_document(document)
    except PipelineError as error:  # a refusal is a result too: shown, not hidden
        resources = ()
        refused = f"refused: {error.problem}"
    else:
        refused = ""
    errors = chars = 0
    tally = [0, 0, 0, 0]
    for number in document.ocr_pages:
        truth = [line.text for line in gold.lines if line.page == number]
        read = [line for line in document.lines if line.page == number]
        e, c = char_accuracy(truth, [line.text for line in read])
        errors, chars = errors + e, chars + c
        found = [(line.text, line.confidence or 0.0) for line in read]
        tally = [a + b for a, b in zip(tally, _line_scores(truth, found, threshold), strict=True)]
    accuracy = 1 - errors / chars
    head = (f"{name} ({layout})", str(len(document.ocr_pages)), f"{per_page:.2f}",
            f"{accuracy:.2%}")  # fmt: skip
    scores = (f"{tally[1]}/{tally[0]}", f"{tally[3]}/{tally[2]}")
    if refused:
        return (*head, refused, "—", "—", "—", "—", *scores)
    fields = check_fields(parse_document(gold), resources)
    unreported = "; ".join(fields.wrong_unreported[:3]) or "—"
    return (
        *head, str(sum(1 for r in resources if r.ocr.used)), f"{fields.exact}/{fields.total}",
        str(fields.wrong_reported), str(fields.spacing_only),
        f"{len(fields.wrong_unreported)} ({unreported})", *scores,
    )


def ocr_scans(work: Path, quick: bool) -> str:
    """The OCR section: the bundled edition in the plain layout and the second district's in
    the book layout (cover, TOC, running header, page numbers), every page scanned."""
    from bench.sections import _table, _verdict

    seed = Path(__file__).resolve().parent.parent / "tests" / "data" / "jimei-catalog.txt"
    rows = [_measure("haicang", work, "plain", None, 2 if quick else None)]
    if not quick:
        rows.append(_measure("jimei", work, "book", seed.read_text("utf-8"), None))
    accuracy = min(float(row[3].rstrip("%")) / 100 for row in rows if row[3].endswith("%"))
    header = ("fixture", "pages", "s/page", "char accuracy", "entries OCR'd", "fields exact",
              "wrong, reported", "wrong by a Chinese–Latin space, not reported",
              "wrong otherwise, not reported",
              "wrong lines scored low", "right lines scored low")  # fmt: skip
    return (
        "### 8. OCR of scanned pages (150 dpi greyscale, 0.4° skew, noise; `bench.ocr_scans`)\n\n"
        + _table(header, rows)
        + f"\n\nCharacter accuracy {accuracy:.2%} "
        f"(target ≥ 99 %: {_verdict(accuracy, 0.99, below=False)})."
        " A field is *reported* when the `ocr_confident` warning names its section (a character"
        " the recogniser scored low, or one a check of the ink or the second reading doubts)."
    )
