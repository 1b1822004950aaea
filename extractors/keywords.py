"""Top keywords of an entry with jieba's TF-IDF, using the catalog's domain dictionary.

The domain dictionary (``domain_terms.txt``) keeps terms such as ``政务外网``, ``人天``,
``单点登录`` and ``社会治理联动中心`` whole. jieba loads its main dictionary once per process
(about a second), so the tokenizer is built lazily and cached; the stop words and the number
of keywords come from the profile's ``[keywords]`` (one TF-IDF extractor per stop-word set,
sharing the tokenizer).
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources

import jieba
import jieba.analyse
import jieba.posseg
import regex as re

from pipeline.profile import KeywordRules, default_profile

__all__ = ["extract_keywords", "segment_words"]

DOMAIN_DICTIONARY = "domain_terms.txt"
#: Tokens that are only numbers, Latin punctuation or units of measure are never keywords.
_NOT_A_KEYWORD = re.compile(r"[\d.\-~%]+|人天|工作日")


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with resources.as_file(resources.files("extractors") / DOMAIN_DICTIONARY) as path:
        tokenizer.load_userdict(str(path))
    return tokenizer


@cache
def _tfidf(stop_words: frozenset[str]) -> jieba.analyse.TFIDF:
    tfidf = jieba.analyse.TFIDF()
    tfidf.tokenizer = _tokenizer()
    tfidf.postokenizer = jieba.posseg.POSTokenizer(tfidf.tokenizer)
    tfidf.stop_words = set(tfidf.stop_words) | stop_words
    return tfidf


def extract_keywords(text: str, rules: KeywordRules | None = None) -> tuple[str, ...]:
    """The profile's ``count`` highest-weighted keywords of ``text`` that are not its stop
    words, best first (ties in text order)."""
    if not text.strip():
        return ()
    rules = rules or default_profile().keywords
    tags = _tfidf(rules.stop_words).extract_tags(text, topK=rules.count * 2)
    return tuple(str(tag) for tag in tags if not _NOT_A_KEYWORD.fullmatch(tag))[: rules.count]


def segment_words(text: str) -> list[str]:
    """jieba's word segmentation of ``text`` with the domain dictionary loaded."""
    return [str(word) for word in _tokenizer().lcut(text)]
