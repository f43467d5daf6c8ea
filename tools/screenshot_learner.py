"""Take a PNG of every learner-mode page, against a real hub on loopback (the demo bank).

Usage (a display is needed; Xvfb works)::

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python tools/screenshot_learner.py /tmp/learner-shots [--lang en]

A console hub serves a demo session (Léa Dupont, access code BCDF23); one learner window
joins it, waits, starts, answers questions of every type it meets, reports a problem, loses
its console, is closed and reopened (resume page, offline code), and ends. Each step's window
is saved with ``grab()``; the list of files is printed at the end.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keystore import Keystore
from pixdesk.crypto.resume_codes import generate_resume_codes, hash_resume_codes
from pixdesk.domain.candidate import Candidate, Sex
from pixdesk.domain.incidents import IncidentCode
from pixdesk.domain.items import ItemType
from pixdesk.i18n import set_language
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.commands import Command
from pixdesk.lab.hub import Hub
from pixdesk.lab.hub_config import HubSession
from pixdesk.lab.loop_thread import LabThread
from pixdesk.lab.tls import generate_console_tls
from pixdesk.services.learner import StationClock
from pixdesk.services.station_bank import load_demo_bank
from pixdesk.services.station_config import StationConfig
from pixdesk.services.station_record import Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.services.station_store import open_station_store
from pixdesk.ui.learner.answer_widgets import ChoiceAnswer, FieldsAnswer
from pixdesk.ui.learner.bridge import StationBridge
from pixdesk.ui.learner.learner_window import LearnerWindow
from pixdesk.ui.learner.question_page import QuestionPage
from pixdesk.ui.tasks import TaskRunner

SESSION = "123456"
ENGINE_SEED_SOURCE = 2871
CODE = "BCDF23"
LEA = Candidate(
    "cand-lea",
    123456,
    "Dupont",
    "Léa",
    date(2010, 5, 4),
    Sex.F,
    birth_insee_code="75056",
    extra_time_ratio=Decimal("0.33"),
)


class Shots:
    """Drives the window and saves each step."""

    def __init__(self, out: Path, lang: str) -> None:
        self.out = out
        self.lang = lang
        self.saved: list[Path] = []
        self.work = Path(tempfile.mkdtemp(prefix="pixdesk-shots-"))
        self.clock = StationClock()
        self.console_thread = LabThread("shots-console")
        self.console_thread.start()
        console_dir = self.work / "console"
        console_dir.mkdir()
        self.console_store = open_station_store(
            console_dir, keystore=Keystore(console_dir, use_os_keyring=False)
        )
        self.session_key = Ed25519PrivateKey.generate()
        self.tls = generate_console_tls(now=self.clock.now())
        self.hub: Hub | None = None
        self.port = 0
        self.codes = generate_resume_codes(6)
        cheap = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)
        self.hashes = hash_resume_codes(self.codes, params=cheap)
        self.station: StationRuntime | None = None
        self.window: LearnerWindow | None = None
        self.runner: TaskRunner | None = None

    # ---------------------------------------------------------------- the room

    def start_hub(self, admitted: frozenset[str] = frozenset()) -> ConsoleAddress:
        hub = Hub(tls=self.tls, replica=self.console_store.journal, clock=self.clock)
        hub.add_session(
            HubSession(
                number=SESSION,
                room="Salle 12 (démo)",
                access_code=CODE,
                candidates=(LEA,),
                session_key=self.session_key,
                admitted_stations=admitted,
            )
        )
        host, port = self.console_thread.run(hub.start("127.0.0.1", self.port), 10)
        self.hub, self.port = hub, port
        return ConsoleAddress(host, port)

    def stop_hub(self) -> None:
        if self.hub is not None:
            self.console_thread.run(self.hub.close(graceful=False), 10)
            self.hub = None

    def send(self, command: Command) -> None:
        assert self.hub is not None
        assert self.station is not None
        outcome = self.console_thread.run(self.hub.send_command(self.station.station_id, command))
        print(f"  console → {command.kind}: {outcome.status}")

    def open_station(self, address: ConsoleAddress) -> LearnerWindow:
        station_dir = self.work / "station"
        station_dir.mkdir(exist_ok=True)
        self.station = StationRuntime.open(
            StationConfig(
                data_dir=station_dir,
                bank=load_demo_bank(),
                clock=self.clock,
                keystore=Keystore(station_dir, use_os_keyring=False),
                console_address=address,
                # A test that meets every item type, a timed item and an attachment early.
                rng=random.Random(ENGINE_SEED_SOURCE),
            )
        )
        self.runner = TaskRunner()
        window = LearnerWindow(StationBridge(self.station, self.runner), lang=self.lang)
        window.resize(1280, 720)
        window.show()
        window.activateWindow()
        window.start()
        self.window = window
        self.wait(window.isVisible)
        return window

    def close_station(self) -> None:
        assert self.window is not None
        assert self.runner is not None
        assert self.station is not None
        self.window.close()
        self.runner.shutdown(wait=True)
        self.station.close()
        self.window = self.runner = self.station = None

    # ---------------------------------------------------------------- helpers

    def wait(self, condition: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                window = self.window
                detail = window.question_page.error.text() if window is not None else ""
                if window is not None and self.station is not None:
                    page = window.question_page
                    snap = self.station.snapshot()
                    detail += f" phase={snap.phase} answered={snap.answered}"
                    detail += f" enabled={page.submit_button.isEnabled()} shown={page._shown}"
                raise TimeoutError(f"the window did not get there {detail!r}")
            QTest.qWait(20)

    def shot(self, name: str) -> None:
        assert self.window is not None
        QTest.qWait(150)  # let layouts settle
        path = self.out / f"{len(self.saved) + 1:02d}-{name}.png"
        self.window.grab().save(str(path))
        self.saved.append(path)
        print(f"saved {path}")

    def answer_current(self, *, wrong: bool = False) -> None:
        window, station = self.window, self.station
        assert window is not None
        assert station is not None
        page = window.question_page
        question = station.snapshot().question
        assert question is not None
        item = question.item
        answer = page.answer
        if isinstance(answer, ChoiceAnswer):
            others = [key for key in item.proposals if key not in item.solution.choices]
            keys = others[:1] if wrong else sorted(item.solution.choices)
            for key in keys[:1] if item.type is ItemType.QCU else keys:
                answer.buttons[key].setChecked(True)
        elif isinstance(answer, FieldsAnswer):
            names = sorted(answer.edits)
            # Several fields sharing one pool of variants (QROCM-dep) need distinct values.
            pool = list(dict.fromkeys(v for n in names for v in item.solution.variants.get(n, ())))
            for index, name in enumerate(names):
                own = item.solution.variants.get(name) or ("?",)
                right = pool[index] if item.type is ItemType.QROCM_DEP else own[0]
                answer.edits[name].setText("?" if wrong else right)
        before = station.snapshot().answered
        page.submit()
        self.wait(lambda: station.snapshot().answered > before)
        self.wait(lambda: self.shown_in_window(page))

    def shown_in_window(self, page: QuestionPage) -> bool:
        """Tell whether the page shows, ready, the question the station is on."""
        assert self.station is not None
        question = self.station.snapshot().question
        if question is None or not page.isVisible():
            return True
        return page.heading.text().startswith(f"Question {question.number} ") and (
            page.submit_button.isEnabled()
        )

    # ---------------------------------------------------------------- the story

    def run(self) -> None:
        address = self.start_hub()
        window = self.open_station(address)
        window.search_page.searching()
        self.shot("search-searching")
        window.search_page.show_configured(address)
        self.shot("search-configured")

        window.search_page.continue_button.click()
        identity = window.identity_page
        identity.session.setText(SESSION)
        identity.first_name.setText("Lea")
        identity.birth_name.setText("Durand")
        identity.day.setText("04")
        identity.month.setText("05")
        identity.year.setText("2010")
        self.shot("identity")
        identity.continue_button.click()
        self.wait(lambda: window.current_page is window.code_page)
        window.code_page.code.setText("XXXX99")
        window.code_page.join_button.click()
        self.wait(lambda: window.code_page.error.isVisible())
        self.shot("code-wrong")
        window.code_page.code.setText(CODE)
        window.code_page.join_button.click()
        self.wait(lambda: window.identity_page.error.isVisible())
        self.shot("identity-unknown-person")
        identity.birth_name.setText("Dupont")
        identity.continue_button.click()
        self.wait(lambda: window.current_page is window.code_page)
        window.code_page.join_button.click()
        self.wait(lambda: window.current_page is window.waiting_page)
        self.shot("waiting")

        self.send(Command.confirm_presence(LEA.candidate_id))
        self.send(Command.resume_codes(LEA.candidate_id, self.hashes))
        self.wait(lambda: window.current_page is window.instructions_page)
        self.shot("instructions")
        window.instructions_page.start_button.click()
        self.wait(lambda: window.current_page is window.question_page)
        self.shot("question-first")
        self.answer_questions()
        self.alert_and_offline()
        self.resume()
        self.end()

    def answer_questions(self) -> None:
        station, window = self.station, self.window
        assert station is not None
        assert window is not None
        wanted = {kind.value for kind in ItemType} | {"timed", "attachment", "image"}
        for number in range(22):
            question = station.snapshot().question
            if question is None or not wanted:
                break
            features = {question.item.type.value}
            if question.timer_s is not None:
                features.add("timed")
            if question.content.attachments:
                features.add("attachment")
            if question.content.image is not None:
                features.add("image")
            new = features & wanted
            if new:
                wanted -= new
                self.shot("question-" + "-".join(sorted(new)).lower())
            self.answer_current(wrong=number % 4 == 0)
        self.shot("question-saved")
        window.zoom(1.4)
        window.set_high_contrast(True)
        self.shot("question-zoom-high-contrast")
        window.zoom(None)
        window.set_high_contrast(False)

    def alert_and_offline(self) -> None:
        station, window = self.station, self.window
        assert station is not None
        assert window is not None
        window.question_page.report()
        self.wait(lambda: window.current_page is window.blocked_page)
        self.shot("blocked-alert")
        alert = station.snapshot().alert_id
        assert alert is not None
        self.send(Command.validate_alert(LEA.candidate_id, alert, IncidentCode.E9))
        self.wait(lambda: window.current_page is window.question_page)
        self.stop_hub()
        self.wait(lambda: not station.snapshot().link.connected)
        self.answer_current()
        self.shot("question-offline")

    def resume(self) -> None:
        assert self.station is not None
        station_id = self.station.station_id
        self.close_station()
        window = self.open_station(self.start_hub(admitted=frozenset({station_id})))
        self.wait(lambda: window.current_page is window.resume_page)
        self.shot("resume")
        window.resume_page.code.setText("01-BBBB-BBBB")
        window.resume_page.resume_button.click()
        self.wait(lambda: window.resume_page.error.isVisible())
        self.shot("resume-wrong-code")
        window.resume_page.code.setText(self.codes[0].text)
        window.resume_page.resume_button.click()
        self.wait(lambda: window.current_page is window.question_page)
        self.shot("question-after-resume")

    def end(self) -> None:
        station, window = self.station, self.window
        assert station is not None
        assert window is not None
        self.wait(lambda: station.snapshot().link.connected)
        self.send(Command.end_test(LEA.candidate_id))
        self.wait(lambda: station.snapshot().phase is Phase.ENDED)
        self.wait(lambda: window.current_page is window.end_page)
        self.shot("end")

    def close(self) -> None:
        if self.station is not None:
            self.close_station()
        self.stop_hub()
        self.console_thread.stop()
        self.console_store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    set_language(args.lang)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    shots = Shots(args.out, args.lang)
    try:
        shots.run()
    finally:
        shots.close()
    print("\n".join(str(path) for path in shots.saved))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
