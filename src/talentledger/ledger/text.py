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


# ---- text we write out -------------------------------------------------------------------

# Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/FFFF).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXCEL_CELL_LIMIT = 32_767
_CUT = "…（超过 Excel 单元格上限，已截断）"
# Control characters a terminal or a text viewer would act on, shown as their Unicode pictures
# (ESC as ␛): a cell cannot move the cursor, change colours or clear a clerk's screen.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def visible(text: str) -> str:
    """`text` with its control characters made visible (tab and line feed kept)."""
    if text.isprintable():
        return text
    return _CONTROLS.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20
                         else "␡" if m.group() == "\x7f" else f"<U+{ord(m.group()):04X}>", text)


def workbook_row(sheet, values) -> list:
    """`values` ready for `sheet.append`: every string holds text — never a formula, whatever
    it starts with (=, +, -, @, tab, CR: OWASP's list) — without characters XML cannot hold,
    and cut at Excel's 32,767 characters with a marker. Every string the project writes into a
    workbook passes here.

    openpyxl stores a string as a formula only when it starts with "=", so only those become
    cells typed as text here; the rest stay plain values (write-only sheets append them fastest)."""
    row = []
    for index, value in enumerate(values, start=1):
        if isinstance(value, str):
            value = workbook_text(value)
            if value.startswith("="):
                from openpyxl.cell.cell import Cell  # only the writers need openpyxl
                cell = Cell(sheet, row=1, column=index, value=value)  # its row is set by append
                cell.data_type = "s"
                value = cell
        row.append(value)
    return row


def document_text(text: str) -> str:
    """`text` for an XML document we write (the 通报 .docx): control characters shown as their
    pictures, as on a terminal, and what XML cannot hold at all left out."""
    return text if text.isprintable() else _NOT_XML.sub("", visible(text))


def workbook_text(text: str) -> str:
    if text.isprintable() and len(text) <= EXCEL_CELL_LIMIT:
        return text  # the usual cell: nothing to take out or cut
    text = _NOT_XML.sub("", text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(_CUT)] + _CUT
    return text
