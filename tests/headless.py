"""Debian's Chromium through Playwright, as the browser tests share it.

``require_chromium()`` at the top of a browser test module skips it when ``/usr/bin/chromium``
is missing (``make test-system`` installs it), except under ``CI``, where the module fails instead.
``launched()`` is the module-scoped browser: headless, no sandbox (tests run as root), no
background networking.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "TRAP", "UNDER_CI", "launched", "require_chromium"]

CHROMIUM = Path("/usr/bin/chromium")
UNDER_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Replaces what a payload would call; ``window.__xss`` stays undefined unless one is called.
TRAP = "for (const name of ['alert', 'confirm', 'prompt']) window[name] = () => { window.__xss = true };"


def require_chromium() -> None:
    """Skip the calling module without Chromium (fail under ``CI``: see ``launched``)."""
    if not CHROMIUM.is_file() and not UNDER_CI:
        pytest.skip(f"{CHROMIUM} is missing (make test-system installs Debian's chromium); "
                    "under CI=true this module fails instead", allow_module_level=True)


def launched() -> Iterator[Any]:
    """A headless Chromium for the module (a generator for a module-scoped fixture)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing and CI is set: install Debian's chromium (make test-system)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
