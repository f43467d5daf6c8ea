"""The "Envoi" page's list: each finalised session, its bundle, and where that bundle is.

A row joins a finalised session with its outbox entry (by the bundle id of its last export,
else by its number as the entry's label); outbox entries that match no session (enqueued
with ``pixdesk sync``) get rows of their own. Every state is said in words, and a bundle
that is not delivered says why (never silent, never colour alone).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from pixdesk.i18n import _
from pixdesk.services.sync_messages import describe_problem
from pixdesk.services.sync_values import OutboxState
from pixdesk.ui.widgets.table_model import TEXT_ROLES, ReadOnlyTableModel

if TYPE_CHECKING:
    from pixdesk.services.session_bundle_values import FinalisedSession
    from pixdesk.services.sync_values import OutboxItem, SyncStatus


class Column(IntEnum):
    """The columns, in display order."""

    SESSION = 0
    FINALISED = 1
    STATE = 2
    DETAIL = 3


class BundleState(StrEnum):
    """Where a session's bundle is, as the page says it."""

    NOT_EXPORTED = "not_exported"
    EXPORTED = "exported"  # written to a file, not in the outbox
    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


_FROM_OUTBOX = {
    OutboxState.QUEUED: BundleState.QUEUED,
    OutboxState.SENDING: BundleState.SENDING,
    OutboxState.DELIVERED: BundleState.DELIVERED,
    OutboxState.FAILED: BundleState.FAILED,
}


@dataclass(frozen=True, slots=True)
class SyncRow:
    """One line of the list."""

    session: FinalisedSession | None
    item: OutboxItem | None

    @property
    def number(self) -> str:
        """Return the session number (the outbox label for an entry without session)."""
        if self.session is not None:
            return self.session.number
        return self.item.label if self.item is not None else ""

    @property
    def state(self) -> BundleState:
        """Return where the bundle is."""
        if self.item is not None:
            return _FROM_OUTBOX[self.item.state]
        if self.session is not None and self.session.export is not None:
            return BundleState.EXPORTED
        return BundleState.NOT_EXPORTED


def when(moment: datetime) -> str:
    """Return a time as the page shows it, in this PC's time zone: ``30/11/2026 17:30``."""
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def size_text(count: int) -> str:
    """Return a byte count people can read (``29 Ko``, ``1,4 Mo``)."""
    if count < 1024 * 1024:
        return _("{size} Ko").format(size=round(count / 1024) if count else 0)
    value = f"{count / (1024 * 1024):.1f}".replace(".", ",")
    return _("{size} Mo").format(size=value)


def state_text(state: BundleState) -> str:
    """Return the words for a state."""
    words = {
        BundleState.NOT_EXPORTED: _("Non exporté"),
        BundleState.EXPORTED: _("Exporté, pas en file d'envoi"),
        BundleState.QUEUED: _("En attente d'envoi"),
        BundleState.SENDING: _("Envoi en cours"),
        BundleState.DELIVERED: _("Remis, reçu de la plateforme"),
        BundleState.FAILED: _("Échec de l'envoi"),
    }
    return words[state]


def detail_text(row: SyncRow, *, configured: bool, sent: tuple[int, int] | None) -> str:
    """Return what the state needs said: why, when, how far."""
    item, state = row.item, row.state
    if state is BundleState.NOT_EXPORTED:
        return _("Exportez le lot pour l'envoyer ou le remettre sur clé USB.")
    if state is BundleState.EXPORTED or item is None:
        path = row.session.export.path if row.session and row.session.export else ""
        return _("Fichier : {path}").format(path=path)
    if state is BundleState.DELIVERED:
        received = item.receipt.received if item.receipt is not None else item.delivered_at
        return _("Reçu du {date}.").format(date=when(received) if received else "—")
    if state is BundleState.SENDING:
        done, total = sent if sent is not None else (item.sent_bytes, item.size)
        return _("{sent} envoyés sur {total}.").format(sent=size_text(done), total=size_text(total))
    if state is BundleState.FAILED:
        reason = describe_problem(item.problem) if item.problem else _("Cause inconnue.")
        return _("{reason} Corrigez puis « Réessayer ».").format(reason=reason)
    # Queued.
    if not configured:
        return _("Aucune plateforme configurée : le lot attend sur ce poste.")
    parts = []
    if item.problem is not None:
        parts.append(describe_problem(item.problem))
    if item.next_attempt_at is not None and item.attempts:
        parts.append(_("Prochain essai : {date}.").format(date=when(item.next_attempt_at)))
    return " ".join(parts) or _("Sera envoyé au prochain passage.")


def build_rows(sessions: Iterable[FinalisedSession], status: SyncStatus | None) -> list[SyncRow]:
    """Join the sessions with the outbox: one row per session, then unmatched entries."""
    items = list(status.items) if status is not None else []
    by_id = {item.bundle_id: item for item in items}
    used: set[str] = set()
    rows = []
    for session in sessions:
        item = None
        if session.export is not None:
            item = by_id.get(session.export.bundle_id)
        if item is None:  # newest first: the last one enqueued under this number
            item = next(
                (i for i in items if i.label == session.number and i.bundle_id not in used), None
            )
        if item is not None:
            used.add(item.bundle_id)
        rows.append(SyncRow(session, item))
    rows += [SyncRow(None, item) for item in items if item.bundle_id not in used]
    return rows


class SyncModel(ReadOnlyTableModel[SyncRow]):
    """The finalised sessions and their bundles (a cell's tooltip is its text, for details)."""

    text_roles = (*TEXT_ROLES, Qt.ItemDataRole.ToolTipRole)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            {
                Column.SESSION: _("Session"),
                Column.FINALISED: _("Finalisée le"),
                Column.STATE: _("État du lot"),
                Column.DETAIL: _("Détail"),
            },
            parent,
        )
        self._configured = False
        self._sent: dict[str, tuple[int, int]] = {}

    def set_rows(self, rows: Iterable[SyncRow], *, configured: bool) -> None:
        """Replace every row."""
        shown = list(rows)
        self._configured = configured
        live = {row.item.bundle_id for row in shown if row.item is not None}
        self._sent = {key: value for key, value in self._sent.items() if key in live}
        self.replace_rows(shown)

    def set_sent(self, bundle_id: str, sent: int, total: int) -> None:
        """Show how far an upload is (from the sync run's progress)."""
        self._sent[bundle_id] = (sent, total)
        for number, row in enumerate(self.row_values()):
            if row.item is not None and row.item.bundle_id == bundle_id:
                index = self.index(number, Column.DETAIL)
                self.dataChanged.emit(index, index)

    def row(self, number: int) -> SyncRow:
        """Return a row."""
        return self.row_value(number)

    def row_of_session(self, session_id: str) -> int | None:
        """Return the row of a session, None if it is not listed."""
        for number, row in enumerate(self.row_values()):
            if row.session is not None and row.session.session_id == session_id:
                return number
        return None

    def text(self, number: int, column: Column) -> str:
        """Return the text of one cell."""
        return self.cell_text(self.row_value(number), column)

    def cell_text(self, value: SyncRow, column: int) -> str:
        """Return the text of ``value``'s cell in ``column``."""
        row, column = value, Column(column)
        if column is Column.SESSION:
            if row.session is None:
                return _("{label} (lot hors session)").format(label=row.number or "—")
            return _("{number} — {room}").format(number=row.number, room=row.session.room or "—")
        if column is Column.FINALISED:
            finalised = row.session.finalised_at if row.session is not None else None
            return when(finalised) if finalised is not None else "—"
        if column is Column.STATE:
            return state_text(row.state)
        sent = self._sent.get(row.item.bundle_id) if row.item is not None else None
        return detail_text(row, configured=self._configured, sent=sent)
