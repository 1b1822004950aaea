"""Profile files with some keys changed, and the refusal a run on them ends in: what the limit
and budget tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main

__all__ = ["DEFAULT_PROFILE", "profile_with", "refused"]

DEFAULT_PROFILE = Path(__file__).parent.parent / "pipeline" / "profiles" / "default.toml"


def profile_with(tmp_path: Path, **values: int) -> Path:
    """The bundled profile with each ``key = value`` line of ``values`` changed (the key's
    last name, as the file writes it), written in ``tmp_path``."""
    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    for key, value in values.items():
        line = next(line for line in text.splitlines() if line.startswith(f"{key} = "))
        text = text.replace(line, f"{key} = {value}")
    path = tmp_path / "changed.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The stderr lines of a ``catalog ingest`` that must fail (exit 1) and publish no table."""
    curated = tmp_path / "curated"
    code = main(["ingest", *args, "--curated", str(curated)])
    assert code == 1
    assert not curated.exists() or not any(curated.rglob("*.parquet"))
    return capsys.readouterr().err.splitlines()
