"""Opening a session on the console: a pack (v2 certified, v1 degraded) or created right there."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.domain.candidate import Sex
from pixdesk.domain.errors import FieldCode
from pixdesk.lab.codes import JoinResult
from pixdesk.services.console_actions import ConfirmPresence
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_files import Origin
from pixdesk.services.console_roster import format_candidate_line, parse_candidate_lines
from pixdesk.services.console_session import ConsoleSessions, DegradedReason
from pixdesk.services.console_values import LineCode, SessionDraftHere
from pixdesk.services.session_pack import export_session_pack
from pixdesk.services.sessions import FreeCandidate, SessionDraft, SessionPlanner
from pixdesk.services.station_outcomes import JoinForm
from pixdesk.services.station_record import Phase
from pixdesk.services.station_store import StationStore
from tests.fakes import FakeClock
from tests.services.console_harness import CHEAP, DRAFT, join, lab_room
from tests.services.station_room import Watcher, open_station


@pytest.fixture
def center_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def planned_pack(store: StationStore, center_key: Ed25519PrivateKey, path: Path) -> tuple[str, str]:
    """A referent PC's planned session exported as a pack; returns (session id, password)."""
    plans = SessionPlanner(store.db, rng=random.Random(9), clock=FakeClock())
    draft = SessionDraft("Lycée Hopper", "B12", "2026-11-30", "08:30", ("M. Turing",))
    session = plans.create_session(draft)
    plans.enrol_candidate(
        session.session_id,
        FreeCandidate("DUPONT", "Léa", date(2010, 5, 4), Sex.F, birth_insee_code="75056"),
    )
    export_session_pack(
        store.db,
        session.session_id,
        path,
        center_key=center_key,
        clock=FakeClock(),
        password_params=CHEAP,
    )
    return session.session_id, session.session.invigilator_password


def test_a_v2_pack_opens_certified_with_the_right_password_only(
    store: StationStore, center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    pack = tmp_path / "session.pixpack"
    session_id, password = planned_pack(store, center_key, pack)
    sessions = ConsoleSessions(
        tmp_path / "console", center_public_key=center_key.public_key(), clock=FakeClock()
    )

    with pytest.raises(ConsoleError) as wrong:
        sessions.open_pack(pack, password[::-1])
    opened = sessions.open_pack(pack, password)

    assert wrong.value.code is ConsoleErrorCode.WRONG_PASSWORD
    assert opened.session_id == session_id
    assert not opened.degraded
    assert opened.session_cert is not None
    assert opened.session_cert.console_tls_sha256 == opened.secrets.tls.sha256
    assert [c.birth_name for c in opened.candidates] == ["DUPONT"]
    assert [k.session_id for k in sessions.known()] == [session_id]
    again = sessions.open_known(session_id, password)
    assert again.secrets.session_public_key == opened.secrets.session_public_key
    assert password not in (opened.directory / "session.json").read_text(encoding="utf-8")


def test_a_pack_needs_this_schools_center_key(
    store: StationStore, center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    pack = tmp_path / "session.pixpack"
    _session_id, password = planned_pack(store, center_key, pack)
    unprovisioned = ConsoleSessions(tmp_path / "a", center_public_key=None, clock=FakeClock())
    other = ConsoleSessions(
        tmp_path / "b",
        center_public_key=Ed25519PrivateKey.generate().public_key(),
        clock=FakeClock(),
    )

    with pytest.raises(ConsoleError) as missing:
        unprovisioned.open_pack(pack, password)
    with pytest.raises(ConsoleError) as foreign:
        other.open_pack(pack, password)

    assert missing.value.code is ConsoleErrorCode.NO_CENTER_KEY
    assert foreign.value.code is ConsoleErrorCode.PACK_REFUSED
    assert foreign.value.params["pack_code"] == "WRONG_CENTER"


def test_provisioned_stations_trust_a_console_opened_from_a_v2_pack(
    store: StationStore, center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    pack = tmp_path / "session.pixpack"
    _session_id, password = planned_pack(store, center_key, pack)
    with lab_room(tmp_path / "room", center_key=center_key) as room:
        session = room.sessions.open_pack(pack, password)
        room.start(session)
        learner = room.learner(provisioned=True)

        assert join(learner, session, 0) == session.candidates[0].candidate_id
        client = learner.station.client
        assert client is not None
        assert client.state.console is not None
        assert client.state.console.provisioned


def test_a_session_created_here_is_degraded_and_opens_again(tmp_path: Path) -> None:
    sessions = ConsoleSessions(
        tmp_path, center_public_key=None, clock=FakeClock(), rng=random.Random(2), kdf_params=CHEAP
    )

    created = sessions.create_here(DRAFT)

    assert created.degraded_reason is DegradedReason.CREATED_HERE
    assert created.new_password is not None
    assert [c.first_name for c in created.candidates] == ["Léa", "Paul", "Zoé"]
    assert created.candidates[0].extra_time_ratio == Decimal("0.33")
    (known,) = sessions.known()
    assert (known.origin, known.summary.room) == (Origin.CREATED, "Salle B12")
    with pytest.raises(ConsoleError) as wrong:
        sessions.open_known(created.session_id, "nope")
    again = sessions.open_known(created.session_id, created.new_password)
    assert wrong.value.code is ConsoleErrorCode.WRONG_PASSWORD
    assert again.secrets.session_public_key == created.secrets.session_public_key
    assert again.secrets.tls.sha256 == created.secrets.tls.sha256
    assert (again.access_code, again.candidates) == (created.access_code, created.candidates)
    assert again.new_password is None


def test_creating_here_lists_every_bad_field_and_line(tmp_path: Path) -> None:
    sessions = ConsoleSessions(tmp_path, center_public_key=None, clock=FakeClock())
    draft = SessionDraftHere(
        site=" ",
        room="B12",
        date="30/11/2026",
        start_time="8h30",
        invigilators=(),
        candidate_lines="DUPONT;Léa;04/05/2010\nDUPONT;Lea;4/5/2010\nMARTIN;Paul\nX;Y;31/02/2010;abc",
    )
    with pytest.raises(ConsoleError) as refused:
        sessions.create_here(draft)
    assert refused.value.code is ConsoleErrorCode.INVALID_SESSION
    assert {(p.field, p.code) for p in refused.value.problems} == {
        ("site", FieldCode.REQUIRED),
        ("date", FieldCode.DATE_FORMAT),
        ("start_time", FieldCode.TIME_FORMAT),
        ("invigilators", FieldCode.REQUIRED),
    }
    assert refused.value.lines == ((2, "DUPLICATE"), (3, "FIELD_COUNT"), (4, "BIRTH_DATE"))
    assert sessions.known() == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("DUPONT;Léa;04/05/2010;33", None),
        ("DUPONT\tLéa\t04/05/2010\t33 %", None),
        ("DUPONT;Léa;04/05/2010;;F", None),
        ("DUPONT;Léa;04/05/2010;;", None),
        ("DUPONT;Léa;04/05/2010;33;oui;F", None),
        ("DUPONT;Léa;04/05/2010;33;non;", None),
        ("DUPONT;Léa", LineCode.FIELD_COUNT),
        ("DUPONT;Léa;04/05/2010;33;oui;F;x", LineCode.FIELD_COUNT),
        ("--;Léa;04/05/2010", LineCode.NAME),
        ("DUPONT;Léa;2010-05-04", LineCode.BIRTH_DATE),
        ("DUPONT;Léa;04/05/2010;1000", LineCode.EXTRA_TIME),
        ("DUPONT;Léa;04/05/2030", LineCode.BIRTH_DATE),
        ("DUPONT;Léa;04/05/2010;33;X", LineCode.ACCESSIBILITY),
        ("DUPONT;Léa;04/05/2010;33;peut-être", LineCode.ACCESSIBILITY),
        ("DUPONT;Léa;04/05/2010;33;F;M", LineCode.ACCESSIBILITY),
        ("DUPONT;Léa;04/05/2010;33;oui;X", LineCode.SEX),
    ],
)
def test_candidate_lines(line: str, expected: LineCode | None) -> None:
    candidates, problems = parse_candidate_lines(
        "\n" + line, today=date(2026, 11, 30), rng=random.Random(1)
    )
    if expected is None:
        assert problems == ()
        (one,) = candidates
        assert (one.birth_name, one.first_name, one.birth_date) == (
            "DUPONT",
            "Léa",
            date(2010, 5, 4),
        )
    else:
        assert problems == ((2, expected),)


@pytest.mark.parametrize(
    ("options", "adjustment", "sex"),
    [
        ("", False, None),
        (";33", False, None),
        (";33;oui", True, None),
        (";;OUI;M", True, Sex.M),
        (";;o", True, None),
        (";;yes", True, None),
        (";10;non;F", False, Sex.F),
        (";10;n", False, None),
        (";;;F", False, Sex.F),
        (";33;F", False, Sex.F),  # the earlier format: the sex fifth
    ],
)
def test_a_line_says_the_accessibility_adjustment_and_the_sex(
    options: str, adjustment: bool, sex: Sex | None
) -> None:
    (one,), problems = parse_candidate_lines(
        "DUPONT;Léa;04/05/2010" + options, today=date(2026, 11, 30), rng=random.Random(1)
    )
    assert problems == ()
    assert (one.accessibility_adjustment, one.sex) == (adjustment, sex)
    again, _problems = parse_candidate_lines(
        format_candidate_line(one), today=date(2026, 11, 30), rng=random.Random(1)
    )
    assert again == (one,)


def test_an_adjustment_typed_here_reaches_the_station_which_shows_accessible_items_only(
    tmp_path: Path,
) -> None:
    """Typed line → candidate → session file → join outcome → the station's item choice."""
    lines = "DUPONT;Léa;04/05/2010;33;oui\nMARTIN;Paul;02/01/2009;;non"
    with lab_room(tmp_path) as room:
        created = room.sessions.create_here(replace(DRAFT, candidate_lines=lines))
        lea, paul = created.candidates
        assert (lea.accessibility_adjustment, paul.accessibility_adjustment) == (True, False)
        assert lea.extra_time_ratio == Decimal("0.33")
        assert created.new_password is not None
        session = room.sessions.open_known(created.session_id, created.new_password)
        assert session.candidates == created.candidates  # kept in the session file
        console = room.start(session)
        station = open_station(tmp_path / "station", room.clock, address=room.address)
        try:
            assert station.connect(session.number_text, None).connected
            form = JoinForm(
                session.number_text, "Léa", "Dupont", date(2010, 5, 4), session.access_code
            )
            answer = station.join(form)
            assert answer.matched
            room.listener.wait(lambda: lea.candidate_id in room.listener.rows)
            assert room.listener.rows[lea.candidate_id].accessibility_adjustment
            assert console.perform(ConfirmPresence(lea.candidate_id)).done
            Watcher(station).until(lambda snap: snap.phase is Phase.INSTRUCTIONS)
            station.start_test()
            for _ in range(5):
                question = station.snapshot().question
                assert question is not None
                assert question.item.accessible
                station.skip()
            started = next(e for e in station.journal_events() if e.type == "test.started")
            assert started.body_dict()["accessibility_adjustment"] is True
        finally:
            station.close()


def test_a_join_with_the_wrong_pin_is_not_a_join(tmp_path: Path) -> None:
    with lab_room(tmp_path) as room:
        session = room.sessions.create_here(DRAFT)
        room.start(session)
        learner = room.learner()
        person = session.candidates[0]
        outcome = learner.join(
            person.birth_name, person.first_name, person.birth_date, "ZZZZ99", session.number_text
        )
        assert outcome.result is JoinResult.WRONG_CODE
