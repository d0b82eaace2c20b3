"""Normalisation of text found in cells: width, spaces and traditional characters."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")
# Characters clerks add to headers that carry no meaning for matching.
_DECORATION = str.maketrans("", "", "*＊:：、·.。\"'“”‘’")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified ones (OpenCC t2s)."""
    return _T2S.convert(text)


def strip_format_characters(text: str) -> str:
    """Remove invisible format characters (Unicode category Cf: U+200B, U+FEFF, U+200E …).

    Clerks paste them in from web pages and chat programs; NFKC keeps them, and a cell holding
    nothing else must count as blank."""
    if text.isprintable():  # printable text has no Cf character: the usual case costs one scan
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """Fold full-width forms to half-width, drop format characters and collapse runs of spaces.

    Full-width spaces (U+3000) become ordinary spaces; leading and trailing ones go.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", strip_format_characters(text))).strip()


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The form used to compare words: cleaned, simplified, no spaces, lower case."""
    return _SPACES.sub("", to_simplified(clean(text))).translate(_DECORATION).lower()


def key_without_brackets(text: str) -> str:
    """`key` with bracketed notes removed, e.g. "性别（男/女）" -> "性别"."""
    return key(_BRACKETED.sub("", clean(text)))


def cell_text(value: object) -> str:
    """The text of a cell value as a clerk would read it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))
