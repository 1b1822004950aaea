"""Prefect settings for CLI runs, applied before Prefect is imported.

No telemetry from the temporary server (its heartbeat logs a traceback when SQLite is busy),
only warnings from Prefect so a run prints our own summary lines
(``PREFECT_LOGGING_LEVEL=INFO`` shows Prefect's run logs), and no Prefect report of a bad
input: the CLI prints that itself, in one line.
"""

from __future__ import annotations

import logging
import os

from pipeline.errors import PipelineError

__all__ = ["PREFECT_DEFAULTS", "configure_prefect"]

#: Settings applied unless the user set them.
PREFECT_DEFAULTS: dict[str, str] = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


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


def configure_prefect() -> None:
    """Apply ``PREFECT_DEFAULTS`` and the log filter; call before importing a flow."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    import prefect.logging.configuration  # noqa: F401  (sets up Prefect's handlers)

    quiet = _NoPipelineErrorLogs()
    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        logger.addFilter(quiet)
        for handler in logger.handlers:
            handler.addFilter(quiet)
