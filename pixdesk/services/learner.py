"""Open learner mode on this PC: the bank, the trust anchors, the console's address, the station.

What ``app.run_learner`` needs before Qt shows anything, without Qt: the machine configuration
gives the center key (else degraded mode: the first console joined is pinned) and the
console's address (else discovery, or one the invigilator's screen shows, typed by hand), and
the sealed bank (``bank_file``; else the plaintext demo bank, for backward compatibility).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from pixdesk.crypto.keys import b64u_decode, public_key_from_bytes
from pixdesk.lab.address import ConsoleAddress
from pixdesk.services.bank_setup import configured_station_bank
from pixdesk.services.config import MachineConfig
from pixdesk.services.station_bank import SealedStationBank, StationBank
from pixdesk.services.station_config import StationConfig
from pixdesk.services.station_runtime import StationRuntime


class StationClock:
    """The PC's clock: UTC wall time for records, the monotonic counter for durations."""

    def now(self) -> datetime:
        """Return the current wall time (UTC)."""
        return datetime.now(UTC)

    def monotonic_ns(self) -> int:
        """Return the monotonic counter (never changed by someone setting the clock)."""
        return time.monotonic_ns()


def open_learner_station(
    data_dir: Path,
    config: MachineConfig,
    *,
    console: ConsoleAddress | None = None,
    bank: StationBank | SealedStationBank | None = None,
) -> StationRuntime:
    """Open this PC's station for learner mode.

    Args:
        data_dir: The checked data directory.
        config: The machine configuration.
        console: A console address given on the command line (wins over the configuration).
        bank: The item bank: a plaintext folder, or a sealed one (``load_sealed_station_bank``)
            that opens once the console sends its key; by default the configuration's
            ``bank_file``, else the plaintext demo bank.

    Raises:
        BankSetupError: ``bank_file`` cannot be used (checked before the store is touched).
        KeystoreError, StoreError, ReplayError, BankRejectedError: the station cannot open.
    """
    chosen = bank or configured_station_bank(config)
    center = None
    if config.center_public_key:
        center = public_key_from_bytes(b64u_decode(config.center_public_key))
    return StationRuntime.open(
        StationConfig(
            data_dir=data_dir,
            bank=chosen,
            clock=StationClock(),
            center_key=center,
            console_address=console or config.console_address,
        )
    )
