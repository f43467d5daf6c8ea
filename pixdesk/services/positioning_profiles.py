"""The referent's positioning profiles file: one profile per candidate, by external id.

A JSON file given when a session pack is exported (docs/roster-import.md §7)::

    {"format": "pixdesk-positioning-profiles",
     "profiles": {"123456789AB": [{"competence": "1.1", "level": 3, "pix": 24, "skills": []}]}}

Keys are the candidates' external ids (the INE of a roster learner, else the local id); each
value is a profile in the form of :mod:`pixdesk.domain.legacy_profile_doc`. The whole file is
refused at the first problem, with the field's path: nothing is exported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.domain.legacy_profile_doc import ProfileFormatError, profile_from_doc
from pixdesk.services.session_pack_body import MAX_CANDIDATES, PackErrorCode, SessionPackError

PROFILES_FORMAT: Final = "pixdesk-positioning-profiles"
MAX_PROFILES_BYTES: Final = 8 * 1024 * 1024


def read_profiles_file(path: Path) -> dict[str, PositioningProfile]:
    """Read a profiles file into ``{external id: profile}``.

    Raises:
        SessionPackError: ``IO_ERROR``, ``TOO_BIG`` or ``MALFORMED`` (with ``part``
            ``profiles``), ``OUT_OF_BOUNDS`` (``field`` ``profiles``) or ``INVALID_FIELD``
            (with ``field`` ``profiles[<external id>]<path>`` and ``reason``);
            :mod:`pixdesk.services.profile_messages` words them.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PROFILES_BYTES + 1)
    except OSError as exc:
        raise SessionPackError(
            PackErrorCode.IO_ERROR, part="profiles", path=str(path), detail=exc.strerror or ""
        ) from exc
    if len(data) > MAX_PROFILES_BYTES:
        raise SessionPackError(
            PackErrorCode.TOO_BIG, part="profiles", limit=str(MAX_PROFILES_BYTES)
        )
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SessionPackError(PackErrorCode.MALFORMED, part="profiles") from exc
    if not isinstance(doc, dict) or set(doc) != {"format", "profiles"}:
        raise SessionPackError(PackErrorCode.MALFORMED, part="profiles")
    if doc["format"] != PROFILES_FORMAT or not isinstance(doc["profiles"], dict):
        raise SessionPackError(PackErrorCode.MALFORMED, part="profiles")
    if len(doc["profiles"]) > MAX_CANDIDATES:
        raise SessionPackError(
            PackErrorCode.OUT_OF_BOUNDS, field="profiles", limit=str(MAX_CANDIDATES)
        )
    profiles = {}
    for external_id, value in doc["profiles"].items():
        try:
            profiles[external_id] = profile_from_doc(value)
        except ProfileFormatError as exc:
            raise SessionPackError(
                PackErrorCode.INVALID_FIELD,
                field=f"profiles[{external_id}]{exc.path}",
                reason=exc.reason,
            ) from None
    return profiles


def profiles_by_candidate(
    profiles: Mapping[str, PositioningProfile], candidates: Iterable[tuple[str, str]]
) -> dict[str, PositioningProfile]:
    """Match profiles keyed by external id to ``(candidate id, external id)`` pairs.

    Raises:
        SessionPackError: ``INVALID_FIELD`` (reason ``unknown_candidate``) for a profile whose
            external id is no candidate's of the session.
    """
    by_external = {external: cid for cid, external in candidates if external}
    if unknown := sorted(set(profiles) - set(by_external)):
        raise SessionPackError(
            PackErrorCode.INVALID_FIELD, field=f"profiles[{unknown[0]}]", reason="unknown_candidate"
        )
    return {by_external[external]: profile for external, profile in profiles.items()}
