"""The learner's sentences for the station's codes: kind, specific, saying what to do next.

The services return codes (join results, link problems, refusals); only here do they become
words, in French by default, in English with ``--lang en``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pixdesk.i18n import _
from pixdesk.services.resume_codes import ResumeCodeRefusal
from pixdesk.services.station_outcomes import NOT_CONNECTED

if TYPE_CHECKING:
    from pixdesk.services.station_link import ConnectOutcome

_TRUST = frozenset(
    {
        "PIN_MISMATCH",
        "UNTRUSTED_SESSION",
        "TLS_FINGERPRINT_MISMATCH",
        "BAD_HUB_SIGNATURE",
    }
)


def join_refusal(result: str, *, retry_after_ms: int | None = None) -> str:
    """Say why the console did not let the pupil join."""
    if result == "NO_MATCH":
        return _(
            "Personne ne correspond à ces nom, prénom et date de naissance dans cette session. "
            "Vérifiez l'orthographe et la date, ou appelez le surveillant."
        )
    if result == "SEVERAL_MATCHES":
        return _(
            "Plusieurs candidats correspondent à ces informations. Appelez le surveillant : "
            "il vous aidera à rejoindre la session."
        )
    if result == "WRONG_CODE":
        return _(
            "Ce code d'accès n'est pas le bon. Vérifiez-le (il est affiché dans la salle) "
            "ou demandez-le au surveillant."
        )
    if result == "SESSION_CLOSED":
        return _("Cette session est close : on ne peut plus la rejoindre. Appelez le surveillant.")
    if result == "RATE_LIMITED":
        seconds = max(1, -(-(retry_after_ms or 0) // 1000))
        return _(
            "Trop d'essais. Patientez {seconds} secondes avant de réessayer, ou appelez "
            "le surveillant."
        ).format(seconds=seconds)
    if result == NOT_CONNECTED:
        return _(
            "La console du surveillant ne répond pas. Réessayez dans un instant ou appelez "
            "le surveillant."
        )
    return _("La console a refusé l'entrée dans la session ({code}).").format(code=result)


def connect_problem(outcome: ConnectOutcome, session_number: str) -> str:
    """Say why the station could not reach the session's console."""
    problem = outcome.problem.value if outcome.problem is not None else ""
    if outcome.detail == "UNKNOWN_SESSION" or problem == "WRONG_SESSION":
        return _(
            "Aucune console ne gère la session {number}. Vérifiez le numéro de session."
        ).format(number=session_number)
    if problem in _TRUST:
        return _(
            "La console trouvée n'est pas celle attendue pour cette session. Appelez le "
            "surveillant."
        )
    return _(
        "Console introuvable. Saisissez son adresse (affichée sur l'écran du surveillant) "
        "sur la première page, ou appelez le surveillant."
    )


def address_problem(code: str) -> str:
    """Say what is wrong with a typed console address."""
    if code == "ADDRESS_BAD_PORT":
        return _("Le numéro de port doit être compris entre 1 et 65535.")
    if code == "ADDRESS_BAD_BRACKETS":
        return _("Crochets mal placés : écrivez par exemple [fe80::1]:47474.")
    return _("Adresse non reconnue : écrivez par exemple 192.168.1.20 ou 192.168.1.20:47474.")


def resume_refusal(code: str | None, wait_s: int = 0) -> str:
    """Say why an offline resume code was not accepted."""
    if code == ResumeCodeRefusal.NO_CODES:
        return _(
            "Ce poste n'a pas reçu de codes de reprise : le surveillant doit autoriser la "
            "reprise depuis sa console."
        )
    if code == ResumeCodeRefusal.MALFORMED:
        return _("Un code de reprise s'écrit comme 07-BCDF-GH23 : deux chiffres et huit signes.")
    if code == ResumeCodeRefusal.ALREADY_USED:
        return _("Ce code a déjà servi sur ce poste : prenez le suivant sur la feuille.")
    if code == ResumeCodeRefusal.TOO_MANY_TRIES:
        return lock_out(wait_s)
    if code == ResumeCodeRefusal.WRONG:
        return _("Ce code de reprise n'est pas valable.")
    return _("La reprise n'est pas possible pour le moment ({code}).").format(code=code or "")


def lock_out(wait_s: int) -> str:
    """Say that too many wrong resume codes make the station wait, and the other way on."""
    if wait_s >= 120:  # the later lock-outs: 2 minutes and more, up to 15
        wait = _("{minutes} minutes").format(minutes=-(-wait_s // 60))
    else:
        wait = _("{seconds} secondes").format(seconds=max(1, wait_s))
    return _(
        "Trop de codes refusés : attendez {wait} avant d'en essayer un autre. Le surveillant "
        "peut aussi autoriser la reprise depuis sa console."
    ).format(wait=wait)


def answers_saved(count: int) -> str:
    """Say how many answers this PC holds (the end screen)."""
    if count == 0:
        return _("Aucune réponse enregistrée sur ce poste.")
    if count == 1:
        return _("Une réponse enregistrée sur ce poste.")
    return _("{count} réponses enregistrées sur ce poste.").format(count=count)


def action_refusal(code: str) -> str:
    """Say why the station refused what the pupil asked."""
    if code == "AUTHORISATION_EXPIRED":
        return _(
            "L'autorisation de commencer a expiré (elle vaut 15 minutes). Demandez au "
            "surveillant de la renouveler."
        )
    if code == "TEST_ENDED":
        return _("Le test est terminé.")
    if code == "STALE_QUESTION":
        return _("La question affichée a changé : relisez-la avant de répondre.")
    if code == "BANK_LOCKED":
        return _(
            "Les questions de votre test ne sont pas encore arrivées sur ce poste. Patientez "
            "quelques secondes puis réessayez ; si cela dure, prévenez le surveillant."
        )
    return _("Ce n'est pas possible pour le moment ({code}).").format(code=code)


def save_failed() -> str:
    """The answer could not be saved (disk full…): nothing was recorded."""
    return _(
        "Votre réponse n'a pas pu être enregistrée sur ce poste. Elle n'est pas comptée : "
        "réessayez, et appelez le surveillant si cela recommence."
    )


def clock_time(moment: datetime) -> str:
    """Return ``HH:MM:SS`` in this PC's time zone."""
    return moment.astimezone().strftime("%H:%M:%S")


def short_time(moment: datetime) -> str:
    """Return ``HH:MM`` in this PC's time zone."""
    return moment.astimezone().strftime("%H:%M")


def duration(delta: timedelta) -> str:
    """Return ``M:SS`` (or ``H:MM:SS``) for a countdown."""
    seconds = max(0, int(delta.total_seconds() + 0.999))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken_duration(seconds: int) -> str:
    """Return a remaining time as a screen reader should say it."""
    if seconds >= 60:
        minutes = -(-seconds // 60)
        return _("environ {minutes} minutes").format(minutes=minutes)
    return _("{seconds} secondes").format(seconds=max(0, seconds))
