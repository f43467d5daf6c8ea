"""The certificate: what it says, from :class:`~pixdesk.domain.results.CertificateData`.

RULES.md §10. Anyone holding a printed certificate can check it: the verification code is
printed in full, and a QR code encodes a verification URL made of a configurable base (the
verifying service of the platform the school syncs with) and that code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

from pixdesk.documents.labels import GLOBAL_LEVEL_LABELS, STATUS_LABELS
from pixdesk.domain.referential import COMPETENCES, DOMAINS
from pixdesk.domain.results import CertificateData, CertificateStatus

CODE_PLACEHOLDER = "{code}"


@dataclass(frozen=True, slots=True)
class CertifiedCompetence:
    """One competence line: code, French label and level (None: not certified)."""

    code: str
    label: str
    level: int | None


@dataclass(frozen=True, slots=True)
class CertifiedDomain:
    """One of the five domains and its competences, in referential order."""

    code: str
    label: str
    competences: tuple[CertifiedCompetence, ...]


@dataclass(frozen=True, slots=True)
class Certificate:
    """Everything printed on one certificate.

    Attributes:
        centre: The certification centre.
        last_name: The birth name, uppercase.
        first_name: The first name.
        birth_date: Date of birth.
        birth_place: Place of birth, as printed.
        test_date: Date of the test.
        delivery_date: Date the certificate is issued.
        pix_score: The score (0 unless validated).
        max_score: The maximum score.
        status: Validated, rejected or cancelled.
        status_label: The status in French.
        global_level_label: The global level in French; None when not shown (pre-beginner,
            v2, not validated).
        domains: The 5 domains and their 16 competences.
        verification_code: ``P-`` and 8 characters.
        verification_url: What the QR code encodes.
    """

    centre: str
    last_name: str
    first_name: str
    birth_date: date
    birth_place: str
    test_date: date
    delivery_date: date
    pix_score: int
    max_score: int
    status: CertificateStatus
    status_label: str
    global_level_label: str | None
    domains: tuple[CertifiedDomain, ...]
    verification_code: str
    verification_url: str

    @property
    def validated(self) -> bool:
        return self.status is CertificateStatus.VALIDATED


def verification_url(base_url: str, code: str) -> str:
    """Return the URL that verifies the certificate with ``code``.

    Args:
        base_url: An ``https://`` (or ``http://``) URL. When it contains ``{code}`` the code
            goes there (``https://verif.example/?code={code}``); otherwise it is appended as
            the last path segment (``https://verif.example/certificats`` →
            ``https://verif.example/certificats/P-…``).
        code: The verification code.

    Raises:
        ValueError: ``base_url`` is not an absolute http(s) URL.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {base_url!r}")
    quoted = quote(code, safe="")
    if CODE_PLACEHOLDER in base_url:
        return base_url.replace(CODE_PLACEHOLDER, quoted)
    return f"{base_url.rstrip('/')}/{quoted}"


def build_certificate(data: CertificateData, *, verification_base_url: str) -> Certificate:
    """Describe the certificate of ``data``.

    Args:
        data: The certificate's values, as scored.
        verification_base_url: See :func:`verification_url`.

    Raises:
        ValueError: ``verification_base_url`` is not an http(s) URL.
    """
    levels = dict(data.competence_levels)
    domains = tuple(
        CertifiedDomain(
            code=domain.code,
            label=domain.label,
            competences=tuple(
                CertifiedCompetence(code=c.code, label=c.label, level=levels[c.code])
                for c in COMPETENCES
                if c.domain_code == domain.code
            ),
        )
        for domain in DOMAINS
    )
    return Certificate(
        centre=data.centre,
        last_name=data.birth_name.strip().upper(),
        first_name=data.first_name.strip(),
        birth_date=data.birth_date,
        birth_place=data.birth_place,
        test_date=data.test_date,
        delivery_date=data.delivery_date,
        pix_score=data.pix_score,
        max_score=data.max_score,
        status=data.status,
        status_label=STATUS_LABELS[data.status],
        global_level_label=(
            None if data.global_level is None else GLOBAL_LEVEL_LABELS[data.global_level]
        ),
        domains=domains,
        verification_code=data.verification_code,
        verification_url=verification_url(verification_base_url, data.verification_code),
    )
