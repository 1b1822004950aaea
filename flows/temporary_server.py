"""Prefect's temporary API server for a ``catalog ingest --runner dask`` run, started so that it
ends with the run.

Prefect starts its temporary server (``SubprocessASGIServer``) as a plain child process, so

* a ``kill -9`` of ``catalog`` left the server running for ever (a port, a database, memory);
* a Ctrl-C at the terminal, which goes to the whole foreground process group, stopped the
  server while the run still had to report to it: the run then retried its API calls for two
  minutes before it could say it was interrupted.

Here the server is started in a session of its own (a terminal's Ctrl-C does not reach it; the
run stops it when it is done, as Prefect does) and through a launcher that first makes it die
with the process that started it (``pipeline.parse.workers.die_with_parent``: Linux's
parent-death signal, the page workers' own), then becomes uvicorn with Prefect's own arguments.
The parent-death signal comes when the *thread* that started the server ends: the thread that
enters ``one_prefect_api`` stays in it while the server is used.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["DRAIN_SECONDS", "LAUNCHER", "one_prefect_api", "orphan_free_server", "uvicorn_argv"]

#: Seconds Prefect's log and event workers get to send what they hold before the temporary
#: server ``one_prefect_api`` started is stopped.
DRAIN_SECONDS = 10.0
#: ``python -c LAUNCHER PARENT ARGV…``: die with process ``PARENT``, then run ``python ARGV…``
#: (``-m module args…``) in this same process.
LAUNCHER = (
    "import runpy, sys\n"
    "from pipeline.parse.workers import die_with_parent\n"
    "die_with_parent(int(sys.argv[1]))\n"
    "assert sys.argv[2] == '-m'\n"
    "sys.argv = [sys.argv[3], *sys.argv[4:]]\n"
    "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n"
)
#: What Prefect sets for its temporary server: no UI, and the server knows it is temporary.
SERVER_ENVIRONMENT = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                      "PREFECT__SERVER_FINAL": "1"}  # fmt: skip


def orphan_free_server() -> Any:
    """A ``SubprocessASGIServer`` (not started) whose process is launched as the module
    docstring says: its own session, dying with this process; Prefect's own command and
    environment otherwise (``uvicorn_argv``)."""
    from prefect.server.api.server import SubprocessASGIServer

    class OrphanFreeServer(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            argv, env = uvicorn_argv(self.port)
            return subprocess.Popen(
                [sys.executable, "-c", LAUNCHER, str(os.getpid()), *argv], env=env,
                start_new_session=True)  # fmt: skip

    # SubprocessASGIServer keeps one instance per port (None: any free port): a fresh key
    return OrphanFreeServer()


def uvicorn_argv(port: int | None) -> tuple[list[str], dict[str, str]]:
    """The arguments after ``python`` and the environment with which Prefect 3 starts its
    temporary server on ``port`` (``SubprocessASGIServer._run_uvicorn_command``): uvicorn
    serving Prefect's API, no UI."""
    import prefect
    from prefect.settings import get_current_settings

    argv = ["-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on"]  # fmt: skip
    env = {**os.environ, **SERVER_ENVIRONMENT,
           **get_current_settings().to_environment_variables(exclude_unset=True)}  # fmt: skip
    return argv, env


@contextmanager
def one_prefect_api() -> Iterator[str]:
    """One Prefect API for the flow and every Dask worker, for the ``with`` block; yields its
    URL. Workers are other processes: they know the API only from their environment, and
    without it each starts a temporary server of its own (seconds of CPU each, and their task
    runs recorded apart). So the configured API (``PREFECT_API_URL``) is exported to the
    environment the workers inherit, or, when none is configured, a temporary server is
    started here (``orphan_free_server``) and its address exported."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url, server = PREFECT_API_URL.value(), None
    if not url:
        server = orphan_free_server()
        try:
            server.start()
        except BaseException:  # Ctrl-C while it starts: stop what was started
            server.stop()
            raise
        url = server.api_url
    saved = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings({PREFECT_API_URL: url}):
            yield url
    finally:
        if saved is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = saved
        if server is not None:
            # send what the log and event workers hold before the server goes: else they
            # retry against it, for a minute, at exit
            from prefect.events.worker import EventsWorker
            from prefect.logging.handlers import APILogWorker

            APILogWorker.drain_all(timeout=DRAIN_SECONDS, at_exit=False)
            EventsWorker.drain_all(timeout=DRAIN_SECONDS, at_exit=False)
            server.stop()
