"""The values of learner mode's runtime: its configuration, the pupil's join, the outcomes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.keystore import Keystore
from pixdesk.domain.adaptive import EngineConfig
from pixdesk.domain.clock import Clock
from pixdesk.domain.items import AnswerStatus
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client_config import ClientSettings
from pixdesk.services.station_bank import StationBank
from pixdesk.services.station_views import StationSnapshot


@dataclass(frozen=True, slots=True)
class StationConfig:
    """What a station needs to run learner mode.

    Attributes:
        data_dir: The installation's data directory (store, keys, pins).
        bank: The verified item bank.
        clock: Wall and monotonic clock (a fake one in tests).
        keystore: Where the keys are (one in ``data_dir`` by default).
        center_key: The provisioned center key; None: degraded mode (pins).
        console_address: The console's address from the machine configuration, if set.
        engine: Engine v3 settings (the certification defaults: re-scoring assumes them).
        client_settings: The lab client's timings.
        connect_timeout_s: How long :meth:`StationRuntime.connect` waits.
        discovery_timeout_s: How long each discovery attempt listens.
        rng: Randomness for the test seed and alert ids (the OS's by default).
    """

    data_dir: Path
    bank: StationBank
    clock: Clock
    keystore: Keystore | None = None
    center_key: Ed25519PublicKey | None = None
    console_address: ConsoleAddress | None = None
    engine: EngineConfig = field(default_factory=EngineConfig)
    client_settings: ClientSettings | None = None
    connect_timeout_s: float = 10.0
    discovery_timeout_s: float = 3.0
    rng: random.Random | None = None


@dataclass(frozen=True, slots=True)
class JoinForm:
    """What the pupil typed at join steps 1 and 2."""

    session_number: str
    first_name: str
    birth_name: str
    birth_date: date
    access_code: str


class StationError(Exception):
    """The station refuses what the pupil asked (``code``: a Refusal or another code)."""

    def __init__(self, code: str, **params: Any) -> None:
        """Build the error."""
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class AnswerReceipt:
    """An answer durably saved.

    Attributes:
        status: How it was graded (not shown to the pupil during a certification).
        question_index: The question it answered.
        saved_at: When it was saved, to show ("Réponse enregistrée à HH:MM:SS"): the
            console's time when known, else this PC's.
        snapshot: What to show next.
    """

    status: AnswerStatus
    question_index: int
    saved_at: datetime
    snapshot: StationSnapshot


@dataclass(frozen=True, slots=True)
class ResumeOutcome:
    """The outcome of an offline resume code.

    Attributes:
        resumed: The pupil may go on.
        refusal: Why not (a ``ResumeCodeRefusal`` or a station ``Refusal`` value).
        wait_s: With ``RESUME_CODE_TOO_MANY_TRIES``: seconds before the next try.
    """

    resumed: bool
    refusal: str | None = None
    wait_s: int = 0
