"""Exporting from a real console store: what it reads, and what it refuses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pixdesk.bundle.from_store import ExportError, ExportErrorCode, collect_session
from pixdesk.bundle.model import Signers
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import Rescore, sample_banks
from pixdesk.bundle.verifier import verify_archive
from pixdesk.bundle.writer import build_bundle_archive
from pixdesk.crypto.keystore import Keystore
from pixdesk.services.station_store import open_station_store
from tests.bundle.console_store import NUMBER, SESSION_ID, START, make_console_store


def _collect(directory: Path, number: str = NUMBER) -> tuple[object, Signers]:
    keystore = Keystore(directory, use_os_keyring=False)
    store = open_station_store(directory, keystore=keystore)
    try:
        contents = collect_session(
            store.db.conn,
            number,
            own_station_id=store.station_id,
            own_public_key=store.journal.public_key.public_bytes_raw(),
            banks=sample_banks,
        )
    finally:
        store.close()
    return contents, Signers(keystore.station_key(create=False))


def test_export_from_the_store_verifies(tmp_path: Path) -> None:
    make_console_store(tmp_path)
    contents, signers = _collect(tmp_path)
    assert contents.session.session_id == SESSION_ID  # type: ignore[attr-defined]
    assert contents.session_time == START  # type: ignore[attr-defined]
    assert len(contents.journals) == 3  # type: ignore[attr-defined]
    archive = build_bundle_archive(contents, signers, created=datetime.now(UTC))  # type: ignore[arg-type]
    verified = verify_archive(archive, VerifyPolicy(banks=sample_banks))
    assert verified.trust.degraded
    assert [c.level for c in verified.checks] == [Rescore.FULL, Rescore.FULL]
    assert [r.answer_count for r in verified.contents.results] == [6, 6]


def test_unknown_session(tmp_path: Path) -> None:
    make_console_store(tmp_path, stations=1)
    with pytest.raises(ExportError) as info:
        _collect(tmp_path, "9999")
    assert info.value.code is ExportErrorCode.SESSION_NOT_FOUND


def test_station_whose_key_is_unknown(tmp_path: Path) -> None:
    make_console_store(tmp_path, stations=1, with_keys=False)
    with pytest.raises(ExportError) as info:
        _collect(tmp_path)
    assert info.value.code is ExportErrorCode.STATION_KEY_UNKNOWN
