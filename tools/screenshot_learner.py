"""Take a PNG of every learner-mode page, against a real hub on loopback (the demo bank).

Usage (a display is needed; Xvfb works)::

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python tools/screenshot_learner.py /tmp/learner-shots [--lang en]

A console hub serves a demo session (Léa Dupont, access code BCDF23, and Hugo Bernard, who
has a positioning profile). The stations run on a sealed copy of the demo bank, sealed here
under a fresh random key (as ``pixdesk demo`` does); the hub sends each station the key, sealed
to its X25519 key, with the ``bank_key`` command the console sends after the presence check.

Léa's window joins, waits, has her presence confirmed before the key arrives (the start
waits for it: a pupil cannot meet BANK_LOCKED), starts, answers questions of every type it
meets, reports a problem, loses its console, is closed and reopened (resume page, wrong
offline codes up to the lock-out, then a good one); her PC then dies and her test moves to
another PC, whose waiting page says the test will resume there, and where after the
``handover`` it goes on at the same question and ends. Hugo's test runs on engine v2 (its
instructions, "Question 2 / N") and is ended by the station 24 hours after its start (the
station's monotonic clock is moved on). Each step's window is saved with
``grab()``; the list of files is printed at the end.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.keystore import Keystore
from pixdesk.crypto.resume_codes import generate_resume_codes, hash_resume_codes
from pixdesk.crypto.sealed_bank import BankKey
from pixdesk.crypto.station_kem import bank_key_aad, kem_public_from_text, seal_bank_key
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
from pixdesk.services.console_handover import handover_events
from pixdesk.services.demo import PROFILE_COMPETENCES, PROFILE_LEVEL, positioning_profile
from pixdesk.services.learner import StationClock
from pixdesk.services.station_bank import SealedStationBank, load_demo_bank, seal_demo_bank
from pixdesk.services.station_config import StationConfig
from pixdesk.services.station_record import EndReason, Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.services.station_store import open_station_store
from pixdesk.store.event_types import EventType
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
HUGO = Candidate(
    "cand-hugo", 123456, "Bernard", "Hugo", date(2010, 1, 12), Sex.M, birth_insee_code="69123"
)
"""The candidate with a certifiable positioning profile: his test runs on engine v2."""
FREE_CODE_TRIES = 5


class MovableClock(StationClock):
    """A station PC's real clock, whose monotonic counter can be moved on (the lock-out of
    wrong resume codes, a test's 24 hours) without waiting; its wall time stays true."""

    def __init__(self) -> None:
        self._shift_ns = 0

    def monotonic_ns(self) -> int:
        """Return the monotonic counter, moved on by what :meth:`let_pass` added."""
        return super().monotonic_ns() + self._shift_ns

    def let_pass(self, delta: timedelta) -> None:
        """Let ``delta`` pass for this station at once."""
        self._shift_ns += int(delta.total_seconds() * 1_000_000_000)


class Shots:
    """Drives the window and saves each step."""

    def __init__(self, out: Path, lang: str) -> None:
        self.out = out
        self.lang = lang
        self.saved: list[Path] = []
        self.work = Path(tempfile.mkdtemp(prefix="pixdesk-shots-"))
        self.clock = StationClock()
        self.station_clock = MovableClock()
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
        self.address = ConsoleAddress("127.0.0.1", 0)
        self.codes = generate_resume_codes(6)
        cheap = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)
        self.hashes = hash_resume_codes(self.codes, params=cheap)
        # A sealed copy of the demo bank under a key drawn for this run (as ``pixdesk demo``).
        self.bank: SealedStationBank
        self.bank_key: BankKey
        self.bank, self.bank_key = seal_demo_bank(self.work)
        self.profile = positioning_profile(
            load_demo_bank().items, PROFILE_COMPETENCES, PROFILE_LEVEL
        )
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
                candidates=(LEA, HUGO),
                session_key=self.session_key,
                admitted_stations=admitted,
                profiles={HUGO.candidate_id: self.profile},
            )
        )
        host, port = self.console_thread.run(hub.start("127.0.0.1", self.port), 10)
        self.hub, self.port = hub, port
        self.address = ConsoleAddress(host, port)
        return self.address

    def stop_hub(self) -> None:
        if self.hub is not None:
            self.console_thread.run(self.hub.close(graceful=False), 10)
            self.hub = None

    def send(self, command: Command) -> str:
        assert self.hub is not None
        assert self.station is not None
        outcome = self.console_thread.run(self.hub.send_command(self.station.station_id, command))
        print(f"  console → {command.kind}: {outcome.status} {outcome.reason}".rstrip())
        return outcome.status.value

    def send_bank_key(self, candidate: Candidate) -> None:
        """Send the sealed bank's key as the console does once presence is confirmed: sealed
        to the X25519 key the station published in its replicated ``candidate.joined``."""
        assert self.station is not None
        station_id = self.station.station_id
        self.wait(lambda: self.joined_kem_key(station_id) is not None)
        kem_text = self.joined_kem_key(station_id)
        assert kem_text is not None
        aad = bank_key_aad(
            session_number=SESSION,
            station_id=station_id,
            candidate_id=candidate.candidate_id,
            bank_id=self.bank_key.bank_id,
        )
        sealed = seal_bank_key(kem_public_from_text(kem_text), self.bank_key.key, aad)
        command = Command.bank_key(candidate.candidate_id, self.bank_key.bank_id, sealed)
        assert self.send(command) == "ACCEPTED"

    def joined_kem_key(self, station_id: str) -> str | None:
        """Return the X25519 key of the station's last join, from the console's replica."""
        events = self.console_store.journal.export_after(station_id, 0)
        joins = [e.body_dict() for e in events if e.type == EventType.CANDIDATE_JOINED]
        key = joins[-1].get("station_kem_key") if joins else None
        return key if isinstance(key, str) else None

    def open_station(
        self,
        address: ConsoleAddress,
        name: str = "station",
        clock: MovableClock | None = None,
        tick_s: float = 30.0,
    ) -> LearnerWindow:
        station_dir = self.work / name
        station_dir.mkdir(exist_ok=True)
        self.station = StationRuntime.open(
            StationConfig(
                data_dir=station_dir,
                bank=self.bank,
                clock=clock or self.station_clock,
                keystore=Keystore(station_dir, use_os_keyring=False),
                console_address=address,
                # A test that meets every item type, a timed item and an attachment early.
                rng=random.Random(ENGINE_SEED_SOURCE),
                time_limit_tick_s=tick_s,
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
        focus = QApplication.focusWidget()
        print(f"saved {path} (focus: {focus.objectName() if focus else None})")

    def console_time_caught_up(self) -> bool:
        """Tell whether the station's estimate of the console's time is true again after its
        clock was moved on (it follows the monotonic clock between two exchanges)."""
        assert self.station is not None
        estimate = self.station.link.console_now()
        return estimate is not None and abs(estimate - self.clock.now()) < timedelta(seconds=2)

    def join_in_window(self, person: Candidate) -> None:
        """Type ``person``'s identity and the access code, as the pupil does; wait to join."""
        window = self.window
        assert window is not None
        window.search_page.continue_button.click()
        identity = window.identity_page
        identity.session.setText(SESSION)
        identity.first_name.setText(person.first_name)
        identity.birth_name.setText(person.birth_name)
        identity.day.setText(f"{person.birth_date.day:02d}")
        identity.month.setText(f"{person.birth_date.month:02d}")
        identity.year.setText(str(person.birth_date.year))
        identity.continue_button.click()
        self.wait(lambda: window.current_page is window.code_page)
        window.code_page.code.setText(CODE)
        window.code_page.join_button.click()
        self.wait(lambda: window.current_page is window.waiting_page)

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
        assert self.station is not None
        assert not self.station.snapshot().bank_ready  # sealed, until presence is confirmed
        self.shot("waiting")

        self.send(Command.confirm_presence(LEA.candidate_id))
        self.send(Command.resume_codes(LEA.candidate_id, self.hashes))
        self.wait(lambda: window.current_page is window.instructions_page)
        self.shot("instructions-bank-locked")
        self.bank_locked()
        window.instructions_page.start_button.click()
        self.wait(lambda: window.current_page is window.question_page)
        self.shot("question-first")
        self.answer_questions()
        self.alert_and_offline()
        self.resume()
        self.handover()
        self.end()
        self.engine_v2()

    def bank_locked(self) -> None:
        """Presence is confirmed before the bank's key has come: the start waits for it."""
        station, window = self.station, self.window
        assert station is not None
        assert window is not None
        page = window.instructions_page
        assert not page.start_button.isEnabled()  # BANK_LOCKED cannot be reached by a click
        self.send_bank_key(LEA)
        self.wait(lambda: station.snapshot().bank_ready)
        self.wait(page.start_button.isEnabled)
        self.shot("instructions")

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
        page = window.resume_page
        for tries in range(1, FREE_CODE_TRIES + 2):
            page.code.setText(f"0{tries}-BBBB-BBBB")
            page.resume_button.click()
            self.wait(lambda: page.error.isVisible() and page.resume_button.isEnabled())
            if tries == 1:
                self.shot("resume-wrong-code")
        self.shot("resume-locked-out")  # the sixth try: five wrong codes make it wait
        self.station_clock.let_pass(timedelta(seconds=31))
        self.wait(self.console_time_caught_up)  # the next heartbeat re-anchors it
        page.code.setText(self.codes[0].text)
        page.resume_button.click()
        self.wait(lambda: window.current_page is window.question_page)
        self.shot("question-after-resume")

    def handover(self) -> None:
        """Léa's PC dies; she sits at another one, where the console hands her test over."""
        station = self.station
        assert station is not None
        self.wait(lambda: station.snapshot().link.connected)
        assert station.link.wait_acked(station.journal_events()[-1].seq, 10)
        before = station.snapshot()
        first_id = station.station_id
        self.close_station()  # the PC dies
        self.tell_test_station(LEA, first_id)  # as the console does from its room

        window = self.open_station(self.address, "station-b", MovableClock())
        self.join_in_window(LEA)
        new_pc = self.station
        assert new_pc is not None
        self.wait(lambda: new_pc.snapshot().moved_here)
        self.shot("handover-waiting")  # "your test will resume on this PC"
        self.send_bank_key(LEA)  # the console sends the key before the handover
        stretch = handover_events(
            self.console_store.journal.export_after(first_id, 0), LEA.candidate_id
        )
        key = b64u_encode(station.station_public_key)
        assert self.send(Command.handover(LEA.candidate_id, first_id, key, stretch)) == "ACCEPTED"
        self.wait(lambda: window.current_page is window.resume_page)
        self.shot("handover-resume")
        self.send(Command.authorise_resume(LEA.candidate_id))
        self.wait(lambda: window.current_page is window.question_page)
        after = self.station.snapshot() if self.station is not None else None
        assert after is not None
        assert after.question is not None
        assert before.question is not None
        assert (after.question.index, after.question.item.id, after.answered) == (
            before.question.index,
            before.question.item.id,
            before.answered,
        )
        self.shot("handover-question")

    def tell_test_station(self, candidate: Candidate, station_id: str) -> None:
        """Tell the hub which station holds ``candidate``'s running test: joining any other
        one, they hear their test started elsewhere (docs/lab-protocol.md §7.7)."""
        hub = self.hub
        assert hub is not None
        session = hub.session(SESSION)
        assert session is not None
        moved = replace(session, test_stations={candidate.candidate_id: station_id})
        self.console_thread.call(hub.add_session, moved).result(10)

    def end(self) -> None:
        station, window = self.station, self.window
        assert station is not None
        assert window is not None
        self.wait(lambda: station.snapshot().link.connected)
        self.send(Command.end_test(LEA.candidate_id))
        self.wait(lambda: station.snapshot().phase is Phase.ENDED)
        self.wait(lambda: window.current_page is window.end_page)
        self.shot("end")

    def engine_v2(self) -> None:
        """Hugo's test (a positioning profile: engine v2), ended by the station after 24 h."""
        self.close_station()
        clock = MovableClock()
        window = self.open_station(self.address, "station-c", clock, tick_s=0.1)
        self.join_in_window(HUGO)
        self.send(Command.confirm_presence(HUGO.candidate_id))
        self.send(Command.resume_codes(HUGO.candidate_id, self.hashes))
        self.send_bank_key(HUGO)
        station = self.station
        assert station is not None
        self.wait(lambda: window.current_page is window.instructions_page)
        self.wait(lambda: station.snapshot().bank_ready)
        self.shot("instructions-v2")
        window.instructions_page.start_button.click()
        self.wait(lambda: window.current_page is window.question_page)
        self.answer_current()
        question = station.snapshot().question
        assert question is not None
        assert question.number == 2
        self.shot(f"question-v2-2-of-{question.total}")
        clock.let_pass(timedelta(hours=24))  # the station's own tick ends the test
        self.wait(lambda: station.snapshot().phase is Phase.ENDED)
        assert station.snapshot().end_reason is EndReason.ABANDONED
        self.wait(lambda: window.current_page is window.end_page)
        self.shot("end-24-hours")

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
