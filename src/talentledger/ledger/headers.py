"""Recognising column headers as real ledgers and party-member systems write them.

A header is first normalised (traditional to simplified, full to half width, spaces, notes in
brackets, 份子/分子, a trailing 的), then looked up among the headers seen in real files
(`vocabulary.HEADERS`); failing that it is read by its parts:

    [verb] event [verb] suffix        确定为 入党积极分子 时间, 转正 日期, 积极分子 确定 时间

so a wording never seen before (列为入党积极分子日期, 被确定为发展对象时间) is still understood.
Columns of the same field numbered 1, 2 (入党介绍人1, 入党介绍人2) are parts of one value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from talentledger.ledger.text import key, key_without_brackets
from talentledger.ledger.vocabulary import (
    DATE_EVENTS,
    HEADERS,
    KIND_FIELD_ALIASES,
    LEADING_VERBS,
    PART_FIELDS,
    SUFFIXES,
    TRAILING_VERBS,
)

_NUMBERED = re.compile(r"^(.+?)(?:[(]?([1-9一二三])[)]?)$")
_PART_NUMBERS = {"一": 1, "二": 2, "三": 3}


def header_key(text: str) -> str:
    """The form headers are compared in: `key` without bracketed notes, 份子 as 分子, no 的."""
    k = key_without_brackets(text) or key(text)
    return k.replace("份子", "分子").replace("的", "")


def says_month(text: str) -> bool:
    """A header that says its dates are months: 出生年月, 入党年月, 入党时间（年.月）."""
    k = key(text)
    return "年月" in k and "年月日" not in k


# Normalised header -> the (field, kinds) it was seen naming, in table order, without repeats.
_SEEN: dict[str, tuple[tuple[str, frozenset[str] | None], ...]] = {}
for _entry in HEADERS:
    _named = _SEEN.setdefault(header_key(_entry.text), ())
    if (_entry.field, _entry.kinds) not in _named:
        _SEEN[header_key(_entry.text)] = (*_named, (_entry.field, _entry.kinds))


def _strip_suffix(text: str, words: tuple[str, ...]) -> str:
    for word in words:
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)]
    return text


def _without_verbs(text: str) -> Iterator[str]:
    """`text`, then `text` with each leading verb taken off in turn (确定为入党积极分子 →
    入党积极分子), each also without a trailing verb (积极分子确定 → 积极分子)."""
    while text:
        yield text
        yield _strip_suffix(text, TRAILING_VERBS)
        verb = next((v for v in LEADING_VERBS if text.startswith(v) and len(text) > len(v)), None)
        if verb is None:
            return
        text = text[len(verb):]


@lru_cache(maxsize=4096)
def _event_field(k: str) -> str | None:
    """The date field a header names by its parts, or None (a date header needs a suffix)."""
    bare = _strip_suffix(k, SUFFIXES)
    if bare == k:
        return None
    return next((DATE_EVENTS[form] for form in _without_verbs(bare) if form in DATE_EVENTS), None)


def _candidates(k: str) -> tuple[tuple[str, frozenset[str] | None], ...]:
    seen = _SEEN.get(k)
    if seen:
        return seen
    event = _event_field(k)
    return ((event, None),) if event else ()


def field_for(kind: str, text: str, fields: frozenset[str]) -> tuple[str, int] | None:
    """(field, part) a header names in a sheet of `kind` whose fields are `fields`; part is 0
    for a whole column, n for the n-th column of a split field (入党介绍人2). None if unknown."""
    k = header_key(text)
    if not k:
        return None
    numbered = _NUMBERED.match(k)
    if numbered:  # 入党介绍人2: a part, even where the numbered header itself was seen
        base = _pick(kind, _candidates(numbered.group(1)), fields)
        if base in PART_FIELDS:
            number = numbered.group(2)
            return base, _PART_NUMBERS.get(number) or int(number)
    found = _pick(kind, _candidates(k), fields)
    return (found, 0) if found else None


def _pick(kind: str, candidates: tuple[tuple[str, frozenset[str] | None], ...], fields: frozenset[str]) -> str | None:
    for name, kinds in candidates:
        if kinds is not None and kind not in kinds:
            continue
        name = KIND_FIELD_ALIASES.get(kind, {}).get(name, name)
        if name in fields:
            return name
    return None


def vocabulary_markdown() -> str:
    """The generated part of docs/reading.md: every accepted header and value, with its source."""
    from talentledger.ledger.fields import SHEET_FIELDS
    from talentledger.ledger.vocabulary import SOURCES

    standard = {spec.name: spec.header for fields in SHEET_FIELDS.values() for spec in fields}
    lines = ["### 来源", "", "| 标记 | 来源 |", "|---|---|"]
    lines += [f"| `{tag}` | {text} |" for tag, text in SOURCES.items()]
    lines += ["", "### 表头", "", "| 表头 | 读作（标准列） | 来源 |", "|---|---|---|"]
    for entry in HEADERS:
        where = "" if entry.kinds is None else f"（仅{'、'.join(sorted(entry.kinds))}）"
        lines.append(f"| {entry.text} | {standard[entry.field]}{where} | `{entry.source}` |")
    lines += ["", "按组成部分识别的日期表头（表中没有列出的写法也能识别）：", "",
              f"- 前置动词：{'、'.join(LEADING_VERBS)}",
              f"- 后置动词：{'、'.join(TRAILING_VERBS)}",
              f"- 后缀：{'、'.join(SUFFIXES)}",
              "- 事项：" + "；".join(f"{word} → {standard[name]}" for word, name in DATE_EVENTS.items()),
              f"- 可分成编号列的项目：{'、'.join(standard[name] for name in sorted(PART_FIELDS))}", ""]
    for title, enum in _value_tables():
        lines += [f"### {title}的取值", "", f"标准值：{'、'.join(enum.choices)}", "",
                  "| 写法 | 读作 | 来源 |", "|---|---|---|"]
        lines += [f"| {seen.text} | {seen.canonical} | `{seen.source}` |" for seen in enum.rows]
        lines.append("")
    return "\n".join(lines)


# 当前阶段 is also read from these columns; the docs say so in the table's title.
_TITLE_NOTES = {"stage": "（发展程度、政治面貌）"}


def _value_tables() -> list[tuple[str, object]]:
    """Each enumeration of the sheet kinds once, titled by its column (and by its sheet kind when
    one column has different values in different kinds, as 培养状态 does)."""
    from talentledger.ledger.fields import KIND_SHORT, SHEET_FIELDS

    found: dict[int, tuple[object, list[str], str]] = {}
    for kind, fields in SHEET_FIELDS.items():
        for spec in fields:
            if spec.enum is not None:
                entry = found.setdefault(id(spec.enum), (spec.enum, [], spec.header + _TITLE_NOTES.get(spec.name, "")))
                entry[1].append(KIND_SHORT[kind])
    headers = [title for _, _, title in found.values()]
    return [(title if headers.count(title) == 1 else f"{title}（{'、'.join(kinds)}）", enum)
            for enum, kinds, title in found.values()]
