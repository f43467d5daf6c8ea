"""Supervisor mode's words: statuses, actions, outcomes and problems as French sentences.

The services return codes; this module turns them into sentences (``_()``, English on
request). Every sentence says what happened and, for a problem, what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

from pixdesk.documents.labels import ABORT_REASON_LABELS, INCIDENT_LABELS
from pixdesk.domain.candidate import CandidateState, DisplayStatus, extra_time_percent
from pixdesk.domain.errors import FieldCode
from pixdesk.domain.finalisation import AbortReason, FinalisationCode, FinalisationProblem
from pixdesk.domain.incidents import IncidentCode
from pixdesk.i18n import _
from pixdesk.lab.codes import CommandStatus
from pixdesk.services.console_actions import ActionResult, AuthoriseResume
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_notices import Notice, NoticeKind
from pixdesk.services.console_values import ActionKind, Connection, LineCode, RoomRow


def status_text(status: DisplayStatus) -> str:
    """Return a console status in words (RULES.md §4)."""
    return {
        DisplayStatus.NOT_STARTED: _("Non commencé"),
        DisplayStatus.IN_PROGRESS: _("En cours"),
        DisplayStatus.PAUSED_BY_ALERT: _("En pause : alerte"),
        DisplayStatus.FINISHED: _("Terminé"),
        DisplayStatus.ENDED_BY_INVIGILATOR: _("Arrêté par le surveillant"),
        DisplayStatus.OVERTIME: _("Temps dépassé"),
    }[status]


def state_text(state: CandidateState) -> str:
    """Return a test's state in words (finalisation)."""
    return {
        CandidateState.ENROLLED: _("absent (n'a pas commencé)"),
        CandidateState.PRESENT: _("présent, n'a pas commencé"),
        CandidateState.STARTED: _("test en cours"),
        CandidateState.COMPLETED: _("test terminé"),
        CandidateState.ENDED_BY_INVIGILATOR: _("test arrêté par le surveillant"),
        CandidateState.ENDED_BY_FINALISATION: _("test arrêté à la finalisation"),
        CandidateState.ABANDONED: _("test arrêté au bout de 24 h"),
    }[state]


def person(birth_name: str, first_name: str) -> str:
    """Return ``DUPONT Léa``: family name in capitals first."""
    return _("{last} {first}").format(last=birth_name.strip().upper(), first=first_name.strip())


def row_name(row: RoomRow) -> str:
    """Return the candidate's name as the room shows it."""
    return person(row.birth_name, row.first_name)


def day(value: date) -> str:
    """Return a date as French schools write it: ``04/05/2010``."""
    return value.strftime("%d/%m/%Y")


def day_text(iso: str) -> str:
    """Return a stored ``YYYY-MM-DD`` as ``30/11/2026`` (unchanged if malformed)."""
    try:
        return day(date.fromisoformat(iso))
    except ValueError:
        return iso


def clock_time(moment: datetime | None) -> str:
    """Return the local time of day of an instant (``10:42:13``), or a dash."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%H:%M:%S")


def extra_time(ratio: Decimal) -> str:
    """Return the extra time tag: ``33 %``, or ``Non``."""
    if not ratio:
        return _("Non")
    value = format(extra_time_percent(ratio), "f").replace(".", ",")
    return _("{value} %").format(value=value)


def duration(value: timedelta) -> str:
    """Return a duration as people read it: ``1 h 05 min``, ``12 min``, ``45 s``."""
    seconds = max(0, int(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    if minutes:
        return _("{minutes} min").format(minutes=minutes)
    return _("{seconds} s").format(seconds=secs)


def time_left(left: timedelta | None) -> str:
    """Return the time left, or how far past its end a test is."""
    if left is None:
        return "—"
    if left < timedelta(0):
        return _("Dépassé de {duration}").format(duration=duration(-left))
    return duration(left)


def question(row: RoomRow) -> str:
    """Return ``12/32``, or just ``12`` while the number of questions is not known yet (a
    candidate whose profile may make the test v2, before the start: never a wrong total)."""
    if row.question_total is None:
        return str(row.answered)
    return _("{answered}/{total}").format(answered=row.answered, total=row.question_total)


def moved_status() -> str:
    """Return the status of a running test whose candidate joined again from another PC."""
    return _("En attente de reprise")


def connection(row: RoomRow) -> str:
    """Return the station link in words."""
    if row.connection is Connection.CONNECTED and row.moved_from is not None and row.running:
        return _("Connecté (nouveau poste)")
    if row.connection is Connection.CONNECTED:
        return _("Connecté")
    if row.connection is Connection.NEVER:
        return _("Pas encore connecté")
    if row.disconnected_at is None:
        return _("Déconnecté")
    return _("Déconnecté depuis {time}").format(time=clock_time(row.disconnected_at)[:5])


def to_do(row: RoomRow) -> str:
    """Return what waits for the invigilator on this row ("" when nothing)."""
    items = []
    if row.finalised:
        return ""
    # Only what the invigilator must act on: the connection column says who is not there.
    if row.moved_from is not None and row.running:
        items.append(_("Reprise à autoriser (nouveau poste)"))
    if row.state is CandidateState.ENROLLED and row.station_id:
        items.append(_("Présence à confirmer"))
    for alert in row.alerts:
        items.append(_("Alerte sur la question {number}").format(number=alert.question_index + 1))
    for credit in row.credits:
        items.append(
            _("Crédit de temps proposé : {duration}").format(
                duration=duration(timedelta(seconds=credit.seconds))
            )
        )
    if row.interrupted and row.running:
        items.append(_("Reprise à autoriser"))
    return _(" ; ").join(items)


def row_status(row: RoomRow, now: datetime) -> str:
    """Return the status column's words: the console status (RULES.md §4), or that a running
    test waits to be resumed on the PC its candidate moved to."""
    status = row.status(now)
    if row.moved_from is not None and status in (DisplayStatus.IN_PROGRESS, DisplayStatus.OVERTIME):
        return moved_status()
    return status_text(status)


def row_summary(row: RoomRow, now: datetime) -> str:
    """Return the whole row as one sentence, for screen readers."""
    parts = [
        row_name(row),
        _("né(e) le {date}").format(date=day(row.birth_date)),
        _("tiers-temps : {value}").format(value=extra_time(row.extra_time_ratio)),
        row_status(row, now),
        _("question {value}").format(value=question(row)),
        _("temps restant : {value}").format(value=time_left(row.time_left(now))),
        _("dernier enregistrement : {time}").format(time=clock_time(row.last_saved)),
        connection(row),
    ]
    pending = to_do(row)
    if pending:
        parts.append(_("à faire : {items}").format(items=pending))
    return _(", ").join(parts)


def action_texts() -> Mapping[ActionKind, str]:
    """Return the menu and toolbar texts (their & marks the menu mnemonic)."""
    return {
        ActionKind.CONFIRM_PRESENCE: _("Confirmer la &présence"),
        ActionKind.CANCEL_PRESENCE: _("A&nnuler la présence"),
        ActionKind.AUTHORISE_RESUME: _("Autoriser la &reprise"),
        ActionKind.ADD_TIME: _("Ajouter du &temps…"),
        ActionKind.TIME_CREDIT: _("Crédit de temps &proposé…"),
        ActionKind.HANDLE_ALERT: _("Traiter l'a&lerte…"),
        ActionKind.END_TEST: _("Terminer le &test…"),
        ActionKind.RECORD_INCIDENT: _("Signaler un &incident…"),
    }


def action_pending(kind: ActionKind) -> str:
    """Return an action's text while it is on its way for the selected candidate."""
    if kind is ActionKind.AUTHORISE_RESUME:
        return _("Reprise en cours…")
    return _("Envoi en cours…")


def action_tips() -> Mapping[ActionKind, str]:
    """Return what each action does, for tooltips."""
    return {
        ActionKind.CONFIRM_PRESENCE: _(
            "Le candidat est bien dans la salle : il peut commencer son test."
        ),
        ActionKind.CANCEL_PRESENCE: _("Annule la confirmation avant le début du test."),
        ActionKind.AUTHORISE_RESUME: _(
            "Après une panne ou une déconnexion : le candidat peut reprendre (une fois, "
            "pendant 15 minutes). S'il a changé de poste, son test y passe d'abord."
        ),
        ActionKind.ADD_TIME: _("Donne plus de temps au candidat."),
        ActionKind.TIME_CREDIT: _("Accepte ou refuse le temps perdu proposé par pixdesk."),
        ActionKind.HANDLE_ALERT: _("Le candidat a signalé un problème sur une question."),
        ActionKind.END_TEST: _("Arrête le test du candidat maintenant."),
        ActionKind.RECORD_INCIDENT: _("Consigne un incident pour le procès-verbal."),
    }


def incident_label(code: IncidentCode) -> str:
    """Return ``E4 — Le site à consulter est indisponible`` in the UI language."""
    return _("{code} — {label}").format(code=code.value, label=_(INCIDENT_LABELS[code]))


def abort_reason_label(reason: AbortReason) -> str:
    """Return an abort reason in the UI language."""
    return _(ABORT_REASON_LABELS[reason])


def outcome(result: ActionResult, name: str, *, moved: bool = False) -> tuple[bool, str]:
    """Return ``(done, sentence)`` for an action's result.

    Args:
        moved: The action resumed a test on the PC its candidate moved to (a handover).
    """
    status = result.status
    if status is None or status in (CommandStatus.ACCEPTED, CommandStatus.DUPLICATE):
        if moved:
            return True, _(
                "Le test de {name} est passé sur son nouveau poste : il reprend là où il "
                "s'était arrêté."
            ).format(name=name)
        return True, _("{name} : fait.").format(name=name)
    resume = _resume_refusal(result)
    if resume is not None:
        return False, resume.format(name=name)
    if status is CommandStatus.REJECTED:
        return False, _("Le poste de {name} a refusé ({reason}).").format(
            name=name, reason=result.reason or "—"
        )
    if status is CommandStatus.NOT_CONNECTED:
        return False, _(
            "Le poste de {name} n'est pas connecté : recommencez quand il l'est."
        ).format(name=name)
    if status is CommandStatus.TIMEOUT:
        return False, _(
            "Le poste de {name} n'a pas répondu : recommencez (la commande ne sera pas "
            "exécutée deux fois)."
        ).format(name=name)
    return False, _(
        "Le poste de {name} a refusé la commande comme non fiable ({status}) : vérifiez "
        "l'empreinte affichée sur le poste."
    ).format(name=name, status=status.value)


def _resume_refusal(result: ActionResult) -> str | None:
    """Return what to do about a resume the new PC refused (its bank key, the handover or the
    authorisation: docs/lab-protocol.md §7.7), with a ``{name}`` field; None: not one."""
    if not isinstance(result.action, AuthoriseResume) or result.reason is None:
        return None
    if result.status not in (CommandStatus.REJECTED, CommandStatus.TIMEOUT):
        return None
    bank_not_ready = _(
        "Le nouveau poste de {name} n'a pas encore reçu la clé des questions : vérifiez qu'il "
        "est connecté et que le candidat y est bien identifié, attendez quelques secondes, puis "
        "autorisez à nouveau la reprise."
    )
    texts = {
        "BANK_LOCKED": bank_not_ready,
        "BANK_KEY_INVALID": _(
            "Le nouveau poste de {name} n'a pas la banque de questions de cette session : "
            "installez le candidat sur un autre poste de la salle, puis autorisez la reprise."
        ),
        "TRANSFER_INVALID": _(
            "Le nouveau poste de {name} a refusé le test venu de l'ancien poste (journal "
            "incomplet ou altéré) : notez un incident ; si l'ancien poste redémarre, faites-y "
            "reprendre le candidat."
        ),
        "WRONG_CANDIDATE": _(
            "Le nouveau poste ne sert plus {name} : faites-le s'identifier de nouveau sur ce "
            "poste, puis autorisez la reprise."
        ),
        "TEST_ENDED": _("Le test de {name} est déjà terminé : il n'y a rien à reprendre."),
        "NOTHING_TO_RESUME": _(
            "Le test de {name} n'attend pas de reprise : il continue, rien à faire."
        ),
    }
    texts["WRONG_BANK"] = texts["BANK_KEY_INVALID"]
    return texts.get(result.reason)


def _error_texts() -> Mapping[ConsoleErrorCode, str]:
    # A function, not a constant: the sentences follow the language chosen at run time.
    return {
        ConsoleErrorCode.NO_CENTER_KEY: _(
            "Ce poste ne connaît pas la clé de l'établissement : il ne peut pas vérifier un "
            "fichier de session. Demandez au service informatique de la configurer, ou créez "
            "la session ici."
        ),
        ConsoleErrorCode.WRONG_PASSWORD: _(
            "Mot de passe surveillant incorrect. Il figure sur la convocation de la session "
            "(6 caractères, majuscules et minuscules comptent)."
        ),
        ConsoleErrorCode.PACK_REFUSED: _(
            "Ce fichier de session est refusé ({reason}) : redemandez-le au référent."
        ),
        ConsoleErrorCode.SESSION_CERT_INVALID: _(
            "Le certificat de cette session n'est pas valide aujourd'hui ({reason}) : "
            "vérifiez la date de ce poste ou redemandez le fichier au référent."
        ),
        ConsoleErrorCode.SESSION_FILE_DAMAGED: _(
            "La copie de cette session sur ce poste est illisible : rouvrez le fichier de session."
        ),
        ConsoleErrorCode.UNKNOWN_SESSION: _("Cette session n'existe pas sur ce poste."),
        ConsoleErrorCode.INVALID_SESSION: _("Corrigez les champs signalés."),
        ConsoleErrorCode.IO_ERROR: _("Impossible de lire ou d'écrire {path} ({detail})."),
        ConsoleErrorCode.PORT_IN_USE: _(
            "Le port {port} est déjà utilisé sur ce poste : une autre console est-elle ouverte ?"
        ),
        ConsoleErrorCode.NETWORK_ERROR: _("Le réseau de la salle est inutilisable ({detail})."),
        ConsoleErrorCode.UNKNOWN_CANDIDATE: _("Ce candidat n'est pas inscrit à la session."),
        ConsoleErrorCode.NO_STATION: _("Ce candidat ne s'est pas encore connecté depuis un poste."),
        ConsoleErrorCode.NOT_AVAILABLE: _(
            "Cette action n'est pas possible pour ce candidat maintenant."
        ),
        ConsoleErrorCode.UNKNOWN_ALERT: _("Cette alerte a déjà été traitée."),
        ConsoleErrorCode.UNKNOWN_CREDIT: _("Ce crédit de temps a déjà été traité."),
        ConsoleErrorCode.INVALID_INCIDENT: _("Corrigez les champs signalés."),
        ConsoleErrorCode.INVALID_TIME: _("Indiquez entre 1 et {maximum} minutes."),
        ConsoleErrorCode.SESSION_FINALISED: _("La session est finalisée : plus aucune action."),
        ConsoleErrorCode.HANDOVER_UNAVAILABLE: _(
            "Le test de ce candidat ne peut pas passer sur son nouveau poste : la console n'a "
            "pas reçu assez du journal de l'ancien poste ({station}). Rallumez l'ancien poste "
            "s'il le peut (il enverra son journal), puis autorisez à nouveau la reprise ; sinon, "
            "notez un incident."
        ),
    }


def console_error(error: ConsoleError) -> str:
    """Return an expected problem as a sentence."""
    params = {str(k): v for k, v in error.params.items()}
    reason = params.get("pack_code") or params.get("cert_code") or ""
    return _error_texts()[error.code].format_map(_Defaults({**params, "reason": reason}))


class _Defaults(dict[str, object]):
    def __missing__(self, key: str) -> object:
        return "—"


def field_error(code: FieldCode) -> str:
    """Return a session field's problem."""
    return {
        FieldCode.REQUIRED: _("À remplir."),
        FieldCode.BLANK_ENTRY: _("Une ligne est vide."),
        FieldCode.DATE_FORMAT: _("Date invalide."),
        FieldCode.TIME_FORMAT: _("Heure invalide (HH:MM)."),
    }.get(code, _("Valeur invalide."))


def line_error(number: int, code: str) -> str:
    """Return a candidate line's problem."""
    texts = {
        LineCode.FIELD_COUNT.value: _(
            "ligne {line} : attendu NOM;Prénom;JJ/MM/AAAA;tiers-temps;aménagement;sexe"
        ),
        LineCode.NAME.value: _("ligne {line} : nom ou prénom manquant"),
        LineCode.BIRTH_DATE.value: _("ligne {line} : date de naissance invalide (JJ/MM/AAAA)"),
        LineCode.EXTRA_TIME.value: _("ligne {line} : tiers-temps invalide (un pourcentage)"),
        LineCode.ACCESSIBILITY.value: _(
            "ligne {line} : aménagement d'accessibilité invalide (oui ou non)"
        ),
        LineCode.SEX.value: _("ligne {line} : le sexe (6e champ) doit être M ou F"),
        LineCode.DUPLICATE.value: _("ligne {line} : candidat déjà saisi plus haut"),
        LineCode.TOO_MANY.value: _("trop de lignes (1 000 au plus)"),
    }
    return texts.get(code, _("ligne {line} : invalide")).format(line=number)


def incident_error(code: str) -> tuple[str, str]:
    """Return ``(field, sentence)`` for an incident's problem."""
    return {
        "DESCRIPTION_REQUIRED": (
            "description",
            _("Décrivez l'incident (obligatoire pour un code C)."),
        ),
        "DESCRIPTION_TOO_LONG": ("description", _("500 caractères au plus.")),
        "QUESTION_NUMBER_REQUIRED": ("question", _("Indiquez le numéro de la question.")),
        "QUESTION_NUMBER_OUT_OF_RANGE": ("question", _("Numéro de question invalide.")),
        "QUESTION_NUMBER_UNEXPECTED": ("question", _("Pas de numéro de question pour un code C.")),
    }.get(code, ("code", _("Code invalide.")))


def finalisation_problem(problem: FinalisationProblem, names: Mapping[str, str]) -> str:
    """Return a finalisation problem as a sentence, naming the candidate."""
    name = names.get(problem.candidate_id or "", "")
    length = problem.length or 0
    return {
        FinalisationCode.NO_STARTED_TEST: _(
            "Aucun candidat n'a commencé : une session sans test ne peut pas être finalisée."
        ),
        FinalisationCode.SESSION_COMMENT_TOO_LONG: _(
            "Le commentaire de session fait {length} caractères : 500 au plus."
        ),
        FinalisationCode.DUPLICATE_REPORT: _("{name} figure deux fois."),
        FinalisationCode.ABSENT_CANDIDATE_HAS_TEST_DATA: _(
            "{name} est absent : pas de case, de motif ni de commentaire."
        ),
        FinalisationCode.ABORT_REASON_MISSING: _(
            "{name} n'a pas terminé son test : choisissez un motif d'abandon."
        ),
        FinalisationCode.ABORT_REASON_ON_FINISHED_TEST: _(
            "{name} a terminé son test : pas de motif d'abandon."
        ),
        FinalisationCode.CANDIDATE_COMMENT_TOO_LONG: _(
            "Le commentaire sur {name} fait {length} caractères : 500 au plus."
        ),
    }[problem.code].format(name=name, length=length)


def finalisation_field_problem(problem: FinalisationProblem) -> str:
    """Return a candidate's finalisation problem as said next to the field at fault."""
    return {
        FinalisationCode.ABORT_REASON_MISSING: _("Test non terminé : choisissez un motif."),
        FinalisationCode.ABORT_REASON_ON_FINISHED_TEST: _("Test terminé : pas de motif d'abandon."),
        FinalisationCode.CANDIDATE_COMMENT_TOO_LONG: _("{length} caractères : 500 au plus.").format(
            length=problem.length or 0
        ),
        FinalisationCode.ABSENT_CANDIDATE_HAS_TEST_DATA: _("Absent : rien à remplir."),
        FinalisationCode.DUPLICATE_REPORT: _("Candidat en double."),
    }.get(problem.code, "")


def notice_text(notice: Notice, names: Mapping[str, str]) -> str:
    """Return a notice as a sentence."""
    name = names.get(notice.candidate_id or "", "")
    params = _Defaults({**{str(k): v for k, v in notice.params.items()}, "name": name})
    if "seconds" in params and isinstance(params["seconds"], int):
        params["duration"] = duration(timedelta(seconds=params["seconds"]))
    if notice.kind is NoticeKind.EXAM_MODE_DEGRADED:
        reasons = {"full_screen": _("plein écran"), "stay_on_top": _("fenêtre au premier plan")}
        params["reason"] = reasons.get(str(params["reason"]), str(params["reason"]))
    texts = {
        NoticeKind.STATION_JOINED: _("{name} s'est connecté depuis un poste."),
        NoticeKind.CANDIDATE_MOVED: _(
            "{name} a rejoint depuis un autre poste (ancien poste : {old_station}) : autorisez "
            "la reprise pour continuer son test sur ce poste."
        ),
        NoticeKind.ALERT_RAISED: _(
            "{name} signale un problème sur la question {question} : il attend votre décision."
        ),
        NoticeKind.CREDIT_PROPOSED: _(
            "{name} a perdu {duration} (poste déconnecté) : un crédit de temps est proposé."
        ),
        NoticeKind.TEST_INTERRUPTED: _("Le test de {name} s'est interrompu : reprise à autoriser."),
        NoticeKind.NO_MATCH: _(
            "Un poste a saisi un nom ou une date de naissance qui ne correspond à personne."
        ),
        NoticeKind.SEVERAL_MATCHES: _(
            "Plusieurs candidats correspondent à une saisie ({names}) : aidez le candidat."
        ),
        NoticeKind.JOIN_REFUSED_CLOSED: _(
            "Un poste a tenté de rejoindre la session finalisée : refusé."
        ),
        NoticeKind.SECURITY: _(
            "Alerte de sécurité ({issue}) : un poste se comporte anormalement ; notez-le."
        ),
        NoticeKind.REPLICA_FAILED: _(
            "La console n'arrive plus à enregistrer ce que les postes envoient ({detail}) : "
            "les postes gardent tout, libérez de la place puis redémarrez la console."
        ),
        NoticeKind.CODES_DELIVERED: _("Le poste de {name} a reçu les codes de reprise."),
        NoticeKind.SHEET_MISSING: _(
            "La feuille de secours n'est plus sur ce poste : utilisez l'exemplaire imprimé."
        ),
        NoticeKind.EXAM_MODE_DEGRADED: _(
            "Le poste de {name} ne peut pas verrouiller le mode examen ({reason}) : "
            "le test continue, surveillez ce poste."
        ),
    }
    return texts[notice.kind].format_map(params)
