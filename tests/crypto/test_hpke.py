"""HPKE against the published known answers of RFC 9180's test vectors.

The suite pixdesk uses (mode 0, KEM 0x0020, KDF 0x0001, AEAD 0x0002) is not printed in the
RFC's appendix; it is in the companion file ``test-vectors.json`` of
github.com/cfrg/draft-irtf-cfrg-hpke that the RFC points to. Its ``skRm``, ``skEm``, ``pkRm``,
``pkEm`` and first two ciphertexts are also in BoringSSL's / AWS-LC's
``crypto/hpke/hpke_test_vectors.txt``; ``ikmR``, ``ikmE``, ``shared_secret``, ``key``,
``base_nonce`` and ``exporter_secret`` are checked through the keys they must derive, so a
mistyped constant fails the test instead of hiding.
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from pixdesk.crypto import hpke

INFO = bytes.fromhex("4f6465206f6e2061204772656369616e2055726e")  # "Ode on a Grecian Urn"
IKM_E = bytes.fromhex("2cd7c601cefb3d42a62b04b7a9041494c06c7843818e0ce28a8f704ae7ab20f9")
IKM_R = bytes.fromhex("dac33b0e9db1b59dbbea58d59a14e7b5896e9bdf98fad6891e99d1686492b9ee")
SK_EM = bytes.fromhex("179d4b53b6365c45b600c4163b61d95cbc2f4d9e36f1695558dce265ab8bab11")
SK_RM = bytes.fromhex("497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d")
PK_EM = bytes.fromhex("6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256")
PK_RM = bytes.fromhex("430f4b9859665145a6b1ba274024487bd66f03a2dd577d7753c68d7d7d00c00c")
ENC = PK_EM
SHARED_SECRET = bytes.fromhex("3101c54c3a4f87439eaac080699ed9bbcc726ffe44e860c0424ccb7e3e2ead7b")
KEY = bytes.fromhex("f50b0609186798729ed0564b36ef2ef8044f1f9d05636874d1f46c819c7a669f")
BASE_NONCE = bytes.fromhex("151d9929e2449747889bc923")
EXPORTER_SECRET = bytes.fromhex("86017151bbff6a1940e8abae2ac9e0e7032e33df1eaaecc02ca6259b130d62df")
PT = bytes.fromhex("4265617574792069732074727574682c20747275746820626561757479")
AAD_0 = bytes.fromhex("436f756e742d30")  # "Count-0"
CT_0 = bytes.fromhex(
    "e5d84cd531cfb583096e7cfa9641bd3079cf3a91cda813c52deb5f512be9931980a41de125a925cdad859d5b7a"
)


def test_suite_identifiers() -> None:
    assert hpke.KEM_SUITE_ID == b"KEM\x00\x20"
    assert hpke.HPKE_SUITE_ID == b"HPKE\x00\x20\x00\x01\x00\x02"


def test_derive_key_pair_gives_the_published_keys() -> None:
    recipient = hpke.derive_key_pair(IKM_R)
    ephemeral = hpke.derive_key_pair(IKM_E)
    assert recipient.private_bytes_raw() == SK_RM
    assert ephemeral.private_bytes_raw() == SK_EM
    assert hpke.public_bytes(recipient) == PK_RM
    assert hpke.public_bytes(ephemeral) == PK_EM


def test_sender_key_schedule_matches() -> None:
    recipient = X25519PrivateKey.from_private_bytes(SK_RM).public_key()
    enc, context = hpke.setup_sender(
        recipient, INFO, ephemeral=X25519PrivateKey.from_private_bytes(SK_EM)
    )
    assert enc == ENC
    assert context.shared_secret == SHARED_SECRET
    assert context.key == KEY
    assert context.base_nonce == BASE_NONCE
    assert context.exporter_secret == EXPORTER_SECRET


def test_recipient_key_schedule_matches() -> None:
    context = hpke.setup_recipient(ENC, X25519PrivateKey.from_private_bytes(SK_RM), INFO)
    assert (context.shared_secret, context.key, context.base_nonce) == (
        SHARED_SECRET,
        KEY,
        BASE_NONCE,
    )


def test_seal_gives_the_published_ciphertext() -> None:
    recipient = X25519PrivateKey.from_private_bytes(SK_RM).public_key()
    enc, ct = hpke.seal(
        recipient, INFO, AAD_0, PT, ephemeral=X25519PrivateKey.from_private_bytes(SK_EM)
    )
    assert (enc, ct) == (ENC, CT_0)


def test_open_gives_the_published_plaintext() -> None:
    key = X25519PrivateKey.from_private_bytes(SK_RM)
    assert hpke.open_sealed(ENC, key, INFO, AAD_0, CT_0) == PT


@pytest.mark.parametrize("field", ["enc", "aad", "ct", "info", "key"])
def test_any_change_is_refused(field: str) -> None:
    args = {
        "enc": ENC,
        "key": X25519PrivateKey.from_private_bytes(SK_RM),
        "info": INFO,
        "aad": AAD_0,
        "ct": CT_0,
    }
    if field == "key":
        args["key"] = hpke.derive_key_pair(b"another recipient".ljust(32, b"\0"))
    else:
        value = bytearray(args[field])  # type: ignore[arg-type]
        value[0] ^= 1
        args[field] = bytes(value)
    with pytest.raises(hpke.HpkeError):
        hpke.open_sealed(args["enc"], args["key"], args["info"], args["aad"], args["ct"])  # type: ignore[arg-type]


def test_small_order_encapsulation_is_refused() -> None:
    with pytest.raises(hpke.HpkeError):
        hpke.open_sealed(bytes(32), hpke.generate_key(), INFO, b"", CT_0)


def test_round_trip_with_random_keys() -> None:
    key = hpke.generate_key()
    enc, ct = hpke.seal(key.public_key(), b"ctx", b"aad", b"hello")
    assert hpke.open_sealed(enc, key, b"ctx", b"aad", ct) == b"hello"
