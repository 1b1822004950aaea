"""Re-publishing a label compares the entry count with the edition it replaces.

Regression (issue 22): a file cut at an entry boundary (13 of 26 entries) re-published under
the same label replaced the complete edition with "validation passed", because the count was
compared only with the edition before it. It is now refused (critical
``entry_count_near_replaced``, the profile's ``gate.entry_count_change_max``) and the published
edition stays byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import regex as re

from pipeline.cli import main
from tests.conftest import ROOT, SEED, tree_snapshot

_ENTRY_HEADING = re.compile(r"\s*[一二三四五六七八九十]+、")


def cut_after(entries: int, path: Path) -> Path:
    """The bundled edition cut right before entry ``entries + 1``'s heading."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if _ENTRY_HEADING.match(line)]
    assert len(starts) == 26
    path.write_text("\n".join(lines[: starts[entries]]) + "\n", encoding="utf-8")
    return path


def _published(store: Path) -> dict[str, bytes]:
    return {key: data for key, data in tree_snapshot(store).items()
            if not key.startswith("_quarantine/")}  # fmt: skip


def test_a_file_cut_short_does_not_replace_the_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], published_seed: Callable[..., Path]
) -> None:
    store = published_seed(tmp_path / "curated", "2024")
    before = _published(store)
    cut = cut_after(13, tmp_path / "cut.txt")
    assert main(["ingest", str(cut), "--edition", "2024", "--curated", str(store)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"error: {cut}: edition 2024 quarantined: 1 critical expectation failed "
        f"(editions.entry_count_near_replaced); tables and validation result in "
        f"{store}/_quarantine/2024/",
        "  critical: editions.entry_count_near_replaced: replaced_change_share=0.5, "
        "entries=13, replaced_entries=26",
        f"  report: {store}/_quarantine/2024/report.html",
    ]
    assert _published(store) == before


@pytest.mark.parametrize(("threshold", "status"), [(None, 0), ("0.1", 1)])
def test_23_of_26_entries_against_the_profiles_threshold(
    threshold: str | None, status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    published_seed: Callable[..., Path],
) -> None:
    """−11.5 %: under the default 0.25 a re-publish goes in with the
    ``no_entries_lost_on_replace`` warning (a cut file is never silent); a profile asking for
    0.1 refuses it."""
    store = tmp_path / "curated"
    options = []
    if threshold is not None:
        default = (ROOT / "pipeline" / "profiles" / "default.toml").read_text(encoding="utf-8")
        profile = tmp_path / "strict.toml"
        profile.write_text(default.replace("entry_count_change_max = 0.25",
                                           f"entry_count_change_max = {threshold}"),
                           encoding="utf-8")  # fmt: skip
        options = ["--profile", str(profile)]
    common = ["--edition", "2024", "--curated", str(store), *options]
    if options:  # the first 2024 is published under the strict profile too
        assert main(["ingest", str(SEED), *common]) == 0
        capsys.readouterr()
    else:
        published_seed(store, "2024")
    cut = cut_after(23, tmp_path / "cut.txt")
    assert main(["ingest", str(cut), *common]) == status
    lines = capsys.readouterr()
    if status:
        assert lines.err.splitlines()[1] == (
            "  critical: editions.entry_count_near_replaced: replaced_change_share=0.115385, "
            "entries=23, replaced_entries=26")
    else:  # published, but never silently: the entries lost are a warning
        assert lines.out.splitlines()[1:3] == [
            f"2024: validation passed with warnings; report {store}/_site/editions/2024.html",
            "  warning: editions.no_entries_lost_on_replace: entries=23, replaced_entries=26"]
