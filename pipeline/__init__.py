"""catalog-pipeline core: sources, cleaning, segmentation, extraction wiring, publishing, CLI."""

from __future__ import annotations

__version__ = "0.1.0"
