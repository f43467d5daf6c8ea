"""Print a planned session's documents: the attendance sheet, as a PDF in a chosen folder.

Two steps, because they belong to two threads in referent mode: :meth:`SessionDocuments.
attendance_sheet` reads the store (the database worker), :func:`write_attendance_sheet`
renders and writes the PDF (any worker: reportlab takes a while on a large session).
Both are methods, so that the UI calls them on the object it was given.
"""

from __future__ import annotations

from pathlib import Path

from pixdesk.documents.attendance import AttendanceSheet, build_attendance_sheet
from pixdesk.documents.render_pdf import render_attendance_sheet, write_pdf
from pixdesk.services.sessions import SessionPlanner

__all__ = ["SessionDocuments", "attendance_sheet_file_name", "write_attendance_sheet"]


class SessionDocuments:
    """Build the documents of the sessions the planner holds."""

    def __init__(self, planner: SessionPlanner) -> None:
        self._planner = planner

    def attendance_sheet(self, session_id: str, *, centre: str) -> AttendanceSheet:
        """Return the attendance sheet of a session, candidates in alphabetical order.

        Raises:
            PlanningError: ``SESSION_NOT_FOUND``.
        """
        planned = self._planner.get_session(session_id)
        candidates = [one.candidate for one in self._planner.candidates(session_id)]
        return build_attendance_sheet(planned.session, candidates, centre=centre)

    def write_attendance_sheet(self, sheet: AttendanceSheet, folder: Path) -> Path:
        """Render ``sheet`` into ``folder`` (see :func:`write_attendance_sheet`)."""
        return write_attendance_sheet(sheet, folder)


def attendance_sheet_file_name(number: int) -> str:
    """Return the file name of a session's attendance sheet (the same on every PC)."""
    return f"emargement-session-{number}.pdf"


def write_attendance_sheet(sheet: AttendanceSheet, folder: Path) -> Path:
    """Render ``sheet`` and write it into ``folder`` (replacing an older copy); return the file.

    Raises:
        OSError: The folder cannot be written (a USB key removed, a full disk…).
    """
    path = folder / attendance_sheet_file_name(sheet.header.number)
    write_pdf(path, render_attendance_sheet(sheet))
    return path
