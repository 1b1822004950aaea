"""Scheduled runs tell a webhook what they did: the message and its delivery (the flow that
sends it runs end to end in test_cli)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.ingest import NewEditionsSummary, ingest
from pipeline.notify import check_webhook, post_message, run_message
from pipeline.store.store import CuratedStore
from tests.conftest import SEED


def test_nothing_new_sends_nothing() -> None:
    assert run_message(NewEditionsSummary(ingested=(), already=("a.txt",), skipped=())) is None


def test_a_failed_run_says_why() -> None:
    error = PipelineError("1 new edition(s) failed: 2025.txt", file="raw")
    assert run_message(None, error) == {
        "status": "failed", "error": "raw: 1 new edition(s) failed: 2025.txt"}


def test_an_ingested_edition_is_told_with_its_changes(
    tmp_path: Path, webhook: tuple[str, list[dict[str, object]]]
) -> None:
    store = CuratedStore(tmp_path / "curated")
    first = ingest(SEED, "2024", store)
    second = ingest(SEED, "2025", store)
    message = run_message(NewEditionsSummary(ingested=(first, second), already=(),
                                             skipped=("raw/copy.txt",)))  # fmt: skip
    assert message == {"status": "ingested", "skipped": ["raw/copy.txt"], "editions": [
        {"edition": "2024", "entries": 26, "validation_status": "passed", "previous": None,
         "changes": None},
        {"edition": "2025", "entries": 26, "validation_status": "passed", "previous": "2024",
         "changes": {"added": 0, "removed": 0, "renamed": 0, "modified": 0}},
    ]}
    url, received = webhook
    assert post_message(url, message) is None
    assert received == [message]


def test_a_webhook_that_is_down_is_reported_not_raised() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    problem = post_message(f"http://127.0.0.1:{port}/hook", {"status": "failed"}, timeout=2)
    assert problem == (f"the webhook http://127.0.0.1:{port}/hook did not take the message: "
                       "[Errno 111] Connection refused")


@pytest.mark.parametrize("url", ["ftp://example.test/x", "example.test/hook", "https://"])
def test_only_http_webhooks_are_accepted(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(PipelineError, match=r"is not an http\(s\) URL"):
        check_webhook(url)
    assert main(["serve", "--notify", url]) == 1
    assert capsys.readouterr().err == f"error: --notify {url!r} is not an http(s) URL\n"
