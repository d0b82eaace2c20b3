"""The configuration file: every mistake a clerk can make in it is named by line and key, in Chinese."""

from __future__ import annotations

import pytest

from talentledger.ledger.config import Config, database_url, load_config
from talentledger.ledger.errors import ConfigProblem

# (file text, what the message must say): the TOML slips a person editing by hand makes.
SYNTAX = [
    ('jurisdiction = "东海县\n', "第 1 行（jurisdiction）不是有效的 TOML：文字没有写完：缺少右边的英文双引号"),
    ('jurisdiction = “东海县”\n', "第 1 行（jurisdiction）不是有效的 TOML：值的写法不对"),
    ('bottom_count = 3\n辖区 名称 = "x"\n', "第 2 行（辖区 名称）不是有效的 TOML：这一行的写法不对"),
    ("[targets.2006\ncadres = 1\n", "第 1 行（[targets.2006）不是有效的 TOML：方括号没有配对：缺少 ]"),
    ("bottom_count = 3\nbottom_count = 4\n", "第 2 行（bottom_count）不是有效的 TOML：同一项写了两次"),
    ('[[townships]]\nname = "城北镇"\naliases = ["城北",\n', "第 3 行（aliases）不是有效的 TOML：文件意外结束：上面有没配对的 ]"),
    ("bottom_count = 3 4\n", "第 1 行（bottom_count）不是有效的 TOML：一行只能写一项"),
]


@pytest.mark.parametrize(("text", "said"), SYNTAX)
def test_toml_slips_are_named_by_line_and_key_in_chinese(tmp_path, text, said):
    path = tmp_path / "talentledger.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigProblem) as caught:
        load_config(path, environ={})
    assert said in str(caught.value) and str(path) in str(caught.value)
    assert "at line" not in str(caught.value) and "Illegal" not in str(caught.value)


def test_every_invalid_value_is_listed_with_its_line(tmp_path):
    path = tmp_path / "talentledger.toml"
    path.write_text('bottom_count = "三"\nfoo = 1\n[[townships]]\nname = "东港街道"\n'
                    '[[townships]]\nname = "西山乡"\nbogus = 2\n[targets.2006]\nmember_to_talent = -1\n'
                    "activists = 1\ndeveloped = 1\ncadres = 1\n", encoding="utf-8")
    with pytest.raises(ConfigProblem) as caught:
        load_config(path, environ={})
    lines = str(caught.value).splitlines()
    assert lines[0].endswith("有 4 处错误：")
    assert lines[1:] == ["  第 1 行“bottom_count”有误：应为数字，现为“三”",
                         "  第 2 行“foo”有误：不认识这个配置项（请检查拼写）",
                         "  第 7 行“townships.1.bogus”有误：不认识这个配置项（请检查拼写）",
                         "  第 9 行“targets.2006.member_to_talent”有误：数值超出允许范围（-1）"]


@pytest.mark.parametrize("second", ['name = "东港街道"', 'name = "西山乡"\naliases = ["东港"]',
                                    'name = "西山乡"\naliases = ["东港街道"]'])
def test_a_township_name_or_alias_belongs_to_one_township(tmp_path, second):
    path = tmp_path / "talentledger.toml"
    path.write_text(f'[[townships]]\nname = "东港街道"\naliases = ["东港"]\n[[townships]]\n{second}\n', encoding="utf-8")
    with pytest.raises(ConfigProblem, match="第 1 行“townships”有误：名称或别名“东港(街道)?”写了两次"):
        load_config(path, environ={})


def test_one_township_may_repeat_its_own_name_as_alias():
    Config.model_validate({"townships": [{"name": "东港街道", "aliases": ["东港街道", "东港"]}]})


def test_unreadable_config_names_the_fix(tmp_path):
    path = tmp_path / "talentledger.toml"
    path.write_bytes('jurisdiction = "东海县"'.encode("gbk"))
    with pytest.raises(ConfigProblem, match="不是 UTF-8 编码"):
        load_config(path, environ={})
    with pytest.raises(ConfigProblem, match="找不到配置文件.*talentledger init"):
        load_config(tmp_path / "none.toml", environ={})


def test_placeholder_targets_are_refused_by_name(tmp_path):
    path = tmp_path / "talentledger.toml"
    path.write_text("[targets.2026]\nplaceholder = true\nmember_to_talent = 0\nactivists = 0\ndeveloped = 0\n"
                    "cadres = 0\n[targets.2025]\nmember_to_talent = 5\nactivists = 4\ndeveloped = 3\ncadres = 2\n",
                    encoding="utf-8")
    config = load_config(path, environ={})
    with pytest.raises(ConfigProblem, match=r"\[targets\.2026\] 还是 init 写入的占位数.*删除其中的 placeholder = true"):
        config.targets_for(2026)
    assert config.targets_for(2025) == {"member_to_talent": 5, "activists": 4, "developed": 3, "cadres": 2}
    assert config.targets_for(2024) is None


@pytest.mark.parametrize(("option", "url"), [
    ("talentledger.db", "sqlite:///talentledger.db"),
    ("data/县.db", "sqlite:///data/县.db"),
    ("/srv/talentledger/t.db", "sqlite:////srv/talentledger/t.db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
])
def test_a_plain_path_is_an_sqlite_file(option, url):
    assert database_url(option, Config()) == url
    assert database_url(None, Config(database=option)) == url
