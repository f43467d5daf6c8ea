"""Everything referent mode drives, built once by the composition root (``app.py``).

The UI receives this bundle and never the store itself: each member is a Qt-free service
whose calls the UI sends to its database worker (or, for files and crypto, its pool).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from pixdesk.crypto.center import Argon2Params
from pixdesk.domain.clock import Clock
from pixdesk.services.pack_export import PackExporter
from pixdesk.services.referent_messages import describe_expected
from pixdesk.services.roster_service import RosterService
from pixdesk.services.school_settings import SchoolSettingsFile
from pixdesk.services.session_documents import SessionDocuments
from pixdesk.services.sessions import SessionPlanner
from pixdesk.services.station_store import StationStore

__all__ = ["ReferentServices", "SystemClock", "build_referent_services"]


class SystemClock:
    """The computer's clock: aware UTC wall time, and the monotonic counter."""

    def now(self) -> datetime:
        """Return the current time, UTC."""
        return datetime.now(UTC)

    def monotonic_ns(self) -> int:
        """Return the monotonic counter in nanoseconds."""
        return time.monotonic_ns()


@dataclass(frozen=True, slots=True)
class ReferentServices:
    """The services of referent mode, all over the same store.

    Attributes:
        describe_error: The sentence of an expected problem, None for a bug
            (``referent_messages.describe_expected``).
    """

    roster: RosterService
    planner: SessionPlanner
    documents: SessionDocuments
    packs: PackExporter
    settings: SchoolSettingsFile
    describe_error: Callable[[BaseException], str | None]


def build_referent_services(
    store: StationStore,
    *,
    clock: Clock,
    rng: random.Random,
    password_params: Argon2Params | None = None,
) -> ReferentServices:
    """Build referent mode's services over an open store.

    Args:
        store: This PC's store (``open_station_store``).
        clock: The clock (:class:`SystemClock` in production).
        rng: Draws ids and codes (``secrets.SystemRandom()`` in production).
        password_params: Argon2id costs of the invigilator password in packs (tests only).
    """
    planner = SessionPlanner(store.db, rng=rng, clock=clock)
    return ReferentServices(
        roster=RosterService(store.db, clock=clock, rng=rng),
        planner=planner,
        documents=SessionDocuments(planner),
        packs=PackExporter(store.db, planner, clock=clock, password_params=password_params),
        settings=SchoolSettingsFile(store.data_dir),
        describe_error=describe_expected,
    )
