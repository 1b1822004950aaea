"""Canonical values analysts group by: network types and the stable resource key.

Editions spell the same thing differently (``电子政务外网``, ``外网``; ``智能 DNS 服务`` vs
``智能DNS服务``); the profile's ``[networks]`` table maps spellings to one value, and the key
folds spelling variants, so keys and categories stay stable across editions.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex as re

from pipeline.profile import NetworkRules, default_profile

__all__ = ["canonical_network", "known_network", "resource_key"]

#: What a key leaves out: spaces, punctuation and symbols (spelling variants of one name), and
#: control (``Cc``) and format (``Cf``: zero-width, bidi marks and overrides, BOM) characters,
#: which are invisible, so an edition that carries one would otherwise show a false rename.
_KEY_DROP = re.compile(r"[\s\p{P}\p{S}\p{Cc}\p{Cf}]+")


@cache
def _aliases(rules: NetworkRules) -> dict[str, str]:
    return rules.alias_map()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def known_network(text: str, rules: NetworkRules | None = None) -> bool:
    """True when ``text`` is a canonical network type or one of its aliases."""
    return _fold(text) in _aliases(rules or default_profile().networks)


def canonical_network(text: str, rules: NetworkRules | None = None) -> str:
    """The canonical network type for one written type, or the text itself when unknown.

    Unknown types are kept verbatim (not dropped) so the quality gate can flag them.
    """
    return _aliases(rules or default_profile().networks).get(_fold(text), text.strip())


def resource_key(name: str) -> str:
    """The stable key of a resource: its name, NFKC-folded, lower-cased, without spaces,
    punctuation or invisible characters (``智能 DNS 服务`` and ``智能\\u200bDNS服务`` →
    ``智能dns服务``)."""
    return str(_KEY_DROP.sub("", unicodedata.normalize("NFKC", name))).lower()
