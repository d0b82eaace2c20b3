"""公民身份号码: GB 11643-1999 checks, normalisation and masking."""

from __future__ import annotations

import datetime as dt

import pytest

from talentledger.ledger import idnumber


def test_valid_number_and_what_it_encodes():
    person = idnumber.parse("320682197807213757")
    assert person.birth == dt.date(1978, 7, 21)
    assert person.gender == "男"
    assert idnumber.parse("32068219750218633X").gender == "男"


def test_normalise_folds_width_case_spaces_and_apostrophe():
    assert idnumber.normalize("'32068219750218633x") == "32068219750218633X"
    assert idnumber.normalize("３２０６８２ １９７５０２１８ ６３３ｘ") == "32068219750218633X"


@pytest.mark.parametrize(("number", "reason"), [
    ("320682197807213758", "校验码"),
    ("3206821978072137", "应为18位"),
    ("32068219780721375A", "不应出现的字符"),
    ("990682197807213757", "省级"),
    ("320682197813213757", "出生日期"),
    ("320682209901013757", "不合理"),
])
def test_problems(number, reason):
    with pytest.raises(idnumber.IdProblem, match=reason):
        idnumber.parse(number, today=dt.date(2026, 1, 1))


def test_county_created_after_birth_is_still_known():
    # 320682 (如皋市) dates from 1991; python-stdnum's own validation rejects people born before.
    assert idnumber.region_known("320682")
    assert not idnumber.region_known("329982")


def test_mask():
    assert idnumber.mask("320682197807213757") == "320682********3757"
    assert idnumber.mask("1234") == "1234"
    assert idnumber.mask("123456") == "**3456"


def test_check_digit_equals_the_weighted_sum_of_the_standard():
    import random
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    rng = random.Random(7)
    for _ in range(20_000):
        digits = "".join(rng.choice("0123456789") for _ in range(17))
        assert idnumber.check_digit(digits) == "10X98765432"[sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11]
