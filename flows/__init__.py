"""Prefect flows over the plain pipeline functions.

Importing the package applies the server defaults (``flows.prefect_setup``: no
telemetry, a start-up wait for Prefect's temporary server long enough for a busy machine)
before any flow module imports Prefect, whoever imports it: the CLI, a benchmark, a test.
"""

from __future__ import annotations

from flows.prefect_setup import apply_server_defaults

apply_server_defaults()
