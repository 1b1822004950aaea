"""Top keywords of an entry with jieba's TF-IDF, using the catalog's domain dictionary.

The domain dictionary (``domain_terms.txt``) keeps terms such as ``政务外网``, ``人天``,
``单点登录`` and ``社会治理联动中心`` whole; the stop words and the number of keywords come from
the profile's ``[keywords]``.

Loading is what costs, not segmenting (26 entries take 0.05 s): ``import jieba.analyse``
builds two module-level models at import (a part-of-speech table and the IDF table, 0.5 s)
and a ``TFIDF()`` builds them again (0.9 s), although keywords without ``allowPOS`` never use
the part-of-speech table; jieba's main dictionary adds 0.7 s. So only ``jieba`` itself is
imported: the tokenizer is jieba's, the IDF table is jieba's own ``analyse/idf.txt``, and
``TFIDF_WEIGHT`` below is ``TFIDF.extract_tags`` without ``allowPOS`` (word kept when its
stripped length ≥ 2 and its lower case is no stop word; weight = count × idf (median idf for
an unknown word) / total count; sorted by weight, ties in text order).
``tests/test_extractors.py`` checks the keywords equal jieba's ``TFIDF.extract_tags`` on every
entry of the bundled edition. The parsed dictionary and IDF table are kept in a ``marshal``
file in the user's cache folder (``keyword_cache``, keyed by jieba's version and its files'
sizes and times; plain data, never code), like jieba's own dictionary cache: a second process
loads them in a fraction of the time. Without a writable cache folder they are parsed each
time.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jieba
import regex as re

from pipeline.profile import KeywordRules, default_profile

__all__ = ["extract_keywords", "keyword_cache", "segment_words"]

DOMAIN_DICTIONARY = "domain_terms.txt"
#: jieba's main dictionary and IDF table, in its package (what ``jieba.Tokenizer()`` and
#: ``jieba.analyse.TFIDF()`` read by default).
JIEBA_DICTIONARY = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
#: jieba's IDF table, in its package (what ``jieba.analyse.TFIDF`` reads by default).
IDF_FILE = Path(jieba.__file__).parent / "analyse" / "idf.txt"
#: jieba's built-in English stop words (``KeywordExtractor.STOP_WORDS``), used with the profile's.
JIEBA_STOP_WORDS = frozenset({
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be", "as",
    "on", "with", "can", "if", "from", "which", "you", "it", "this", "then", "at", "have", "all",
    "not", "one", "has", "or",
})
#: Words shorter than this (after stripping) are never keywords (as in jieba's TF-IDF).
MIN_KEYWORD_LENGTH = 2
#: Tokens that are only numbers, Latin punctuation or units of measure are never keywords.
_NOT_A_KEYWORD = re.compile(r"[\d.\-~%]+|人天|工作日")
#: The environment variable naming the cache folder (default: the user's cache folder).
CACHE_SETTING = "CATALOG_CACHE_DIR"


@dataclass(frozen=True)
class _Model:
    tokenizer: jieba.Tokenizer
    idf: dict[str, float]
    median_idf: float


def keyword_cache() -> Path:
    """The folder the parsed dictionary and IDF table are kept in: ``$CATALOG_CACHE_DIR``, or
    ``catalog-pipeline`` in ``$XDG_CACHE_HOME`` (default ``~/.cache``)."""
    if os.environ.get(CACHE_SETTING):
        return Path(os.environ[CACHE_SETTING])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "catalog-pipeline"


def _cache_file(dictionary: Path) -> Path:
    stamp = [jieba.__version__]
    for path in (dictionary, IDF_FILE):
        status = path.stat()
        stamp.append(f"{path}:{status.st_size}:{status.st_mtime_ns}")
    key = hashlib.sha256("\n".join(stamp).encode()).hexdigest()[:16]
    return keyword_cache() / f"jieba-{key}.marshal"


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Building dictionaries of 500 000 strings triggers the cyclic collector hundreds of
    times for nothing (they hold no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_idf() -> tuple[dict[str, float], float]:
    idf: dict[str, float] = {}
    for line in IDF_FILE.read_text(encoding="utf-8").splitlines():
        word, value = line.strip().split(" ")
        idf[word] = float(value)
    return idf, sorted(idf.values())[len(idf) // 2]


def _load_tables(tokenizer: jieba.Tokenizer) -> tuple[dict[str, int], int, dict[str, float], float]:
    """(word frequencies, their total, idf, median idf): from the cache, else parsed and
    cached."""
    path = _cache_file(JIEBA_DICTIONARY)
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        # ``loads`` of the bytes: ``marshal.load`` of a file reads it piece by piece (3× slower)
        freq, total, idf, median = marshal.loads(path.read_bytes())
        return freq, total, idf, median
    with JIEBA_DICTIONARY.open("rb") as handle:
        freq, total = tokenizer.gen_pfdict(handle)
    idf, median = _parse_idf()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
            marshal.dump((freq, total, idf, median), out)
        os.replace(out.name, path)
    return freq, total, idf, median


@cache
def _model() -> _Model:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with _no_collection():
        freq, total, idf, median = _load_tables(tokenizer)
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    with resources.as_file(resources.files("extractors") / DOMAIN_DICTIONARY) as path:
        tokenizer.load_userdict(str(path))
    return _Model(tokenizer, idf, median)


def _weights(text: str, stop_words: frozenset[str]) -> dict[str, float]:
    """TFIDF_WEIGHT: each kept word's count × idf / total count, in first-seen order."""
    model = _model()
    counts: dict[str, float] = {}
    for word in model.tokenizer.cut(text):
        if len(word.strip()) < MIN_KEYWORD_LENGTH or word.lower() in stop_words:
            continue
        counts[word] = counts.get(word, 0.0) + 1.0
    total = sum(counts.values())
    return {word: count * model.idf.get(word, model.median_idf) / total
            for word, count in counts.items()}  # fmt: skip


def extract_keywords(text: str, rules: KeywordRules | None = None) -> tuple[str, ...]:
    """The profile's ``count`` highest-weighted keywords of ``text`` that are not its stop
    words, best first (ties in text order)."""
    if not text.strip():
        return ()
    rules = rules or default_profile().keywords
    weights = _weights(text, JIEBA_STOP_WORDS | rules.stop_words)
    tags = sorted(weights, key=weights.__getitem__, reverse=True)[: rules.count * 2]
    return tuple(str(tag) for tag in tags if not _NOT_A_KEYWORD.fullmatch(tag))[: rules.count]


def segment_words(text: str) -> list[str]:
    """jieba's word segmentation of ``text`` with the domain dictionary loaded."""
    return [str(word) for word in _model().tokenizer.lcut(text)]
