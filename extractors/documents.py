"""Supporting documents: the titles written inside 《》 in the 配套措施 section."""

from __future__ import annotations

import regex as re

__all__ = ["DOCUMENT_TITLE", "extract_documents"]

#: A document title in Chinese title marks (also the rarer 〈〉 pair).
DOCUMENT_TITLE = re.compile(r"[《〈](?P<title>[^《》〈〉]+)[》〉]")


def extract_documents(text: str | None) -> tuple[str, ...]:
    """Document titles in written order, without the brackets and without duplicates."""
    if not text:
        return ()
    titles: list[str] = []
    for found in DOCUMENT_TITLE.finditer(text):
        title = found.group("title").strip()
        if title and title not in titles:
            titles.append(title)
    return tuple(titles)
