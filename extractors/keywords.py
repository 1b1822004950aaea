"""Top keywords of an entry with jieba's TF-IDF, using the catalog's domain dictionary.

The domain dictionary (``domain_terms.txt``) keeps terms such as ``政务外网``, ``人天``,
``单点登录`` and ``社会治理联动中心`` whole. jieba loads its main dictionary once per process
(about a second), so the tokenizer is built lazily and cached.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources

import jieba
import jieba.analyse
import jieba.posseg
import regex as re

__all__ = ["KEYWORD_COUNT", "KEYWORD_STOP_WORDS", "extract_keywords", "segment_words"]

#: How many keywords each entry gets.
KEYWORD_COUNT = 8
#: Words frequent in every entry of a catalog, useless as keywords.
KEYWORD_STOP_WORDS: frozenset[str] = frozenset(
    {"提供", "实现", "支持", "各类", "全区", "各部门", "部门", "单位", "服务", "功能", "进行",
     "相关", "统一", "海沧区", "海沧", "我区", "可以", "通过", "包括", "主要", "以及"}
)
DOMAIN_DICTIONARY = "domain_terms.txt"
#: Tokens that are only numbers, Latin punctuation or units of measure are never keywords.
_NOT_A_KEYWORD = re.compile(r"[\d.\-~%]+|人天|工作日")


@cache
def _tfidf() -> jieba.analyse.TFIDF:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with resources.as_file(resources.files("extractors") / DOMAIN_DICTIONARY) as path:
        tokenizer.load_userdict(str(path))
    tfidf = jieba.analyse.TFIDF()
    tfidf.tokenizer = tokenizer
    tfidf.postokenizer = jieba.posseg.POSTokenizer(tokenizer)
    tfidf.stop_words = set(tfidf.stop_words) | KEYWORD_STOP_WORDS
    return tfidf


def extract_keywords(text: str, count: int = KEYWORD_COUNT) -> tuple[str, ...]:
    """The ``count`` highest-weighted keywords of ``text``, best first (ties in text order)."""
    if not text.strip():
        return ()
    tags = _tfidf().extract_tags(text, topK=count * 2)
    return tuple(str(tag) for tag in tags if not _NOT_A_KEYWORD.fullmatch(tag))[:count]


def segment_words(text: str) -> list[str]:
    """jieba's word segmentation of ``text`` with the domain dictionary loaded."""
    return [str(word) for word in _tfidf().tokenizer.lcut(text)]
