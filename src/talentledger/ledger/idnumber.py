"""公民身份号码 (GB 11643-1999): normalising, checking and masking."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from stdnum import numdb

_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
# GB/T 2260 province-level codes (71 台湾, 81 香港, 82 澳门, 83 台湾居民居住证).
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
}


class IdNumber(NamedTuple):
    """A well-formed ID number and what it encodes."""

    number: str
    birth: dt.date
    gender: str  # 男 or 女


class IdProblem(ValueError):
    """Why a number is not a valid ID; the message is a Chinese clause."""


def normalize(text: str) -> str:
    """Full-width digits, lower-case x, spaces and a leading apostrophe are folded away."""
    text = unicodedata.normalize("NFKC", text).strip().lstrip("'‘’`")
    return re.sub(r"[\s-]", "", text).upper()


FIRST_GENERATION_LENGTH = 15


def upgrade(first_generation: str) -> str:
    """A 15-digit first-generation number as its 18-digit form: the century "19" is put
    before the 2-digit birth year and the check digit appended (GB 11643-1999, annex)."""
    first17 = first_generation[:6] + "19" + first_generation[6:]
    return first17 + check_digit(first17)


def as_excel_shows(number: float) -> str:
    """A number-stored ID as Excel displays it: 15 significant digits, then zeros
    (320612196204211968 shows as 320612196204212000), so the clerk sees the same digits."""
    return str(int(Decimal(f"{number:.15g}")))


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 over 17 ASCII digits.

    The weighted sum is sum(d[i] * 2**(17 - i)) mod 11; as 13 = 2 (mod 11), that is
    2 * (the digits read in base 13) mod 11, which `int` computes in C.
    """
    return _CHECK_CHARS[2 * int(first17, 13) % 11]


def parse(text: str, today: dt.date | None = None) -> IdNumber:
    """Check a normalised number; raises `IdProblem` saying what is wrong."""
    if len(text) != 18:
        raise IdProblem(f"应为18位，现为{len(text)}位")
    if not _SHAPE.match(text):
        raise IdProblem("含有不应出现的字符（前17位应为数字，末位为数字或X）")
    if text[:2] not in PROVINCES:
        raise IdProblem(f"前两位“{text[:2]}”不是有效的省级行政区划代码")
    birth = _birth_date(text[6:14])
    if birth is None:
        raise IdProblem(f"第7–14位“{text[6:14]}”不是有效的出生日期")
    if birth > (today or dt.date.today()) or birth.year < 1900:
        raise IdProblem(f"出生日期“{text[6:14]}”不合理")
    expected = check_digit(text[:17])
    if text[17] != expected:
        raise IdProblem(f"校验码不正确（按前17位计算应为 {expected}）")
    return IdNumber(text, birth, "男" if int(text[16]) % 2 else "女")


@lru_cache(maxsize=65536)
def _birth_date(digits: str) -> dt.date | None:
    """YYYYMMDD as a date, None if no such day (birthdays repeat: worth caching)."""
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def region_known(code6: str) -> bool:
    """Whether the 6-digit region code ever existed.

    The lookup ignores when a county was created: python-stdnum's own validation
    rejects older people whose county code changed after their birth.
    """
    return any("county" in props for _, props in numdb.get("cn/loc").info(code6))


def mask(text: str) -> str:
    """`320682197807213757` -> `320682********3757`; short values keep only their last 4."""
    if len(text) >= 10:
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    return "*" * max(len(text) - 4, 0) + text[-4:]
