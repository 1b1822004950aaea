"""The two test tiers: ``make test`` (in-process) and ``make test-system`` (the product run as
it is deployed), both run by CI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from tests.conftest import ROOT, pytest_collection_modifyitems


@dataclass
class _Item:
    nodeid: str
    fixturenames: tuple[str, ...]
    marks: tuple[str, ...] = field(default=())

    def get_closest_marker(self, name: str) -> str | None:
        return name if name in self.marks else None


def test_a_prefect_server_test_without_the_system_mark_is_refused_at_collection() -> None:
    marked = _Item("tests/x.py::marked", ("prefect_harness", "tmp_path"), ("system",))
    other = _Item("tests/x.py::other", ("tmp_path",))
    pytest_collection_modifyitems([marked, other])  # type: ignore[list-item]
    with pytest.raises(pytest.UsageError) as caught:
        pytest_collection_modifyitems([  # type: ignore[list-item]
            marked, _Item("tests/x.py::forgot", ("prefect_harness",))])
    assert str(caught.value) == "tests/x.py::forgot uses prefect_harness but is not marked system"


def test_make_test_leaves_the_system_tests_to_make_test_system_and_ci_runs_both() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = dict(re.findall(r"^([a-z-]+):[^\n]*\n\t([^\n]+)", makefile, re.MULTILINE))
    assert recipes["test"].endswith('-m pytest -n 2 --dist loadgroup -m "not system"')
    assert recipes["test-system"].endswith("-m pytest -n 2 --dist loadgroup -m system")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").split("\n")
    assert [line for line in ci if line.startswith("make ")] == [
        "make test", "make test-system", "make bench-quick"]
