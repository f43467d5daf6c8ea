"""Take screenshots of referent mode with real data, to look at them.

Creates a throwaway store, imports the sample SIECLE roster through the UI, plans a session
of the 3A with an extra time, and saves a PNG of each page and of the main dialogs:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python tools/screenshot_referent.py /tmp/referent-shots [--lang en]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, QEventLoop, QLocale, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pixdesk.crypto.center import Argon2Params, save_center_key
from pixdesk.crypto.keys import generate_signing_key
from pixdesk.crypto.keystore import Keystore
from pixdesk.i18n import set_language
from pixdesk.services.referent import SystemClock, build_referent_services
from pixdesk.services.school_settings import SchoolSettings
from pixdesk.services.station_store import open_station_store
from pixdesk.ui.referent.candidate_options_dialog import CandidateOptionsDialog
from pixdesk.ui.referent.enrol_division_dialog import EnrolDivisionDialog
from pixdesk.ui.referent.export_pack_dialog import ExportPackDialog
from pixdesk.ui.referent.free_candidate_dialog import FreeCandidateDialog
from pixdesk.ui.referent.pick_learners_dialog import PickLearnersDialog
from pixdesk.ui.referent.referent_window import ReferentWindow
from pixdesk.ui.referent.session_dialog import SessionDialog
from pixdesk.ui.tasks import TaskRunner

SAMPLE = ROOT / "tests" / "data" / "siecle" / "ElevesSansAdresses-sample.xml"
PASSPHRASE = "la clé du lycée Lovelace"
CHEAP = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)  # a demo key only


class Expect:
    """Record a signal from now on, so that it cannot fire before we wait for it."""

    def __init__(self, signal: SignalInstance) -> None:
        self.args: list[object] | None = None
        self._loop = QEventLoop()
        signal.connect(self._got)

    def _got(self, *args: object) -> None:
        if self.args is None:
            self.args = list(args)
        self._loop.quit()

    def wait(self, timeout_ms: int = 10000) -> list[object]:
        """Run the event loop until the signal has fired; return its arguments."""
        if self.args is None:
            QTimer.singleShot(timeout_ms, self._loop.quit)
            self._loop.exec()
        if self.args is None:
            raise TimeoutError("the expected signal did not come")
        return self.args


def settle(ms: int = 150) -> None:
    """Let Qt lay out and paint what changed."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, folder: Path, name: str) -> Path:
    settle()
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    set_language(args.lang)
    QLocale.setDefault(QLocale(args.lang))  # as app.py does: "33,0 %" in French
    suffix = "" if args.lang == "fr" else "-en"

    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="pixdesk-shots-"))
    data = work / "station"
    data.mkdir()
    store = open_station_store(data, keystore=Keystore(data, use_os_keyring=False))
    services = build_referent_services(
        store, clock=SystemClock(), rng=random.Random(7), password_params=CHEAP
    )
    key_path = work / "cle-etablissement.json"
    save_center_key(key_path, generate_signing_key(), PASSPHRASE, params=CHEAP, label="Lycée")
    services.settings.save(SchoolSettings("0781234A", "Lycée Ada Lovelace", str(key_path)))
    runner = TaskRunner()
    window = ReferentWindow(services, runner, version="0.1")
    window.resize(1280, 720)
    loaded = Expect(window.sessions_page.sessions_loaded)
    window.show()
    window.start()
    loaded.wait()
    save(window, out, f"01-roster-empty{suffix}")

    roster = window.roster_page
    planned = Expect(roster.import_planned)
    roster.import_file(SAMPLE)
    planned.wait()
    assert roster.preview_dialog is not None
    save(roster.preview_dialog, out, f"02-import-preview{suffix}")
    applied = Expect(roster.import_applied)
    roster.preview_dialog.apply_button.click()
    applied.wait()
    save(window, out, f"03-roster{suffix}")

    window.show_page(1)
    page = window.sessions_page
    page.new_session()
    form = page.dialog
    assert isinstance(form, SessionDialog)
    refused = Expect(form.banner.shown)
    form.save_button.click()  # empty: every required field is refused
    refused.wait()
    save(form, out, f"04-session-form-errors{suffix}")
    form.site_edit.setText("Lycée Ada Lovelace, 1 rue Babbage, Rouen")
    form.room_edit.setText("Salle informatique 2")
    form.date_edit.setDate(QDate(2027, 3, 16))
    form.invigilators_edit.setPlainText("Mme Hopper")
    saved = Expect(page.session_saved)
    form.save_button.click()
    saved.wait()
    assert page.dialog is not None
    save(page.dialog, out, f"05-session-codes{suffix}")
    page.dialog.accept()

    panel = page.panel
    panel.enrol_division()
    division = panel.dialog
    assert isinstance(division, EnrolDivisionDialog)
    Expect(division.divisions_loaded).wait()
    save(division, out, f"06-enrol-division{suffix}")
    division.choose("3A")
    enrolled = Expect(panel.enrolment_changed)
    division.enrol_button.click()
    enrolled.wait()
    panel.select_candidate(panel.model.enrolled(0).candidate.candidate_id)
    panel.edit_adjustments()
    options = panel.dialog
    assert isinstance(options, CandidateOptionsDialog)
    options.extra_time_spin.setValue(33)
    save(options, out, f"07-adjustments{suffix}")
    changed = Expect(panel.candidate_changed)
    options.save_button.click()
    changed.wait()
    save(window, out, f"08-sessions{suffix}")

    panel.pick_learners()
    picker = panel.dialog
    assert isinstance(picker, PickLearnersDialog)
    Expect(picker.learners_loaded).wait()
    save(picker, out, f"09-pick-learners{suffix}")
    picker.reject()

    panel.add_free_candidate()
    free = panel.dialog
    assert isinstance(free, FreeCandidateDialog)
    refused = Expect(free.banner.shown)
    free.enrol_button.click()
    refused.wait()
    save(free, out, f"10-free-candidate-errors{suffix}")
    free.reject()

    panel.export_pack()
    settle(400)  # the settings are read off the UI thread before the dialog opens
    export = panel.dialog
    assert isinstance(export, ExportPackDialog)
    export.folder_edit.setText(str(work))
    export.passphrase_edit.setText("pas la bonne")
    wrong = Expect(export.export_refused)
    export.export_button.click()
    wrong.wait()
    save(export, out, f"11-export-pack-wrong-passphrase{suffix}")
    # A positioning profiles file naming a competence that does not exist (engine v2).
    ine = panel.model.enrolled(0).candidate.external_id
    profiles = work / "profils-positionnement.json"
    entry = {"competence": "9.9", "level": 2, "pix": 16, "skills": []}
    document = {"format": "pixdesk-positioning-profiles", "profiles": {ine: [entry]}}
    profiles.write_text(json.dumps(document), encoding="utf-8")
    export.profiles_edit.setText(str(profiles))
    export.passphrase_edit.setText(PASSPHRASE)
    wrong = Expect(export.export_refused)
    export.export_button.click()
    wrong.wait()
    save(export, out, f"11b-export-pack-bad-profiles{suffix}")
    export.profiles_edit.clear()
    export.passphrase_edit.setText(PASSPHRASE)
    exported = Expect(panel.pack_exported)
    export.export_button.click()
    exported.wait()
    save(window, out, f"12-pack-exported{suffix}")

    written = Expect(panel.document_written)
    panel.print_attendance_sheet(work)
    written.wait()
    save(window, out, f"13-attendance-sheet-written{suffix}")

    window.edit_school()
    assert window.school_dialog is not None
    save(window.school_dialog, out, f"14-school{suffix}")
    window.school_dialog.reject()

    runner.shutdown(wait=True)
    window.close()
    store.close()
    app.processEvents()
    sync_shots(out, suffix, work)
    return 0


def sync_shots(out: Path, suffix: str, work: Path) -> None:
    """The "Envoi" page: a finalised session exported and delivered to a loopback receiver."""
    from pixdesk.bundle.platform_key import derive_test_platform_key
    from pixdesk.crypto.keys import b64u_encode
    from pixdesk.services.config import MachineConfig
    from pixdesk.services.referent_sync import build_referent_sync
    from pixdesk.sync.receiver.server import receiver_in_thread
    from pixdesk.ui.referent.sync_model import BundleState
    from tests.bundle.console_store import make_console_store
    from tests.sync.conftest import receiver_settings

    platform = derive_test_platform_key("pixdesk screenshots/platform")
    key_file = work / "platform.pub"
    key_file.write_bytes(platform.public().to_file())
    for name, online in (("15-sync-no-platform", False), ("16-sync-delivered", True)):
        data = work / name
        make_console_store(data)
        store = open_station_store(data, keystore=Keystore(data, use_os_keyring=False))
        with receiver_in_thread(receiver_settings(work / f"{name}-receiver", platform)) as rx:
            sign = b64u_encode(platform.public().sign_key.public_bytes_raw())
            config = MachineConfig(
                platform_url=rx.url if online else None,
                platform_public_key=sign if online else None,
            )
            signing_key = Keystore(data, use_os_keyring=False).station_key(create=False)
            clock, rng = SystemClock(), random.Random(7)
            sync = build_referent_sync(store, config, signing_key, clock=clock, rng=rng)
            services = build_referent_services(store, clock=clock, rng=rng, password_params=CHEAP)
            runner = TaskRunner()
            window = ReferentWindow(services, runner, version="0.1", sync=sync)
            window.resize(1280, 720)
            page = window.sync_page
            assert page is not None
            loaded = Expect(page.sessions_loaded)
            window.show()
            window.start()
            loaded.wait()
            window.show_page(2)
            page.ask_key_file = lambda _caption: key_file
            adopted = Expect(page.platform_key_adopted)
            page.choose_platform_key()
            adopted.wait()
            usb = work / f"{name}-usb"
            usb.mkdir()
            page.ask_folder = lambda _caption, usb=usb: usb
            exported = Expect(page.bundle_exported)
            page.export_selected()
            exported.wait()
            if online:
                for _attempt in range(100):
                    if page.model.row(0).state is BundleState.DELIVERED:
                        break
                    settle(100)
            save(window, out, f"{name}{suffix}")
            runner.shutdown(wait=True)
            window.close()
            store.close()
            app = QApplication.instance()
            if app is not None:
                app.processEvents()


if __name__ == "__main__":
    sys.exit(main())
