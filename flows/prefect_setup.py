"""Prefect settings for CLI runs and flows, applied before Prefect is imported (here, beside
the flows, since flows apply them on import and the commands sit above the flows).

No telemetry from the temporary server (its heartbeat logs a traceback when SQLite is busy),
minutes rather than Prefect's 20 s for the temporary server to start (it took 50 s on a loaded
2-core machine; ``SERVER_DEFAULTS``, applied by ``flows`` on import), only warnings from
Prefect so a run prints our own summary lines (``PREFECT_LOGGING_LEVEL=INFO`` shows Prefect's
run logs), and no Prefect report of a bad input: the CLI prints that itself, in one line.
"""

from __future__ import annotations

import functools
import logging
import os

from pipeline.errors import PipelineError

__all__ = [
    "PREFECT_DEFAULTS", "SERVER_DEFAULTS", "apply_server_defaults", "configure_prefect",
    "quiet_pipeline_error_logs",
]  # fmt: skip

#: Server settings applied unless the user set them, wherever a flow may start a server: no
#: telemetry, and a start-up wait long enough for a busy machine.
SERVER_DEFAULTS: dict[str, str] = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}
#: Settings applied for CLI runs unless the user set them.
PREFECT_DEFAULTS: dict[str, str] = {**SERVER_DEFAULTS, "PREFECT_LOGGING_LEVEL": "WARNING"}


def _error_names(cls: type[PipelineError] = PipelineError) -> set[str]:
    return {cls.__name__}.union(*(_error_names(sub) for sub in cls.__subclasses__()))


class _NoPipelineErrorLogs(logging.Filter):
    """Drop Prefect's log records about a ``PipelineError`` (the CLI reports it)."""

    def __init__(self) -> None:
        super().__init__()
        self.markers = tuple(f"{name}:" for name in _error_names())

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PipelineError):
            return False
        return not any(marker in record.getMessage() for marker in self.markers)


def apply_server_defaults() -> None:
    """Apply ``SERVER_DEFAULTS`` to the environment (not over what the user set); Prefect
    reads them when it is imported, and the processes it starts inherit them."""
    for key, value in SERVER_DEFAULTS.items():
        os.environ.setdefault(key, value)


@functools.cache
def _quiet_filter() -> _NoPipelineErrorLogs:
    return _NoPipelineErrorLogs()


def quiet_pipeline_error_logs() -> None:
    """Keep Prefect's own records (a traceback, a failed state) about a ``PipelineError`` out
    of its loggers, their handlers and so the run's log: whoever catches the error reports it
    in one line. Idempotent; flows call it too, as a served run's process is not the CLI's."""
    import prefect.logging.configuration  # noqa: F401  (sets up Prefect's handlers)

    quiet = _quiet_filter()
    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        logger.addFilter(quiet)
        for handler in logger.handlers:
            handler.addFilter(quiet)


def configure_prefect() -> None:
    """Apply ``PREFECT_DEFAULTS`` and the log filter; call before importing a flow."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    quiet_pipeline_error_logs()
