"""Which field each learned label feeds: by the names the base profile knows, then by the
words a label for that field is built from.

Chinese label words are compounds whose last morpheme is the head: ``承建单位职责`` is about
duties (职责), ``服务对象`` about whom it serves (对象), ``资源名称`` a name (名称). So a label is
scored per key by the longest *concept word* of ``CONCEPT_WORDS`` it contains, with a bonus
when the label ends with it; the best key wins, and a tie, or no concept word at all, leaves
the label unmapped unless it is close enough (``SIMILARITY_MIN``) to one of the base
profile's names. A key takes one label per entry: of two labels that would map to one key
and stand in the same entry, the weaker stays unmapped. Unmapped labels are never dropped:
the draft lists them as ``structure.other_labels`` (kept as items of their own) with a
comment naming their entries, for a person to decide.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.profile import LABEL_KEYS, Label
from pipeline.profile_draft.learn import LearnedLabel

__all__ = ["CONCEPT_WORDS", "SIMILARITY_MIN", "LabelMapping", "map_labels"]

#: Key → words a label feeding it is built from, as districts write them. A label containing
#: one scores its length, plus ``HEAD_BONUS`` when the label ends with it.
CONCEPT_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("名称",),
    "builder": ("单位概况", "单位情况", "单位简介", "单位基本情况"),
    "builder_unit": ("建设单位", "承建单位", "建设方", "承建方", "单位名称", "责任单位",
                     "运维单位", "提供单位"),
    "builder_duties": ("职能", "职责", "单位职能", "主要职责"),
    "network_types": ("网络",),
    "overview": ("基本情况", "概述", "简介", "概况", "介绍", "描述"),
    "functions": ("功能", "服务内容"),
    "access_targets": ("接入对象", "对象", "适用范围", "共享范围", "使用范围"),
    "supporting": ("配套", "材料", "附件"),
    "implementation": ("实施", "流程", "步骤", "接入方式", "对接方式"),
    "effort": ("工作量", "工时"),
    "contact": ("联系",),
}  # fmt: skip
#: What ending with a concept word adds to its score (the head of the compound).
HEAD_BONUS = 3
#: Without a concept word, the least ``difflib`` ratio to a base profile name that maps.
SIMILARITY_MIN = 0.6


@dataclass(frozen=True, slots=True)
class LabelMapping:
    """A learned label, the key it feeds (None: unmapped) and why."""

    label: LearnedLabel
    key: str | None
    reason: str  # "base profile name", "concept word 职责", "similar to 资源概述 (0.67)", …


def _concept_score(name: str, key: str) -> tuple[int, str]:
    best = (0, "")
    for word in CONCEPT_WORDS[key]:
        if word in name:
            score = len(word) + (HEAD_BONUS if name.endswith(word) else 0)
            best = max(best, (score, word))
    return best


def _candidate(name: str, base: Sequence[Label]) -> tuple[str | None, float, str]:
    """``(key, score, reason)`` for one label's words; key None when nothing decides."""
    for label in base:
        if name in label.names:
            return label.key, 100.0, "a name of the base profile"
    scored = sorted(((*_concept_score(name, key), key) for key in LABEL_KEYS), reverse=True)
    (top, word, key), (second, _, _) = scored[0], scored[1]
    if top and top > second:
        return key, float(top), f"concept word {word}"
    close = [(difflib.SequenceMatcher(None, name, known).ratio(), known, label.key)
             for label in base for known in label.names]  # fmt: skip
    ratio, known, key = max(close, default=(0.0, "", ""))
    if ratio >= SIMILARITY_MIN and [c for c in close if c[0] == ratio and c[2] != key] == []:
        return key, ratio, f"similar to {known} ({ratio:.2f})"
    reason = "two keys' words tie" if top else "no key's words"
    return None, 0.0, reason


def map_labels(labels: Sequence[LearnedLabel], base: Sequence[Label]) -> tuple[LabelMapping, ...]:
    """Each learned label with its key, in the labels' order. Stronger claims go first; a
    label whose key is already held by a label standing in one of its entries is unmapped."""
    claims = [(label, *_candidate(label.name, base)) for label in labels]
    held: dict[str, list[LearnedLabel]] = {}
    decided: dict[str, LabelMapping] = {}
    for label, key, _score, reason in sorted(claims, key=lambda c: -c[2]):
        if key is None:
            decided[label.name] = LabelMapping(label, None, reason)
            continue
        rivals = [other for other in held.get(key, []) if set(other.entries) & set(label.entries)]
        if rivals:
            decided[label.name] = LabelMapping(
                label, None, f"{key} is already read from {rivals[0].name} in the same entries")
            continue
        held.setdefault(key, []).append(label)
        decided[label.name] = LabelMapping(label, key, reason)
    return tuple(decided[label.name] for label in labels)
