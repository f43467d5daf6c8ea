"""Items and solutions as values: equality and hashing."""

from __future__ import annotations

from typing import Any

from pixdesk.domain.items import Item, ItemType, Solution, Treatments


def make_item(**changes: Any) -> Item:
    fields: dict[str, Any] = {
        "id": "rec1",
        "competence": "1.1",
        "tube": "@recherche",
        "skill": "@recherche3",
        "level": 3,
        "type": ItemType.QROCM_IND,
        "discriminant": 1.2,
        "difficulty": 0.4,
        "solution": Solution(
            variants={"capital": ("Paris",), "river": ("Seine", "la Seine")},
            treatments=Treatments(t3=False),
        ),
    }
    return Item(**(fields | changes))


def test_equal_items_compare_equal_and_hash_alike() -> None:
    first, second = make_item(), make_item()
    assert first is not second
    assert first.solution.variants is not second.solution.variants
    assert first == second
    assert hash(first) == hash(second)


def test_items_go_in_a_set() -> None:
    other = make_item(id="rec2")
    items = {make_item(), make_item(), other}
    assert items == {make_item(), other}
    assert make_item() in items
    assert len(items) == 2


def test_variants_still_count_for_equality() -> None:
    changed = Solution(variants={"capital": ("Paris",), "river": ("Loire",)})
    assert make_item(solution=changed) != make_item()
    assert make_item(solution=changed) not in {make_item()}


def test_variant_order_of_fields_does_not_matter() -> None:
    reordered = Solution(
        variants={"river": ("Seine", "la Seine"), "capital": ("Paris",)},
        treatments=Treatments(t3=False),
    )
    assert make_item(solution=reordered) == make_item()
    assert hash(make_item(solution=reordered)) == hash(make_item())


def test_solution_alone_is_hashable() -> None:
    assert len({Solution(choices=frozenset({"2"})), Solution(choices=frozenset({"2"}))}) == 1
