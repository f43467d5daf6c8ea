"""Revocation lists signed by the center key, and their use in chain verification."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.certificates import (
    CertErrorCode,
    CertificateError,
    CertKind,
    issue_certificate,
    verify_chain,
)
from pixdesk.crypto.keys import b64u_encode, generate_signing_key, key_id, sign
from pixdesk.crypto.revocation import issue_revocation_list, load_revocation_list
from tests.crypto.test_certificates import Pki, make_pki
from tests.fakes import FakeClock


@pytest.fixture
def pki(clock: FakeClock) -> Pki:
    return make_pki(clock.now())


def test_round_trip(pki: Pki, clock: FakeClock) -> None:
    revocations = issue_revocation_list(
        pki.center,
        number=3,
        issued=clock.now(),
        serials=[pki.station_cert.serial, pki.station_cert.serial],
        key_fprs=[key_id(generate_signing_key())],
    )
    loaded = load_revocation_list(revocations.encode(), center_public_key=pki.center.public_key())
    assert loaded == revocations
    assert loaded.number == 3
    assert loaded.issued == clock.now()
    assert loaded.serials == {pki.station_cert.serial}
    fields = json.loads(loaded.signed.body)
    assert fields["kind"] == "revocation-list"
    assert fields["issuer_fpr"] == key_id(pki.center)


def test_revoked_serial_refused(pki: Pki, clock: FakeClock) -> None:
    revocations = issue_revocation_list(
        pki.center, number=1, issued=clock.now(), serials=[pki.station_cert.serial]
    )
    assert revocations.is_revoked(pki.station_cert)
    assert not revocations.is_revoked(pki.session_cert)
    with pytest.raises(CertificateError) as info:
        verify_chain(
            pki.chain, root=pki.center.public_key(), now=clock.now(), revocations=revocations
        )
    assert info.value.code is CertErrorCode.REVOKED
    # The session itself is still good.
    verify_chain(
        [pki.session_cert], root=pki.center.public_key(), now=clock.now(), revocations=revocations
    )


def test_revoked_key_refused_whatever_the_certificate(pki: Pki, clock: FakeClock) -> None:
    revocations = issue_revocation_list(
        pki.center, number=1, issued=clock.now(), key_fprs=[key_id(pki.session)]
    )
    now = clock.now()
    reissued = issue_certificate(
        pki.center, pki.session.public_key(), kind=CertKind.SESSION,
        not_before=now - timedelta(hours=1), not_after=now + timedelta(hours=1),
        extra={"session_number": "123456", "console_tls_sha256": "0" * 64},
    )  # fmt: skip
    for chain in (pki.chain, [reissued]):
        with pytest.raises(CertificateError) as info:
            verify_chain(chain, root=pki.center.public_key(), now=now, revocations=revocations)
        assert info.value.code is CertErrorCode.REVOKED


def test_empty_list_revokes_nothing(pki: Pki, clock: FakeClock) -> None:
    revocations = issue_revocation_list(pki.center, number=0, issued=clock.now())
    verify_chain(pki.chain, root=pki.center.public_key(), now=clock.now(), revocations=revocations)


def test_list_from_another_key_refused(pki: Pki, clock: FakeClock) -> None:
    other = issue_revocation_list(generate_signing_key(), number=1, issued=clock.now())
    with pytest.raises(CertificateError) as info:
        load_revocation_list(other.encode(), center_public_key=pki.center.public_key())
    assert info.value.code is CertErrorCode.WRONG_ISSUER


def _signed(fields: dict[str, object], key: Ed25519PrivateKey) -> str:
    body = canonical_bytes(fields)
    return f"{b64u_encode(body)}.{b64u_encode(sign(key, body))}"


def test_forged_list_naming_the_center_refused(pki: Pki, clock: FakeClock) -> None:
    genuine = issue_revocation_list(pki.center, number=1, issued=clock.now(), serials=["a" * 32])
    fields = dict(genuine.signed.fields, serials=[])  # un-revoke, keep the center's name
    token = f"{b64u_encode(canonical_bytes(fields))}.{b64u_encode(genuine.signed.signature)}"
    with pytest.raises(CertificateError) as info:
        load_revocation_list(token, center_public_key=pki.center.public_key())
    assert info.value.code is CertErrorCode.BAD_SIGNATURE


def test_every_changed_character_detected(pki: Pki, clock: FakeClock) -> None:
    token = issue_revocation_list(
        pki.center, number=2, issued=clock.now(), serials=[pki.station_cert.serial]
    ).encode()
    for i, char in enumerate(token):
        changed = token[:i] + ("A" if char != "A" else "B") + token[i + 1 :]
        with pytest.raises(CertificateError):
            load_revocation_list(changed, center_public_key=pki.center.public_key())


@pytest.mark.parametrize(
    "edit",
    [
        {"v": 2},
        {"kind": "certificate"},
        {"number": -1},
        {"number": True},
        {"serials": ["b" * 32, "a" * 32]},  # not sorted
        {"serials": ["a" * 32, "a" * 32]},  # duplicated
        {"serials": ["short"]},
        {"key_fprs": "a" * 64},
        {"issued": "yesterday"},
    ],
)
def test_malformed_lists(pki: Pki, clock: FakeClock, edit: dict[str, object]) -> None:
    genuine = issue_revocation_list(pki.center, number=1, issued=clock.now())
    token = _signed({**genuine.signed.fields, **edit}, pki.center)
    with pytest.raises(CertificateError) as info:
        load_revocation_list(token, center_public_key=pki.center.public_key())
    assert info.value.code is CertErrorCode.MALFORMED


def test_issue_refuses_malformed_entries(pki: Pki, clock: FakeClock) -> None:
    with pytest.raises(CertificateError):
        issue_revocation_list(pki.center, number=1, issued=clock.now(), key_fprs=["xyz"])
