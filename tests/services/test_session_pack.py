"""The session pack: written from the store, signed by the center key, verified when opened."""

from __future__ import annotations

import base64
import json
import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.center import Argon2Params, load_center_key, save_center_key
from pixdesk.crypto.certificates import (
    CertKind,
    decode_certificate,
    issue_certificate,
    verify_chain,
)
from pixdesk.crypto.keys import b64u_decode, b64u_encode, fingerprint, key_id
from pixdesk.crypto.password_seal import SealError, SealErrorCode
from pixdesk.domain.candidate import Sex
from pixdesk.domain.legacy_profile import is_certifiable
from pixdesk.domain.legacy_profile_doc import profile_doc
from pixdesk.domain.session import EngineVersion
from pixdesk.services.console_roster import ConsoleCandidate
from pixdesk.services.planning_messages import describe_pack_error
from pixdesk.services.positioning_profiles import read_profiles_file
from pixdesk.services.session_pack import (
    SIGNING_CONTEXT,
    PackErrorCode,
    SessionPackError,
    export_session_pack,
    open_session_pack,
    read_session_pack,
    write_session_pack,
)
from pixdesk.services.session_secrets import SessionSecrets, open_session_secrets
from pixdesk.services.sessions import FreeCandidate, SessionDraft, SessionPlanner
from pixdesk.services.station_store import StationStore
from tests.fakes import FakeClock

PASSPHRASE = "le lycée de la vallée"
# Argon2id costs small enough for tests; production uses the RFC 9106 defaults.
CHEAP_ARGON2 = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)


@pytest.fixture
def center_key(tmp_path: Path) -> Ed25519PrivateKey:
    """The school's key, saved under a passphrase and opened as the referent would."""
    path = tmp_path / "center.key"
    save_center_key(
        path, Ed25519PrivateKey.generate(), PASSPHRASE, params=CHEAP_ARGON2, label="Lycée"
    )
    return load_center_key(path, PASSPHRASE)


@pytest.fixture
def planned(store: StationStore) -> tuple[str, str]:
    """A session with two candidates; returns (session id, invigilator password)."""
    plans = SessionPlanner(store.db, rng=random.Random(9), clock=FakeClock())
    draft = SessionDraft("Lycée Hopper", "B12", "2027-01-15", "14:00", ("M. Turing", "Mme Hopper"))
    session = plans.create_session(draft)
    ada = FreeCandidate(
        "ŒUVRAY", "Lætitia", date(2010, 2, 4), Sex.F, birth_insee_code="2A004", division="2NDE1"
    )
    (first,) = plans.enrol_candidate(session.session_id, ada).enrolled
    plans.enrol_candidate(
        session.session_id,
        FreeCandidate("N'DIAYE", "Aïssatou", date(2009, 7, 1), Sex.F, birth_insee_code="95018"),
    )
    plans.set_extra_time(first.candidate_id, "33")
    plans.set_accessibility(first.candidate_id, True)
    return session.session_id, session.session.invigilator_password


def export(store: StationStore, session_id: str, path: Path, key: Ed25519PrivateKey) -> None:
    export_session_pack(
        store.db, session_id, path, center_key=key, clock=FakeClock(), password_params=CHEAP_ARGON2
    )


def envelope(path: Path) -> dict[str, Any]:
    return json.loads(path.read_bytes())


def body_of(path: Path) -> dict[str, Any]:
    return json.loads(b64u_decode(envelope(path)["body"]))


def resign(path: Path, body: dict[str, Any] | bytes, key: Ed25519PrivateKey, **extra: Any) -> bytes:
    """Return a pack holding ``body``, properly signed by ``key`` (a forger holding the key)."""
    raw = body if isinstance(body, bytes) else canonical_bytes(body)
    doc = envelope(path) | {
        "body": b64u_encode(raw),
        "signature": b64u_encode(key.sign(SIGNING_CONTEXT + raw)),
    }
    return canonical_bytes(doc | extra)


def test_a_pack_opens_with_the_school_key(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    session_id, password = planned
    path = tmp_path / "session.pixpack"
    export(store, session_id, path, center_key)

    pack = read_session_pack(path, center_key.public_key())

    assert pack.session_id == session_id
    assert pack.pack_version == 2
    assert (pack.site, pack.room, pack.date, pack.start_time) == (
        "Lycée Hopper",
        "B12",
        "2027-01-15",
        "14:00",
    )
    assert pack.invigilators == ("M. Turing", "Mme Hopper")
    assert pack.engine_version is EngineVersion.V3
    assert pack.center_key_id == key_id(center_key)
    assert pack.center_fingerprint == fingerprint(center_key)
    first, second = pack.candidates
    assert (first.birth_name, first.first_name, first.birth_date) == (
        "ŒUVRAY",
        "Lætitia",
        date(2010, 2, 4),
    )
    assert (first.extra_time_ratio, first.accessibility_adjustment) == (Decimal("0.33"), True)
    assert (second.extra_time_ratio, second.accessibility_adjustment) == (Decimal(0), False)
    assert pack.check_password(password)
    assert not pack.check_password(password[::-1])
    assert password not in path.read_text(encoding="utf-8")
    assert password not in b64u_decode(envelope(path)["body"]).decode("utf-8")
    assert body_of(path)["candidates"][0]["extra_time_ratio"] == "0.33"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_body_is_canonical_json(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    raw = b64u_decode(envelope(path)["body"])
    assert canonical_bytes(json.loads(raw)) == raw
    assert path.read_bytes() == canonical_bytes(envelope(path)) + b"\n"


def test_every_changed_byte_is_detected(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    data = bytearray(path.read_bytes())
    for position in range(0, len(data), max(1, len(data) // 150)):
        altered = bytearray(data)
        altered[position] ^= 0x01
        with pytest.raises(SessionPackError):
            open_session_pack(bytes(altered), center_key.public_key())


def test_a_changed_field_fails_the_signature(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    body = body_of(path)
    body["candidates"][1]["extra_time_ratio"] = "1"
    forged = envelope(path) | {"body": b64u_encode(canonical_bytes(body))}

    with pytest.raises(SessionPackError) as refused:
        open_session_pack(canonical_bytes(forged), center_key.public_key())
    assert refused.value.code is PackErrorCode.BAD_SIGNATURE


def test_another_schools_pack_is_refused(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    other = Ed25519PrivateKey.generate()

    with pytest.raises(SessionPackError) as refused:
        read_session_pack(path, other.public_key())
    assert refused.value.code is PackErrorCode.WRONG_CENTER


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        (lambda b: b.update(pack_version=3), PackErrorCode.UNSUPPORTED_VERSION, None),
        (lambda b: b.update(surprise=1), PackErrorCode.INVALID_FIELD, "surprise"),
        (lambda b: b.pop("access_code"), PackErrorCode.INVALID_FIELD, "access_code"),
        (lambda b: b.update(access_code="AEIO23"), PackErrorCode.INVALID_FIELD, "access_code"),
        (lambda b: b["session"].update(number=0), PackErrorCode.OUT_OF_BOUNDS, "session.number"),
        (
            lambda b: b["session"].update(start_time="25:00"),
            PackErrorCode.INVALID_FIELD,
            "session.start_time",
        ),
        (
            lambda b: b["candidates"][1].update(birth_date="2009-02-30"),
            PackErrorCode.INVALID_FIELD,
            "candidates[1].birth_date",
        ),
        (
            lambda b: b["candidates"][0].update(extra_time_ratio="10"),
            PackErrorCode.INVALID_FIELD,
            "candidates[0].extra_time_ratio",
        ),
        (
            lambda b: b["candidates"][0].update(birth_name="X" * 201),
            PackErrorCode.OUT_OF_BOUNDS,
            "candidates[0].birth_name",
        ),
        (
            lambda b: b.update(candidates=b["candidates"] * 501),
            PackErrorCode.OUT_OF_BOUNDS,
            "candidates",
        ),
        (
            lambda b: b["invigilator_password"].update(memory_cost_kib=1),
            PackErrorCode.INVALID_FIELD,
            "invigilator_password",
        ),
    ],
)
def test_a_signed_but_wrong_body_is_refused_with_its_field(
    store: StationStore,
    planned: tuple[str, str],
    center_key: Ed25519PrivateKey,
    tmp_path: Path,
    change: Any,
    code: PackErrorCode,
    field: str | None,
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    body = body_of(path)
    change(body)

    with pytest.raises(SessionPackError) as refused:
        open_session_pack(resign(path, body, center_key), center_key.public_key())

    assert refused.value.code is code
    if field is not None:
        assert refused.value.params["field"] == field


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b.pop("console"), "console"),
        (lambda b: b["console"].update(session_key="AAAA"), "console.session_key"),
        (lambda b: b["console"].update(tls_certificate="AAAA"), "console.session_cert"),
        (lambda b: b["console"]["secrets"].pop("kdf"), "console.secrets"),
        (lambda b: b["session"].update(number=999), "console.session_cert"),
    ],
)
def test_a_signed_but_wrong_console_part_is_refused(
    store: StationStore,
    planned: tuple[str, str],
    center_key: Ed25519PrivateKey,
    tmp_path: Path,
    change: Any,
    field: str,
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    body = body_of(path)
    change(body)

    with pytest.raises(SessionPackError) as refused:
        open_session_pack(resign(path, body, center_key), center_key.public_key())

    assert refused.value.code is PackErrorCode.INVALID_FIELD
    assert refused.value.params["field"] == field


def test_a_session_certificate_from_another_center_is_refused(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    body = body_of(path)
    other = Ed25519PrivateKey.generate()
    good = decode_certificate(body["console"]["session_cert"])
    forged = issue_certificate(
        other,
        good.subject_public_key(),
        kind=CertKind.SESSION,
        not_before=good.not_before,
        not_after=good.not_after,
        extra={
            "session_number": str(good.session_number),
            "console_tls_sha256": str(good.console_tls_sha256),
        },
    )
    body["console"]["session_cert"] = forged.encode()

    with pytest.raises(SessionPackError) as refused:
        open_session_pack(resign(path, body, center_key), center_key.public_key())
    assert refused.value.params["field"] == "console.session_cert"


def test_the_session_key_opens_with_the_password_only(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    session_id, password = planned
    path = tmp_path / "session.pixpack"
    export(store, session_id, path, center_key)
    pack = read_session_pack(path, center_key.public_key())
    console = pack.console
    assert console is not None

    def open_with(typed: str) -> SessionSecrets:
        return open_session_secrets(
            console.secrets,
            typed,
            session_id=pack.session_id,
            number=pack.number,
            session_key=console.session_key,
            tls_certificate_der=console.tls_certificate,
        )

    secrets = open_with(password)
    assert secrets.session_public_key == console.session_key
    assert secrets.tls.sha256 == console.session_cert.console_tls_sha256
    chain = verify_chain(
        [console.session_cert], root=center_key.public_key(), now=FakeClock().now()
    )
    assert chain.subject_key == console.session_key
    with pytest.raises(SealError) as wrong:
        open_with(password[::-1])
    assert wrong.value.code is SealErrorCode.WRONG_PASSWORD
    text = path.read_text(encoding="utf-8") + b64u_decode(envelope(path)["body"]).decode()
    assert b64u_encode(secrets.session_key.private_bytes_raw()) not in text


def test_a_version_1_pack_is_still_read(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    body = body_of(path)
    del body["console"]
    body["pack_version"] = 1

    pack = open_session_pack(
        resign(path, body, center_key, pack_version=1), center_key.public_key()
    )

    assert pack.pack_version == 1
    assert pack.console is None
    assert pack.check_password(planned[1])
    with pytest.raises(SessionPackError) as mixed:
        open_session_pack(resign(path, body, center_key), center_key.public_key())
    assert mixed.value.code is PackErrorCode.MALFORMED


def test_a_non_canonical_body_is_refused_even_when_signed(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    spaced = json.dumps(body_of(path), indent=1).encode("utf-8")

    with pytest.raises(SessionPackError) as refused:
        open_session_pack(resign(path, spaced, center_key), center_key.public_key())
    assert refused.value.code is PackErrorCode.MALFORMED


@pytest.mark.parametrize(
    "data",
    [b"", b"not json", b"[]", b'{"format":"autre"}', base64.b64encode(b"x" * 100)],
)
def test_what_is_not_a_pack_is_malformed(data: bytes) -> None:
    with pytest.raises(SessionPackError) as refused:
        open_session_pack(data, Ed25519PrivateKey.generate().public_key())
    assert refused.value.code is PackErrorCode.MALFORMED


def test_size_and_io_bounds(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(SessionPackError) as too_big:
        open_session_pack(b" " * (4 * 1024 * 1024 + 1), key)
    with pytest.raises(SessionPackError) as missing:
        read_session_pack(tmp_path / "none.pixpack", key)
    assert too_big.value.code is PackErrorCode.TOO_BIG
    assert missing.value.code is PackErrorCode.IO_ERROR


def test_an_empty_session_has_no_pack(
    store: StationStore, center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    plans = SessionPlanner(store.db, rng=random.Random(9), clock=FakeClock())
    draft = SessionDraft("Lycée", "B1", "2027-01-15", "14:00", ("M. Turing",))
    session_id = plans.create_session(draft).session_id
    with pytest.raises(SessionPackError) as refused:
        export(store, session_id, tmp_path / "x.pixpack", center_key)
    assert refused.value.code is PackErrorCode.EMPTY_SESSION
    assert not (tmp_path / "x.pixpack").exists()


def test_writing_refuses_a_body_signed_by_another_key(
    store: StationStore, planned: tuple[str, str], center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "session.pixpack"
    export(store, planned[0], path, center_key)
    with pytest.raises(SessionPackError) as refused:
        write_session_pack(tmp_path / "y.pixpack", body_of(path), Ed25519PrivateKey.generate())
    assert refused.value.code is PackErrorCode.WRONG_CENTER


# ---------------------------------------------------------------- positioning profiles (v2)

PROFILE_DOC = [
    {
        "competence": code,
        "level": 2,
        "pix": 16,
        "skills": [{"skill": "@outil2", "tube": "@outil", "level": 2}],
    }
    for code in ("1.1", "1.2", "2.1", "3.1", "4.1")
]


def profiled(store: StationStore, tmp_path: Path, profiles: Any) -> tuple[str, Path]:
    """A session whose one candidate has the external id ``LOC-1``, and a profiles file."""
    plans = SessionPlanner(store.db, rng=random.Random(4), clock=FakeClock())
    draft = SessionDraft("Lycée Hopper", "B13", "2027-01-16", "09:00", ("M. Turing",))
    session = plans.create_session(draft)
    pupil = FreeCandidate(
        "LOVELACE", "Ada", date(2010, 12, 10), Sex.F, birth_insee_code="75056", external_id="LOC-1"
    )
    plans.enrol_candidate(session.session_id, pupil)
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps({"format": "pixdesk-positioning-profiles", "profiles": profiles}))
    return session.session_id, path


def test_a_profile_travels_in_the_pack_to_the_console(
    store: StationStore, center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    session_id, profiles_path = profiled(store, tmp_path, {"LOC-1": PROFILE_DOC})
    path = tmp_path / "session.pixpack"
    export_session_pack(
        store.db,
        session_id,
        path,
        center_key=center_key,
        clock=FakeClock(),
        password_params=CHEAP_ARGON2,
        profiles=read_profiles_file(profiles_path),
    )
    pack = read_session_pack(path, center_key.public_key())
    (ada,) = pack.candidates
    assert ada.positioning_profile is not None
    assert profile_doc(ada.positioning_profile) == PROFILE_DOC
    assert is_certifiable(ada.positioning_profile)
    console = ConsoleCandidate.from_pack(ada)
    assert console.positioning_profile == ada.positioning_profile


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (lambda p: p[0].update(competence="9.9"), "[0].competence", "unknown_competence"),
        (lambda p: p[1].update(level=-1), "[1].level", "out_of_range"),
        (lambda p: p[2]["skills"][0].update(level=9), "[2].skills[0].level", "out_of_range"),
        (lambda p: p[3].update(colour="blue"), "[3].colour", "invalid"),
        (lambda p: p.append(dict(p[0])), "", "duplicate_competence"),
    ],
)
def test_a_bad_profile_is_refused_and_nothing_is_written(
    store: StationStore,
    center_key: Ed25519PrivateKey,
    tmp_path: Path,
    change: Any,
    field: str,
    reason: str,
) -> None:
    doc = json.loads(json.dumps(PROFILE_DOC))
    change(doc)
    session_id, profiles_path = profiled(store, tmp_path, {"LOC-1": doc})
    with pytest.raises(SessionPackError) as refused:
        read_profiles_file(profiles_path)
    assert refused.value.code is PackErrorCode.INVALID_FIELD
    assert refused.value.params == {"field": f"profiles[LOC-1]{field}", "reason": reason}
    # In a signed pack too: the console refuses it with the candidate's path.
    path = tmp_path / "session.pixpack"
    export(store, session_id, path, center_key)
    body = body_of(path)
    body["candidates"][0]["positioning_profile"] = doc
    with pytest.raises(SessionPackError) as opened:
        open_session_pack(resign(path, body, center_key), center_key.public_key())
    assert opened.value.params["field"] == f"candidates[0].positioning_profile{field}"
    assert "Le pack de session est refusé" in describe_pack_error(opened.value)


def test_a_profile_for_no_candidate_of_the_session_is_refused(
    store: StationStore, center_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    session_id, profiles_path = profiled(store, tmp_path, {"LOC-2": PROFILE_DOC})
    path = tmp_path / "session.pixpack"
    with pytest.raises(SessionPackError) as refused:
        export_session_pack(
            store.db,
            session_id,
            path,
            center_key=center_key,
            clock=FakeClock(),
            password_params=CHEAP_ARGON2,
            profiles=read_profiles_file(profiles_path),
        )
    assert refused.value.params == {"field": "profiles[LOC-2]", "reason": "unknown_candidate"}
    assert not path.exists()
