"""Byte forms of the files inside a bundle: journals, session data, results.

Every file is canonical JSON (sorted keys, UTF-8, no spaces, no floats), parsed strictly:
what is read must be exactly the canonical form of what it parses to, so one content has one
byte form and every changed byte is either refused here or changes a value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pixdesk.bundle.model import CandidateResult, Score, SessionData
from pixdesk.crypto.canonical import CanonicalError, canonical_bytes
from pixdesk.store.events import Event

RESULTS_VERSION = 1
_WIRE_KEYS = frozenset(
    {"station_id", "seq", "prev_hash", "hash", "mono_ns", "wall_time", "type", "body", "signature"}
)
_SIGNATURE_HEX_RE = re.compile(r"[0-9a-f]{128}")


class WireError(ValueError):
    """A file inside the bundle is not in its canonical form."""


def loads_canonical(raw: bytes) -> Any:
    """Parse canonical JSON; refuse anything that is not exactly its canonical form.

    Raises:
        WireError: not UTF-8, not JSON, duplicate keys, floats, or not canonical.
    """
    try:
        value = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
        if canonical_bytes(value) != raw:
            raise WireError("not in canonical form")
    except (ValueError, CanonicalError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise WireError(str(exc)) from exc
    return value


def encode_journal(events: tuple[Event, ...]) -> bytes:
    """Return the journal file: one canonical ``Event.to_wire()`` object per line."""
    return b"".join(canonical_bytes(event.to_wire()) + b"\n" for event in events)


def decode_journal(raw: bytes) -> tuple[Event, ...]:
    """Parse a journal file into events (no hash or signature is checked here).

    Raises:
        WireError: a line is not a canonical wire event with exact field types.
    """
    if not raw.endswith(b"\n"):
        raise WireError("a journal ends with a newline")
    events = []
    for number, line in enumerate(raw[:-1].split(b"\n"), start=1):
        data = loads_canonical(line)
        if not isinstance(data, dict) or set(data) != _WIRE_KEYS:
            raise WireError(f"line {number}: fields")
        ints = (data["seq"], data["mono_ns"])
        strings = [data[k] for k in _WIRE_KEYS.difference(("seq", "mono_ns"))]
        if any(type(v) is not int for v in ints) or any(type(v) is not str for v in strings):
            raise WireError(f"line {number}: field types")
        if not _SIGNATURE_HEX_RE.fullmatch(data["signature"]):
            raise WireError(f"line {number}: signature")
        events.append(Event.from_wire(data))
    return tuple(events)


def encode_session(session: SessionData) -> bytes:
    """Return ``session/session.json``."""
    return canonical_bytes(
        {
            "session": dict(session.session),
            "candidates": [dict(candidate) for candidate in session.candidates],
            "finalisation": None if session.finalisation is None else dict(session.finalisation),
        }
    )


def decode_session(raw: bytes) -> SessionData:
    """Parse ``session/session.json``.

    Raises:
        WireError: not canonical, or required fields missing or of the wrong type.
    """
    data = loads_canonical(raw)
    if not isinstance(data, dict) or set(data) != {"session", "candidates", "finalisation"}:
        raise WireError("session file fields")
    session, candidates, finalisation = data["session"], data["candidates"], data["finalisation"]
    if not isinstance(session, dict) or not all(
        isinstance(session.get(name), str) for name in ("session_id", "number")
    ):
        raise WireError("session fields")
    if not isinstance(candidates, list) or not all(
        isinstance(c, dict) and isinstance(c.get("candidate_id"), str) for c in candidates
    ):
        raise WireError("candidates")
    ids = [c["candidate_id"] for c in candidates]
    if len(set(ids)) != len(ids):
        raise WireError("duplicate candidate")
    if finalisation is not None and (
        not isinstance(finalisation, dict)
        or not isinstance(finalisation.get("reports", []), list)
        or not all(isinstance(report, dict) for report in finalisation.get("reports", []))
    ):
        raise WireError("finalisation")
    return SessionData(session, tuple(candidates), finalisation)


def encode_results(results: tuple[CandidateResult, ...]) -> bytes:
    """Return ``results/results.json``, candidates sorted by id."""
    ordered = sorted(results, key=lambda r: r.candidate_id)
    return canonical_bytes(
        {"v": RESULTS_VERSION, "results": [_result_fields(result) for result in ordered]}
    )


def decode_results(raw: bytes) -> tuple[CandidateResult, ...]:
    """Parse ``results/results.json``.

    Raises:
        WireError: not canonical, unsorted or duplicated candidates, or bad fields.
    """
    data = loads_canonical(raw)
    if not isinstance(data, dict) or set(data) != {"v", "results"} or data["v"] != 1:
        raise WireError("results file fields")
    if type(data["v"]) is not int or not isinstance(data["results"], list):
        raise WireError("results file fields")
    results = tuple(_result(item) for item in data["results"])
    ids = [r.candidate_id for r in results]
    if ids != sorted(set(ids)):
        raise WireError("results must be sorted by candidate, without duplicates")
    return results


def _result_fields(result: CandidateResult) -> dict[str, Any]:
    score = result.score
    return {
        "candidate_id": result.candidate_id,
        "answer_count": result.answer_count,
        "statuses": dict(result.statuses),
        "score": None
        if score is None
        else {
            "engine": score.engine,
            "outcome": score.outcome,
            "score": score.score,
            "level": score.level,
            "capacity_micro": score.capacity_micro,
            "competence_levels": dict(score.competence_levels),
            "penalised": score.penalised,
        },
    }


def _result(item: Any) -> CandidateResult:
    if not isinstance(item, dict) or set(item) != {
        "candidate_id",
        "answer_count",
        "statuses",
        "score",
    }:
        raise WireError("result fields")
    statuses = item["statuses"]
    if (
        not isinstance(item["candidate_id"], str)
        or not _is_count(item["answer_count"])
        or not isinstance(statuses, dict)
        or not all(_is_count(count) for count in statuses.values())
    ):
        raise WireError("result field types")
    score = item["score"]
    return CandidateResult(
        item["candidate_id"],
        item["answer_count"],
        statuses,
        None if score is None else _score(score),
    )


def _score(data: Any) -> Score:
    names = (
        "engine",
        "outcome",
        "score",
        "level",
        "capacity_micro",
        "competence_levels",
        "penalised",
    )
    if not isinstance(data, dict) or set(data) != set(names):
        raise WireError("score fields")
    levels = data["competence_levels"]
    if (
        not all(isinstance(data[k], str) for k in ("engine", "outcome"))
        or not all(type(data[k]) is int for k in ("score", "level", "capacity_micro"))
        or not isinstance(levels, Mapping)
        or not all(type(v) is int for v in levels.values())
        or not isinstance(data["penalised"], bool)
    ):
        raise WireError("score field types")
    return Score(
        data["engine"],
        data["outcome"],
        data["score"],
        data["level"],
        data["capacity_micro"],
        levels,
        data["penalised"],
    )


def _is_count(value: object) -> bool:
    return type(value) is int and value >= 0  # type(...) is int: a JSON true is not a count


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise WireError("duplicate key")
    return result
