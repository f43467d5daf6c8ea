"""Show what a SIECLE import would change before anything is written (RULES.md §11).

A pure function of the file's learners and the learners already known, keyed by INE. Nobody
is ever deleted: a learner missing from the file is *disabled*, and the referent sees the list
before confirming. Applying the preview in one transaction is the store's job.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, fields

from pixdesk.imports.errors import ImportProblem
from pixdesk.imports.models import RosterLearner, RosterParse

REACTIVATED = "active"
"""The pseudo-field reported changed when a disabled learner is back in the file."""

# SIECLE's internal id may change between exports; a new value alone is no visible change.
_NOT_COMPARED = frozenset({"ine", "source_id"})
_COMPARED = tuple(f.name for f in fields(RosterLearner) if f.name not in _NOT_COMPARED)


@dataclass(frozen=True, slots=True)
class LearnerUpdate:
    """A known learner whose file record differs, with the names of the changed fields."""

    before: RosterLearner
    after: RosterLearner
    changed_fields: tuple[str, ...]

    @property
    def ine(self) -> str:
        """Return the learner's INE."""
        return self.after.ine


@dataclass(frozen=True, slots=True)
class PreviewCounts:
    """How many learners fall in each category."""

    added: int
    updated: int
    disabled: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class RosterPreview:
    """What applying an import would do; ``can_apply`` is false when the file has problems.

    Attributes:
        added: Learners in the file, unknown until now (file order).
        updated: Known learners whose record changes (file order).
        disabled: Active learners missing from the file, to disable, never delete (known
            order).
        unchanged: Known learners the file describes exactly as they are (file order).
        errors: The file's problems; when there are any, every list is empty.
    """

    added: tuple[RosterLearner, ...] = ()
    updated: tuple[LearnerUpdate, ...] = ()
    disabled: tuple[RosterLearner, ...] = ()
    unchanged: tuple[RosterLearner, ...] = ()
    errors: tuple[ImportProblem, ...] = ()

    @property
    def can_apply(self) -> bool:
        """Return whether the import may be applied: the file has no problem."""
        return not self.errors

    @property
    def counts(self) -> PreviewCounts:
        """Return the size of each category."""
        return PreviewCounts(
            len(self.added), len(self.updated), len(self.disabled), len(self.unchanged)
        )


def preview(
    parsed: RosterParse,
    existing: Iterable[RosterLearner],
    *,
    inactive_ines: Collection[str] = frozenset(),
) -> RosterPreview:
    """Compare the file's learners with the known ones, by INE.

    Args:
        parsed: The file as read by ``parse_siecle``.
        existing: Every learner already known, active or disabled.
        inactive_ines: INEs of the known learners already disabled. Back in the file, they
            are *updated* with the ``"active"`` pseudo-field; still missing, they are left out
            of every list.

    Raises:
        ValueError: ``existing`` holds the same INE twice (the store guarantees it does not).
    """
    if parsed.errors:
        return RosterPreview(errors=parsed.errors)
    known: dict[str, RosterLearner] = {}
    for learner in existing:
        key = _key(learner.ine)
        if key in known:
            raise ValueError(f"two known learners share the INE {key}")
        known[key] = learner
    inactive = {_key(ine) for ine in inactive_ines}

    added: list[RosterLearner] = []
    updated: list[LearnerUpdate] = []
    unchanged: list[RosterLearner] = []
    in_file: set[str] = set()
    for learner in parsed.learners:
        key = _key(learner.ine)
        in_file.add(key)
        before = known.get(key)
        if before is None:
            added.append(learner)
            continue
        changed = _changed_fields(before, learner)
        if key in inactive:
            changed = (*changed, REACTIVATED)
        if changed:
            updated.append(LearnerUpdate(before, learner, changed))
        else:
            unchanged.append(learner)
    disabled = [
        learner for key, learner in known.items() if key not in in_file and key not in inactive
    ]
    return RosterPreview(tuple(added), tuple(updated), tuple(disabled), tuple(unchanged))


def _key(ine: str) -> str:
    return ine.strip().upper()


def _changed_fields(before: RosterLearner, after: RosterLearner) -> tuple[str, ...]:
    return tuple(name for name in _COMPARED if getattr(before, name) != getattr(after, name))
