"""The README's DuckDB examples run with what ``make run`` installs, and print what they say."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ingest import ParsedEdition, publish_parsed
from pipeline.models import Resource
from pipeline.parse.sources import read_source
from pipeline.store.store import CuratedStore
from tests.conftest import SEED

README = Path(__file__).resolve().parent.parent / "README.md"
#: How the README runs Python from the project's virtualenv.
VENV_PYTHON = ".venv/bin/python"


def _duckdb_examples() -> list[list[str]]:
    """The README's ``.venv/bin/python -c 'import duckdb …'`` lines, as argument lists."""
    lines = README.read_text(encoding="utf-8").splitlines()
    return [shlex.split(line) for line in lines
            if line.startswith(f"{VENV_PYTHON} -c 'import duckdb")]  # fmt: skip


@pytest.mark.system  # processes of its own
def test_the_readme_duckdb_examples_query_the_database(
    seed_resources: tuple[Resource, ...], tmp_path: Path
) -> None:
    publish_parsed(ParsedEdition(read_source(SEED), seed_resources), "2024",
                   CuratedStore(tmp_path / "curated"))  # fmt: skip
    examples = _duckdb_examples()
    assert len(examples) == 2
    outputs = [subprocess.run([sys.executable, *command[1:]], cwd=tmp_path, check=True,
                              capture_output=True, text=True).stdout for command in examples]
    assert outputs[0].splitlines()[4] == "│      26 │"  # entries: the bundled edition's 26
    names = [line.split("│")[1].strip() for line in outputs[1].splitlines()
             if line.startswith("│") and line.split("│")[1].strip()][2:]  # after the header
    assert names == [r.name for r in seed_resources[:5]]
