"""Which console a station accepts: the provisioned chain, or the console it pinned."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.lab.codes import CommandStatus, JoinResult, LinkProblem, SecurityIssue
from pixdesk.lab.commands import Command
from pixdesk.lab.pins import MemoryPinStore
from pixdesk.lab.tls import generate_console_tls
from pixdesk.lab.trust import StationTrust
from tests.lab.harness import T0, Room, join_lea, make_session, run


def test_a_provisioned_station_trusts_the_certified_console(tmp_path: Path) -> None:
    center = Ed25519PrivateKey.generate()

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            console = room.console
            session = make_session(console.session_key, tls=console.tls, center_key=center)
            await room.start_hub(session)
            station = await room.station(trust=StationTrust(center.public_key()))
            client = station.client
            assert client is not None
            trusted = client.state.console
            assert trusted is not None
            assert trusted.provisioned
            assert not trusted.degraded
            assert trusted.tls_sha256 == console.tls.sha256
            assert trusted.tls_fingerprint == console.tls.fingerprint
            # Certified: commands are trusted from the first connection on.
            outcome = await room.hub.send_command(station.station_id, Command.end_test("c"))
            assert outcome.status is CommandStatus.ACCEPTED
            assert (await join_lea(client)).result is JoinResult.MATCHED

    run(scenario())


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("tls pinned by the certificate is another", LinkProblem.TLS_FINGERPRINT_MISMATCH),
        ("certificate from another center", LinkProblem.UNTRUSTED_SESSION),
        ("no certificate", LinkProblem.UNTRUSTED_SESSION),
        ("certificate expired", LinkProblem.UNTRUSTED_SESSION),
    ],
)
def test_a_provisioned_station_refuses_any_other_console(
    tmp_path: Path, case: str, problem: LinkProblem
) -> None:
    center = Ed25519PrivateKey.generate()

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            console = room.console
            if case.startswith("tls"):
                other = generate_console_tls(now=T0).sha256
                session = make_session(
                    console.session_key, center_key=center, pinned_tls_sha256=other
                )
            elif case.startswith("certificate from"):
                session = make_session(
                    console.session_key, tls=console.tls, center_key=Ed25519PrivateKey.generate()
                )
            elif case == "no certificate":
                session = make_session(console.session_key)
            else:
                session = make_session(console.session_key, tls=console.tls, center_key=center)
                console.clock.advance(timedelta(days=2))
            await room.start_hub(session)
            station = await room.station(trust=StationTrust(center.public_key()), wait=False)
            client = station.client
            assert client is not None
            await station.recorder.wait(lambda: client.state.problem is problem)
            assert not client.state.connected
            assert room.console.recorder.connected == []
            assert SecurityIssue(problem.value) in {r.issue for r in station.recorder.security}

    run(scenario())


@pytest.mark.parametrize("what_changed", ["tls certificate", "session key"])
def test_a_degraded_station_sticks_to_the_console_it_pinned(
    tmp_path: Path, what_changed: str
) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            hub = await room.start_hub()
            port = room.address.port
            pins = MemoryPinStore()
            station = await room.station(trust=StationTrust(None, pins))
            client = station.client
            assert client is not None
            assert (await join_lea(client)).result is JoinResult.MATCHED
            pin = pins.get("123456")
            assert pin is not None
            assert pin.tls_sha256 == room.console.tls.sha256
            await hub.close()
            await station.recorder.wait(lambda: not client.state.connected)
            # Another console appears at the same address for the same session.
            if what_changed == "tls certificate":
                room.console.tls = generate_console_tls(now=T0)
            else:
                room.console.session_key = Ed25519PrivateKey.generate()
            await room.start_hub(port=port)
            await station.recorder.wait(lambda: client.state.problem is LinkProblem.PIN_MISMATCH)
            assert SecurityIssue.PIN_MISMATCH in {r.issue for r in station.recorder.security}

    run(scenario())
