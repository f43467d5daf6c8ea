"""``pixdesk doctor --drill``: make this PC live through what pixdesk must survive, and report.

Three drills, each in a temporary directory, never on the PC's real store:

* **kill**: a child appending answers is killed (SIGKILL / TerminateProcess) at random
  instants; every answer it acknowledged must be in the store, the journal must verify and
  SQLite's ``quick_check`` must pass (the long version is ``drills/kill_during_writes.py``);
* **LAN loss**: a connection to a local listener standing in for the console is cut; the
  loss must be seen, and the next connection attempt must fail cleanly as "refused";
* **low disk**: a child appends under a small ``RLIMIT_FSIZE`` until the store refuses; the
  refusal must be a store error (not a crash), nothing acknowledged may be lost, and
  appending must work again once space is back. POSIX only.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Final

from pixdesk.i18n import _
from pixdesk.services.checks import CheckResult, CheckStatus, pixdesk_command, run_check
from pixdesk.services.config import ConsoleAddress
from pixdesk.services.console_probe import Unreachable, probe_console
from pixdesk.services.drill_children import READY, open_drill_store

__all__ = ["drill_kill", "drill_lan_loss", "drill_low_disk", "run_drills"]

DEFAULT_KILLS: Final = 5
_KILL_WINDOW_S: Final = (0.005, 0.08)  # after "ready": mid-stream, as in the long drill
_CHILD_TIMEOUT_S: Final = 60.0


def run_drills(kills: int = DEFAULT_KILLS, seed: int | None = None) -> list[CheckResult]:
    """Run the three drills in a temporary directory and return their results."""
    with tempfile.TemporaryDirectory(prefix="pixdesk-drill-") as tmp:
        work = Path(tmp)
        return [
            run_check("drill_kill", lambda: drill_kill(work / "kill", kills, seed)),
            run_check("drill_lan_loss", drill_lan_loss),
            run_check("drill_low_disk", lambda: drill_low_disk(work / "disk")),
        ]


def drill_kill(directory: Path, kills: int = DEFAULT_KILLS, seed: int | None = None) -> CheckResult:
    """Kill an appending child ``kills`` times, then check nothing acknowledged was lost."""
    rng = random.Random(seed)  # noqa: S311 - kill instants, not secrets
    acknowledged: dict[int, str] = {}
    directory.mkdir(parents=True, exist_ok=True)
    for round_no in range(kills):
        out = directory.parent / f"kill-acks-{round_no}.txt"
        log = directory.parent / "kill-child-stderr.txt"
        with log.open("ab") as err:
            child = subprocess.Popen(  # noqa: S603 - our own executable, fixed arguments
                [*pixdesk_command(), "probe", "append", "--dir", str(directory), "--out", str(out)],
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        try:
            if not _wait_for_ready(child, out):
                return CheckResult(
                    "drill_kill",
                    CheckStatus.FAIL,
                    _("Coupure brutale : le processus d'essai n'a pas démarré ({log})").format(
                        log=log
                    ),
                )
            time.sleep(rng.uniform(*_KILL_WINDOW_S))
        finally:
            child.kill()
            child.wait()
        acknowledged.update(_read_acks(out))
    lost, problem = _check_store(directory, acknowledged)
    data: dict[str, object] = {"kills": kills, "acknowledged": len(acknowledged), "lost": lost}
    if lost or problem:
        message = _(
            "Coupure brutale : {lost} réponses perdues sur {count}, problème : {problem}"
        ).format(lost=lost, count=len(acknowledged), problem=problem or "-")
        return CheckResult("drill_kill", CheckStatus.FAIL, message, data)
    message = _(
        "Coupure brutale : {kills} arrêts forcés pendant l'écriture, "
        "{count} réponses enregistrées, aucune perdue, journal intact"
    ).format(kills=kills, count=len(acknowledged))
    return CheckResult("drill_kill", CheckStatus.PASS, message, data)


def drill_lan_loss() -> CheckResult:
    """Cut a connection to a local stand-in console and check the loss is handled."""
    # 127.0.0.1 only: the drill must never send anything on the school's network.
    with socket.create_server(("127.0.0.1", 0)) as server:
        address = ConsoleAddress("127.0.0.1", server.getsockname()[1])
        before = probe_console(address)
        station = socket.create_connection((address.host, address.port), timeout=2.0)
        console_side, _peer = server.accept()
        console_side.close()  # the console (or the cable) goes away
    with station:
        try:
            seen = station.recv(1) == b""  # an orderly end of stream
        except OSError:
            seen = True  # a reset: also a loss the station sees
    after = probe_console(address)
    data: dict[str, object] = {"after": after.reason.value if after.reason else "reachable"}
    if before.reachable and seen and after.reason is Unreachable.REFUSED:
        message = _(
            "Perte du réseau : coupure détectée, nouvelle tentative refusée proprement en {ms} ms"
        ).format(ms=round(after.seconds * 1000))
        return CheckResult("drill_lan_loss", CheckStatus.PASS, message, data)
    return CheckResult(
        "drill_lan_loss",
        CheckStatus.FAIL,
        _("Perte du réseau : la coupure n'a pas été vue correctement"),
        data,
    )


def drill_low_disk(directory: Path) -> CheckResult:
    """Fill the store under a file-size limit in a child; check the refusal and the recovery."""
    if os.name != "posix":
        return CheckResult(
            "drill_low_disk",
            CheckStatus.SKIP,
            _("Disque plein : exercice impossible sur ce système (POSIX seulement)"),
        )
    directory.mkdir(parents=True, exist_ok=True)
    out = directory.parent / "disk-full.json"
    done = subprocess.run(  # noqa: S603 - our own executable, fixed arguments
        [*pixdesk_command(), "probe", "disk-full", "--dir", str(directory), "--out", str(out)],
        capture_output=True,
        timeout=_CHILD_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0 or not out.exists():
        message = _("Disque plein : le processus d'essai a échoué (code {code})")
        return CheckResult("drill_low_disk", CheckStatus.FAIL, message.format(code=done.returncode))
    report = json.loads(out.read_text(encoding="utf-8"))
    acknowledged = {int(seq): digest for seq, digest in report["acknowledged"].items()}
    lost, problem = _check_store(directory, acknowledged)
    data: dict[str, object] = {
        "error": report["error"],
        "recovered": report["recovered"],
        "lost": lost,
    }
    if report["error"] is None or not report["recovered"] or lost or problem:
        message = _(
            "Disque plein : erreur {error}, {lost} réponses perdues, reprise impossible "
            "ou problème : {problem}"
        ).format(
            error=report["error"] or "-",
            lost=lost,
            problem=problem or report.get("recovery_error") or "-",
        )
        return CheckResult("drill_low_disk", CheckStatus.FAIL, message, data)
    message = _(
        "Disque plein : écriture refusée proprement (erreur {error}), aucune réponse perdue, "
        "écriture de nouveau possible ensuite"
    ).format(error=report["error"])
    return CheckResult("drill_low_disk", CheckStatus.PASS, message, data)


def _wait_for_ready(child: subprocess.Popen[bytes], out: Path) -> bool:
    deadline = time.monotonic() + _CHILD_TIMEOUT_S
    while time.monotonic() < deadline and child.poll() is None:
        if out.exists() and out.read_text(encoding="utf-8").startswith(READY + "\n"):
            return True
        time.sleep(0.005)
    return False


def _read_acks(out: Path) -> dict[int, str]:
    acks: dict[int, str] = {}
    for line in out.read_text(encoding="utf-8").splitlines(keepends=True):
        # A line cut by the kill has no newline: it was never fully acknowledged.
        if line.endswith("\n") and line.strip() != READY:
            seq, digest = line.split()
            acks[int(seq)] = digest
    return acks


def _check_store(directory: Path, acknowledged: dict[int, str]) -> tuple[int, str]:
    """Reopen the store as the next start would; return the lost count and any problem."""
    store = open_drill_store(directory)
    try:
        result = store.journal.verify()
        (quick,) = store.db.conn.execute("PRAGMA quick_check").fetchone()
        held = dict(
            store.db.conn.execute(
                "SELECT seq, hash FROM events WHERE station_id = ?", (store.station_id,)
            ).fetchall()
        )
    finally:
        store.close()
    lost = sum(1 for seq, digest in acknowledged.items() if held.get(seq) != digest)
    problems = []
    if not result.ok:
        problems.append(f"journal {result.problem} seq {result.seq}")
    if quick != "ok":
        problems.append(f"quick_check {quick}")
    return lost, ", ".join(problems)
