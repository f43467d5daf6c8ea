"""The referent's words for a refused positioning profiles file (docs/roster-import.md §7).

:func:`describe_profiles_error` turns the :class:`SessionPackError` that
:mod:`pixdesk.services.positioning_profiles` raises into one sentence naming the candidate
(by the external id the file uses) and the field, in the referent's terms: "compétence
n° 2, acquis n° 1, champ « level »" rather than ``[1].skills[0].level``. The referent's window
and ``pixdesk referent export-pack`` show the same sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from pixdesk.i18n import _
from pixdesk.services.session_pack_body import PackErrorCode, SessionPackError

__all__ = ["describe_profiles_error", "is_profiles_error"]

_PART: Final = "profiles"
# profiles[<external id>] then the profile's own path: [2], [2].level, [2].skills[0].tube…
_FIELD: Final = re.compile(
    r"profiles\[(?P<id>.*?)\]"
    r"(?:\[(?P<entry>\d+)\](?:\.skills\[(?P<skill>\d+)\])?(?:\.(?P<name>\w+))?)?"
)


def is_profiles_error(error: SessionPackError) -> bool:
    """Tell whether ``error`` is about the profiles file rather than the pack itself."""
    params = error.params
    return (
        params.get("part") == _PART
        or params.get("field") == _PART
        or params.get("field", "").startswith(_PART + "[")
    )


def describe_profiles_error(error: SessionPackError) -> str:
    """Return why the profiles file was refused (nothing is exported)."""
    params = error.params
    if error.code is PackErrorCode.IO_ERROR:
        return _(
            "Le fichier des profils de positionnement est illisible : {path} ({error})."
        ).format(path=params.get("path", "?"), error=params.get("detail", ""))
    if error.code is PackErrorCode.TOO_BIG:
        mib = int(params.get("limit", "0") or 0) // (1024 * 1024)
        return _(
            "Le fichier des profils de positionnement est trop gros ({size} Mio au plus)."
        ).format(size=mib)
    if error.code is PackErrorCode.OUT_OF_BOUNDS:
        return _(
            "Le fichier des profils de positionnement en contient trop ({limit} au plus)."
        ).format(limit=params.get("limit", "?"))
    if error.code is PackErrorCode.INVALID_FIELD:
        return _describe_field(params.get("field", ""), params.get("reason", ""))
    return _(
        "Ce fichier n'est pas un fichier de profils de positionnement pixdesk (JSON avec "
        "« format » : « pixdesk-positioning-profiles » et « profiles »)."
    )


def _describe_field(field: str, reason: str) -> str:
    match = _FIELD.fullmatch(field)
    if match is None:
        return _("Profil de positionnement refusé ({field} : {reason}).").format(
            field=field, reason=reason
        )
    external_id = match.group("id")
    if reason == "unknown_candidate":
        return _(
            "Le fichier contient un profil pour l'identifiant « {id} », qui n'est celui "
            "d'aucun candidat de cette session (INE ou identifiant local attendu)."
        ).format(id=external_id)
    return _("Profil du candidat « {id} », {where} : {why}.").format(
        id=external_id, where=_where(match), why=_why(reason)
    )


def _where(match: re.Match[str]) -> str:
    entry, skill, name = match.group("entry"), match.group("skill"), match.group("name")
    if entry is None:
        return _("le profil entier")
    parts = [_("compétence n° {n}").format(n=int(entry) + 1)]
    if skill is not None:
        parts.append(_("acquis n° {n}").format(n=int(skill) + 1))
    if name is not None:
        parts.append(_("champ « {name} »").format(name=name))
    return ", ".join(parts)


def _why(reason: str) -> str:
    texts: dict[str, Callable[[], str]] = {
        "unknown_competence": lambda: _("compétence inconnue (de 1.1 à 5.2)"),
        "duplicate_competence": lambda: _("une compétence y figure deux fois"),
        "out_of_range": lambda: _(
            "valeur hors limites (niveau de 0 à 8, niveau d'un acquis de 1 à 8, pix de 0 à 64)"
        ),
        "too_many": lambda: _("trop d'éléments (16 compétences, 64 acquis par compétence)"),
    }
    text = texts.get(reason)
    return text() if text is not None else _("valeur absente, en trop ou mal formée")
