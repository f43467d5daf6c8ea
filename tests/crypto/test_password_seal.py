"""Secrets sealed under a password: only the password and the same context open them."""

from __future__ import annotations

import pytest

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.password_seal import (
    Sealed,
    SealError,
    SealErrorCode,
    open_with_password,
    seal_with_password,
)

CHEAP = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)


def test_sealed_secrets_open_with_the_password_and_context_only() -> None:
    sealed = seal_with_password(b"la clef", "b3X!9q", aad=b"session 1", params=CHEAP)
    doc = Sealed.from_doc(sealed.to_doc())
    assert open_with_password(doc, "b3X!9q", aad=b"session 1") == b"la clef"
    for password, aad in (("b3X!9Q", b"session 1"), ("b3X!9q", b"session 2")):
        with pytest.raises(SealError) as refused:
            open_with_password(doc, password, aad=aad)
        assert refused.value.code is SealErrorCode.WRONG_PASSWORD


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("kdf"),
        lambda d: d["kdf"].update(alg="scrypt"),
        lambda d: d["kdf"].update(time_cost=True),
        lambda d: d["kdf"].update(memory_cost_kib=1),
        lambda d: d["cipher"].update(alg="chacha"),
        lambda d: d["cipher"].update(nonce="AAAA"),
        lambda d: d.update(ciphertext="AA"),
        lambda d: d.update(extra=1),
    ],
)
def test_a_malformed_sealed_part_is_refused(change) -> None:
    doc = seal_with_password(b"x", "pw", aad=b"", params=CHEAP).to_doc()
    change(doc)
    with pytest.raises(SealError) as refused:
        Sealed.from_doc(doc)
    assert refused.value.code is SealErrorCode.MALFORMED
