"""What a learner station needs to run (the values the UI sees are in ``station_outcomes``)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.keystore import Keystore
from pixdesk.domain.adaptive import EngineConfig
from pixdesk.domain.clock import Clock
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client_config import ClientSettings
from pixdesk.services.station_bank import SealedStationBank, StationBank
from pixdesk.services.station_outcomes import AnswerReceipt, JoinForm, ResumeOutcome, StationError


@dataclass(frozen=True, slots=True)
class StationConfig:
    """What a station needs to run learner mode.

    Attributes:
        data_dir: The installation's data directory (store, keys, pins).
        bank: The verified item bank, or a sealed one (opened when the console sends its
            key, once the candidate's presence is confirmed: docs/item-banks.md §9).
        clock: Wall and monotonic clock (a fake one in tests).
        keystore: Where the keys are (one in ``data_dir`` by default).
        center_key: The provisioned center key; None: degraded mode (pins).
        console_address: The console's address from the machine configuration, if set.
        engine: Engine v3 settings (the certification defaults: re-scoring assumes them).
        client_settings: The lab client's timings.
        connect_timeout_s: How long :meth:`StationRuntime.connect` waits.
        discovery_timeout_s: How long each discovery attempt listens.
        rng: Randomness for the test seed and alert ids (the OS's by default).
        time_limit_tick_s: How often the station checks the 24 h limit of a test.
    """

    data_dir: Path
    bank: StationBank | SealedStationBank
    clock: Clock
    keystore: Keystore | None = None
    center_key: Ed25519PublicKey | None = None
    console_address: ConsoleAddress | None = None
    engine: EngineConfig = field(default_factory=EngineConfig)
    client_settings: ClientSettings | None = None
    connect_timeout_s: float = 10.0
    discovery_timeout_s: float = 3.0
    rng: random.Random | None = None
    time_limit_tick_s: float = 30.0


__all__ = ["AnswerReceipt", "JoinForm", "ResumeOutcome", "StationConfig", "StationError"]
