"""Open the session a console runs: from the referent's pack, or created on the console itself.

Opening checks the invigilator password, then unseals the session key and the console's TLS
identity. Three cases (DESIGN.md §5):

- a **version 2 pack**: the keys come sealed in the pack with a center-issued session
  certificate, checked against this PC's provisioned center key and clock: *certified*;
- a **version 1 pack**: the pack is verified, but it carries no keys, so the console draws
  them: *degraded* (stations pin the console; the UI says so);
- **no pack** (created on the console): site, room, date, time, invigilators and typed
  candidates; the console draws a number, an access code, a password and the keys: *degraded*.

Each opened session is kept in the data directory (``console_files``) so that a console
restarted mid-session opens the same session with the same keys again (``open_known``).
Opening is slow on purpose (Argon2id): run it off the UI thread.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.certificates import Certificate, CertificateError, verify_chain
from pixdesk.crypto.keys import fingerprint
from pixdesk.crypto.password_seal import SealError, SealErrorCode
from pixdesk.crypto.sealed_bank import BankKey
from pixdesk.crypto.secret_hash import SecretHash, SecretHashFormatError, hash_secret, verify_secret
from pixdesk.domain.candidate import Sex
from pixdesk.domain.clock import Clock
from pixdesk.domain.codes import generate_access_code, generate_invigilator_password
from pixdesk.domain.errors import FieldCode, FieldProblem
from pixdesk.domain.session import (
    EngineVersion,
    InvigilatorWarning,
    Session,
    check_invigilators,
    validate_session,
)
from pixdesk.lab.hub_config import HubSession
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_files import (
    SHEET_FILE,
    LocalKeys,
    Origin,
    SessionFile,
    SessionSummary,
    list_session_files,
    read_session_file,
    session_dir,
    write_session_file,
)
from pixdesk.services.console_roster import ConsoleCandidate, parse_candidate_lines
from pixdesk.services.console_values import SessionDraftHere
from pixdesk.services.session_pack import open_session_pack, read_session_pack
from pixdesk.services.session_pack_body import SessionPack, SessionPackError, format_ratio
from pixdesk.services.session_secrets import (
    SessionSecrets,
    generate_session_secrets,
    open_session_secrets,
    seal_session_secrets,
)


class DegradedReason(StrEnum):
    """Why no center certificate vouches for the session (shown to the invigilator)."""

    CREATED_HERE = "created_here"
    PACK_V1 = "pack_v1"


@dataclass(frozen=True, slots=True)
class ConsoleSession:
    """A session opened on this console, keys unsealed.

    Attributes:
        secrets: The session key and TLS identity (never shown, never logged).
        session_cert: The center-issued certificate (None: degraded mode).
        degraded_reason: Why the session is degraded (None when certified).
        center_fingerprint: The center key's fingerprint, for a pack's session.
        directory: The console's folder for this session.
        new_password: The invigilator password drawn by the console, only right after
            creating a session here (to show and print once).
    """

    session_id: str
    number: int
    site: str
    room: str
    date: str
    start_time: str
    invigilators: tuple[str, ...]
    access_code: str
    candidates: tuple[ConsoleCandidate, ...]
    secrets: SessionSecrets = field(repr=False)
    session_cert: Certificate | None
    degraded_reason: DegradedReason | None
    center_fingerprint: str | None
    directory: Path
    engine_version: EngineVersion = EngineVersion.V3
    new_password: str | None = field(default=None, repr=False)

    @property
    def degraded(self) -> bool:
        """Tell whether no center certificate vouches for the session."""
        return self.session_cert is None

    @property
    def bank_key(self) -> BankKey | None:
        """Return the key of the session's sealed bank (None: stations run a plaintext one)."""
        return self.secrets.bank_key

    @property
    def number_text(self) -> str:
        """Return the session number as stations ask for it."""
        return str(self.number)

    @property
    def session_fingerprint(self) -> str:
        """Return the session key's short fingerprint (stations show it in degraded mode)."""
        return fingerprint(self.secrets.session_key.public_key())

    @property
    def tls_fingerprint(self) -> str:
        """Return the console's TLS certificate short fingerprint."""
        return self.secrets.tls.fingerprint

    @property
    def sheet_path(self) -> Path:
        """Return where the emergency sheet is written."""
        return self.directory / SHEET_FILE

    def invigilator_warning(self) -> InvigilatorWarning | None:
        """Return the one-invigilator-per-20-candidates warning, if the room exceeds it."""
        return check_invigilators(len(self.candidates), len(self.invigilators))

    def hub_session(
        self, *, admitted: frozenset[str] = frozenset(), closed: bool = False
    ) -> HubSession:
        """Return what the hub serves for this session."""
        return HubSession(
            number=self.number_text,
            room=self.room,
            access_code=self.access_code,
            candidates=tuple(one.to_domain(self.number) for one in self.candidates),
            session_key=self.secrets.session_key,
            session_cert=self.session_cert,
            admitted_stations=admitted,
            closed=closed,
            profiles={
                one.candidate_id: one.positioning_profile
                for one in self.candidates
                if one.positioning_profile is not None
            },
        )


@dataclass(frozen=True, slots=True)
class KnownSession:
    """A session this console opened before (to open it again after a restart)."""

    session_id: str
    origin: Origin
    summary: SessionSummary


class ConsoleSessions:
    """Open, create and remember the sessions this console runs.

    Args:
        data_dir: This PC's data directory.
        center_public_key: The school's provisioned center key (None: packs cannot be
            checked on this PC; sessions can still be created here).
        clock: The console's clock (certificate validity, creation time).
        rng: Draws numbers, codes, passwords and ids of sessions created here (the OS's
            source when None).
        kdf_params: Argon2id costs of what the console seals (tests pass cheap ones).
        bank_key: The sealed bank's key from this PC's configuration (or the demo's), for
            sessions created here and packs that carry none (docs/item-banks.md §9).
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        center_public_key: Ed25519PublicKey | None,
        clock: Clock,
        rng: random.Random | None = None,
        kdf_params: Argon2Params | None = None,
        bank_key: BankKey | None = None,
    ) -> None:
        self._data_dir = data_dir
        self._bank_key = bank_key
        self._center = center_public_key
        self._clock = clock
        self._rng = rng or random.SystemRandom()
        self._params = kdf_params

    def known(self) -> tuple[KnownSession, ...]:
        """Return the sessions opened on this PC, newest first."""
        return tuple(
            KnownSession(f.session_id, f.origin, f.summary)
            for f in list_session_files(self._data_dir)
        )

    def open_pack(self, path: Path, password: str) -> ConsoleSession:
        """Open a session pack file with the invigilator password (slow: Argon2id).

        Raises:
            ConsoleError: NO_CENTER_KEY, PACK_REFUSED (``pack_code``), WRONG_PASSWORD,
                SESSION_CERT_INVALID, IO_ERROR.
        """
        center = self._require_center()
        try:
            data = path.read_bytes()
            pack = read_session_pack(path, center)
        except SessionPackError as exc:
            raise _refused(exc) from exc
        except OSError as exc:
            raise ConsoleError(
                ConsoleErrorCode.IO_ERROR, {"path": str(path), "detail": exc.strerror or ""}
            ) from exc
        return self._from_pack(pack, data, password)

    def open_known(self, session_id: str, password: str) -> ConsoleSession:
        """Open again a session this console opened before (after a restart).

        Raises:
            ConsoleError: UNKNOWN_SESSION, SESSION_FILE_DAMAGED, WRONG_PASSWORD, and for a
                pack's session the errors of :meth:`open_pack`.
        """
        directory = session_dir(self._data_dir, session_id)
        file = read_session_file(directory)
        if file.origin is Origin.PACK and file.pack is not None:
            try:
                pack = open_session_pack(file.pack, self._require_center())
            except SessionPackError as exc:
                raise _refused(exc) from exc
            return self._from_pack(pack, file.pack, password)
        return self._from_created(file, password)

    def create_here(self, draft: SessionDraftHere) -> ConsoleSession:
        """Create a session on the console: degraded trust, keys drawn here.

        Raises:
            ConsoleError: INVALID_SESSION with every invalid field and candidate line.
        """
        now = self._clock.now()
        number = self._rng.randrange(100_000, 1_000_000)
        password = generate_invigilator_password(self._rng)
        session = Session(
            number=number,
            site=draft.site.strip(),
            room=draft.room.strip(),
            date=draft.date,
            start_time=draft.start_time,
            invigilators=tuple(name.strip() for name in draft.invigilators if name.strip()),
            access_code=generate_access_code(self._rng),
            invigilator_password=password,
        )
        problems = list(validate_session(session))
        candidates, lines = parse_candidate_lines(
            draft.candidate_lines, today=now.date(), rng=self._rng
        )
        if not candidates and not lines:
            problems.append(FieldProblem("candidates", FieldCode.REQUIRED))
        if problems or lines:
            raise ConsoleError(
                ConsoleErrorCode.INVALID_SESSION,
                problems=tuple(problems),
                lines=tuple((n, code.value) for n, code in lines),
            )
        session_id = f"{self._rng.getrandbits(128):032x}"
        keys = replace(generate_session_secrets(now), bank_key=self._bank_key)
        created = _created_doc(session, candidates, now, self._params)
        file = SessionFile(
            session_id=session_id,
            origin=Origin.CREATED,
            summary=SessionSummary(
                number, session.site, session.room, session.date, session.start_time
            ),
            created=created,
            local_keys=self._seal(keys, password, session_id, number),
        )
        directory = session_dir(self._data_dir, session_id)
        write_session_file(directory, file)
        return ConsoleSession(
            session_id=session_id,
            number=number,
            site=session.site,
            room=session.room,
            date=session.date,
            start_time=session.start_time,
            invigilators=session.invigilators,
            access_code=session.access_code,
            candidates=candidates,
            secrets=keys,
            session_cert=None,
            degraded_reason=DegradedReason.CREATED_HERE,
            center_fingerprint=None,
            directory=directory,
            new_password=password,
        )

    # ------------------------------------------------------------------ helpers

    def _require_center(self) -> Ed25519PublicKey:
        if self._center is None:
            raise ConsoleError(ConsoleErrorCode.NO_CENTER_KEY)
        return self._center

    def _seal(self, keys: SessionSecrets, password: str, session_id: str, number: int) -> LocalKeys:
        sealed = seal_session_secrets(
            keys, password, session_id=session_id, number=number, params=self._params
        )
        return LocalKeys(keys.session_public_key, keys.tls.certificate_der, sealed)

    def _from_pack(self, pack: SessionPack, data: bytes, password: str) -> ConsoleSession:
        if not pack.check_password(password):
            raise ConsoleError(ConsoleErrorCode.WRONG_PASSWORD)
        directory = session_dir(self._data_dir, pack.session_id)
        previous = _read_if_any(directory)
        local = previous.local_keys if previous is not None else None
        console = pack.console
        cert: Certificate | None = None
        if console is not None:
            keys = _unseal(
                console.secrets,
                password,
                pack.session_id,
                pack.number,
                console.session_key,
                console.tls_certificate,
            )
            try:
                cert = verify_chain(
                    [console.session_cert],
                    root=self._require_center(),
                    now=self._clock.now(),
                )
            except CertificateError as exc:
                raise ConsoleError(
                    ConsoleErrorCode.SESSION_CERT_INVALID, {"cert_code": exc.code.value}
                ) from exc
            local = None
        elif local is not None:
            keys = _unseal(
                local.secrets,
                password,
                pack.session_id,
                pack.number,
                local.session_key,
                local.tls_certificate,
            )
        else:
            keys = replace(generate_session_secrets(self._clock.now()), bank_key=self._bank_key)
            local = self._seal(keys, password, pack.session_id, pack.number)
        file = SessionFile(
            session_id=pack.session_id,
            origin=Origin.PACK,
            summary=SessionSummary(pack.number, pack.site, pack.room, pack.date, pack.start_time),
            pack=data,
            local_keys=local,
        )
        if previous != file:
            write_session_file(directory, file)
        if keys.bank_key is None and self._bank_key is not None:
            keys = replace(keys, bank_key=self._bank_key)  # the pack carries none
        return ConsoleSession(
            session_id=pack.session_id,
            number=pack.number,
            site=pack.site,
            room=pack.room,
            date=pack.date,
            start_time=pack.start_time,
            invigilators=pack.invigilators,
            access_code=pack.access_code,
            candidates=tuple(ConsoleCandidate.from_pack(one) for one in pack.candidates),
            secrets=keys,
            session_cert=cert,
            degraded_reason=None if cert is not None else DegradedReason.PACK_V1,
            center_fingerprint=pack.center_fingerprint,
            directory=directory,
            engine_version=pack.engine_version,
        )

    def _from_created(self, file: SessionFile, password: str) -> ConsoleSession:
        directory = session_dir(self._data_dir, file.session_id)
        doc, local = file.created, file.local_keys
        if doc is None or local is None:
            raise ConsoleError(ConsoleErrorCode.SESSION_FILE_DAMAGED, {"path": str(directory)})
        try:
            hashed = SecretHash.from_doc(doc["invigilator_password"])
            number = int(doc["number"])
            candidates = tuple(_candidate(one) for one in doc["candidates"])
            site, room, day, start = (str(doc[k]) for k in ("site", "room", "date", "start_time"))
            invigilators = tuple(str(name) for name in doc["invigilators"])
            access_code = str(doc["access_code"])
        except (KeyError, TypeError, ValueError, SecretHashFormatError) as exc:
            raise ConsoleError(
                ConsoleErrorCode.SESSION_FILE_DAMAGED, {"path": str(directory)}
            ) from exc
        if not verify_secret(password, hashed):
            raise ConsoleError(ConsoleErrorCode.WRONG_PASSWORD)
        keys = _unseal(
            local.secrets,
            password,
            file.session_id,
            number,
            local.session_key,
            local.tls_certificate,
        )
        return ConsoleSession(
            session_id=file.session_id,
            number=number,
            invigilators=invigilators,
            access_code=access_code,
            candidates=candidates,
            secrets=keys,
            session_cert=None,
            degraded_reason=DegradedReason.CREATED_HERE,
            center_fingerprint=None,
            directory=directory,
            site=site,
            room=room,
            date=day,
            start_time=start,
        )


def _read_if_any(directory: Path) -> SessionFile | None:
    try:
        return read_session_file(directory)
    except ConsoleError:
        return None


def _unseal(
    sealed: Mapping[str, Any],
    password: str,
    session_id: str,
    number: int,
    session_key: bytes,
    tls_certificate: bytes,
) -> SessionSecrets:
    try:
        return open_session_secrets(
            sealed,
            password,
            session_id=session_id,
            number=number,
            session_key=session_key,
            tls_certificate_der=tls_certificate,
        )
    except SealError as exc:
        if exc.code is SealErrorCode.WRONG_PASSWORD:
            raise ConsoleError(ConsoleErrorCode.WRONG_PASSWORD) from exc
        raise ConsoleError(ConsoleErrorCode.SESSION_FILE_DAMAGED) from exc


def _refused(exc: SessionPackError) -> ConsoleError:
    return ConsoleError(ConsoleErrorCode.PACK_REFUSED, {"pack_code": exc.code.value, **exc.params})


def _created_doc(
    session: Session,
    candidates: tuple[ConsoleCandidate, ...],
    now: datetime,
    params: Argon2Params | None,
) -> dict[str, Any]:
    return {
        "created_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "number": session.number,
        "site": session.site,
        "room": session.room,
        "date": session.date,
        "start_time": session.start_time,
        "invigilators": list(session.invigilators),
        "access_code": session.access_code,
        "invigilator_password": hash_secret(session.invigilator_password, params=params).to_doc(),
        "candidates": [
            {
                "candidate_id": one.candidate_id,
                "birth_name": one.birth_name,
                "first_name": one.first_name,
                "birth_date": one.birth_date.isoformat(),
                "extra_time_ratio": format_ratio(one.extra_time_ratio),
                "accessibility_adjustment": one.accessibility_adjustment,
                "sex": None if one.sex is None else one.sex.value,
            }
            for one in candidates
        ],
    }


def _candidate(doc: Mapping[str, Any]) -> ConsoleCandidate:
    sex = doc["sex"]
    adjustment = doc.get("accessibility_adjustment", False)  # absent from earlier files
    if not isinstance(adjustment, bool):
        raise TypeError("accessibility_adjustment")
    return ConsoleCandidate(
        candidate_id=str(doc["candidate_id"]),
        birth_name=str(doc["birth_name"]),
        first_name=str(doc["first_name"]),
        birth_date=date.fromisoformat(str(doc["birth_date"])),
        extra_time_ratio=Decimal(str(doc["extra_time_ratio"])),
        accessibility_adjustment=adjustment,
        sex=None if sex is None else Sex(sex),
    )
