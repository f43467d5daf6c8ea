"""What an import preview says, as sections of sentences (Qt-free, so it is tested plainly)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pixdesk.i18n import _
from pixdesk.imports.csv_sessions import CsvSession
from pixdesk.imports.models import RosterLearner
from pixdesk.imports.preview import REACTIVATED, LearnerUpdate
from pixdesk.services.roster_messages import describe_problem, describe_skip
from pixdesk.ui.referent.formatting import day, person

if TYPE_CHECKING:
    from pixdesk.services.roster_import import RosterImportPlan


@dataclass(frozen=True, slots=True)
class PreviewSection:
    """A heading and its lines ("Ajoutés (3)", then one line per learner)."""

    key: str  # errors, added, updated, disabled, skipped, sessions
    title: str
    lines: tuple[str, ...]


def summary(plan: RosterImportPlan) -> str:
    """Return the one-sentence summary of a plan: counts, or why it cannot be applied."""
    if plan.errors:
        return _(
            "Import impossible : {count} erreur(s) dans le fichier. Corrigez-les dans SIECLE "
            "ou dans le fichier, puis importez-le à nouveau. Rien n'a été enregistré."
        ).format(count=len(plan.errors))
    counts = plan.counts
    if plan.sessions:  # a CSV plan (SIECLE plans have none; a CSV plan without is an error)
        return _("{sessions} session(s) concernée(s), {candidates} candidat(s) à inscrire.").format(
            sessions=len(plan.sessions), candidates=counts.added
        )
    return _(
        "{added} élève(s) ajouté(s), {updated} mis à jour, {disabled} désactivé(s), "
        "{unchanged} inchangé(s), {skipped} ignoré(s)."
    ).format(
        added=counts.added,
        updated=counts.updated,
        disabled=counts.disabled,
        unchanged=counts.unchanged,
        skipped=counts.skipped,
    )


def sections(plan: RosterImportPlan) -> tuple[PreviewSection, ...]:
    """Return the non-empty sections of a plan, errors first."""
    found: list[PreviewSection] = []

    def add(key: str, title: str, lines: list[str]) -> None:
        if lines:
            found.append(PreviewSection(key, title.format(count=len(lines)), tuple(lines)))

    add("errors", _("Erreurs ({count})"), [describe_problem(one) for one in plan.errors])
    preview = plan.preview
    add("added", _("Élèves ajoutés ({count})"), [_learner(one) for one in preview.added])
    add("updated", _("Élèves mis à jour ({count})"), [_update(one) for one in preview.updated])
    add(
        "disabled",
        _("Élèves désactivés, absents du fichier ({count}) — personne n'est supprimé"),
        [_learner(one) for one in preview.disabled],
    )
    add(
        "skipped",
        _("Élèves ignorés ({count})"),
        [describe_skip(one) for one in plan.skipped],
    )
    add("sessions", _("Sessions ({count})"), [_session(one) for one in plan.sessions])
    return tuple(found)


def _learner(learner: RosterLearner) -> str:
    return _("{name} — classe {division}, né(e) le {birth_date}, INE {ine}").format(
        name=person(learner.birth_name, learner.first_name),
        division=learner.division,
        birth_date=day(learner.birth_date),
        ine=learner.ine,
    )


def _update(update: LearnerUpdate) -> str:
    changed = ", ".join(_field_name(name) for name in update.changed_fields)
    return _("{name} : {fields}").format(
        name=person(update.after.birth_name, update.after.first_name), fields=changed
    )


def _field_name(name: str) -> str:
    names = {
        "birth_name": _("nom de naissance"),
        "usage_name": _("nom d'usage"),
        "first_name": _("prénom"),
        "other_first_names": _("autres prénoms"),
        "sex": _("sexe"),
        "birth_date": _("date de naissance"),
        "birth_country_code": _("pays de naissance"),
        "birth_department_code": _("département de naissance"),
        "birth_insee_code": _("commune de naissance (code INSEE)"),
        "birth_city": _("ville de naissance"),
        "division": _("classe"),
        "mef_code": _("formation (MEF)"),
        "status_code": _("statut"),
        REACTIVATED: _("de nouveau actif"),
    }
    return names.get(name, name)


def _session(session: CsvSession) -> str:
    count = len(session.candidates)
    if session.number is not None:
        return _("Session n° {number} existante : {count} candidat(s) à inscrire").format(
            number=session.number, count=count
        )
    when = day(session.date) if session.date is not None else "?"
    at = session.time.strftime("%H:%M") if session.time is not None else "?"
    return _(
        "Nouvelle session le {date} à {time}, {site}, salle {room} : {count} candidat(s)"
    ).format(date=when, time=at, site=session.site, room=session.room, count=count)
