"""OCR of scanned pages, measured against the text they were printed from.

Each fixture is one of the project's PDFs (``tests.pdf_factory``) whose pages are replaced by
greyscale scans, skewed and noisy (``tests.scan_factory``): through a photocopier (150 dpi), an
office scanner (200 dpi, grey paper, JPEG) or a second photocopier (170 dpi, turned the other
way, other noise), with the body's headings or with large bold ones. Two measures:

* **character accuracy**: 1 − edit distance / length, page by page, between the OCR'd lines and
  the lines of the page's text layer, whitespace removed (a space is judged with the fields,
  below);
* **fields**: every field of every entry on the scanned pages against the same entry read from
  the text layer: right (equal once spaces between Chinese and Latin text are normalised),
  wrong and not reported by the ``ocr_confident`` warning (must be 0), warned, and warned but
  right (the false alarms); and the false alarms a warning would still raise if it named
  exactly the sections whose text is wrong (``wrong_sections``): a section feeds several
  fields (``contact`` five, ``overview`` also ``keywords``), and a field can be right though
  its section is not, so no warning per section goes below that floor.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex as re

from extractors.ocr import HEADING_SECTION
from extractors.resource import FIELD_SECTIONS
from pipeline.errors import PipelineError
from pipeline.models import EntryBlock, Resource, SourceDocument
from pipeline.parse.cleaning import clean_lines
from pipeline.parse.document import parse_document
from pipeline.parse.segmentation import split_entries
from pipeline.parse.sources import ReadOptions, read_source
from pipeline.parse.sources import ocr as ocr_source
from pipeline.profile import default_profile

__all__ = [
    "FieldCheck", "char_accuracy", "check_fields", "ocr_scans", "without_latin_spaces",
    "wrong_sections",
]  # fmt: skip

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
    """Fields of OCR'd entries against the text layer's. A field is *right* when it equals the
    text layer's with the spaces between Chinese and Latin text normalised (which the ink
    cannot always settle: the edition says so once, not each field), and *warned* when the
    ``ocr_confident`` warning names a section it comes from."""

    exact: int  # equal as they stand
    spacing_only: int  # right only once Chinese–Latin spaces are normalised
    wrong_reported: int  # wrong and warned
    wrong_unreported: tuple[str, ...]  # "seq field: gold → read"
    warned_right: int = 0  # warned, but right: a false alarm

    @property
    def total(self) -> int:
        return self.exact + self.spacing_only + self.wrong_reported + len(self.wrong_unreported)

    @property
    def warned(self) -> int:
        return self.wrong_reported + self.warned_right


def check_fields(gold: Sequence[Resource], read: Sequence[Resource]) -> FieldCheck:
    """Compare every field of the OCR'd entries ``read`` with the same entries ``gold``."""
    exact = spacing = reported = false_alarms = 0
    unreported: list[str] = []
    for want, got in zip(gold, read, strict=True):
        if not got.ocr.used:
            continue
        for field in dataclasses.fields(Resource):
            if field.name in NOT_COMPARED:
                continue
            a, b = getattr(want, field.name), getattr(got, field.name)
            warned = bool(set(FIELD_SECTIONS.get(field.name, ())) & set(got.ocr.uncertain))
            right = a == b or without_latin_spaces(a) == without_latin_spaces(b)
            if right:
                false_alarms += warned
                exact, spacing = exact + (a == b), spacing + (a != b)
            elif warned:
                reported += 1
            else:
                unreported.append(f"{want.seq} {field.name}: {str(a)[:40]!r} → {str(b)[:40]!r}")
    return FieldCheck(exact, spacing, reported, tuple(unreported), false_alarms)


def wrong_sections(gold: Sequence[EntryBlock], read: Sequence[EntryBlock]) -> dict[int, set[str]]:
    """For each entry of ``read`` (by its number), the sections whose text differs from the
    same entry's in ``gold`` once Chinese–Latin spaces are normalised: its label keys, and
    ``HEADING_SECTION`` when the heading's title differs."""
    wanted = {entry.seq: entry for entry in gold}
    wrong: dict[int, set[str]] = {}
    for entry in read:
        want = wanted.get(entry.seq)
        if want is None:
            continue
        keys = {key for key in {*want.sections, *entry.sections}
                if without_latin_spaces(want.text_of(key))
                != without_latin_spaces(entry.text_of(key))}  # fmt: skip
        if without_latin_spaces(want.title) != without_latin_spaces(entry.title):
            keys.add(HEADING_SECTION)
        wrong[entry.seq] = keys
    return wrong


def _entries(document: SourceDocument) -> list[EntryBlock]:
    """The entries of ``document`` with their sections, as ``parse_document`` splits them."""
    return split_entries(clean_lines(document.lines), default_profile().structure)


#: The bold-heading layouts: each entry heading set at 16 pt (the body at 11) and bold.
HEADING_SIZE, BOLD_FROM = 16.0, 14.0


@dataclass(frozen=True, slots=True)
class Fixture:
    """One scanned fixture: a name, the layout (``tests.pdf_factory.LAYOUTS``), whether its
    headings are large and bold, the edition (the bundled one, or jimei's) and the scanner
    (a name of ``tests.scan_factory.SCANNERS``)."""

    name: str
    layout: str
    bold_headings: bool = False
    jimei: bool = False
    scanner: str = "photocopier"


FIXTURES = (
    Fixture("haicang", "plain"),
    Fixture("jimei", "book", jimei=True),
    Fixture("haicang-office-bold", "plain", bold_headings=True, scanner="office scanner"),
    Fixture("jimei-bold", "book", bold_headings=True, jimei=True),
    Fixture("haicang-tilted", "plain", scanner="tilted photocopier"),
)
QUICK_FIXTURES = (FIXTURES[0], FIXTURES[2])


def _fixture(fixture: Fixture, work: Path, pages: int | None) -> tuple[Path, Path]:
    from tests.pdf_factory import LAYOUTS, build_catalog_pdf
    from tests.scan_factory import SCANNERS, write_scanned_copy

    layout = LAYOUTS[fixture.layout]
    style = SCANNERS[fixture.scanner]
    if fixture.bold_headings:
        layout = dataclasses.replace(layout, name=f"{layout.name}-bold",
                                     heading_size=HEADING_SIZE, bold_headings=True)  # fmt: skip
        style = dataclasses.replace(style, bold_from=BOLD_FROM)
    seed = Path(__file__).resolve().parent.parent / "tests" / "data" / "jimei-catalog.txt"
    text = seed.read_text("utf-8") if fixture.jimei else None
    source = work / f"{fixture.name}.pdf"
    built = build_catalog_pdf(source, layout, text=text)
    scanned = range(1, (pages or built.pages) + 1)
    target = work / f"{fixture.name}-scanned.pdf"
    return source, write_scanned_copy(source, target, scanned, style=style)


def _measure(fixture: Fixture, work: Path, pages: int | None) -> tuple[str, ...]:
    source, scanned = _fixture(fixture, work, pages)
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
    for number in document.ocr_pages:
        truth = [line.text for line in gold.lines if line.page == number]
        read = [line.text for line in document.lines if line.page == number]
        e, c = char_accuracy(truth, read)
        errors, chars = errors + e, chars + c
    accuracy = 1 - errors / chars
    heads = ", large bold headings" if fixture.bold_headings else ""
    head = (f"{fixture.name} ({fixture.layout}, {fixture.scanner}{heads})",
            str(len(document.ocr_pages)), f"{per_page:.2f}", f"{accuracy:.2%}")  # fmt: skip
    if refused:
        return (*head, refused, "—", "—", "—", "—", "—", "—")
    expected = parse_document(gold)
    fields = check_fields(expected, resources)
    unreported = "; ".join(fields.wrong_unreported[:3])
    wrong = wrong_sections(_entries(gold), _entries(document))
    exact = check_fields(expected, [
        dataclasses.replace(r, ocr=dataclasses.replace(
            r.ocr, uncertain=tuple(sorted(wrong.get(r.seq, set())))))
        for r in resources])  # fmt: skip
    return (
        *head, str(sum(1 for r in resources if r.ocr.used)),
        f"{fields.exact + fields.spacing_only}/{fields.total} ({fields.spacing_only} by "
        "a normalised space)",
        f"{len(fields.wrong_unreported)}" + (f" ({unreported})" if unreported else ""),
        str(fields.warned), f"{fields.warned_right} ({_share(fields)})",
        f"{exact.warned_right} of {exact.warned} ({_share(exact)})",
    )


def _share(fields: FieldCheck) -> str:
    """The share of warned fields that are right, as a whole percentage."""
    return f"{fields.warned_right / fields.warned if fields.warned else 0.0:.0%}"


def ocr_scans(work: Path, quick: bool) -> str:
    """The OCR section: the bundled edition in the plain layout and the second district's in
    the book layout (cover, TOC, running header, page numbers), each through a photocopier
    and again with large bold headings (the bundled one through an office scanner), and the
    bundled one through a second photocopier turned the other way, every page scanned
    (quick: the first two pages of two fixtures)."""
    from bench.sections import _table, _verdict

    fixtures = QUICK_FIXTURES if quick else FIXTURES
    rows = [_measure(fixture, work, 2 if quick else None) for fixture in fixtures]
    accuracy = min(float(row[3].rstrip("%")) / 100 for row in rows if row[3].endswith("%"))
    header = ("fixture", "pages", "s/page", "char accuracy", "entries OCR'd", "fields right",
              "wrong, not reported", "fields warned", "warned but right (false alarms)",
              "floor: false alarms if exactly the wrong sections were warned")
    return (
        "### 8. OCR of scanned pages (photocopier: 150 dpi, 0.4° skew, noise; office scanner: "
        "200 dpi, 0.7° skew, grey paper, JPEG quality 60; tilted photocopier: 170 dpi, −1.1° "
        "skew, other noise; `bench.ocr_scans`)\n\n"
        + _table(header, rows)
        + f"\n\nCharacter accuracy {accuracy:.2%} "
        f"(target ≥ 99 %: {_verdict(accuracy, 0.99, below=False)})."
        " A field is *warned* when the `ocr_confident` warning names its section; *right* when"
        " it equals the text layer's once spaces between Chinese and Latin text are normalised."
        " Targets: 0 wrong and not reported; at most 10 % of warned fields right. The floor is"
        " what a warning naming exactly the sections whose text is wrong would give: a section"
        " feeds several fields, and some of them come out right."
    )


@contextlib.contextmanager
def cached_recogniser(folder: Path) -> Iterator[None]:
    """While open, RapidOCR's boxes for each page image are kept in ``folder`` (a JSON file
    per image, by the SHA-256 of its pixels) and read from there when the same image is
    recognised again: for trying the checks on the fixtures without running the engine.
    Timings taken with it say nothing. A box kept with a second reading the engine would now
    skip (``needs_second_reading``) loses it."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = ocr_source.rapid_recogniser

    def recognise(image: Any) -> list[ocr_source.OcrBox]:
        key = hashlib.sha256(image.tobytes() + str(image.shape).encode()).hexdigest()
        file = folder / f"{key}.json"
        if file.exists():
            rows = json.loads(file.read_text("utf-8"))
            fields: list[dict[str, Any]] = [
                {name: _tuples(value) for name, value in row.items()} for row in rows]
            kept = [ocr_source.OcrBox(**row) for row in fields]
            # a box the engine would not read again now has no second reading
            return [box if ocr_source.needs_second_reading(box)
                    else dataclasses.replace(box, second=None) for box in kept]  # fmt: skip
        boxes = engine(image)
        file.write_text(json.dumps([dataclasses.asdict(box) for box in boxes]), "utf-8")
        return boxes

    ocr_source.rapid_recogniser = recognise
    try:
        yield
    finally:
        ocr_source.rapid_recogniser = engine


def _tuples(value: object) -> object:
    """``value`` read back from JSON with its lists as the tuples ``OcrBox`` holds."""
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.ocr_scans [--quick] [--cache DIR]``: print this section alone."""
    parser = argparse.ArgumentParser(prog="python -m bench.ocr_scans")
    parser.add_argument("--quick", action="store_true", help="two pages of two fixtures")
    parser.add_argument("--cache", type=Path, help="keep the recogniser's boxes here "
                        "(timings then say nothing)")  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work, contextlib.ExitStack() as stack:
        if args.cache is not None:
            stack.enter_context(cached_recogniser(args.cache))
        print(ocr_scans(Path(work), args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
