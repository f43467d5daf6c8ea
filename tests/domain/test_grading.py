"""Answer checking of RULES §7: every item type, timers, focus, malformed responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pixdesk.domain.grading import check_answer, parse_number
from pixdesk.domain.items import AnswerStatus, Item, ItemType, Solution, Treatments

OK = AnswerStatus.OK
KO = AnswerStatus.KO


def make_item(type_: ItemType, solution: Solution, **extra: Any) -> Item:
    return Item(
        id="rec1",
        competence="1.1",
        tube="@recherche",
        skill="@recherche3",
        level=3,
        type=type_,
        discriminant=1.2,
        difficulty=0.4,
        solution=solution,
        **extra,
    )


QCU = make_item(ItemType.QCU, Solution(choices=frozenset({"2"})), proposals=("1", "2", "3"))
QCM = make_item(
    ItemType.QCM, Solution(choices=frozenset({"1", "3"})), proposals=("1", "2", "3", "4")
)
QROC = make_item(ItemType.QROC, Solution(variants={"answer": ("Tim Berners-Lee", "Berners-Lee")}))
NUM = make_item(ItemType.QROC_NUM, Solution(variants={"answer": ("3.14", "not a number")}))
IND = make_item(
    ItemType.QROCM_IND, Solution(variants={"capital": ("Paris",), "river": ("Seine", "la Seine")})
)
POOL = ("Google", "Bing", "Qwant")
DEP = make_item(ItemType.QROCM_DEP, Solution(variants={"p1": POOL, "p2": POOL}))


# ------------------------------------------------------------------ skipped and engines


@pytest.mark.parametrize("item", [QCU, QCM, QROC, NUM, IND, DEP])
def test_none_is_skipped_for_every_type(item: Item) -> None:
    """RULES §7 statuses: a skipped question is SKIPPED, whatever the flags."""
    assert check_answer(item, None) is AnswerStatus.SKIPPED
    assert check_answer(item, None, timed_out=True, focused_out=True) is AnswerStatus.SKIPPED


def test_unknown_engine_is_a_programming_error() -> None:
    """Only engines v2 and v3 exist."""
    with pytest.raises(ValueError, match="engine"):
        check_answer(QCU, "2", engine="v4")  # type: ignore[arg-type]


def test_unknown_item_type_is_a_programming_error() -> None:
    """An item type outside ItemType is a bug, not a malformed response."""
    item = make_item("QCX", Solution())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="item type"):
        check_answer(item, "1")


# ------------------------------------------------------------------ QCU and QCM


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("2", OK),
        ("1", KO),
        ("9", KO),  # unknown proposal key
        (" 2", KO),  # keys are compared exactly
        ("", KO),
        (2, KO),
        (["2"], KO),
        ({"answer": "2"}, KO),
    ],
)
def test_qcu_exact_match(response: object, expected: AnswerStatus) -> None:
    """RULES §7 QCU: single choice, exact match; malformed responses are KO."""
    assert check_answer(QCU, response) is expected


def test_qcu_without_listed_proposals_still_compares_keys() -> None:
    """(pixdesk) When the item lists no proposals, keys are not checked against them."""
    item = make_item(ItemType.QCU, Solution(choices=frozenset({"b"})))
    assert check_answer(item, "b") is OK
    assert check_answer(item, "z") is KO


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (["1", "3"], OK),
        (["3", "1"], OK),  # order ignored
        (("3", "1"), OK),
        ({"1", "3"}, OK),
        (frozenset({"3", "1"}), OK),
        ("1,3", OK),  # Pix's string form
        ("3,1", OK),
        (" 3 , 1 ", OK),
        ("1", KO),  # one missing
        (["1"], KO),
        (["1", "2", "3"], KO),  # one too many
        (["1", "3", "4"], KO),
        (["1", "1", "3"], KO),  # a key twice is malformed
        ("1,1,3", KO),
        (["1", "3", "9"], KO),  # unknown key
        ("1,,3", KO),  # empty key
        ("1,3,", KO),
        ([], KO),
        ("", KO),
        ([1, 3], KO),
        (b"1,3", KO),
        ({"1": "x", "3": "y"}, KO),
        (13, KO),
    ],
)
def test_qcm_same_set_order_ignored(response: object, expected: AnswerStatus) -> None:
    """RULES §7 QCM: same set of keys, order ignored; "1,3" accepted; malformed is KO."""
    assert check_answer(QCM, response) is expected


# ------------------------------------------------------------------ QROC


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Tim Berners-Lee", OK),
        ("tim berners lee", OK),  # t1 + t2
        ("  BERNERS-LEE ", OK),
        ("Berners\u00a0Lee", OK),  # nbsp
        ("bernerslea", OK),  # t3: 1/10
        ("Tim Berners", KO),
        ("", KO),
        (["Berners-Lee"], KO),
        ({"answer": "Berners-Lee"}, KO),
    ],
)
def test_qroc_any_variant_after_treatments(response: object, expected: AnswerStatus) -> None:
    """RULES §7 QROC: one or more accepted variants, compared after the treatments."""
    assert check_answer(QROC, response) is expected


@pytest.mark.parametrize(
    ("answer", "variant"),
    [
        ("e\u0301te\u0301", "été"),
        ("été", "e\u0301te\u0301"),
        ("pomme\u202fde terre", "pomme de terre"),
    ],
)
def test_qroc_nfc_nfd_and_nbsp_without_treatments(answer: str, variant: str) -> None:
    """RULES §7: NFC and nbsp → space apply even when every treatment is off."""
    off = Treatments(t1=False, t2=False, t3=False)
    item = make_item(ItemType.QROC, Solution(variants={"answer": (variant,)}, treatments=off))
    assert check_answer(item, answer) is OK
    assert check_answer(item, answer.upper()) is KO


@pytest.mark.parametrize(
    ("treatments", "expected"),
    [
        (Treatments(), OK),
        (Treatments(t1=False), KO),
        (Treatments(t2=False, t3=False), OK),
        (Treatments(t1=False, t2=False, t3=False), KO),
    ],
)
def test_qroc_treatments_come_from_the_item(treatments: Treatments, expected: AnswerStatus) -> None:
    """RULES §7: the treatments switched on are the item's own."""
    item = make_item(ItemType.QROC, Solution(variants={"answer": ("wifi",)}, treatments=treatments))
    assert check_answer(item, "WIFI") is expected


# ------------------------------------------------------------------ QROC_NUM


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,14", 3.14),
        ("3.14", 3.14),
        (" 3,14 ", 3.14),
        ("-2,5", -2.5),
        ("\u22122,5", -2.5),  # typographic minus sign
        ("+7", 7.0),
        ("42", 42.0),
        ("0042", 42.0),
        (",5", 0.5),
        ("5,", 5.0),
        ("1 000", 1000.0),
        ("1\u00a0000,5", 1000.5),
        ("1\u202f000", 1000.0),
        ("12 345 678,9", 12345678.9),
        ("-0", 0.0),
    ],
)
def test_parse_number_accepts_french_forms(text: str, value: float) -> None:
    """RULES §7 numeric QROC: `,` accepted as decimal separator; thousand spaces tolerated."""
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e3",
        "1,000.5",  # both separators: ambiguous
        "3,14,15",
        "12 34",  # not a group of three
        "1 0000",
        "1  000",
        "1 000 00",
        "- 5",
        "",
        " ",
        ",",
        "-",
        "abc",
        "1_000",
        "\u0661\u0662",  # Arabic-Indic digits
        "9" * 400,  # overflows to infinity
    ],
)
def test_parse_number_refuses_non_numbers(text: str) -> None:
    """RULES §7 numeric QROC: NaN, infinities and ill-formed numbers are refused."""
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("3,14", OK),
        ("3.14", OK),
        ("3,140", OK),
        ("3.1400000001", OK),  # within the 1e-9 relative tolerance
        ("3.141", KO),
        ("3.15", KO),  # t3 never applies to numbers
        ("3,14 €", KO),
        ("nan", KO),
        ("", KO),
        (3.14, KO),  # the station always sends text
    ],
)
def test_qroc_num_float_comparison(response: object, expected: AnswerStatus) -> None:
    """RULES §7 numeric QROC: float comparison with a small relative tolerance."""
    assert check_answer(NUM, response) is expected


@pytest.mark.parametrize(
    ("variant", "response", "expected"),
    [
        ("0.3", "0.30000000000000004", OK),  # binary rounding absorbed
        ("0.3", "0.3000001", KO),
        ("3.14", "3.14000001", KO),  # differs in the ninth significant digit
        ("0", "-0", OK),
        ("0", "0,000000001", KO),  # zero only equals zero
        ("1 000 000", "1000000", OK),
        ("1e3", "1000", KO),  # a variant that is not a number matches nothing
    ],
)
def test_qroc_num_tolerance_edges(variant: str, response: str, expected: AnswerStatus) -> None:
    """RULES §7 numeric QROC: the relative tolerance is small and zero is exact."""
    item = make_item(ItemType.QROC_NUM, Solution(variants={"answer": (variant,)}))
    assert check_answer(item, response) is expected


# ------------------------------------------------------------------ QROCM


@pytest.mark.parametrize("engine", ["v2", "v3"])
@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"capital": "Paris", "river": "Seine"}, OK),
        ({"capital": "paris", "river": "la seine"}, OK),
        ({"river": "Seine", "capital": "Paris"}, OK),
        ({"capital": "Seine", "river": "Paris"}, KO),  # each field has its own variants
        ({"capital": "Paris", "river": "Loire"}, KO),  # never PARTIALLY, even in v2
        ({"capital": "Paris"}, KO),  # missing field
        ({"capital": "Paris", "river": "Seine", "sea": "Manche"}, KO),  # extra field
        ({"capital": "Paris", "river": None}, KO),
        ({"capital": "Paris", "river": ["Seine"]}, KO),
        ({}, KO),
        ("Paris, Seine", KO),
        (["Paris", "Seine"], KO),
    ],
)
def test_qrocm_ind_each_field_its_own_variants(
    response: object, expected: AnswerStatus, engine: str
) -> None:
    """RULES §7 QROCM-ind: each field checked against its own variants; malformed is KO."""
    assert check_answer(IND, response, engine=engine) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("response", "v2", "v3"),
    [
        ({"p1": "Google", "p2": "Bing"}, OK, OK),
        ({"p1": "Qwant", "p2": "google"}, OK, OK),  # any field, any variant
        ({"p1": "Gogle", "p2": "bing"}, OK, OK),  # t3 applies per field
        ({"p1": "Google", "p2": "Google"}, AnswerStatus.PARTIALLY, KO),  # one variant, twice
        ({"p1": "Google", "p2": "  GOOGLE "}, AnswerStatus.PARTIALLY, KO),  # same once treated
        ({"p1": "Google", "p2": "Yahoo"}, AnswerStatus.PARTIALLY, KO),
        ({"p1": "", "p2": "Bing"}, AnswerStatus.PARTIALLY, KO),
        ({"p1": "Yahoo", "p2": "Altavista"}, KO, KO),
        ({"p1": "", "p2": ""}, KO, KO),
        ({"p1": "Google"}, KO, KO),  # missing field
        ({"p1": "Google", "p2": "Bing", "p3": "Qwant"}, KO, KO),
        (["Google", "Bing"], KO, KO),
    ],
)
def test_qrocm_dep_each_variant_at_most_once(
    response: Mapping[str, str], v2: AnswerStatus, v3: AnswerStatus
) -> None:
    """RULES §7 QROCM-dep: any variant of the pool, each once; PARTIALLY only in v2."""
    assert check_answer(DEP, response, engine="v2") is v2
    assert check_answer(DEP, response, engine="v3") is v3


def test_qrocm_dep_variants_spelled_twice_in_the_bank_count_once() -> None:
    """RULES §7 QROCM-dep: variants equal after treatments are one variant of the pool."""
    pool = ("Google", "google", "Bing")
    item = make_item(ItemType.QROCM_DEP, Solution(variants={"p1": pool, "p2": pool}))
    assert check_answer(item, {"p1": "google", "p2": "GOOGLE"}) is KO
    assert check_answer(item, {"p1": "google", "p2": "bing"}) is OK


def test_qrocm_dep_finds_the_pairing_a_greedy_match_would_miss() -> None:
    """RULES §7 QROCM-dep: fields are paired with variants by maximum matching.

    "abcdefyz" is within t3 of both variants; "abcdefgh" only of the first. Pairing the first
    field with the first variant (greedy) would leave the second field unmatched.
    """
    pool = ("abcdefgh", "abcdwxyz")
    item = make_item(ItemType.QROCM_DEP, Solution(variants={"p1": pool, "p2": pool}))
    assert check_answer(item, {"p1": "abcdefyz", "p2": "abcdefgh"}) is OK
    assert check_answer(item, {"p1": "abcdefgh", "p2": "abcdefgh"}, engine="v2") is (
        AnswerStatus.PARTIALLY
    )


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"p1": "Bing", "p2": "Yahoo", "p3": ""}, OK),
        ({"p1": "Yahoo", "p2": "", "p3": "Qwant"}, OK),
        ({"p1": "Yahoo", "p2": "", "p3": ""}, KO),
        ({"p1": "Bing", "p2": "Bing", "p3": "Bing"}, OK),
    ],
)
def test_qrocm_dep_expected_count(response: Mapping[str, str], expected: AnswerStatus) -> None:
    """RULES §7 QROCM-dep: `expected_count` fields must match, not necessarily all."""
    solution = Solution(variants={"p1": POOL, "p2": POOL, "p3": POOL}, expected_count=1)
    item = make_item(ItemType.QROCM_DEP, solution)
    assert check_answer(item, response, engine="v2") is expected


# ------------------------------------------------------------------ timer and focus

TIMED_QCU = make_item(ItemType.QCU, QCU.solution, proposals=QCU.proposals, timer_seconds=60)
FOCUSED_QCU = make_item(ItemType.QCU, QCU.solution, proposals=QCU.proposals, focused=True)
BOTH_QCU = make_item(
    ItemType.QCU, QCU.solution, proposals=QCU.proposals, timer_seconds=60, focused=True
)


@pytest.mark.parametrize(
    ("item", "response", "flags", "expected"),
    [
        (TIMED_QCU, "2", {"timed_out": True}, AnswerStatus.TIMED_OUT),
        (TIMED_QCU, "1", {"timed_out": True}, KO),  # a wrong answer stays KO
        (TIMED_QCU, "2", {}, OK),
        (QCU, "2", {"timed_out": True}, OK),  # no timer on the item: flag ignored
        (FOCUSED_QCU, "2", {"focused_out": True}, AnswerStatus.FOCUSED_OUT),
        (FOCUSED_QCU, "1", {"focused_out": True}, KO),
        (FOCUSED_QCU, "2", {"focused_out": True, "accessibility_adjustment": True}, OK),
        (QCU, "2", {"focused_out": True}, OK),  # not a focused item: flag ignored
        (BOTH_QCU, "2", {"timed_out": True, "focused_out": True}, AnswerStatus.TIMED_OUT),
        (
            BOTH_QCU,
            "2",
            {"timed_out": True, "focused_out": True, "accessibility_adjustment": True},
            AnswerStatus.TIMED_OUT,
        ),
    ],
)
def test_timed_out_and_focused_out_turn_a_correct_answer_wrong(
    item: Item, response: str, flags: dict[str, Any], expected: AnswerStatus
) -> None:
    """RULES §7: a correct answer after the timer or after leaving a focused item is wrong.

    Not focused out for candidates with an accessibility adjustment; the timer still applies.
    """
    assert check_answer(item, response, **flags) is expected


def test_partially_stays_partially_after_timeout() -> None:
    """(pixdesk) Only an OK answer becomes TIMED_OUT; PARTIALLY is already not correct."""
    item = make_item(ItemType.QROCM_DEP, DEP.solution, timer_seconds=30)
    response = {"p1": "Google", "p2": "Yahoo"}
    assert check_answer(item, response, timed_out=True, engine="v2") is AnswerStatus.PARTIALLY


# ------------------------------------------------------------------ never raises

responses = st.recursive(
    st.none() | st.text(max_size=8) | st.integers() | st.floats() | st.binary(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=3) | st.sampled_from(["p1", "p2", "capital"]), inner)
    ),
    max_leaves=4,
)


@settings(max_examples=60)
@given(st.sampled_from([QCU, QCM, QROC, NUM, IND, DEP]), responses, st.sampled_from(["v2", "v3"]))
def test_any_response_is_graded_without_raising(item: Item, response: object, engine: str) -> None:
    """RULES §7: a malformed response is KO (or skipped), never an exception."""
    status = check_answer(item, response, engine=engine)  # type: ignore[arg-type]
    assert isinstance(status, AnswerStatus)
