"""The incident minutes (procès-verbal) a console writes when it finalises (RULES.md §4, §8, §9).

Everything comes from the console's store, the same fold a restarted console would make: the
incidents the invigilator recorded (``incident.recorded``), the live alerts validated
(``alert.raised`` from the stations' replicas, ``alert.validated`` from the console or the
station), and the finalisation form (``session.finalised``). Only this session's events count:
a candidate of the session, or a session-wide incident carrying its ``session_id``.

The PDF goes into the session's console folder (``console_files.session_dir``), beside the
emergency sheet, written atomically: a crash leaves the old file or the new one, never half.
Reading runs on the console's worker (it owns the store connection); rendering and writing may
run anywhere.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from pixdesk.documents.minutes import (
    IncidentMinutes,
    IncidentSource,
    TimedIncident,
    build_incident_minutes,
)
from pixdesk.documents.render_pdf import render_incident_minutes, write_pdf
from pixdesk.domain.candidate import CandidateState
from pixdesk.domain.finalisation import AbortReason, CandidateReport, FinalisationForm
from pixdesk.domain.incidents import Incident, IncidentCode
from pixdesk.domain.session import Session
from pixdesk.services.console_finalise import FinalisationOutcome
from pixdesk.services.console_room import parse_wall_time
from pixdesk.services.console_session import ConsoleSession
from pixdesk.services.school_settings import SchoolSettingsFile
from pixdesk.services.station_store import StationStore
from pixdesk.store.errors import StoreError
from pixdesk.store.event_log import iter_events
from pixdesk.store.event_types import EventType

__all__ = ["minutes_file_name", "read_minutes", "with_minutes", "write_minutes"]

_log = logging.getLogger(__name__)

_TYPES: Final = frozenset(
    {
        EventType.INCIDENT_RECORDED.value,
        EventType.ALERT_RAISED.value,
        EventType.ALERT_VALIDATED.value,
        EventType.SESSION_FINALISED.value,
    }
)


def minutes_file_name(number: int) -> str:
    """Return the file name of a session's minutes (the same on every PC)."""
    return f"proces-verbal-session-{number}.pdf"


@dataclass
class _Alert:
    candidate_id: str | None = None
    question_index: int | None = None
    raised_at: datetime | None = None
    subcategory: IncidentCode | None = None


@dataclass
class _Journal:
    """What the minutes need from the journal, folded in local order."""

    people: frozenset[str]
    session_id: str
    by_candidate: dict[str, list[tuple[int, TimedIncident]]] = field(default_factory=dict)
    session_wide: list[TimedIncident] = field(default_factory=list)
    alerts: dict[str, _Alert] = field(default_factory=dict)
    alert_order: list[str] = field(default_factory=list)
    form: Mapping[str, Any] | None = None
    finalised_at: datetime | None = None
    position: int = 0

    def fold(self, type_: str, at: datetime | None, body: Mapping[str, Any]) -> None:
        self.position += 1
        if type_ == EventType.INCIDENT_RECORDED.value:
            self._incident(at, body)
        elif type_ in (EventType.ALERT_RAISED.value, EventType.ALERT_VALIDATED.value):
            self._alert(type_, at, body)
        elif (
            type_ == EventType.SESSION_FINALISED.value
            and body.get("session_id") == self.session_id
            and self.form is None
        ):
            form = body.get("form")
            self.form = form if isinstance(form, dict) else {}
            self.finalised_at = at

    def _incident(self, at: datetime | None, body: Mapping[str, Any]) -> None:
        try:
            code = IncidentCode(str(body.get("code")))
        except ValueError:
            return  # not a code this version knows: stored, never printed
        index = body.get("question_index")
        description = body.get("description")
        incident = TimedIncident(
            Incident(
                code,
                description if isinstance(description, str) else "",
                index + 1 if isinstance(index, int) else None,
            ),
            at,
        )
        cid = body.get("candidate_id")
        if isinstance(cid, str):
            if cid in self.people:
                self.by_candidate.setdefault(cid, []).append((self.position, incident))
        elif body.get("session_id") == self.session_id:
            self.session_wide.append(incident)

    def _alert(self, type_: str, at: datetime | None, body: Mapping[str, Any]) -> None:
        alert_id = body.get("alert_id")
        if not isinstance(alert_id, str):
            return
        alert = self.alerts.get(alert_id)
        if alert is None:
            alert = self.alerts[alert_id] = _Alert()
            self.alert_order.append(alert_id)
        cid = body.get("candidate_id")
        if isinstance(cid, str) and alert.candidate_id is None:
            alert.candidate_id = cid
        if type_ == EventType.ALERT_RAISED.value:
            index = body.get("question_index")
            alert.question_index = index if isinstance(index, int) else None
            alert.raised_at = at
        elif alert.subcategory is None:  # the console's and the station's say the same
            try:
                alert.subcategory = IncidentCode(str(body.get("subcategory")))
            except ValueError:
                return

    def incidents(self) -> dict[str, list[TimedIncident]]:
        """Each candidate's incidents and validated alerts, in the order they happened."""
        found = {cid: list(lines) for cid, lines in self.by_candidate.items()}
        for alert_id in self.alert_order:
            alert = self.alerts[alert_id]
            cid = alert.candidate_id
            if alert.subcategory is None or cid not in self.people or cid is None:
                continue
            number = None if alert.question_index is None else alert.question_index + 1
            line = TimedIncident(
                Incident(alert.subcategory, "", number), alert.raised_at, IncidentSource.LIVE_ALERT
            )
            found.setdefault(cid, []).append((self.position + 1, line))
        return {
            cid: [line for _pos, line in sorted(lines, key=_chronological)]
            for cid, lines in found.items()
        }


def _chronological(entry: tuple[int, TimedIncident]) -> tuple[bool, datetime | None, int]:
    position, line = entry
    return (line.at is None, line.at, position)


def read_minutes(
    store: StationStore, session: ConsoleSession, *, centre: str = ""
) -> IncidentMinutes:
    """Gather the minutes of ``session`` from the console's store (after its finalisation).

    Args:
        store: The console's store, on this thread's connection.
        session: The console's session.
        centre: The certification centre's name ("": the name in this PC's school settings,
            else the session's site).

    Raises:
        ValueError: The session is not finalised in this store (a bug in the caller).
        StoreError: The store cannot be read.
    """
    people = {one.candidate_id: one for one in session.candidates}
    journal = _Journal(frozenset(people), session.session_id)
    for _station, type_, wall_time, body in iter_events(store.db, types=_TYPES):
        try:
            decoded = json.loads(body)
        except ValueError:
            continue
        if isinstance(decoded, dict):
            journal.fold(type_, _local(parse_wall_time(wall_time)), decoded)
    if journal.form is None:
        raise ValueError(f"session {session.session_id} is not finalised in this store")
    return build_incident_minutes(
        _domain_session(session),
        [one.to_domain(session.number) for one in session.candidates],
        _form(journal.form, people),
        journal.incidents(),
        centre=centre or _centre(store.data_dir, session),
        finalised_at=journal.finalised_at,
        session_incidents=journal.session_wide,
    )


def write_minutes(minutes: IncidentMinutes, folder: Path) -> Path:
    """Render ``minutes`` and write them into ``folder`` atomically; return the file.

    Raises:
        OSError: The folder cannot be written (a full disk…).
    """
    path = folder / minutes_file_name(minutes.header.number)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_pdf(path, render_incident_minutes(minutes))
    return path


def _local(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone()


def _domain_session(session: ConsoleSession) -> Session:
    return Session(
        number=session.number,
        site=session.site,
        room=session.room,
        date=session.date,
        start_time=session.start_time,
        invigilators=session.invigilators,
        access_code=session.access_code,
        invigilator_password="",  # never printed: the minutes need no secret
        engine_version=session.engine_version,
    )


def _centre(data_dir: Path, session: ConsoleSession) -> str:
    """The school's name if the referent set it on this PC, else the session's site."""
    return SchoolSettingsFile(data_dir).load().name.strip() or session.site


def _form(doc: Mapping[str, Any], people: Mapping[str, object]) -> FinalisationForm:
    """The journaled form (docs/journal.md §6) back as the domain's, one report a candidate."""
    reports: dict[str, CandidateReport] = {}
    raw = doc.get("reports")
    for one in raw if isinstance(raw, list) else ():
        report = _report(one)
        if report is not None and report.candidate_id in people:
            reports[report.candidate_id] = report
    for cid in people:
        reports.setdefault(cid, CandidateReport(cid, CandidateState.ENROLLED))
    return FinalisationForm(
        reports=tuple(reports[cid] for cid in people),
        comment=str(doc.get("comment") or ""),
        incident=doc.get("incident") is True,
        joining_issue=doc.get("joining_issue") is True,
    )


def _report(doc: object) -> CandidateReport | None:
    if not isinstance(doc, dict) or not isinstance(doc.get("candidate_id"), str):
        return None
    try:
        state = CandidateState(str(doc.get("state")))
        reason = doc.get("abort_reason")
        abort = None if reason is None else AbortReason(str(reason))
    except ValueError:
        return None
    return CandidateReport(
        candidate_id=doc["candidate_id"],
        state=state,
        abort_reason=abort,
        saw_end_screen=doc.get("saw_end_screen") is True,
        comment=str(doc.get("comment") or ""),
    )


def with_minutes(outcome: FinalisationOutcome, write: Callable[[], Path]) -> FinalisationOutcome:
    """Return ``outcome`` with where ``write`` put the minutes, or why it could not.

    The session is finalised before the minutes are written: a full disk must not undo it,
    so the error is returned (and logged) for the invigilator to see, never raised.
    """
    try:
        return replace(outcome, minutes_path=write())
    except (OSError, StoreError) as exc:
        _log.warning("the incident minutes could not be written: %s", exc)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return replace(outcome, minutes_error=detail)
