"""The catalog profile: the bundled one, a district's own, and every way a file can be wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pipeline.errors import ProfileError
from pipeline.parse.cleaning import clean_lines
from pipeline.parse.segmentation import split_entries
from pipeline.parse.sources.text import paginate
from pipeline.profile import LABEL_KEYS, default_profile, load_profile, parse_profile

DEFAULT = Path(__file__).parent.parent / "pipeline" / "profiles" / "default.toml"


def data() -> dict:
    return tomllib.loads(DEFAULT.read_text(encoding="utf-8"))


def test_default_profile_tables() -> None:
    profile = default_profile()
    assert profile.name == "default"
    assert [label.key for label in profile.structure.labels] == list(LABEL_KEYS)
    assert profile.structure.parts == ("资源概况", "对接说明")
    assert profile.networks.canonical == ("政务外网", "政务内网", "互联网")
    assert profile.networks.alias_map()["电子政务外网"] == "政务外网"
    assert profile.effort.parties == ("应用单位", "平台单位")
    assert "海沧" in profile.keywords.stop_words and profile.keywords.count == 8
    assert (profile.gate.effort_readable_share_min, profile.gate.entry_count_change_max) == (0.5, 0.25)
    assert profile.source.encodings == ("utf-8", "gb18030")
    assert profile.pages.page_start_prefixes == (" ", "\f")


def edit(path: str, value: object) -> dict:
    """The default profile's data with the key at ``path`` (dotted) set, or removed for None."""
    raw = data()
    *parents, last = path.split(".")
    table = raw
    for part in parents:
        table = table[part]
    if value is None:
        del table[last]
    else:
        table[last] = value
    return raw


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        ("gate.effort_readable_share_min", None, "profile key 'gate.effort_readable_share_min': is missing"),
        ("gate.effort_readable_share_min", 1.5, "profile key 'gate.effort_readable_share_min': must be between 0 and 1, not 1.5"),
        ("gate.entry_count_change_max", "0.2", "profile key 'gate.entry_count_change_max': must be an integer or a number, not str"),
        ("effort.parties", [], "profile key 'effort.parties': must list at least one value"),
        ("effort.parties", ["应用单位", "应用单位"], "profile key 'effort.parties': lists a value twice"),
        ("networks.canonical", "政务外网", "profile key 'networks.canonical': must be a list, not str"),
        ("networks.aliases", {"外网": "外部网络"}, "profile key 'networks.aliases': '外网 = 外部网络' maps to a non-canonical type"),
        ("labels.contact", None, "profile key 'labels.contact.names': is missing"),
        ("labels.telephone", {"names": ["电话"]}, "profile key 'labels.telephone': is not a profile key"),
        ("gate.effort_readable_share", 0.6, "profile key 'gate.effort_readable_share': is not a profile key; did you mean 'effort_readable_share_min'?"),
        ("gates", {"x": 1}, "profile key 'gates': is not a profile key; did you mean 'gate'?"),
        ("labels.name", {"names": ["资源名称"], "numbers": "paren"}, "profile key 'labels.name.numbers': is not a profile key; did you mean 'numbering'?"),
        ("labels.effort", {"names": ["资源名称"]}, "profile key 'labels': the name '资源名称' is given to two labels"),
        ("labels.builder_unit", {"names": ["建设单位"], "numbering": "roman"}, "profile key 'labels.builder_unit.numbering': must be 'plain' or 'paren'"),
        ("pages.page_number_patterns", ["(\\d+"], "profile key 'pages.page_number_patterns': '(\\\\d+' is not a valid pattern"),
        ("source.encodings", ["utf-8", "klingon"], "profile key 'source.encodings': 'klingon' is not an encoding"),
        ("structure.heading_lookahead", 0, "profile key 'structure.heading_lookahead': must be at least 1, not 0"),
        ("keywords.count", True, "profile key 'keywords.count': must be an integer, not bool"),
    ],
)
def test_bad_profiles_name_the_key(path: str, value: object, problem: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(edit(path, value), "my.toml")
    assert caught.value.file == "my.toml"
    assert caught.value.problem.startswith(problem)


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such profile file"):
        load_profile(tmp_path / "none.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[profile\nname = 1", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(broken)
    assert str(caught.value).startswith(f"{broken}: the profile is not valid TOML: ")


def test_a_district_profile_reads_its_own_label_names() -> None:
    raw = edit("labels.network_types", {"names": ["网络环境"]})
    raw["structure"]["parts"] = ["资源情况", "对接说明"]
    profile = parse_profile(raw, "tongan.toml")
    text = "一、甲平台\n（一）资源情况\n1. 资源名称\n甲平台\n3. 网络环境\n政务外网\n"
    entry = split_entries(clean_lines(paginate(text, profile.pages)), profile.structure)[0]
    assert entry.text_of("network_types") == "政务外网"
    default = split_entries(clean_lines(paginate(text)))[0]  # the default profile: unknown label
    assert default.text_of("network_types") is None
    assert default.text_of("name") == "甲平台3. 网络环境政务外网"
