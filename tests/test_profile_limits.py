"""Profiles that would hang, exhaust memory or crash the loader are one ``ProfileError`` line:
a catastrophically slow page-number pattern (at load, and on a line the load probes missed),
a FIFO, ``/dev/zero`` or an oversized file named as the profile, a string where a table is
expected, an array nested 50 000 deep; and the budgets a profile may set have defaults, so
older profiles still load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import ProfileError
from pipeline.parse.sources.text import paginate
from pipeline.profile import OcrRules, SourceRules, default_profile, load_profile

DEFAULT = Path(__file__).parent.parent / "pipeline" / "profiles" / "default.toml"
SEED = Path(__file__).parent.parent / "raw" / "haicang-catalog.txt"
FIRST_PATTERN = "'\\d{1,4}',"
SLOW = "'(1|11)+$'"
#: Slow on a run of ``2``, which no load probe holds: caught by the run-time timeout.
SLOW_UNPROBED = "'(2|22)+$'"
CATASTROPHIC = (
    "took over 1 s on the line '111111111111111111111111…' (41 characters): it backtracks "
    "catastrophically; write it without nested repeats"
)


def profile_text(old: str = "", new: str = "") -> str:
    text = DEFAULT.read_text(encoding="utf-8")
    assert not old or old in text
    return text.replace(old, new) if old else text


def write(tmp_path: Path, text: str, name: str = "my.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ingest_error(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """``catalog ingest --profile path`` of the bundled edition: its stderr lines (exit 1,
    nothing published)."""
    curated = tmp_path / "curated"
    code = main(["ingest", "--profile", str(path), str(SEED), "--curated", str(curated)])
    assert code == 1
    assert not curated.exists() or not any(curated.rglob("*.parquet"))
    return capsys.readouterr().err.splitlines()


def test_the_budgets_have_defaults_and_older_profiles_load() -> None:
    profile = default_profile()
    assert profile.source == SourceRules(("utf-8", "gb18030"), 32, 256, 3000, 32, 256, 50_000)
    assert profile.ocr == OcrRules(0.9, 40_000_000, 500, 1800, 5)


def test_an_older_profile_without_the_budgets_loads(tmp_path: Path) -> None:
    text = profile_text("max_page_pixels = 40000000\n", "")
    text = text.replace("max_docx_paragraphs = 50000\n", "")
    assert "max_page_pixels =" not in text and "max_docx_paragraphs =" not in text
    profile = load_profile(write(tmp_path, text))
    assert (profile.ocr.max_page_pixels, profile.source.max_docx_paragraphs) == (40_000_000, 50_000)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("max_pages = 500", "max_pages = 0", "profile key 'ocr.max_pages': must be at least 1, not 0"),
        ("max_docx_xml_mb = 32", "max_docx_xml_mb = '32'",
         "profile key 'source.max_docx_xml_mb': must be an integer, not str"),
        ('[labels.name]\nnames = ["资源名称"]\n', '[labels]\nname = "资源名称"\n',
         "profile key 'labels.name': must be a table (names = [...]), not str"),
        ("[contacts]\n# Words that introduce the contact person (联系人：李工).\nperson_labels = [\"联系人\"]\n",
         "", "profile key 'contacts': must be a table, not str"),
        ("count = 8", "count = " + "[" * 50_000 + "]" * 50_000,
         "profile key 'keywords.count': arrays or tables nested too deeply to read"),
        (FIRST_PATTERN, f"{SLOW},", f"profile key 'pages.page_number_patterns': {SLOW} {CATASTROPHIC}"),
    ],
    ids=["budget-zero", "budget-string", "label-string", "unknown-table", "deep-array", "slow-pattern"],
)
def test_a_bad_profile_is_one_line_naming_the_key(
    old: str, new: str, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = profile_text(old, new)
    if "'contacts'" in problem:
        text = "contacts = '联系人'\n" + text  # a string where the table was
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value) == f"{path}: {problem}"
    assert ingest_error(path, tmp_path, capsys) == [f"error: {path}: {problem}"]


def test_a_pattern_slow_only_on_the_edition_is_stopped_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, profile_text(FIRST_PATTERN, f"{SLOW_UNPROBED},"))
    rules = load_profile(path).pages  # the probes have no run of 2s
    line = "2" * 40 + "3"
    with pytest.raises(ProfileError) as caught:
        paginate(f"一、政务云平台\n{line}\n", rules)
    assert str(caught.value).startswith("profile key 'pages.page_number_patterns': '(2|22)+$ | ")
    assert str(caught.value).endswith(
        "took over 1 s on the line '222222222222222222222222…' (41 characters): it backtracks "
        "catastrophically; write it without nested repeats")
    edition = tmp_path / "edition.txt"
    edition.write_text(SEED.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    curated = tmp_path / "curated"
    code = main(["ingest", "--profile", str(path), str(edition), "--curated", str(curated)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 1, err
    assert err[0].startswith(f"error: {edition}: profile key 'pages.page_number_patterns': ")
    assert err[0].endswith("write it without nested repeats")
    assert not curated.exists() or not any(curated.rglob("*.parquet"))


@pytest.mark.parametrize("kind", ["fifo", "device", "directory", "oversized"])
def test_the_profile_is_read_only_from_a_regular_file_of_bounded_size(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "profile.toml"
    problem = "the profile is not a regular file"
    if kind == "fifo":
        os.mkfifo(path)  # opening it would block until a writer came
    elif kind == "device":
        path = Path(os.devnull if not Path("/dev/zero").exists() else "/dev/zero")
    elif kind == "directory":
        path.mkdir()
    else:
        write(tmp_path, profile_text() + "#" * 2**20, path.name)
        problem = f"the profile is {path.stat().st_size:,} bytes; the limit is 1024 KB"
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value) == f"{path}: {problem}"
    assert ingest_error(path, tmp_path, capsys) == [f"error: {path}: {problem}"]


def test_a_profile_of_the_largest_size_still_loads(tmp_path: Path) -> None:
    text = profile_text()
    padded = text + "#" * (2**20 - len(text.encode("utf-8")) - 1) + "\n"
    assert len(padded.encode("utf-8")) == 2**20
    assert load_profile(write(tmp_path, padded)).name == "default"
