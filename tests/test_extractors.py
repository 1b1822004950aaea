"""Field extractors, each called directly on text."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.contact import extract_phone
from extractors.documents import extract_documents
from extractors.items import split_items
from extractors.keywords import extract_keywords, segment_words
from extractors.network import extract_network_types
from normalizers.canonical import resource_key
from pipeline.profile import default_profile
from tests.conftest import SEED


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("（1）甲。（2）乙；（3）丙", ("甲。", "乙", "丙")),
        ("视频查阅调取功能和视频智能检索功能", ("视频查阅调取功能和视频智能检索功能",)),
        ("（1）提供应用登录界面。（2）提供联动管理体系（含应急联动）。", ("提供应用登录界面。", "提供联动管理体系（含应急联动）。")),
        ("（1）甲（第一种资源服务）乙。（2）丙", ("甲（第一种资源服务）乙。", "丙")),
        ("(1)甲 (2)乙", ("甲", "乙")),
        ("（1）甲，见（3）。（2）乙", ("甲，见（3）。", "乙")),
        ("①提供短信发送；②提供短信接收；③统计报表。", ("提供短信发送", "提供短信接收", "统计报表。")),
        ("①甲（见②）；②乙", ("甲（见②）", "乙")),
        ("说明①不在开头", ("说明①不在开头",)),
        ("说明（1）不在开头", ("说明（1）不在开头",)),
        ("一是提供A；二是提供B", ("提供A", "提供B")),
        ("1.提供A；2.提供V2.0接口", ("提供A", "提供V2.0接口")),
        ("提供A；提供B；提供C。", ("提供A", "提供B", "提供C。")),
        ("", ()),
        (None, ()),
    ],
)
def test_split_items(text: str | None, items: tuple[str, ...]) -> None:
    assert split_items(text) == items


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("政务外网、政务内网", ("政务外网", "政务内网")),
        ("政务外网和互联网", ("政务外网", "互联网")),
        ("政务外网和政务内网", ("政务外网", "政务内网")),
        ("电子政务外网及Internet", ("政务外网", "互联网")),
        ("政务外网、卫星专网", ("政务外网", "卫星专网")),
        ("政务外网、政务外网。", ("政务外网",)),
        (None, ()),
    ],
)
def test_network_types(text: str | None, types: tuple[str, ...]) -> None:
    assert extract_network_types(text) == types


def test_documents_without_brackets() -> None:
    assert extract_documents("《VPN 接入申请表》《堡垒主机权限申请表》《VPN 接入申请表》") == (
        "VPN 接入申请表", "堡垒主机权限申请表")
    assert extract_documents("无") == ()


@pytest.mark.parametrize(
    ("text", "phone"),
    [("区政府服务热线 96180", "96180"), ("电话：0592-6051234", "05926051234"),
     ("联系人：张三", None), ("CGCS2000 坐标", None), (None, None),
     ("区12345热线管理科 林工 0592-6051234", "05926051234")],
)
def test_phone(text: str | None, phone: str | None) -> None:
    assert extract_phone(text) == phone


TERMS_TEXT = "统一公务通平台提供单点登录，接入政务外网，由社会治理联动中心负责，工作量 10 人天。单点登录。"


def test_domain_terms_stay_whole() -> None:
    words = segment_words(TERMS_TEXT)
    assert {"单点登录", "政务外网", "社会治理联动中心", "人天", "公务通"} <= set(words)


def test_keywords_rank_domain_terms_and_skip_numbers_and_units() -> None:
    keywords = extract_keywords(TERMS_TEXT)
    assert keywords[0] == "单点登录"
    assert {"政务外网", "社会治理联动中心"} <= set(keywords)
    assert "10" not in keywords and "人天" not in keywords


def test_keywords_are_deterministic() -> None:
    text = "电子证照共享库管理平台依托厦门市电子证照库，完成存量证照电子化。"
    assert extract_keywords(text) == extract_keywords(text)
    assert extract_keywords("") == ()


@pytest.mark.parametrize(
    ("name", "key"), [("智能 DNS 服务", "智能dns服务"), ("智能DNS服务", "智能dns服务"),
                      ("政务云平台", "政务云平台"), ("ＶＰＮ（远程）接入", "vpn远程接入")],
)
def test_resource_key(name: str, key: str) -> None:
    assert resource_key(name) == key


def test_keywords_equal_jiebas_tfidf_on_every_bundled_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``extract_keywords`` is ``jieba.analyse.TFIDF.extract_tags`` without its import-time
    models: the same keywords, in the same order, for each entry's keyword text, whether the
    dictionary comes from the cache or is parsed (an empty cache folder); so is
    ``reference_keywords`` (jieba's own ``Tokenizer.cut`` instead of the fused ``_cut``)."""
    import jieba.analyse

    from extractors import keywords as module
    from pipeline.ingest import parse_edition

    rules = default_profile().keywords
    reference = jieba.analyse.default_tfidf  # built at import: borrowed, then put back
    kept = reference.tokenizer, reference.stop_words
    reference.tokenizer = module._model().tokenizer
    reference.stop_words = set(reference.stop_words) | rules.stop_words
    resources = parse_edition(SEED).resources
    texts = ["\n".join([r.name, r.overview or "", *r.functions]) for r in resources]
    try:
        expected = [
            tuple(t for t in reference.extract_tags(text, topK=rules.count * 2)
                  if not module._NOT_A_KEYWORD.fullmatch(t))[: rules.count]
            for text in texts
        ]  # fmt: skip
    finally:
        reference.tokenizer, reference.stop_words = kept
    assert [r.keywords for r in resources] == expected
    assert [extract_keywords(text) for text in texts] == expected
    assert [module.reference_keywords(text) for text in texts] == expected  # jieba's own cut
    monkeypatch.setenv(module.CACHE_SETTING, str(tmp_path))
    module._model.cache_clear()
    try:
        assert [extract_keywords(text) for text in texts] == expected  # parsed, then cached
        assert [p.name[:6] for p in tmp_path.iterdir()] == ["jieba-"]
        module._model.cache_clear()
        assert [extract_keywords(text) for text in texts] == expected  # from the cache
    finally:
        module._model.cache_clear()
