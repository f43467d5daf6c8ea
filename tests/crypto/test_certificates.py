"""Certificates for center → session → station: issue, encode, verify, and every refusal."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.certificates import (
    CertErrorCode,
    Certificate,
    CertificateError,
    CertKind,
    decode_certificate,
    format_utc,
    issue_certificate,
    parse_utc,
    verify_chain,
)
from pixdesk.crypto.keys import b64u_decode, b64u_encode, generate_signing_key, key_id, sign
from tests.fakes import FakeClock

TLS = hashlib.sha256(b"console certificate").hexdigest()
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Pki:
    center: Ed25519PrivateKey
    session: Ed25519PrivateKey
    station: Ed25519PrivateKey
    session_cert: Certificate
    station_cert: Certificate

    @property
    def chain(self) -> list[Certificate]:
        return [self.session_cert, self.station_cert]


def session_cert(
    center: Ed25519PrivateKey, session: Ed25519PrivateKey, now: datetime, number: str = "123456"
) -> Certificate:
    return issue_certificate(
        center,
        session.public_key(),
        kind=CertKind.SESSION,
        not_before=now - HOUR,
        not_after=now + 4 * HOUR,
        extra={"session_number": number, "console_tls_sha256": TLS},
    )


def station_cert(
    session: Ed25519PrivateKey, station: Ed25519PrivateKey, now: datetime, number: str = "123456"
) -> Certificate:
    return issue_certificate(
        session,
        station.public_key(),
        kind=CertKind.STATION,
        not_before=now - HOUR,
        not_after=now + 3 * HOUR,
        extra={"session_number": number},
    )


def make_pki(now: datetime) -> Pki:
    """Build a center, a session and a station key, and the two certificates linking them."""
    center, session, station = (generate_signing_key() for _ in range(3))
    return Pki(
        center,
        session,
        station,
        session_cert(center, session, now),
        station_cert(session, station, now),
    )


@pytest.fixture
def pki(clock: FakeClock) -> Pki:
    return make_pki(clock.now())


def test_happy_path(pki: Pki, clock: FakeClock) -> None:
    leaf = verify_chain(pki.chain, root=pki.center.public_key(), now=clock.now())
    assert leaf == pki.station_cert
    session = verify_chain([pki.session_cert], root=pki.center.public_key(), now=clock.now())
    assert session.console_tls_sha256 == TLS
    assert session.session_number == "123456"
    assert (
        session.subject_public_key().public_bytes_raw()
        == pki.session.public_key().public_bytes_raw()
    )


def test_body_is_canonical_json_with_the_documented_fields(pki: Pki) -> None:
    cert = pki.session_cert
    fields = json.loads(cert.signed.body)
    assert cert.signed.body == canonical_bytes(fields)
    assert set(fields) == {
        "v", "kind", "subject_key", "issuer_fpr", "not_before", "not_after", "serial",
        "session_number", "console_tls_sha256",
    }  # fmt: skip
    assert fields["v"] == 1
    assert fields["kind"] == "session"
    assert (
        fields["issuer_fpr"]
        == hashlib.sha256(pki.center.public_key().public_bytes_raw()).hexdigest()
    )
    assert b64u_decode(fields["subject_key"]) == pki.session.public_key().public_bytes_raw()
    assert fields["not_before"] == "2026-11-30T07:00:00Z"
    assert len(fields["serial"]) == 32


def test_encode_decode_round_trip(pki: Pki, clock: FakeClock) -> None:
    tokens = [c.encode() for c in pki.chain]
    body_part, _ = tokens[0].split(".")
    assert (
        base64.urlsafe_b64decode(body_part + "=" * (-len(body_part) % 4))
        == pki.session_cert.signed.body
    )
    decoded = [decode_certificate(t) for t in tokens]
    assert decoded == pki.chain
    verify_chain(decoded, root=pki.center.public_key(), now=clock.now())


def test_serials_are_unique(pki: Pki, clock: FakeClock) -> None:
    again = session_cert(pki.center, pki.session, clock.now())
    assert again.serial != pki.session_cert.serial


def expect(
    code: CertErrorCode, chain: list[Certificate], root: Ed25519PrivateKey, now: datetime
) -> None:
    with pytest.raises(CertificateError) as info:
        verify_chain(chain, root=root.public_key(), now=now)
    assert info.value.code is code


def test_validity_boundaries(pki: Pki, clock: FakeClock) -> None:
    now = clock.now()
    nb, na = pki.station_cert.not_before, pki.station_cert.not_after
    verify_chain(pki.chain, root=pki.center.public_key(), now=nb)  # not_before is included
    expect(CertErrorCode.NOT_YET_VALID, pki.chain, pki.center, nb - timedelta(seconds=1))
    expect(CertErrorCode.EXPIRED, pki.chain, pki.center, na)  # not_after is excluded
    expect(CertErrorCode.EXPIRED, [pki.session_cert], pki.center, now + 5 * HOUR)


def test_not_yet_valid_and_expired_at_each_level(pki: Pki, clock: FakeClock) -> None:
    now = clock.now()
    early = issue_certificate(
        pki.session, pki.station.public_key(), kind=CertKind.STATION,
        not_before=now + HOUR, not_after=now + 2 * HOUR, extra={"session_number": "123456"},
    )  # fmt: skip
    expect(CertErrorCode.NOT_YET_VALID, [pki.session_cert, early], pki.center, now)
    late = issue_certificate(
        pki.center, pki.session.public_key(), kind=CertKind.SESSION,
        not_before=now - 2 * HOUR, not_after=now - HOUR,
        extra={"session_number": "123456", "console_tls_sha256": TLS},
    )  # fmt: skip
    expect(CertErrorCode.EXPIRED, [late, pki.station_cert], pki.center, now)


def test_wrong_root(pki: Pki, clock: FakeClock) -> None:
    expect(CertErrorCode.WRONG_ISSUER, pki.chain, generate_signing_key(), clock.now())


def test_station_certified_by_another_session(pki: Pki, clock: FakeClock) -> None:
    other_session = generate_signing_key()
    foreign = station_cert(other_session, pki.station, clock.now())
    expect(CertErrorCode.WRONG_ISSUER, [pki.session_cert, foreign], pki.center, clock.now())


def test_station_of_another_session_number(pki: Pki, clock: FakeClock) -> None:
    foreign = station_cert(pki.session, pki.station, clock.now(), number="999999")
    expect(CertErrorCode.WRONG_ISSUER, [pki.session_cert, foreign], pki.center, clock.now())


def test_forged_signature_with_the_right_issuer_name(pki: Pki, clock: FakeClock) -> None:
    # A pupil's own key, naming the center as issuer: the fingerprint matches, the signature not.
    forged = issue_certificate(
        generate_signing_key(), pki.session.public_key(), kind=CertKind.SESSION,
        not_before=clock.now() - HOUR, not_after=clock.now() + HOUR,
        extra={"session_number": "123456", "console_tls_sha256": TLS},
    )  # fmt: skip
    fields = dict(forged.signed.fields, issuer_fpr=key_id(pki.center))
    body = canonical_bytes(fields)
    token = f"{b64u_encode(body)}.{b64u_encode(forged.signed.signature)}"
    expect(CertErrorCode.BAD_SIGNATURE, [decode_certificate(token)], pki.center, clock.now())


def test_wrong_kind_order(pki: Pki, clock: FakeClock) -> None:
    # The center signs a station certificate directly: not a kind it may certify.
    direct = station_cert(pki.center, pki.station, clock.now())
    expect(CertErrorCode.WRONG_KIND, [direct], pki.center, clock.now())
    # A session certifying another session.
    nested = session_cert(pki.session, generate_signing_key(), clock.now())
    expect(CertErrorCode.WRONG_KIND, [pki.session_cert, nested], pki.center, clock.now())


def test_revoked(pki: Pki, clock: FakeClock) -> None:
    class Revoke:
        def is_revoked(self, cert: Certificate) -> bool:
            return cert.serial == pki.station_cert.serial

    with pytest.raises(CertificateError) as info:
        verify_chain(pki.chain, root=pki.center.public_key(), now=clock.now(), revocations=Revoke())
    assert info.value.code is CertErrorCode.REVOKED
    assert info.value.params == {"serial": pki.station_cert.serial}


def test_empty_chain_and_naive_time(pki: Pki, clock: FakeClock) -> None:
    expect(CertErrorCode.MALFORMED, [], pki.center, clock.now())
    with pytest.raises(ValueError):
        verify_chain(pki.chain, root=pki.center.public_key(), now=clock.now().replace(tzinfo=None))


def test_every_changed_character_of_a_token_is_detected(pki: Pki, clock: FakeClock) -> None:
    root, now = pki.center.public_key(), clock.now()
    for position, token in enumerate(c.encode() for c in pki.chain):
        for i, char in enumerate(token):
            for replacement in {chr(ord(char) ^ 1), "A" if char != "A" else "B"}:
                changed = token[:i] + replacement + token[i + 1 :]
                chain = [c.encode() for c in pki.chain]
                chain[position] = changed
                with pytest.raises(CertificateError):
                    verify_chain([decode_certificate(t) for t in chain], root=root, now=now)


def test_every_changed_bit_of_a_body_is_detected(pki: Pki, clock: FakeClock) -> None:
    cert = pki.station_cert
    for i in range(len(cert.signed.body)):
        for bit in (0x01, 0x20, 0x80):
            body = bytearray(cert.signed.body)
            body[i] ^= bit
            token = f"{b64u_encode(bytes(body))}.{b64u_encode(cert.signed.signature)}"
            with pytest.raises(CertificateError):
                verify_chain(
                    [pki.session_cert, decode_certificate(token)],
                    root=pki.center.public_key(),
                    now=clock.now(),
                )


def test_signature_covers_stored_bytes_not_a_reserialisation(pki: Pki, clock: FakeClock) -> None:
    # A body in another JSON spelling (spaces) signed correctly is still refused: one byte form.
    spaced = json.dumps(dict(pki.session_cert.signed.fields), sort_keys=True).encode()
    token = f"{b64u_encode(spaced)}.{b64u_encode(sign(pki.center, spaced))}"
    with pytest.raises(CertificateError) as info:
        decode_certificate(token)
    assert info.value.code is CertErrorCode.MALFORMED
    # Attributes changed after parsing are ignored: what is verified and returned comes from
    # the signed bytes.
    intruder = generate_signing_key()
    intruder_raw = intruder.public_key().public_bytes_raw()
    swapped = replace(pki.station_cert, subject_key=intruder_raw, serial="0" * 32)
    leaf = verify_chain([pki.session_cert, swapped], root=pki.center.public_key(), now=clock.now())
    assert leaf.subject_key == pki.station.public_key().public_bytes_raw()
    assert leaf.serial == pki.station_cert.serial
    # The classic attack: claim the session certificate is for the intruder's key, then
    # present a station certificate the intruder signed.
    forged_issuer = replace(pki.session_cert, subject_key=intruder_raw)
    by_intruder = station_cert(intruder, pki.station, clock.now())
    expect(CertErrorCode.WRONG_ISSUER, [forged_issuer, by_intruder], pki.center, clock.now())


def _token(fields: dict[str, object], key: Ed25519PrivateKey) -> str:
    body = canonical_bytes(fields)
    return f"{b64u_encode(body)}.{b64u_encode(sign(key, body))}"


MALFORMED_EDITS: list[tuple[str, dict[str, object]]] = [
    ("version", {"v": 2}),
    ("kind", {"kind": "teacher"}),
    ("subject key", {"subject_key": b64u_encode(bytes(31))}),
    ("issuer fpr", {"issuer_fpr": "abc"}),
    ("serial", {"serial": "XYZ"}),
    ("time format", {"not_before": "2026-11-30 07:00:00"}),
    ("time zone", {"not_after": "2026-11-30T12:00:00+01:00"}),
    ("impossible date", {"not_after": "2026-02-30T12:00:00Z"}),
    ("inverted period", {"not_after": "2026-11-30T06:00:00Z"}),
    ("session number type", {"session_number": 123456}),
    ("tls fingerprint", {"console_tls_sha256": "ABCD"}),
]


@pytest.mark.parametrize(
    "edit", [e[1] for e in MALFORMED_EDITS], ids=[e[0] for e in MALFORMED_EDITS]
)
def test_malformed_fields(pki: Pki, edit: dict[str, object]) -> None:
    fields = {**pki.session_cert.signed.fields, **edit}
    with pytest.raises(CertificateError) as info:
        decode_certificate(_token(fields, pki.center))
    assert info.value.code is CertErrorCode.MALFORMED


def test_missing_required_extra(pki: Pki) -> None:
    fields = dict(pki.session_cert.signed.fields)
    del fields["console_tls_sha256"]
    with pytest.raises(CertificateError) as info:
        decode_certificate(_token(fields, pki.center))
    assert info.value.code is CertErrorCode.MALFORMED


@pytest.mark.parametrize(
    "token",
    ["", "abc", "a.b.c", "AAAA.AAAA", "e30.AAAA", "e30." + "A" * 86 + "=", "x" * 70000],
)
def test_malformed_tokens(token: str) -> None:
    with pytest.raises(CertificateError) as info:
        decode_certificate(token)
    assert info.value.code is CertErrorCode.MALFORMED


def test_duplicate_keys_and_floats_refused(pki: Pki) -> None:
    body = pki.session_cert.signed.body
    duplicate = body[:-1] + b',"v":1}'
    floats = body.replace(b'"v":1', b'"v":1.0')
    for raw in (duplicate, floats):
        token = f"{b64u_encode(raw)}.{b64u_encode(sign(pki.center, raw))}"
        with pytest.raises(CertificateError) as info:
            decode_certificate(token)
        assert info.value.code is CertErrorCode.MALFORMED


def test_issue_refuses_reserved_or_missing_extras(pki: Pki, clock: FakeClock) -> None:
    now = clock.now()
    for extra in ({"session_number": "1", "serial": "0" * 32}, {"session_number": "1"}):
        with pytest.raises(CertificateError) as info:
            issue_certificate(
                pki.center, pki.session.public_key(), kind=CertKind.SESSION,
                not_before=now, not_after=now + HOUR, extra=extra,
            )  # fmt: skip
        assert info.value.code is CertErrorCode.MALFORMED


def test_time_format(clock: FakeClock) -> None:
    moment = clock.now() + timedelta(microseconds=999_999)
    assert format_utc(moment) == "2026-11-30T08:00:00Z"
    assert parse_utc("2026-11-30T08:00:00Z") == clock.now()
    with pytest.raises(ValueError):
        format_utc(datetime(2026, 1, 1))  # naive on purpose
