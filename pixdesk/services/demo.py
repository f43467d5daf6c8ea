"""``pixdesk demo`` without Qt: a console and simulated learners on this PC, all real.

The console is a :class:`SupervisorService` running a session created here; every learner is a
real :class:`StationRuntime` with its own data directory, keys and encrypted store, joining
through the real lab link (TLS on loopback) with the session's access code. Simulated learners
answer the demo bank with a seeded policy; at the end the console finalises the session and
the demo checks, answer by answer, that every answer journaled on a station is in the
console's replica.
"""

from __future__ import annotations

import logging
import random
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keystore import Keystore
from pixdesk.crypto.sealed_bank import BankKey
from pixdesk.domain.candidate import CandidateState
from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.items import Item
from pixdesk.domain.legacy import PIX_PER_LEVEL
from pixdesk.domain.legacy_profile import CompetenceProfile, PositioningProfile, ValidatedSkill
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.loop_thread import LabThread
from pixdesk.services.console_actions import ConfirmPresence
from pixdesk.services.console_finalise import (
    CandidateAnswers,
    FinalisationAnswers,
    FinalisationRefused,
)
from pixdesk.services.console_notices import ConsoleListener, NullListener
from pixdesk.services.console_runtime import Console, ConsoleSettings
from pixdesk.services.console_service import SupervisorService
from pixdesk.services.console_session import ConsoleSession
from pixdesk.services.console_values import SessionDraftHere
from pixdesk.services.learner import StationClock
from pixdesk.services.station_bank import (
    SealedStationBank,
    StationBank,
    load_demo_bank,
    seal_demo_bank,
)
from pixdesk.services.station_config import JoinForm, StationConfig, StationError
from pixdesk.services.station_record import EndReason, Phase
from pixdesk.services.station_rules import Refusal
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.services.station_store import StationStore, open_station_store
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event

_log = logging.getLogger(__name__)

DEMO_KDF = Argon2Params(time_cost=1, memory_cost_kib=1024, parallelism=1)
"""Argon2id costs of what the demo console seals: a demo, not a real session's secrets."""

QUESTIONS = 32
BANK_KEY_WAIT_S = 20.0
REPLICATION_WAIT_S = 30.0

# (NOM, Prénom, birth date, extra time %): French names, a few with extra time.
PEOPLE: tuple[tuple[str, str, str, int], ...] = (
    ("MARTIN", "Léa", "04/05/2010", 0),
    ("BERNARD", "Hugo", "12/01/2010", 0),
    ("DUBOIS", "Chloé", "23/09/2009", 33),
    ("THOMAS", "Lucas", "07/03/2010", 0),
    ("ROBERT", "Manon", "30/11/2009", 0),
    ("RICHARD", "Nathan", "15/06/2010", 0),
    ("PETIT", "Zoé", "09/03/2010", 33),
    ("DURAND", "Enzo", "02/02/2010", 0),
    ("LEROY", "Camille", "18/08/2009", 0),
    ("MOREAU", "Louis", "21/12/2009", 0),
    ("SIMON", "Inès", "11/04/2010", 0),
    ("LAURENT", "Jules", "05/10/2009", 50),
    ("LEFEBVRE", "Sarah", "27/07/2010", 0),
    ("MICHEL", "Adam", "14/02/2010", 0),
    ("GARCIA", "Lina", "03/05/2009", 0),
    ("DAVID", "Gabriel", "19/01/2010", 0),
    ("BERTRAND", "Jade", "08/09/2010", 0),
    ("ROUX", "Raphaël", "25/03/2009", 0),
    ("VINCENT", "Louise", "16/06/2009", 0),
    ("FOURNIER", "Arthur", "29/10/2010", 0),
    ("MOREL", "Alice", "01/12/2009", 0),
    ("GIRARD", "Paul", "13/07/2010", 0),
    ("ANDRÉ", "Emma", "22/04/2010", 0),
    ("MERCIER", "Noah", "06/08/2009", 0),
)
ACCESSIBLE = "PETIT"
"""The candidate with an accessibility adjustment (focus losses are never penalised)."""
PROFILED = "MARTIN"
"""The candidate with a certifiable positioning profile: their test runs on engine v2."""
PROFILE_COMPETENCES = ("1.1", "1.2", "2.1", "3.1", "4.1", "5.1")
PROFILE_LEVEL = 3


@dataclass(frozen=True, slots=True)
class LearnerCount:
    """What one simulated learner sent and what reached the console.

    Attributes:
        name: ``Prénom NOM``.
        sent: Answers journaled on the station.
        replicated: Those found, identical (seq and hash), in the console's replica.
        events: Events journaled on the station in all.
        journal_ok: The station's chain verifies (hashes, signatures).
        finished: The test ran to its last question.
    """

    name: str
    sent: int
    replicated: int
    events: int
    journal_ok: bool
    finished: bool


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """The outcome of a headless demo session."""

    learners: int
    sent: int
    replicated: int
    lost: int
    finished: int
    aborted: int
    journals_ok: bool
    finalised: bool
    seconds: float
    per_learner: tuple[LearnerCount, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Tell whether nothing was lost and every journal verifies."""
        return self.lost == 0 and self.journals_ok and self.finalised and not self.problems

    def as_json(self) -> dict[str, Any]:
        """Return the summary's figures (the command's final JSON line)."""
        return {
            "learners": self.learners,
            "sent": self.sent,
            "replicated": self.replicated,
            "lost": self.lost,
            "finished": self.finished,
            "aborted": self.aborted,
            "journals_ok": self.journals_ok,
            "finalised": self.finalised,
            "seconds": round(self.seconds, 1),
        }


@dataclass
class Policy:
    """How a simulated learner answers.

    Attributes:
        capacity: Probability of a right answer.
        skip: Probability of skipping a question.
        stop_after: Questions answered before the learner stops (None: to the end).
        pause_s: Mean thinking time per question (0: as fast as the store allows).
    """

    capacity: float
    skip: float = 0.05
    stop_after: int | None = None
    pause_s: float = 0.0


@dataclass
class DemoLearner:
    """One learner of the demo: a person of the session, their station, their policy."""

    candidate_id: str
    first_name: str
    birth_name: str
    birth_date: date
    station: StationRuntime
    policy: Policy
    rng: random.Random
    answered: int = 0
    error: str | None = None

    @property
    def name(self) -> str:
        """Return ``Prénom NOM``."""
        return f"{self.first_name} {self.birth_name}"


def positioning_profile(
    items: Sequence[Item], competences: Sequence[str], level: int
) -> PositioningProfile:
    """Return a profile reaching ``level`` in ``competences``, every bank skill up to it
    validated (what a positioning on this bank could have given)."""
    entries = []
    for code in competences:
        skills = {
            ValidatedSkill(item.skill, item.tube, item.level)
            for item in items
            if item.competence == code and item.level <= level
        }
        ordered = tuple(sorted(skills, key=lambda s: (s.skill, s.tube, s.level)))
        entries.append(CompetenceProfile(code, level, PIX_PER_LEVEL * level, ordered))
    return PositioningProfile(tuple(entries))


def candidate_lines(count: int) -> str:
    """Return ``count`` typed candidate lines (``NOM;Prénom;JJ/MM/AAAA;tiers-temps``)."""
    lines = []
    for index in range(count):
        birth, first, born, extra = PEOPLE[index % len(PEOPLE)]
        if index >= len(PEOPLE):
            birth = f"{birth}-{index // len(PEOPLE) + 1}"
        lines.append(f"{birth};{first};{born};{extra or ''}")
    return "\n".join(lines)


def right_answer(item: Item) -> Any:
    """Return a correct response to ``item``, from its solution."""
    solution = item.solution
    kind = item.type.value
    if kind == "QCU":
        return next(iter(sorted(solution.choices)))
    if kind == "QCM":
        return sorted(solution.choices)
    if kind in ("QROC", "QROC_NUM"):
        return solution.variants["answer"][0]
    if kind == "QROCM_IND":
        return {name: variants[0] for name, variants in solution.variants.items()}
    names = sorted(solution.variants)
    pool = list(dict.fromkeys(v for name in names for v in solution.variants[name]))
    return {name: pool[i] for i, name in enumerate(names)}


def wrong_answer(item: Item) -> Any:
    """Return a wrong response to ``item``."""
    kind = item.type.value
    if kind == "QCU":
        others = [p for p in item.proposals if p not in item.solution.choices]
        return others[0] if others else "zz"
    if kind == "QCM":
        return [p for p in item.proposals if p not in item.solution.choices][:1] or ["zz"]
    if kind in ("QROC", "QROC_NUM"):
        return "999999 faux"
    return {name: "faux" for name in item.solution.variants}


class Demo:
    """A demo room: the console and its learners' stations, in ``root``.

    Build it with :meth:`open`; add learners with :meth:`add_station` (a station joined but
    not confirmed, for a learner window) or let :meth:`run_learner` play one; close it.
    """

    def __init__(
        self,
        root: Path,
        *,
        learners: int,
        seed: int = 1,
        bank: StationBank | None = None,
        listener: ConsoleListener | None = None,
        temporary: bool = False,
    ) -> None:
        """Use :meth:`open`."""
        self.root = root
        self.seed = seed
        self.bank = bank or load_demo_bank()
        self.clock = StationClock()
        self._temporary = temporary
        self._listener: ConsoleListener = listener or NullListener()
        self.console_dir = root / "console"
        self.console_dir.mkdir(parents=True, exist_ok=True)
        # Stations run on a sealed copy of the demo bank, under a key drawn for this run: the
        # console sends it, sealed to each station, once the candidate's presence is confirmed.
        bank_key: BankKey | None = None
        self.station_bank: StationBank | SealedStationBank = self.bank
        if bank is None:
            self.station_bank, bank_key = seal_demo_bank(root)
        self._console_keys = Keystore(self.console_dir, use_os_keyring=False)
        self.lab = LabThread("pixdesk-demo-console")
        self.lab.start()
        self.service = SupervisorService(
            data_dir=self.console_dir,
            center_public_key=None,
            clock=self.clock,
            lab=self.lab,
            open_store=self._open_console_store,
            settings=ConsoleSettings(
                host="127.0.0.1", port=0, advertise=False, kdf_params=DEMO_KDF
            ),
            kdf_params=DEMO_KDF,
            bank_key=bank_key,
        )
        self.session: ConsoleSession = self._create(learners)
        self.console: Console = self.service.start(self.session, self._listener)
        port = self.console.address.port if self.console.address else 0
        self.address = ConsoleAddress("127.0.0.1", port)
        self.learners: list[DemoLearner] = []
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        *,
        learners: int,
        seed: int = 1,
        data_dir: Path | None = None,
        listener: ConsoleListener | None = None,
    ) -> Demo:
        """Create the demo's session and start its console (in ``data_dir`` or a temp dir)."""
        temporary = data_dir is None
        root = Path(tempfile.mkdtemp(prefix="pixdesk-demo-")) if data_dir is None else data_dir
        return cls(root, learners=learners, seed=seed, listener=listener, temporary=temporary)

    def _open_console_store(self) -> StationStore:
        return open_station_store(self.console_dir, keystore=self._console_keys)

    def _create(self, learners: int) -> ConsoleSession:
        draft = SessionDraftHere(
            site="Collège Marie Curie (démo)",
            room="Salle informatique 2",
            date=self.clock.now().date().isoformat(),
            start_time="08:30",
            invigilators=("Mme Lovelace",) + (("M. Turing",) if learners > 20 else ()),
            candidate_lines=candidate_lines(learners),
        )
        session = self.service.create_here(draft)
        # Typed lines cannot say it: one candidate has an accessibility adjustment, one a
        # positioning profile (kept in memory for this demo run; a session pack carries them
        # for real sessions).
        profile = positioning_profile(self.bank.items, PROFILE_COMPETENCES, PROFILE_LEVEL)
        candidates = tuple(
            replace(one, accessibility_adjustment=True)
            if one.birth_name == ACCESSIBLE
            else replace(one, positioning_profile=profile)
            if one.birth_name == PROFILED
            else one
            for one in session.candidates
        )
        return replace(session, candidates=candidates)

    # ------------------------------------------------------------------ stations

    def add_station(self, index: int, *, policy: Policy | None = None) -> DemoLearner:
        """Open a station for the session's ``index``-th candidate; connect and join it."""
        person = self.session.candidates[index]
        directory = self.root / f"station-{index + 1:02d}"
        directory.mkdir(parents=True, exist_ok=True)
        rng = random.Random(self.seed * 1000 + index)  # noqa: S311 - a seeded simulation
        station = StationRuntime.open(
            StationConfig(
                data_dir=directory,
                bank=self.station_bank,
                clock=self.clock,
                keystore=Keystore(directory, use_os_keyring=False),
                console_address=self.address,
                connect_timeout_s=20.0,
                rng=random.Random(rng.getrandbits(32)),  # noqa: S311 - reproducible test seeds
            )
        )
        learner = DemoLearner(
            candidate_id=person.candidate_id,
            first_name=person.first_name,
            birth_name=person.birth_name,
            birth_date=person.birth_date,
            station=station,
            policy=policy or self.policy(index, rng),
            rng=rng,
        )
        with self._lock:
            self.learners.append(learner)
        connected = station.connect(self.session.number_text, self.address)
        if not connected.connected:
            raise RuntimeError(f"{learner.name}: no console ({connected.problem})")
        form = JoinForm(
            self.session.number_text,
            person.first_name,
            person.birth_name,
            person.birth_date,
            self.session.access_code,
        )
        answer = station.join(form)
        if not answer.matched:
            raise RuntimeError(f"{learner.name}: join refused ({answer.result})")
        return learner

    def policy(self, index: int, rng: random.Random, *, pause_s: float = 0.0) -> Policy:
        """Draw a learner's policy: capacity 35-90 %, the fourth learner stops half-way."""
        stop = QUESTIONS // 2 if index == 3 else None
        return Policy(capacity=rng.uniform(0.35, 0.9), stop_after=stop, pause_s=pause_s)

    def confirm(self, learner: DemoLearner) -> None:
        """Confirm the learner's presence on the console (authorises the start)."""
        result = self.console.perform(ConfirmPresence(learner.candidate_id))
        if not result.done:
            raise RuntimeError(f"{learner.name}: presence not confirmed ({result})")

    def play(self, learner: DemoLearner, deadline: float, stop: threading.Event) -> None:
        """Sit the test for ``learner``: start, then answer until the end, the policy's stop,
        ``deadline`` (monotonic seconds) or ``stop``."""
        station, policy, rng = learner.station, learner.policy, learner.rng
        self._start(station, stop)
        while not stop.is_set() and time.monotonic() < deadline:
            if policy.stop_after is not None and learner.answered >= policy.stop_after:
                return
            snapshot = station.snapshot()
            if snapshot.phase is Phase.ENDED:
                return
            question = snapshot.question
            if snapshot.phase is not Phase.QUESTION or question is None:
                stop.wait(0.05)
                continue
            if policy.pause_s > 0:
                # The first answers come quickly, so that a newcomer sees the room move.
                pause = policy.pause_s if learner.answered >= 2 else min(policy.pause_s, 0.4)
                stop.wait(rng.uniform(0.5, 1.5) * pause)
                if stop.is_set():
                    return
            draw = rng.random()
            try:
                if draw < policy.skip:
                    station.skip(question_index=question.index)
                else:
                    right = rng.random() < policy.capacity
                    item = question.item
                    response = right_answer(item) if right else wrong_answer(item)
                    station.answer(response, question_index=question.index)
            except StationError as exc:
                _log.info("%s: %s", learner.name, exc)
                continue
            learner.answered += 1

    def _start(self, station: StationRuntime, stop: threading.Event) -> None:
        """Start the test; the sealed bank's key follows the confirmation by a moment."""
        end = time.monotonic() + BANK_KEY_WAIT_S
        while True:
            try:
                station.start_test()
                return
            except StationError as exc:
                if exc.code != Refusal.BANK_LOCKED or time.monotonic() > end or stop.is_set():
                    raise
            stop.wait(0.05)

    def run_learner(
        self, index: int, deadline: float, stop: threading.Event, *, pause_s: float = 0.0
    ) -> DemoLearner:
        """Open, join, confirm and play the ``index``-th candidate (a simulated learner)."""
        rng = random.Random(self.seed * 7919 + index)  # noqa: S311 - a seeded simulation
        learner = self.add_station(index, policy=self.policy(index, rng, pause_s=pause_s))
        try:
            self.confirm(learner)
            self.play(learner, deadline, stop)
        except Exception as exc:  # noqa: BLE001 - counted as a problem, the others go on
            learner.error = f"{type(exc).__name__}: {exc}"
            _log.exception("demo learner %s failed", learner.name)
        return learner

    # ------------------------------------------------------------------ the end

    def finalise(self) -> None:
        """Finalise the session: end screen seen for finished tests, an abort reason (the
        candidate stopped) for unfinished ones.

        Raises:
            FinalisationRefused: the form does not fit the room.
        """
        finished = {CandidateState.COMPLETED}
        running = {CandidateState.STARTED, CandidateState.PRESENT}
        answers = []
        for row in self.console.rows():
            if row.state in finished:
                answers.append(CandidateAnswers(row.candidate_id, saw_end_screen=True))
            elif row.state in running:
                answers.append(
                    CandidateAnswers(
                        row.candidate_id,
                        abort_reason=AbortReason.CANDIDATE,
                        comment="A arrêté avant la fin (démonstration).",
                    )
                )
        self.console.finalise(
            FinalisationAnswers(candidates=tuple(answers), comment="Session de démonstration.")
        )

    def replica_events(self, station_id: str) -> list[Event]:
        """Return what the console's replica holds for ``station_id`` (a new connection)."""
        store = self._open_console_store()
        try:
            return store.journal.export_after(station_id, 0)
        finally:
            store.close()

    def count(self, learner: DemoLearner, replica: list[Event]) -> LearnerCount:
        """Count the learner's answers on the station and, identical, in the replica."""
        events = learner.station.journal_events()
        held = {(event.seq, event.hash) for event in replica}
        answers = [event for event in events if event.type == EventType.ANSWER_SAVED.value]
        replicated = sum(1 for event in answers if (event.seq, event.hash) in held)
        record = learner.station.record
        return LearnerCount(
            name=learner.name,
            sent=len(answers),
            replicated=replicated,
            events=len(events),
            journal_ok=learner.station.verify_journal().problem is None,
            finished=learner.answered >= QUESTIONS
            or (record is not None and record.end_reason is EndReason.COMPLETED)
            or (record is None and len(answers) >= QUESTIONS),
        )

    def wait_replicated(self, timeout_s: float = REPLICATION_WAIT_S) -> dict[str, list[Event]]:
        """Wait until the replica holds every station's whole journal (or ``timeout_s``)."""
        end = time.monotonic() + timeout_s
        while True:
            replicas = {
                one.station.station_id: self.replica_events(one.station.station_id)
                for one in self.learners
            }
            behind = [
                one
                for one in self.learners
                if len(replicas[one.station.station_id]) < len(one.station.journal_events())
            ]
            if not behind or time.monotonic() > end:
                return replicas
            time.sleep(0.2)

    def close(self) -> None:
        """Stop the stations and the console; remove a temporary directory."""
        for learner in self.learners:
            try:
                learner.station.close()
            except Exception:  # noqa: BLE001 - closing the rest matters more
                _log.exception("closing %s's station failed", learner.name)
        self.service.stop()
        self.lab.stop()
        if self._temporary:
            shutil.rmtree(self.root, ignore_errors=True)


def run_headless(
    learners: int,
    minutes: float,
    seed: int = 1,
    *,
    data_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Run a whole session with ``learners`` simulated learners, finalise it, count.

    Learners answer as fast as their durable store allows; ``minutes`` bounds the wall time of
    the answering (learners still answering then are ended by the finalisation).
    """
    began = time.monotonic()
    say = progress or (lambda _text: None)
    demo = Demo.open(learners=learners, seed=seed, data_dir=data_dir)
    problems: list[str] = []
    finalised = False
    try:
        say(f"{demo.session.number_text} @ {demo.address}")
        deadline = time.monotonic() + minutes * 60
        stop = threading.Event()
        with ThreadPoolExecutor(max(1, learners), thread_name_prefix="pixdesk-demo") as pool:
            played = list(pool.map(lambda i: demo.run_learner(i, deadline, stop), range(learners)))
        problems += [f"{one.name}: {one.error}" for one in played if one.error]
        # The console decides from what it holds: let the last answers and ends arrive first.
        demo.wait_replicated()
        try:
            demo.finalise()
            finalised = True
        except FinalisationRefused as exc:
            problems.append(f"finalisation: {[p.code.value for p in exc.problems]}")
        replicas = demo.wait_replicated()
        counts = tuple(demo.count(one, replicas[one.station.station_id]) for one in demo.learners)
        rows = {row.candidate_id: row for row in demo.console.rows()}
        aborted = sum(
            1
            for one in demo.learners
            if rows[one.candidate_id].state is CandidateState.ENDED_BY_FINALISATION
        )
    finally:
        demo.close()
    sent = sum(one.sent for one in counts)
    replicated = sum(one.replicated for one in counts)
    return DemoSummary(
        learners=learners,
        sent=sent,
        replicated=replicated,
        lost=sent - replicated,
        finished=sum(1 for one in counts if one.finished),
        aborted=aborted,
        journals_ok=all(one.journal_ok for one in counts),
        finalised=finalised,
        seconds=time.monotonic() - began,
        per_learner=counts,
        problems=tuple(problems),
    )


@dataclass
class BackgroundLearners:
    """Simulated learners playing in the background of the GUI demo (stopped on quit)."""

    demo: Demo
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self, indices: range, *, minutes: float) -> None:
        """Start one thread per learner, pacing 32 questions over about ``minutes``."""
        pause = max(0.5, minutes * 60 / QUESTIONS * 0.8)
        deadline = time.monotonic() + minutes * 60 * 2
        for index in indices:
            thread = threading.Thread(
                target=self.demo.run_learner,
                args=(index, deadline, self.stop),
                kwargs={"pause_s": pause},
                name=f"pixdesk-demo-learner-{index}",
                daemon=True,
            )
            thread.start()
            self.threads.append(thread)

    def close(self) -> None:
        """Stop the learners (their answers so far stay journaled)."""
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


__all__ = [
    "BackgroundLearners",
    "Demo",
    "DemoSummary",
    "LearnerCount",
    "Policy",
    "run_headless",
]
