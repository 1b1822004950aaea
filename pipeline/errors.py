"""One exception tree for everything the pipeline refuses, each error knowing where it happened.

The CLI turns any of these into a single line (``file:line (page N): problem``) and a non-zero
exit; nothing else in the code base prints errors.

    PipelineError                 base: carries file, line, page
    ├── SourceError               the file cannot be read as a catalog edition
    │   ├── SourceMissing         no such file
    │   ├── SourceEmpty           zero bytes or only whitespace
    │   ├── SourceTooLarge        over the profile's size or page limit
    │   ├── SourceUndecodable     bytes are not text in a supported encoding
    │   └── PdfError              damaged, encrypted, or scanned (no text layer) PDF
    ├── SegmentationError         the text has no entries, their numbering is broken, or two
    │                             entries merged (a mistyped heading)
    ├── ExtractionError           an entry lacks a field it cannot exist without
    ├── ProfileError              a catalog profile file is missing, malformed or incomplete
    ├── PublishError              the curated store cannot be written (bad label, lock held…)
    ├── EditionNotFound           no such published edition in the curated store
    └── ValidationFailed          a critical data-quality expectation failed
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "EditionNotFound",
    "ExtractionError",
    "PdfError",
    "PipelineError",
    "ProfileError",
    "PublishError",
    "SegmentationError",
    "SourceEmpty",
    "SourceError",
    "SourceMissing",
    "SourceTooLarge",
    "SourceUndecodable",
    "ValidationFailed",
]


class PipelineError(Exception):
    """Base error: a problem with one input, located as precisely as it is known."""

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        page: int | None = None,
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.line = line
        self.page = page

    def located(self, file: str | Path) -> PipelineError:
        """Attach ``file`` when the raiser did not know it (pure functions see only text)."""
        if self.file is None:
            self.file = str(file)
        return self

    def __str__(self) -> str:
        if self.file is None and self.line is None:
            return self.problem  # not about one input: a setting, an option, the lock
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.page is not None:
            where += f" (page {self.page})"
        return f"{where}: {self.problem}"


class SourceError(PipelineError):
    """The file cannot be read as a catalog edition at all."""


class SourceMissing(SourceError):
    """The path does not exist or is not a file."""


class SourceEmpty(SourceError):
    """The file has no content."""


class SourceTooLarge(SourceError):
    """The file is larger than the profile's limit (refused before it is read)."""


class SourceUndecodable(SourceError):
    """The bytes are not text in an encoding the profile accepts (UTF-8, GB18030 by default)."""


class PdfError(SourceError):
    """The PDF is damaged, encrypted, or has no text layer."""


class SegmentationError(PipelineError):
    """No entry headings, or a gap, duplicate or out-of-order heading number."""


class ExtractionError(PipelineError):
    """An entry lacks a field it cannot exist without (its name)."""


class ProfileError(PipelineError):
    """A catalog profile file is missing, malformed or incomplete."""


class PublishError(PipelineError):
    """The curated store cannot be written."""


class EditionNotFound(PipelineError):
    """The curated store has no published edition with that label."""


class ValidationFailed(PipelineError):
    """A critical data-quality expectation failed; the edition was quarantined."""
