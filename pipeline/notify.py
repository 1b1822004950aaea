"""Telling people what a scheduled run did: a JSON message POSTed to a webhook.

A run that ingested something (new editions, and what changed in each) or failed sends one
message; a run that found nothing new sends none. Delivery is best effort, bounded by a
timeout: a webhook that is down is reported in the run's log and never fails the run.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.ingest import NewEditionsSummary

__all__ = ["NOTIFY_TIMEOUT", "check_webhook", "post_message", "run_message"]

#: Seconds a webhook has to accept the message.
NOTIFY_TIMEOUT = 10.0
_SCHEMES = ("http://", "https://")


def check_webhook(url: str) -> str:
    """``url`` when it is an http(s) URL; else ``PipelineError``."""
    if not url.startswith(_SCHEMES) or len(url) <= len("https://"):
        raise PipelineError(f"--notify {url!r} is not an http(s) URL")
    return url


def run_message(
    summary: NewEditionsSummary | None, error: PipelineError | None = None
) -> dict[str, Any] | None:
    """The message for one run: ``failed`` with the error, ``ingested`` with each new
    edition's entries and change counts, or None when there is nothing to tell."""
    if error is not None:
        return {"status": "failed", "error": str(error)}
    if summary is None or not summary.ingested:
        return None
    editions = [
        {"edition": r.edition, "entries": r.entries, "validation_status": r.validation_status,
         "previous": r.changes.previous if r.changes else None,
         "changes": asdict(r.changes.counts) if r.changes else None}
        for r in summary.ingested
    ]  # fmt: skip
    return {"status": "ingested", "editions": editions, "skipped": list(summary.skipped)}


def post_message(url: str, message: dict[str, Any], timeout: float = NOTIFY_TIMEOUT) -> str | None:
    """POST ``message`` as JSON to ``url``; None when it was accepted (2xx), else what went
    wrong, in words."""
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            answer.read(1024)
    except (OSError, ValueError) as failure:
        return f"the webhook {url} did not take the message: {getattr(failure, 'reason', failure)}"
    return None
