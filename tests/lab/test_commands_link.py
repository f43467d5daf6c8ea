"""Commands from the console over the real link: only the session key commands a station."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.domain.incidents import IncidentCode
from pixdesk.lab.client_config import CommandReply
from pixdesk.lab.codes import CommandStatus, JoinResult, SecurityIssue
from pixdesk.lab.commands import (
    Command,
    CommandKind,
    SignedCommand,
    TimeReason,
    sign_command,
    verify_command,
)
from tests.lab.harness import SESSION, Room, Station, join_lea, run


async def _joined_station(room: Room) -> Station:
    await room.start_hub()
    station = await room.station()
    assert station.client is not None
    assert (await join_lea(station.client)).result is JoinResult.MATCHED
    return station


def test_a_valid_command_is_carried_out_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            station = await _joined_station(room)
            outcome = await room.hub.send_command(
                station.station_id, Command.add_time("cand-lea", 600, TimeReason.TIME_CREDIT)
            )
            assert outcome.status is CommandStatus.ACCEPTED
            [command] = station.commands
            assert command.kind is CommandKind.ADD_TIME
            assert dict(command.args) == {
                "candidate_id": "cand-lea",
                "seconds": 600,
                "reason": TimeReason.TIME_CREDIT,
            }
            assert command.command_id == outcome.command_id
            assert command.token == outcome.token
            assert command.issued_at_ms == outcome.issued_at_ms
            # Retrying with the same id (an answer lost) does not do it twice.
            again = await room.hub.send_command(
                station.station_id,
                Command.add_time("cand-lea", 600, TimeReason.TIME_CREDIT),
                command_id=outcome.command_id,
            )
            assert again.status is CommandStatus.DUPLICATE
            assert len(station.commands) == 1
            assert station.recorder.security == []
            assert room.console.recorder.security == []

    run(scenario())


def test_every_command_kind_goes_through(tmp_path: Path) -> None:
    commands = [
        Command.confirm_presence("cand-lea"),
        Command.cancel_presence("cand-lea"),
        Command.authorise_start("cand-lea"),
        Command.authorise_resume("cand-lea"),
        Command.add_time("cand-lea", 60, TimeReason.MANUAL),
        Command.validate_alert("cand-lea", "alert-1", IncidentCode.E9),
        Command.dismiss_alert("cand-lea", "alert-2"),
        Command.end_test("cand-lea"),
    ]

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            station = await _joined_station(room)
            for command in commands:
                outcome = await room.hub.send_command(station.station_id, command)
                assert outcome.status is CommandStatus.ACCEPTED
            assert [c.kind for c in station.commands] == [c.kind for c in commands]
            assert station.commands[5].args["subcategory"] is IncidentCode.E9

    run(scenario())


def test_a_command_signed_by_another_key_is_refused_and_reported(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            station = await _joined_station(room)
            forged = sign_command(
                Ed25519PrivateKey.generate(),
                Command.end_test("cand-lea"),
                session_number=SESSION,
                station_id=station.station_id,
                issued_at_ms=room.hub.console_time_ms(),
            )
            outcome = await room.hub.deliver(station.station_id, forged)
            assert outcome.status is CommandStatus.BAD_SIGNATURE
            assert station.commands == []
            assert [r.issue for r in station.recorder.security] == [SecurityIssue.BAD_COMMAND]
            hub_reports = room.console.recorder.security
            assert [(r.issue, r.station_id) for r in hub_reports] == [
                (SecurityIssue.COMMAND_REFUSED, station.station_id)
            ]

    run(scenario())


def test_commands_checked_for_addressee_session_and_age(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            station = await _joined_station(room)
            key, now = room.console.session_key, room.hub.console_time_ms()
            cases = {
                CommandStatus.WRONG_STATION: {"station_id": "0123456789abcdef"},
                CommandStatus.WRONG_SESSION: {"session_number": "654321"},
                CommandStatus.EXPIRED: {"issued_at_ms": now - 16 * 60 * 1000},
            }
            for status, change in cases.items():
                fields = {
                    "session_number": SESSION,
                    "station_id": station.station_id,
                    "issued_at_ms": now,
                    **change,
                }
                token = sign_command(key, Command.end_test("cand-lea"), **fields)  # type: ignore[arg-type]
                assert (await room.hub.deliver(station.station_id, token)).status is status
            outcome = await room.hub.deliver(station.station_id, "not-a-token")
            assert outcome.status is CommandStatus.MALFORMED
            assert station.commands == []
            assert len(station.recorder.security) == 4

    run(scenario())


def test_before_joining_a_degraded_station_obeys_no_one(tmp_path: Path) -> None:
    """Without a provisioned center key, only the console pinned at the join commands."""

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = await room.station()
            outcome = await room.hub.send_command(station.station_id, Command.end_test("x"))
            assert outcome.status is CommandStatus.UNTRUSTED
            assert station.commands == []

    run(scenario())


def test_the_learner_logic_may_refuse_a_verified_command(tmp_path: Path) -> None:
    async def refuse(command: SignedCommand) -> CommandReply:
        return CommandReply(accepted=False, reason="AUTHORISATION_ALREADY_USED")

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = await room.station(handler=refuse)
            assert station.client is not None
            assert (await join_lea(station.client)).result is JoinResult.MATCHED
            outcome = await room.hub.send_command(
                station.station_id, Command.authorise_resume("cand-lea")
            )
            assert outcome.status is CommandStatus.REJECTED
            assert outcome.reason == "AUTHORISATION_ALREADY_USED"
            assert room.console.recorder.security == []

    run(scenario())


def test_commands_to_an_absent_station(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            outcome = await room.hub.send_command("0123456789abcdef", Command.end_test("x"))
            assert outcome.status is CommandStatus.NOT_CONNECTED

    run(scenario())


def test_a_journaled_token_stays_checkable(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            station = await _joined_station(room)
            outcome = await room.hub.send_command(station.station_id, Command.end_test("cand-lea"))
            checked = verify_command(
                outcome.token,
                session_key=room.console.session_key.public_key(),
                session_number=SESSION,
                station_id=station.station_id,
                console_now_ms=outcome.issued_at_ms + 60_000,
            )
            assert checked.kind is CommandKind.END_TEST

    run(scenario())
