"""Settings read from the environment, checked: a value that is not what it must be is one
clear error, never a silent default (``CATALOG_LOCK_TIMEOUT=10s`` would otherwise wait 600 s,
``nan`` forever)."""

from __future__ import annotations

import math
import os

from pipeline.errors import PipelineError

__all__ = ["DASK_ADDRESS_SETTING", "count_setting", "seconds_setting"]

#: The environment variable naming an existing Dask scheduler (``tcp://host:8786``) that
#: ``catalog ingest --runner dask`` runs on instead of a local cluster.
DASK_ADDRESS_SETTING = "DASK_SCHEDULER_ADDRESS"


def seconds_setting(
    variable: str, default: float, *, allow_zero: bool = True,
    error: type[PipelineError] = PipelineError,
) -> float:
    """``$variable`` as a finite number of seconds (≥ 0, or > 0 unless ``allow_zero``), or
    ``default`` when it is not set. Raises ``error`` for anything else."""
    text = os.environ.get(variable)
    if text is None:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero):
        raise error(f"{variable}={text!r} is not a number of seconds (e.g. {default:g})")
    return seconds


def count_setting(
    variable: str, default: int | None, *, error: type[PipelineError] = PipelineError
) -> int | None:
    """``$variable`` as a whole number ≥ 1, or ``default`` when it is not set. Raises
    ``error`` for anything else."""
    text = os.environ.get(variable)
    if text is None:
        return default
    if not text.strip().isdigit() or int(text) < 1:
        raise error(f"{variable}={text!r} is not a whole number of at least 1 (e.g. 2)")
    return int(text)
