"""The text path's fast paths give what they replace, word for word and value for value.

``extractors.keywords._cut`` is jieba's ``Tokenizer.cut`` with its per-block passes fused;
``reference_keywords`` keeps jieba's own ``cut`` (the benchmark's "before"). Checked on every
line and entry of both districts' editions and on seeded random text built from
dictionary words, ideographs, Latin, digits and the characters jieba's block patterns treat
apart. The cleaning and segmentation shortcuts are checked against the patterns they skip.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import jieba
import pytest
import regex as re

from extractors import keywords as module
from extractors.keywords import extract_keywords, reference_keywords, segment_words
from pipeline.models import Resource
from pipeline.parse import cleaning, segmentation
from pipeline.parse.document import parse_document
from pipeline.parse.sources import read_source
from pipeline.profile import default_profile
from tests.conftest import SEED

JIMEI = Path(__file__).parent / "data" / "jimei-catalog.txt"
#: Characters jieba's block patterns (``re_han_default``, ``re_skip_default``) and its HMM
#: treat apart, and the ones cleaning folds or drops.
ODD = [*"abcXYZ0129+#&._%-~ \n\t\r，。（）：；、“”《》()·—", "\u200b", "\u3000", "Ａ", "１", "é"]


def keyword_text(resource: Resource) -> str:
    return "\n".join([resource.name, resource.overview or "", *resource.functions])


@cache
def entry_texts() -> tuple[str, ...]:
    """The keyword text of every entry of both editions."""
    return tuple(keyword_text(r) for path in (SEED, JIMEI)
                 for r in parse_document(read_source(path)))  # fmt: skip


@cache
def texts() -> tuple[str, ...]:
    """Every entry text and line of both editions, and 600 random strings."""
    found = list(entry_texts())
    for path in (SEED, JIMEI):
        found += path.read_text(encoding="utf-8").split("\n")
    tokenizer = module._model().tokenizer
    words = [word for word in list(tokenizer.FREQ)[::101] if tokenizer.FREQ[word]]
    ideographs = sorted({ch for text in found for ch in text if "\u4e00" <= ch <= "\u9fff"})
    rng = random.Random(20261127)
    for _ in range(600):
        pieces = (rng.choice(words) if rng.random() < 0.4
                  else rng.choice(ideographs if rng.random() < 0.6 else ODD)
                  for _ in range(rng.randint(0, 40)))  # fmt: skip
        found.append("".join(pieces))
    return tuple(found)


def test_cut_is_jiebas_cut_word_for_word() -> None:
    tokenizer = module._model().tokenizer
    checked = texts()
    assert sum(map(len, checked)) > 40_000
    assert [module._cut(text) for text in checked] == [list(tokenizer.cut(text)) for text in checked]


def test_known_segmentations() -> None:
    """Real values: a domain term, a Latin run jieba's HMM splits at dots (rjieba and
    jieba-fast-dat keep ``gwt.haicang.gov.cn`` whole), full-width text and an unknown name."""
    assert segment_words("访问地址为 gwt.haicang.gov.cn，支持单点登录。") == [
        "访问", "地址", "为", " ", "gwt", ".", "haicang", ".", "gov", ".", "cn", "，", "支持",
        "单点登录", "。",
    ]  # fmt: skip
    assert segment_words("File-File 文件传输") == ["File", "-", "File", " ", "文件传输"]
    assert segment_words("") == []


def test_keywords_equal_the_reference_on_every_entry() -> None:
    checked = entry_texts()
    assert len(checked) == 26 + 18
    assert [extract_keywords(t) for t in checked] == [reference_keywords(t) for t in checked]


def test_bundled_keywords_are_the_published_ones(seed_resources: tuple[Resource, ...]) -> None:
    """The keywords of the first bundled entries, as the tables publish them."""
    first = seed_resources[0]
    assert first.keywords == reference_keywords(keyword_text(first))
    assert first.keywords == extract_keywords(keyword_text(first), default_profile().keywords)
    assert len(first.keywords) == default_profile().keywords.count
    assert all(len(word) >= module.MIN_KEYWORD_LENGTH for word in first.keywords)


def test_a_word_added_later_changes_the_total_and_the_memo() -> None:
    """The log-probability memo belongs to one dictionary total: a word added to the tokenizer
    afterwards (jieba's ``add_word`` adds its frequency to the total) starts a new memo, and
    the segmentation still equals jieba's."""
    base = module._model()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = dict(base.tokenizer.FREQ), base.tokenizer.total
    tokenizer.initialized = True
    model = module._Model(tokenizer, base.idf, base.median_idf)
    sentence = "统一公务通平台提供单点登录接入政务外网"
    assert module._cut_block(model, sentence) == list(tokenizer.cut(sentence))
    tokenizer.add_word("台提供单", 10**7)
    assert module._cut_block(model, sentence) == list(tokenizer.cut(sentence))
    assert "台提供单" in module._cut_block(model, sentence)
    assert list(model.log_probability) == [tokenizer.total]


@pytest.mark.parametrize(
    "text", ["", "   ", "\u3000", "资源 名称", "SSL VPN", "２ 人天", "资\u200b源名称", "\t网络\u00a0类型 "]
)
def test_clean_text_shortcuts_equal_the_patterns(text: str) -> None:
    """No translation without a character to translate, no pattern without a space."""
    assert cleaning.clean_text(text) == _clean_slowly(text)


def _clean_slowly(text: str) -> str:
    folded = text.translate(cleaning._CLEAN_TABLE)
    return str(cleaning._SPACE_RUN.sub(" ", cleaning._SPURIOUS_SPACE.sub("", folded))).strip()


def test_clean_text_shortcuts_on_every_text() -> None:
    assert [cleaning.clean_text(text) for text in texts()] == list(map(_clean_slowly, texts()))
    assert cleaning.clean_text("２\u200b 人天") == "2 人天"


def test_join_wrapped_ends_like_the_pattern() -> None:
    pattern = re.compile(r"[A-Za-z0-9]$")
    for text in ["", "a", "中", "a\n", "a\n\n", "a\r", "中\n", "\n", "9 ", "a\u2028"]:
        assert cleaning._ends_ascii_word(text) == bool(pattern.search(text)), text
    assert cleaning.join_wrapped(["SSL", "VPN", "接入", "2", "人天"]) == "SSL VPN接入2人天"


def test_label_shortcut_leaves_labels_and_refuses_content() -> None:
    patterns = segmentation._rules(None)
    assert "资" in patterns.name_starts and "联" in patterns.name_starts
    assert segmentation.match_label("资源名称：统一公务通") == ("name", "统一公务通")
    assert segmentation.match_label("联系方式") == ("contact", "")
    assert segmentation.match_label("统一公务通平台") is None
    for line in texts():
        slow = next((found for pattern in patterns.labels if (found := pattern.fullmatch(line))),
                    None)  # fmt: skip
        assert (segmentation.match_label(line) is None) == (slow is None), line


def test_heading_and_part_shortcuts_skip_only_lines_the_patterns_refuse() -> None:
    patterns = segmentation._rules(None)
    for line in [*texts(), "十二、统一公务通", "（一）资源概况", "(二)对接说明：", "1. 资源名称"]:
        if segmentation._HEADING.fullmatch(line):
            assert line[:1] in segmentation._HEADING_STARTS, line
        if patterns.part.fullmatch(line):
            assert line[:1] in segmentation._PART_STARTS, line
    assert segmentation.is_part("（一）资源概况")
