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
entry of the bundled edition.

Segmenting is the text path's largest cost (jieba's ``cut`` was half of it at 10 000 entries),
so ``_cut`` is jieba's ``Tokenizer.cut`` (accurate mode with HMM) with its two per-block passes
fused: jieba builds a dict of word ends per position (``get_DAG``) and then a route dict with a
generator per position (``calc``); ``_cut_block`` walks the positions backwards once, reading
each dictionary prefix as it goes, and keeps each word's log-probability in a memo of the
dictionary's words. Same dictionary (the tokenizer's ``FREQ`` and ``total``), same float
arithmetic in the same order (``log(freq) - log(total) + best of the rest``), same tie-break
(the longer word, as ``max`` of ``(value, end)`` tuples), same block regexes and the same HMM
(``jieba.finalseg.cut``) for runs of unknown single characters: the same words in 55 % of the
time. ``tests/test_keywords.py`` checks it equals ``Tokenizer.cut`` word for word; jieba's own
``cut`` stays available as ``reference_keywords`` (the benchmark's "before"). Drop-in
replacements were measured and not taken: ``rjieba`` (Rust) and ``jieba-fast-dat`` (C++)
segment Latin runs such as ``mail.haicang.gov.cn`` and ``DB-DB`` differently (other keywords
on the bundled edition); ``jieba_fast`` (C, 2018, source only: compiled at install) gives the
same words, no faster than ``_cut``. Nothing is memoised per text: a real edition repeats 3 %
of its text, a synthetic one 99 %.

The parsed dictionary and IDF table are kept in a ``marshal`` file in the user's cache folder
(``keyword_cache``, keyed by jieba's version and its files' sizes and times; plain data, never
code), like jieba's own dictionary cache: a second process loads them in a fraction of the
time. Without a writable cache folder they are parsed each time.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import marshal
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from math import log
from pathlib import Path

import jieba
import jieba.finalseg
import regex as re

from pipeline.profile import KeywordRules, default_profile

__all__ = ["extract_keywords", "keyword_cache", "reference_keywords", "segment_words"]

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
    #: Per dictionary total, ``log(freq) - log(total)`` of the words met so far (one entry per
    #: dictionary word at most; a word added to the tokenizer later changes the total).
    log_probability: dict[int, dict[str, float]] = field(default_factory=dict)
    #: Per stop-word set, whether a word is kept (``_kept``): words repeat, the test is not free.
    kept: dict[frozenset[str], dict[str, bool]] = field(default_factory=dict)


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


def _cut_block(model: _Model, sentence: str) -> list[str]:
    """``Tokenizer.__cut_DAG`` of one block (``re_han_default`` run): the most probable route
    through the dictionary words, then jieba's HMM on each run of two or more single characters
    that is no dictionary word (as one word it would have been taken)."""
    freq_get = model.tokenizer.FREQ.get
    memo = _log_probabilities(model)
    memo_get = memo.get
    log_total = log(model.tokenizer.total)
    single = log(1) - log_total  # a character that is no word: jieba's ``FREQ.get(..) or 1``
    count = len(sentence)
    value = [0.0] * (count + 1)
    after = list(range(1, count + 2))  # the end of the best first word from each position
    for start in range(count - 1, -1, -1):
        best: float | None = None
        end = start + 1
        fragment = sentence[start]
        frequency = freq_get(fragment)
        while frequency is not None:  # ``FREQ`` holds every prefix of a word (frequency 0)
            if frequency:
                weight = memo_get(fragment)
                if weight is None:
                    weight = memo[fragment] = log(frequency) - log_total
                total = weight + value[end]
                # ends ascend: ``>=`` keeps the longer word on a tie, like ``max`` of tuples
                if best is None or total >= best:
                    best, after[start] = total, end
            if end >= count:
                break
            end += 1
            fragment = sentence[start:end]
            frequency = freq_get(fragment)
        value[start] = single + value[start + 1] if best is None else best
    words: list[str] = []
    position, run = 0, ""
    while position < count:
        end = after[position]
        if end - position == 1:
            run += sentence[position]
        else:
            if run:
                _flush(run, freq_get, words)
                run = ""
            words.append(sentence[position:end])
        position = end
    if run:
        _flush(run, freq_get, words)
    return words


def _log_probabilities(model: _Model) -> dict[str, float]:
    total = model.tokenizer.total
    memo = model.log_probability.get(total)
    if memo is None:
        model.log_probability.clear()
        memo = model.log_probability[total] = {}
    return memo


def _flush(run: str, freq_get: Callable[[str], int | None], words: list[str]) -> None:
    """A run of single characters: itself when one character, its characters when it is a
    dictionary word, else jieba's HMM segmentation (``finalseg.cut``)."""
    if len(run) == 1:
        words.append(run)
    elif not freq_get(run):
        words.extend(jieba.finalseg.cut(run))
    else:
        words.extend(run)


def _cut(text: str) -> list[str]:
    """``jieba.Tokenizer.cut(text)`` (accurate mode, HMM) of the model's tokenizer, as a list."""
    model = _model()
    han, skip = jieba.re_han_default, jieba.re_skip_default
    words: list[str] = []
    # ``split`` of a pattern that is one capture group: the odd pieces are its matches, the
    # even ones never start with its characters (the greedy match would have taken them), so
    # the parity is jieba's ``han.match(block)`` without matching every block again.
    for index, block in enumerate(han.split(text)):
        if not block:
            continue
        if index % 2:
            words += _cut_block(model, block)
        else:
            for piece in skip.split(block):
                if skip.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
    return words


def _jieba_cut(text: str) -> list[str]:
    """jieba's own ``Tokenizer.cut`` of the model's tokenizer: the reference ``_cut`` equals."""
    return [str(word) for word in _model().tokenizer.cut(text)]


def _kept(model: _Model, stop_words: frozenset[str]) -> dict[str, bool]:
    kept = model.kept.get(stop_words)
    if kept is None:
        kept = model.kept[stop_words] = {}
    return kept


def _weights(words: Iterable[str], stop_words: frozenset[str]) -> dict[str, float]:
    """TFIDF_WEIGHT: each kept word's count × idf / total count, in first-seen order."""
    model = _model()
    kept = _kept(model, stop_words)
    counts: dict[str, int] = {}
    for word, count in Counter(words).items():  # first-seen order
        keep = kept.get(word)
        if keep is None:
            keep = kept[word] = not (
                len(word.strip()) < MIN_KEYWORD_LENGTH or word.lower() in stop_words
            )
        if keep:
            counts[word] = count
    # integer counts: the same floats as jieba's running ``+ 1.0`` sums
    total = float(sum(counts.values()))
    idf, median = model.idf.get, model.median_idf
    return {word: count * idf(word, median) / total for word, count in counts.items()}


def _keywords(
    text: str, rules: KeywordRules | None, cut: Callable[[str], list[str]]
) -> tuple[str, ...]:
    if not text.strip():
        return ()
    rules = rules or default_profile().keywords
    weights = _weights(cut(text), JIEBA_STOP_WORDS | rules.stop_words)
    tags = sorted(weights, key=weights.__getitem__, reverse=True)[: rules.count * 2]
    return tuple(str(tag) for tag in tags if not _NOT_A_KEYWORD.fullmatch(tag))[: rules.count]


def extract_keywords(text: str, rules: KeywordRules | None = None) -> tuple[str, ...]:
    """The profile's ``count`` highest-weighted keywords of ``text`` that are not its stop
    words, best first (ties in text order)."""
    return _keywords(text, rules, _cut)


def reference_keywords(text: str, rules: KeywordRules | None = None) -> tuple[str, ...]:
    """``extract_keywords`` segmenting with jieba's own ``Tokenizer.cut``: the same keywords,
    slower (the reference for tests and the benchmark's "before")."""
    return _keywords(text, rules, _jieba_cut)


def segment_words(text: str) -> list[str]:
    """jieba's word segmentation of ``text`` with the domain dictionary loaded."""
    return _cut(text)
