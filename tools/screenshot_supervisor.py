"""Take screenshots of supervisor mode with a real hub and real stations, to look at them.

Plans a session on a throwaway referent store, exports its pack (v2, certified), opens it on
a console listening on loopback, lets a few real station clients join and answer, then saves
a PNG of the open dialog, the room, the action dialogs, the finalisation wizard, a candidate
moving to another PC (waiting, the resume on its way, resumed) and the emergency sheet. Two
candidates have a positioning profile (engine v2): one started (its own number of questions),
one not (no total claimed yet):

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python tools/screenshot_supervisor.py /tmp/supervisor-shots [--lang en]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keystore import Keystore
from pixdesk.domain.candidate import Sex
from pixdesk.domain.legacy_profile import CompetenceProfile, PositioningProfile
from pixdesk.domain.referential import COMPETENCE_CODES
from pixdesk.i18n import set_language
from pixdesk.lab.loop_thread import LabThread
from pixdesk.services.console_actions import AddTime, ConfirmPresence
from pixdesk.services.console_runtime import ConsoleSettings
from pixdesk.services.console_service import SupervisorService
from pixdesk.services.console_values import ActionKind, RoomRow
from pixdesk.services.session_pack import export_session_pack
from pixdesk.services.sessions import FreeCandidate, SessionDraft, SessionPlanner
from pixdesk.services.station_store import open_station_store
from pixdesk.store.event_types import EventType
from pixdesk.ui.supervisor.console_bridge import ConsoleBridge
from pixdesk.ui.supervisor.console_window import ConsoleWindow
from pixdesk.ui.supervisor.finalisation_wizard import FinalisationWizard
from pixdesk.ui.supervisor.open_session_dialog import OpenSessionDialog
from pixdesk.ui.tasks import TaskRunner
from tests.fakes import FakeClock
from tests.lab.harness import open_store
from tests.services.console_harness import LabRoom, Learner

CHEAP = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)  # a demo session only
PEOPLE = [
    ("DUPONT", "Léa", date(2010, 5, 4), Sex.F, "33"),
    ("MARTIN", "Paul", date(2009, 1, 2), Sex.M, ""),
    ("BERNARD", "Zoé", date(2010, 7, 8), Sex.F, ""),
    ("N'DIAYE", "Aïssatou", date(2009, 11, 23), Sex.F, "25"),
    ("ŒUVRAY", "Lætitia", date(2010, 2, 4), Sex.F, ""),
    ("LEFÈVRE", "Hugo", date(2009, 9, 14), Sex.M, ""),
    ("MOREAU", "Inès", date(2010, 3, 30), Sex.F, ""),
    ("GARCIA", "Lucas", date(2009, 12, 1), Sex.M, ""),
]
V2_PEOPLE = (3, 6)  # N'DIAYE (started, v2) and MOREAU (not joined): a positioning profile each
V2_QUESTIONS = 15
PROFILE = PositioningProfile(tuple(CompetenceProfile(c, 2, 16) for c in COMPETENCE_CODES[:6]))


def settle(app: QApplication, until: Callable[[], bool], timeout: float = 15.0) -> None:
    """Process events until ``until()`` holds (the stations and the console are threads)."""
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the room did not settle")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def planned_pack(folder: Path, center: Ed25519PrivateKey, today: date) -> tuple[Path, str]:
    referent = folder / "referent"
    referent.mkdir()
    store = open_station_store(referent, keystore=Keystore(referent, use_os_keyring=False))
    try:
        plans = SessionPlanner(store.db, rng=random.Random(5), clock=FakeClock())
        draft = SessionDraft(
            "Lycée Ada Lovelace, 12 rue des Écoles, Lyon",
            "Salle B12",
            today.isoformat(),
            "08:30",
            ("M. Turing",),
        )
        planned = plans.create_session(draft)
        for index, (last, first, born, sex, extra) in enumerate(PEOPLE):
            external = f"LOC{index:03d}"
            (one,) = plans.enrol_candidate(
                planned.session_id,
                FreeCandidate(
                    last, first, born, sex, birth_insee_code="69123", external_id=external
                ),
            ).enrolled
            if extra:
                plans.set_extra_time(one.candidate_id, extra)
        path = folder / f"session-{planned.session.number}.pixpack"
        export_session_pack(
            store.db,
            planned.session_id,
            path,
            center_key=center,
            clock=FakeClock(datetime.now(UTC)),
            password_params=CHEAP,
            profiles={f"LOC{index:03d}": PROFILE for index in V2_PEOPLE},
        )
    finally:
        store.close()
    return path, planned.session.invigilator_password


def main(out: Path, lang: str) -> int:
    out.mkdir(parents=True, exist_ok=True)
    set_language(lang)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="pixdesk-shots-") as tmp:
        folder = Path(tmp)
        center = Ed25519PrivateKey.generate()
        now = datetime.now(UTC).replace(microsecond=0)
        pack, password = planned_pack(folder, center, now.astimezone().date())

        dialog = OpenSessionDialog((), pack=pack, center_fingerprint="MFRG-GZDF-MZTW-Q2LK")
        dialog.password.setText(password)
        dialog.show()
        save(dialog, out / "1-open-session.png")
        dialog.close()

        clock = FakeClock(now - timedelta(minutes=35))
        lab = LabThread("shots-console")
        lab.start()
        data = folder / "console"
        data.mkdir()
        service = SupervisorService(
            data_dir=data,
            center_public_key=center.public_key(),
            clock=clock,
            lab=lab,
            open_store=lambda: open_store(data),
            settings=ConsoleSettings(host="127.0.0.1", port=0, advertise=False, kdf_params=CHEAP),
            kdf_params=CHEAP,
        )
        session = service.open_pack(pack, password)
        bridge = ConsoleBridge()
        console = service.start(session, bridge)
        runner = TaskRunner()
        window = ConsoleWindow(console, runner, bridge)
        window.show()

        # The stations: real clients on their own lab thread, as in the tests.
        room = LabRoom(folder / "stations", center_key=center)
        room.console, room.session = console, session
        joined: list[tuple[Learner, str]] = []
        for index in range(6):
            learner = room.learner(provisioned=True, clock=FakeClock(now - timedelta(minutes=34)))
            person = session.candidates[index]
            learner.join(
                person.birth_name,
                person.first_name,
                person.birth_date,
                session.access_code,
                session.number_text,
            )
            joined.append((learner, person.candidate_id))
        for index, (learner, cid) in enumerate(joined[:5]):
            console.perform(ConfirmPresence(cid))
            if index in V2_PEOPLE:  # the station picked a v2 test: its own number of questions
                items = [f"rec{n:05d}" for n in range(V2_QUESTIONS)]
                body = {"candidate_id": cid, "engine": "v2", "item_ids": items}
                learner.append(EventType.TEST_STARTED, body)
            else:
                learner.start()
        for (learner, _cid), answered in zip(joined[:5], (17, 12, 21, 9, 32), strict=True):
            for index in range(answered):
                learner.answer(index)
                learner.station.clock.advance(timedelta(seconds=50))
        learner, cid = joined[4]
        learner.append(EventType.TEST_ENDED, {"candidate_id": cid, "reason": "completed"})
        alert_learner, alert_cid = joined[1]
        alert_learner.raise_alert(12)
        console.perform(AddTime(joined[3][1], 10))
        clock.advance(timedelta(minutes=34))
        room.disconnect(joined[2][0])
        settle(app, lambda: console.row(joined[2][1]).connection.value != "connected")
        clock.advance(timedelta(minutes=1, seconds=10))
        room.reconnect(joined[2][0])
        settle(
            app,
            lambda: bool(console.row(alert_cid).alerts) and bool(console.row(joined[2][1]).credits),
        )
        settle(
            app,
            lambda: all(
                window.model.row_at(window.model.position_of(c)).answered == n
                for (_l, c), n in zip(joined[:5], (17, 12, 21, 9, 32), strict=True)
            ),
        )
        window.select(alert_cid)
        window.model.tick()
        save(window, out / "2-room.png")

        window.request(ActionKind.HANDLE_ALERT)
        settle(app, lambda: window.dialog is not None)
        assert window.dialog is not None
        save(window.dialog, out / "3-alert-dialog.png")
        window.dialog.reject()

        window.request(ActionKind.RECORD_INCIDENT)
        settle(app, lambda: window.dialog is not None)
        assert window.dialog is not None
        save(window.dialog, out / "4-incident-dialog.png")
        window.dialog.reject()

        window.select(joined[2][1])
        window.request(ActionKind.TIME_CREDIT)
        settle(app, lambda: window.dialog is not None)
        assert window.dialog is not None
        save(window.dialog, out / "5-credit-dialog.png")
        window.dialog.reject()

        window.open_finalisation()
        settle(app, lambda: isinstance(window.dialog, FinalisationWizard))
        wizard = window.dialog
        assert isinstance(wizard, FinalisationWizard)
        wizard.resize(900, 620)
        save(wizard, out / "6-finalisation-candidates.png")
        wizard.next()  # refused: abort reasons missing, said next to each field
        save(wizard, out / "7-finalisation-problems.png")
        for line in wizard.candidates.lines:
            if line.reason.isEnabled():
                line.reason.setCurrentIndex(1)
        wizard.next()
        wizard.next()
        wizard.next()
        save(wizard, out / "8-finalisation-check.png")
        wizard.reject()
        settle(app, lambda: window.dialog is None)

        # DUPONT's PC dies; she joins again from another PC and waits for the resume there.
        dead, moved = joined[0]
        room.disconnect(dead)
        settle(app, lambda: console.row(moved).connection.value != "connected")
        fresh = room.learner(provisioned=True, clock=FakeClock(now - timedelta(minutes=1)))
        person = session.candidates[0]
        fresh.join(
            person.birth_name,
            person.first_name,
            person.birth_date,
            session.access_code,
            session.number_text,
        )

        def moved_row() -> RoomRow:
            position = window.model.position_of(moved)
            assert position is not None
            return window.model.row_at(position)

        settle(app, lambda: moved_row().moved_from is not None and "resume_codes" in fresh.kinds())
        window.select(moved)
        window.model.tick()
        save(window, out / "10-room-moved.png")
        fresh.hold = threading.Event()  # the new PC answers once the picture is taken
        window.request(ActionKind.AUTHORISE_RESUME)
        settle(app, lambda: window.busy.isVisible())
        save(window, out / "11-room-moving.png")
        fresh.hold.set()
        settle(app, lambda: not window.busy.isVisible() and moved_row().moved_from is None)
        window.model.tick()
        save(window, out / "12-room-moved-resumed.png")

        sheet = session.sheet_path
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-singlefile",
                str(sheet),
                str(out / "9-emergency-sheet"),
            ],
            check=True,
        )
        print(out / "9-emergency-sheet.png")

        window.close()
        for learner, _cid in joined:
            client = learner.station.client
            if client is not None:
                room.station_lab.run(client.close())
        runner.shutdown(wait=True)
        service.stop()
        room.console = None
        room.close()
        lab.stop()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("supervisor-shots"))
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    arguments = parser.parse_args()
    sys.exit(main(arguments.out, arguments.lang))
