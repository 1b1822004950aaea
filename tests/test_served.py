"""Scheduled runs as an operator runs them: a real ``prefect server start``, ``catalog serve``
against it, ``prefect deployment run``. Served runs get the flow by value in a process of
Prefect's, where an annotation naming a type alias did not resolve and every run with a new
edition failed before reading it; the in-process harness cannot show that.

Every process the test starts is a session leader, killed with its whole group at the end.
Waits are generous and nothing is timed: the machine may be busy.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import pandas as pd
import pytest

from tests.conftest import SEED
from tests.test_diff import network

BIN = Path(sys.executable).parent
#: Seconds the server has to answer its health check (it took 50 s on a loaded 2-core box).
STARTUP = 180.0
#: Seconds a served run of two editions through the quality gate has to finish.
RUN_TIMEOUT = 900.0
#: A schedule that does not fall due while the test runs (only the triggered run runs).
CRON = "0 0 29 2 *"
DEPLOYMENT = "ingest-new-editions/ingest-new-editions"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prefect_env(home: Path, api: str | None = None) -> dict[str, str]:
    """This environment without the caller's Prefect settings, with its own ``PREFECT_HOME``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_UI_ENABLED="false", PYTHONUNBUFFERED="1")  # fmt: skip
    if api:
        env["PREFECT_API_URL"] = api
    return env


def call_api(api: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{api}{path}", data=data,
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


class Processes:
    """The processes a test started, each in its own session, with their logs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        with open(self.folder / f"{name}.log", "wb") as log:
            self.started[name] = subprocess.Popen(
                argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def tails(self) -> str:
        return "\n".join(f"--- {name} (exit {p.poll()}):\n{self.log(name)[-3000:]}"
                         for name, p in self.started.items())  # fmt: skip

    def wait_for(self, what: str, ready: Callable[[], Any], timeout: float) -> Any:
        """``ready()``'s first truthy answer, polled each second while every process lives (an
        API call that fails or times out is "not yet"); fails naming ``what`` and showing the
        logs otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = [name for name, p in self.started.items() if p.poll() is not None]
            if dead:
                pytest.fail(f"{', '.join(dead)} exited while waiting for {what}\n{self.tails()}")
            try:
                answer = ready()
            except OSError:  # refused, timed out, 404 (urllib's errors are OSErrors)
                answer = None
            if answer:
                return answer
            time.sleep(1.0)
        pytest.fail(f"no {what} within {timeout:.0f} s\n{self.tails()}")

    def stop_all(self) -> None:
        """SIGTERM to each group, a grace period, then SIGKILL to each group: a group may
        outlive its leader (a served run's own process)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for process in self.started.values():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, sig)
            for process in self.started.values():
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(30.0)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def healthy(api: str) -> bool:
    return bool(call_api(api, "/health"))


def deployment_id(api: str) -> str:
    """The served deployment's id (a 404 until ``catalog serve`` has registered it)."""
    return str(call_api(api, f"/deployments/name/{DEPLOYMENT}")["id"])


def run_state(api: str, run_id: str) -> str | None:
    state = call_api(api, f"/flow_runs/{run_id}")["state"]
    return state["type"] if state and state["type"] in TERMINAL else None


def run_logs(api: str, run_id: str) -> list[tuple[int, str]]:
    """(level, message) of every log line of the flow run, oldest first."""
    body = {"logs": {"flow_run_id": {"any_": [run_id]}}, "sort": "TIMESTAMP_ASC", "limit": 200}
    return [(int(record["level"]), str(record["message"]))
            for record in call_api(api, "/logs/filter", body)]  # fmt: skip


def error_lines(api: str, run_id: str) -> list[str]:
    return [message for level, message in run_logs(api, run_id) if level >= 40]


@pytest.mark.xdist_group("prefect")  # with the other tests that start a Prefect server
@pytest.mark.system
def test_a_served_run_ingests_new_editions_in_order_and_names_a_bad_one(
    tmp_path: Path, seed_text: str, processes: Processes
) -> None:
    raw, curated = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    shutil.copy(SEED, raw / "2024-06.txt")
    (raw / "2024-09.txt").write_bytes(b"")  # between the two: fails, the later one still goes in
    (raw / "2025-01.txt").write_text(network(seed_text), encoding="utf-8")
    os.utime(raw / "2025-01.txt", (1_000_000, 1_000_000))  # oldest file: labels must win
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    processes.start("server", [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)],
                    prefect_env(tmp_path / "server-home"), tmp_path)  # fmt: skip
    processes.wait_for("answer to /api/health", lambda: healthy(api), STARTUP)

    env = prefect_env(tmp_path / "serve-home", api)
    processes.start("serve", [sys.executable, "-m", "pipeline.cli", "serve", "--cron", CRON,
                              "--raw", str(raw), "--curated", str(curated)], env, tmp_path)  # fmt: skip
    served = processes.wait_for("served deployment", lambda: deployment_id(api), STARTUP)
    schedules = call_api(api, f"/deployments/{served}")["schedules"]
    assert [s["schedule"]["cron"] for s in schedules] == [CRON]

    trigger = subprocess.run([str(BIN / "prefect"), "deployment", "run", DEPLOYMENT], env=env,
                             cwd=tmp_path, capture_output=True, text=True, timeout=STARTUP)  # fmt: skip
    assert trigger.returncode == 0, trigger.stdout + trigger.stderr
    found = re.search(r"UUID: ([0-9a-f-]{36})", trigger.stdout)
    assert found, trigger.stdout
    run_id = found[1]
    state = processes.wait_for("end of the run", lambda: run_state(api, run_id), RUN_TIMEOUT)

    bad = raw / "2024-09.txt"
    wanted = [f"error: {bad}: the file is empty",
              f"error: {raw}: 1 new edition(s) failed: 2024-09.txt"]  # fmt: skip
    # the run's log lines reach the server in batches: wait for the last one
    processes.wait_for("the run's error lines", lambda: error_lines(api, run_id) == wanted,
                       120.0)  # fmt: skip
    logs = run_logs(api, run_id)
    assert state == "FAILED", logs
    opening, *said = [m for _, m in logs]  # what the operator reads in the run's log
    assert opening.startswith("Beginning flow run "), logs
    assert said == [
        "2024-06: 26 entries ingested from 2024-06.txt",
        "2024-06: first edition in the store, no earlier edition to compare with",
        wanted[0],
        "2025-01: 26 entries ingested from 2025-01.txt",
        "2025-01: changes since 2024-06: 0 added, 0 removed, 0 renamed, 1 modified; report "
        f"{curated / '_reports' / '2025-01' / 'changes.md'}",
        wanted[1],
    ]

    editions = pd.read_parquet(curated / "editions").sort_values("ingest_seq")
    assert editions[["edition", "ingest_seq", "entries", "validation_status", "source_file",
                     "is_latest"]].values.tolist() == [
        ["2024-06", 1, 26, "passed", "2024-06.txt", False],
        ["2025-01", 2, 26, "passed", "2025-01.txt", True]]  # fmt: skip
    changes = pd.read_parquet(curated / "changes")
    assert changes[["from_edition", "to_edition", "name", "change", "field", "old_value",
                    "new_value"]].values.tolist() == [
        ["2024-06", "2025-01", "互联网远程接入系统", "modified", "network_types_text", "政务外网",
         "政务外网、互联网"],
        ["2024-06", "2025-01", "互联网远程接入系统", "modified", "network_types", "政务外网",
         "政务外网；互联网"]]  # fmt: skip
    assert "Traceback" not in processes.log("serve")


@pytest.mark.parametrize(("flow_name", "parameters", "validated"), [
    ("flows.ingest:ingest_edition", {"path": "raw/2024-06.txt", "ocr": "never"},
     {"path": "raw/2024-06.txt", "edition": None, "curated": "curated", "profile": None,
      "ocr": "never", "pdf_engine": "pdfium", "catalog": None}),
    ("flows.ingest_new:ingest_new", {"raw_dir": "raw"},
     {"raw_dir": "raw", "curated": "curated", "profile": None, "notify": None}),
    ("flows.ingest_many:ingest_many",
     {"jobs": [{"path": "raw/海沧区/2024.txt", "catalog": "海沧区"}], "pdf_engine": "pdfplumber"},
     {"jobs": [{"path": "raw/海沧区/2024.txt", "catalog": "海沧区"}], "curated": "curated",
      "profile": None, "ocr": "auto", "pdf_engine": "pdfplumber", "pages_per_task": None}),
])
def test_every_flow_parameter_type_resolves_when_the_flow_travels_by_value(
    flow_name: str, parameters: dict[str, object], validated: dict[str, object]
) -> None:
    """A served run gets the flow pickled by value, its globals cut down to the names its code
    uses; Prefect then validates the call from the annotations (the ``OcrMode`` failure)."""
    import importlib

    module, name = flow_name.split(":")
    flow = getattr(importlib.import_module(module), name)
    travelled = cloudpickle.loads(cloudpickle.dumps(flow))
    assert travelled.fn.__globals__ is not flow.fn.__globals__  # by value, as served
    assert travelled.validate_parameters(parameters) == validated


@pytest.mark.parametrize(("engine", "ocr", "problem"), [
    ("pdfium", "sometimes", "unknown OCR mode 'sometimes': one of auto, always, never"),
    ("mupdf", "auto", "unknown PDF engine 'mupdf': one of pdfium, pdfplumber"),
])
def test_a_flow_refuses_an_unknown_engine_or_ocr_mode(engine: str, ocr: str, problem: str) -> None:
    from flows.ingest import read_options
    from pipeline.errors import PipelineError

    with pytest.raises(PipelineError) as refused:
        read_options(engine, ocr)
    assert str(refused.value) == problem


@pytest.mark.parametrize(("error", "problem"), [
    (RuntimeError("boom"), "raw/2024-09.txt: unexpected RuntimeError: boom"),
    (ValueError("first line\n\nsecond line"), "raw/2024-09.txt: unexpected ValueError: first line"),
    (KeyError(), "raw/2024-09.txt: unexpected KeyError"),
])
def test_an_unexpected_error_of_one_edition_is_one_line_naming_its_file(
    error: Exception, problem: str
) -> None:
    from flows.ingest_new import unexpected

    assert str(unexpected(error, Path("raw/2024-09.txt"))) == problem


@pytest.mark.system  # fresh interpreters importing Prefect
@pytest.mark.parametrize(("user", "effective"), [
    ({}, "180 False"),
    ({"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "30",
      "PREFECT_SERVER_ANALYTICS_ENABLED": "true"}, "30 True"),
])
def test_importing_the_flows_gives_the_temporary_server_time_to_start_and_no_telemetry(
    tmp_path: Path, user: dict[str, str], effective: str
) -> None:
    """Whoever imports a flow (the CLI, a benchmark, a Dask worker) before Prefect gets these
    defaults, unless the user set them: the server took 50 s to start on a loaded machine."""
    probe = ("import flows.ingest\n"
             "from prefect.settings import get_current_settings\n"
             "server = get_current_settings().server\n"
             "print(server.ephemeral.startup_timeout_seconds, server.analytics_enabled)\n")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "home")} | user
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          timeout=STARTUP, check=False)  # fmt: skip
    assert (done.returncode, done.stdout.strip()) == (0, effective), done.stderr
