"""Command tokens on their own: what a station accepts, and every reason it refuses."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.certificates import sign_object
from pixdesk.domain.incidents import IncidentCode
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import (
    COMMAND_PURPOSE,
    Command,
    CommandKind,
    CommandRefused,
    TimeReason,
    sign_command,
    verify_command,
)

KEY = Ed25519PrivateKey.generate()
STATION = "0123456789abcdef"
NOW = 1_796_000_000_000


def _verify(token: str, **change: Any) -> Any:
    args = {
        "session_key": KEY.public_key(),
        "session_number": "123456",
        "station_id": STATION,
        "console_now_ms": NOW,
        **change,
    }
    return verify_command(token, **args)


def _token(command: Command, **change: Any) -> str:
    args = {"session_number": "123456", "station_id": STATION, "issued_at_ms": NOW, **change}
    return sign_command(KEY, command, **args)


def _raw(body: dict[str, Any]) -> str:
    base = {
        "purpose": COMMAND_PURPOSE,
        "v": 1,
        "command_id": "ab" * 16,
        "session_number": "123456",
        "station_id": STATION,
        "kind": "end_test",
        "args": {"candidate_id": "c"},
        "issued_at_ms": NOW,
    }
    return sign_object(KEY, {**base, **body}).encode()


def test_a_valid_command_verifies() -> None:
    command = Command.validate_alert("c", "a-1", IncidentCode.E4)
    checked = _verify(_token(command, command_id="cd" * 16))
    assert checked.command_id == "cd" * 16
    assert checked.kind is CommandKind.VALIDATE_ALERT
    assert dict(checked.args) == {
        "candidate_id": "c",
        "alert_id": "a-1",
        "subcategory": IncidentCode.E4,
    }


@pytest.mark.parametrize(
    ("token", "change", "status"),
    [
        (_raw({}), {"session_key": None}, CommandStatus.UNTRUSTED),
        (
            _raw({}),
            {"session_key": Ed25519PrivateKey.generate().public_key()},
            CommandStatus.BAD_SIGNATURE,
        ),
        (_raw({"station_id": "f" * 16}), {}, CommandStatus.WRONG_STATION),
        (_raw({"session_number": "1"}), {}, CommandStatus.WRONG_SESSION),
        (_raw({"issued_at_ms": NOW - 15 * 60_000 - 1}), {}, CommandStatus.EXPIRED),
        (_raw({"issued_at_ms": NOW + 60_001}), {}, CommandStatus.EXPIRED),
        (_raw({"purpose": "pixdesk/lab/v1/other"}), {}, CommandStatus.MALFORMED),
        (_raw({"v": 2}), {}, CommandStatus.MALFORMED),
        (_raw({"command_id": "xyz"}), {}, CommandStatus.MALFORMED),
        (_raw({"kind": "format_disk"}), {}, CommandStatus.MALFORMED),
        (_raw({"args": {}}), {}, CommandStatus.MALFORMED),
        (_raw({"args": {"candidate_id": "c", "more": 1}}), {}, CommandStatus.MALFORMED),
        (
            _raw(
                {
                    "kind": "add_time",
                    "args": {"candidate_id": "c", "seconds": 0, "reason": "manual"},
                }
            ),
            {},
            CommandStatus.MALFORMED,
        ),
        (
            _raw(
                {
                    "kind": "validate_alert",
                    "args": {"candidate_id": "c", "alert_id": "a", "subcategory": "C6"},
                }
            ),
            {},
            CommandStatus.MALFORMED,
        ),
        (_raw({"issued_at_ms": "now"}), {}, CommandStatus.MALFORMED),
        ("garbage", {}, CommandStatus.MALFORMED),
        (_raw({})[:-4] + "AAAA", {}, CommandStatus.BAD_SIGNATURE),
    ],
)
def test_refusals(token: str, change: dict[str, Any], status: CommandStatus) -> None:
    with pytest.raises(CommandRefused) as refused:
        _verify(token, **change)
    assert refused.value.status is status


def test_the_fifteen_minute_edge_is_accepted() -> None:
    assert _verify(_raw({"issued_at_ms": NOW - 15 * 60_000})).kind is CommandKind.END_TEST


def test_the_console_cannot_build_a_command_a_station_would_refuse() -> None:
    with pytest.raises(ValueError, match="seconds"):
        Command.add_time("c", 0, TimeReason.MANUAL)
    with pytest.raises(ValueError, match="subcategory"):
        Command.validate_alert("c", "a", IncidentCode.C6)
    with pytest.raises(ValueError, match="candidate_id"):
        Command(CommandKind.END_TEST, {})
