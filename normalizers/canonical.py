"""Canonical values analysts group by: network types and the stable resource key.

Editions spell the same thing differently (``电子政务外网``, ``外网``; ``智能 DNS 服务`` vs
``智能DNS服务``); these tables map the spellings to one value so keys and categories stay
stable across editions.
"""

from __future__ import annotations

import unicodedata

import regex as re

__all__ = ["CANONICAL_NETWORKS", "NETWORK_ALIASES", "canonical_network", "resource_key"]

#: The network types a catalog entry may be reachable on.
CANONICAL_NETWORKS: tuple[str, ...] = ("政务外网", "政务内网", "互联网")

#: Spellings seen or expected in editions → canonical network type.
NETWORK_ALIASES: dict[str, str] = {
    "政务外网": "政务外网",
    "电子政务外网": "政务外网",
    "外网": "政务外网",
    "政务内网": "政务内网",
    "电子政务内网": "政务内网",
    "内网": "政务内网",
    "互联网": "互联网",
    "因特网": "互联网",
    "公网": "互联网",
    "internet": "互联网",
}

_KEY_DROP = re.compile(r"[\s\p{P}\p{S}]+")


def canonical_network(text: str) -> str:
    """The canonical network type for one written type, or the text itself when unknown.

    Unknown types are kept verbatim (not dropped) so the quality gate can flag them.
    """
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    return NETWORK_ALIASES.get(folded, text.strip())


def resource_key(name: str) -> str:
    """The stable key of a resource: its name, NFKC-folded, lower-cased, without spaces or
    punctuation (``智能 DNS 服务`` → ``智能dns服务``)."""
    return str(_KEY_DROP.sub("", unicodedata.normalize("NFKC", name))).lower()
