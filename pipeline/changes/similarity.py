"""Is an entry removed under one name the same resource as one added under another?

A renamed entry keeps what it *is* — what it does, who builds it, which documents support it —
while its name (and so its ``resource_key``) changes. Each candidate is reduced to a
``Fingerprint`` (jieba tokens of overview, functions and implementation; builder unit; document
titles) and pairs are scored with a weighted Jaccard similarity (``SIMILARITY_WEIGHTS``).
Scores are computed for all removed × added candidates at once with sparse matrix products, in
row blocks, so thousands of candidates stay fast and bounded in memory; a pair is a rename when
its score reaches ``RENAME_THRESHOLD`` and neither side has a better partner (greedy, best
first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import regex as re
from scipy import sparse

from extractors.keywords import segment_words
from pipeline.profile import default_profile

__all__ = [
    "RENAME_THRESHOLD",
    "SIMILARITY_WEIGHTS",
    "Fingerprint",
    "fingerprint",
    "match_renames",
    "similarity_matrix",
]

#: Weight of each kind of evidence in the similarity score (they sum to 1).
SIMILARITY_WEIGHTS: dict[str, float] = {"content": 0.7, "builder_unit": 0.1, "documents": 0.2}
#: Minimum score for a removed and an added entry to be the same resource renamed. In the
#: bundled edition distinct entries score at most 0.51 against each other (most share their
#: builder unit and boilerplate such as 提交申请), while an entry renamed in heading, 资源名称
#: and body scores above 0.9; ``tests/test_diff.py`` pins both sides of the threshold.
RENAME_THRESHOLD = 0.7
#: A token worth comparing: two or more letters, ideographs or digits (drops punctuation and
#: single characters such as 的, 和, 及 that every entry has).
_TOKEN = re.compile(r"[\p{Han}\p{L}\p{N}]{2,}")
#: Rows of removed candidates scored per sparse product (bounds memory for huge edits).
_BLOCK_ROWS = 2048


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies a resource apart from its name."""

    tokens: frozenset[str]
    builder_unit: str | None
    documents: frozenset[str]


def content_tokens(text: str) -> frozenset[str]:
    """The distinct jieba words of ``text`` worth comparing (see ``_TOKEN``), minus the
    bundled profile's keyword stop words."""
    stop_words = default_profile().keywords.stop_words
    words = (word for word in segment_words(text) if _TOKEN.fullmatch(word))
    return frozenset(word for word in words if word not in stop_words)


def fingerprint(
    content: str, builder_unit: str | None, documents: Iterable[str]
) -> Fingerprint:
    """A ``Fingerprint`` from the entry's body text, builder unit and document titles."""
    return Fingerprint(content_tokens(content), builder_unit or None, frozenset(documents))


def _incidence(
    sets: Sequence[frozenset[str]], vocabulary: dict[str, int]
) -> sparse.csr_matrix:
    """A 0/1 matrix: one row per set, one column per vocabulary word it contains."""
    rows = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    cols = np.fromiter((vocabulary[w] for s in sets for w in s), dtype=np.int64, count=len(rows))
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), len(vocabulary)))


def _jaccard(
    old: Sequence[frozenset[str]], new: Sequence[frozenset[str]]
) -> npt.NDArray[np.float64]:
    """Jaccard similarity of every old set with every new set; two empty sets count as equal."""
    vocabulary = {word: i for i, word in enumerate(sorted(set().union(*old, *new)))}
    old_m, new_t = _incidence(old, vocabulary), _incidence(new, vocabulary).T.tocsc()
    old_sizes = np.array([len(s) for s in old], dtype=np.float64)
    new_sizes = np.array([len(s) for s in new], dtype=np.float64)
    result = np.empty((len(old), len(new)), dtype=np.float64)
    for start in range(0, len(old), _BLOCK_ROWS):
        stop = min(start + _BLOCK_ROWS, len(old))
        shared = np.asarray((old_m[start:stop] @ new_t).todense(), dtype=np.float64)
        union = old_sizes[start:stop, None] + new_sizes[None, :] - shared
        result[start:stop] = np.divide(shared, union, out=np.ones_like(shared), where=union > 0)
    return result


def similarity_matrix(
    old: Sequence[Fingerprint], new: Sequence[Fingerprint]
) -> npt.NDArray[np.float64]:
    """Weighted similarity (0…1) of every old fingerprint with every new one."""
    if not old or not new:
        return np.zeros((len(old), len(new)), dtype=np.float64)
    content = _jaccard([f.tokens for f in old], [f.tokens for f in new])
    documents = _jaccard([f.documents for f in old], [f.documents for f in new])
    old_units = np.array([f.builder_unit or "" for f in old], dtype=object)
    new_units = np.array([f.builder_unit or "" for f in new], dtype=object)
    same_unit = np.equal.outer(old_units, new_units).astype(np.float64)
    weights = SIMILARITY_WEIGHTS
    return np.asarray(
        weights["content"] * content
        + weights["builder_unit"] * same_unit
        + weights["documents"] * documents,
        dtype=np.float64,
    )


def match_renames(
    scores: npt.NDArray[np.float64],
    threshold: float = RENAME_THRESHOLD,
    positions: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None,
) -> list[tuple[int, int]]:
    """``(old index, new index)`` pairs scoring at least ``threshold``, best first, each index
    used once. Equal scores (identical content) go to the pair whose catalog positions
    (``positions``: old and new entry numbers) are closest, then to the earlier entries."""
    old_idx, new_idx = np.nonzero(scores >= threshold)
    gap = (np.abs(positions[0][old_idx] - positions[1][new_idx]) if positions is not None
           else np.zeros(len(old_idx), dtype=np.int64))
    order = np.lexsort((new_idx, old_idx, gap, -scores[old_idx, new_idx]))
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i, j in zip(old_idx[order].tolist(), new_idx[order].tolist(), strict=True):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((i, j))
    return sorted(pairs)
