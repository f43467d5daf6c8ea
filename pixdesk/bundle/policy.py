"""What a verifier trusts and requires: registered centers, revocation lists, item banks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pixdesk.crypto.revocation import RevocationList
from pixdesk.domain.items import Item

BankResolver = Callable[[str], Sequence[Item] | None]
"""Return the items of a bank by its id, or None when this verifier does not hold it."""


@dataclass(frozen=True, slots=True)
class VerifyPolicy:
    """What the verifier trusts and requires.

    Attributes:
        trusted_centers: Key ids of the center keys the platform has registered; None
            accepts the bundle's own center key (reported as not checked).
        require_center: Refuse degraded-trust bundles.
        revocations: Revocation lists the verifier holds (already verified), checked in
            addition to the bundle's own.
        banks: Finds an item bank by id, for full re-scoring; None checks counts only.
    """

    trusted_centers: frozenset[str] | None = None
    require_center: bool = False
    revocations: tuple[RevocationList, ...] = ()
    banks: BankResolver | None = field(default=None, compare=False)
