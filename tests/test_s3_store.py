"""A store on an S3-compatible object store: a real S3 server (moto's, started here on a local
port, spoken to over HTTP by pyarrow's and boto3's own S3 clients; no client is mocked), two
catalogs ingested at once by two processes from editions on S3, read back with pandas and
DuckDB; and the writer lock's lease (``pipeline.store.s3``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pytest
from moto.moto_server import threaded_moto_server as moto_server

from pipeline.errors import PublishError
from pipeline.store.s3 import S3Location, lease_lock
from pipeline.store.store import CuratedStore
from tests.conftest import ROOT, SEED

#: An S3 server (moto) and catalog processes writing to it: the system tests' tier.
pytestmark = pytest.mark.system
JIMEI = Path(__file__).parent / "data" / "jimei-catalog.txt"
BUCKET = "catalogs"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """A local S3 server with an empty bucket; its ``host:port``."""
    saved = {key: os.environ.get(key) for key in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    S3Location(BUCKET, "", f"http://{host}:{port}", "us-east-1").client().create_bucket(
        Bucket=BUCKET)
    yield f"{host}:{port}"
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def uri(endpoint: str, prefix: str) -> str:
    return f"s3://{BUCKET}/{prefix}?endpoint_override={endpoint}&scheme=http&region=us-east-1"


def s3(endpoint: str) -> pafs.S3FileSystem:
    return pafs.S3FileSystem(endpoint_override=endpoint, scheme="http", region="us-east-1",
                             access_key="testing", secret_key="testing")  # fmt: skip


def test_two_catalogs_ingested_at_once_onto_s3_read_back_with_pandas_and_duckdb(
    endpoint: str,
) -> None:
    import duckdb
    import pandas as pd

    filesystem = s3(endpoint)
    for source in (SEED, JIMEI):  # the editions arrive on the object store too
        with filesystem.open_output_stream(f"{BUCKET}/raw/{source.parent.name}/2024.txt") as out:
            out.write(source.read_bytes())
    curated = uri(endpoint, "curated")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "ingest", uri(endpoint, f"raw/{folder}/2024.txt"),
             "--curated", curated, "--catalog", catalog, "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **CREDENTIALS})
        for folder, catalog in ((SEED.parent.name, "海沧区"), (JIMEI.parent.name, "集美区"))
    ]  # fmt: skip
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    published = [json.loads(out)["editions"][0] for out, _ in outputs]
    assert [(p["edition"], p["entries"], p["validation_status"]) for p in published] == [
        ("2024", 26, "passed"), ("2024", 18, "warnings")]

    resources = pd.read_parquet(f"{BUCKET}/curated/resources", filesystem=filesystem,
                                columns=["catalog", "edition", "seq", "name"])  # fmt: skip
    assert resources.groupby("catalog", observed=True).size().to_dict() == {
        "海沧区": 26, "集美区": 18}
    first = resources[resources["seq"] == 1].sort_values("catalog")
    assert list(zip(first["catalog"], first["name"], strict=True)) == [
        ("海沧区", "政务云平台"), ("集美区", "政务云主机服务")]
    with duckdb.connect() as con:
        con.register("editions", pads.dataset(f"{BUCKET}/curated/editions",
                                              filesystem=filesystem, format="parquet"))
        rows = con.execute("SELECT catalog, edition, entries, is_latest FROM editions "
                           "ORDER BY catalog").fetchall()
    assert rows == [("海沧区", "2024", 26, True), ("集美区", "2024", 18, True)]
    # each catalog's site, and no lock or staging left behind
    store = CuratedStore(curated, catalog="海沧区")
    assert store.fs.is_file("_catalogs/海沧区/_site/index.html")
    assert store.labels() == ["2024"] and store.in_catalog("集美区").labels() == ["2024"]
    assert not store.fs.exists("_catalogs/海沧区/.lock")
    assert not store.fs.exists("_catalogs/海沧区/_staging/journal.json")


def test_a_held_lease_keeps_a_second_writer_out_and_one_that_ended_is_taken_over(
    endpoint: str,
) -> None:
    location = S3Location.parse(uri(endpoint, "locks"))
    assert location is not None
    with lease_lock(location, ".lock", timeout=1) as held:
        with pytest.raises(PublishError, match=r"another run is publishing to s3://catalogs/"
                           r"locks \(lock s3://catalogs/locks/\.lock held"), \
                lease_lock(location, ".lock", timeout=0.3):  # fmt: skip
            pass
        with lease_lock(location, "_catalogs/B/.lock", timeout=0.3):  # another catalog's
            pass
        held.check()
    # a writer that died: its lease object stays, with its lease ended
    client = location.client()
    client.put_object(Bucket=BUCKET, Key="locks/.lock",
                      Body=json.dumps({"owner": "dead", "until": time.time() - 1}))
    with lease_lock(location, ".lock", timeout=1) as taken:
        found = json.loads(client.get_object(Bucket=BUCKET, Key="locks/.lock")["Body"].read())
        assert found["owner"] == taken.owner != "dead"
    assert "Contents" not in client.list_objects_v2(Bucket=BUCKET, Prefix="locks/")


def test_a_lost_lease_refuses_the_commit(endpoint: str) -> None:
    location = S3Location.parse(uri(endpoint, "lost"))
    assert location is not None
    client = location.client()
    with lease_lock(location, ".lock", timeout=1, lease=0.3) as held:
        # another writer took the lock over while this one stalled
        client.put_object(Bucket=BUCKET, Key="lost/.lock",
                          Body=json.dumps({"owner": "other", "until": time.time() + 60}))
        deadline = time.monotonic() + 5
        while not held.lost and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(PublishError, match=r"writer lock s3://catalogs/lost/\.lock was lost"):
            held.check()
    # the other writer's lease is left alone
    assert json.loads(client.get_object(Bucket=BUCKET, Key="lost/.lock")["Body"].read())[
        "owner"] == "other"


class _RecordingFileSystem:
    """A ``pyarrow.fs`` filesystem that passes every call on and records the reads opened."""

    def __init__(self, filesystem: pafs.FileSystem) -> None:
        self.filesystem, self.opened = filesystem, list[str]()

    def get_file_info(self, path: str) -> pafs.FileInfo:
        return self.filesystem.get_file_info(path)

    def open_input_stream(self, path: str) -> object:
        self.opened.append(path)
        return self.filesystem.open_input_stream(path)


def test_an_edition_over_the_size_limit_is_refused_from_its_metadata_before_download(
    endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from pipeline.cli import main
    from pipeline.errors import SourceTooLarge
    from pipeline.parse.sources import remote
    from pipeline.profile import default_profile

    with s3(endpoint).open_output_stream(f"{BUCKET}/big/2025.pdf") as out:
        out.write(b"%PDF-1.7\n" + b"0" * (2 * 2**20) + b"\n%%EOF\n")
    rules = default_profile()
    small = replace(rules, source=replace(rules.source, max_pdf_mb=1))
    recorded: list[_RecordingFileSystem] = []
    real_open = remote._open

    def recording_open(location: str) -> tuple[object, str]:
        filesystem, path = real_open(location)
        recorded.append(_RecordingFileSystem(filesystem))
        return recorded[-1], path

    monkeypatch.setattr(remote, "_open", recording_open)
    problem = "the PDF is 2 MB; the limit is 1 MB (profile key source.max_pdf_mb)"
    with pytest.raises(SourceTooLarge) as caught:
        remote.fetch_remote(uri(endpoint, "big/2025.pdf"), tmp_path, small)
    assert str(caught.value) == f"s3://{BUCKET}/big/2025.pdf: {problem}"
    assert recorded[-1].opened == [] and not any(tmp_path.iterdir())  # not a byte downloaded
    # through the CLI: the limit of the --profile given, before a byte is downloaded
    default = (ROOT / "pipeline" / "profiles" / "default.toml").read_text(encoding="utf-8")
    strict = tmp_path / "small.toml"
    strict.write_text(default.replace("max_pdf_mb = 256", "max_pdf_mb = 1"), encoding="utf-8")
    curated = tmp_path / "curated"
    code = main(["ingest", uri(endpoint, "big/2025.pdf"), "--curated", str(curated),
                 "--profile", str(strict)])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: s3://{BUCKET}/big/2025.pdf: {problem}"]
    assert recorded[-1].opened == [] and not curated.exists()
    # within the limit it is downloaded whole
    copy = remote.fetch_remote(uri(endpoint, "big/2025.pdf"), tmp_path, rules)
    assert copy.stat().st_size == 2 * 2**20 + 16 and recorded[-1].opened == ["catalogs/big/2025.pdf"]
