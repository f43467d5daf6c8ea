"""Engine v2 through a real bundle: a console store holding a v2 candidate's journal is
exported, sealed, opened and verified, and re-scored to ``score_legacy``'s result; a v2 trail
altered after the fact (re-signed by the station, so every signature holds) is flagged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.from_store import ExportError, ExportErrorCode, collect_session
from pixdesk.bundle.model import BundleContents, Signers, StationJournal
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import Rescore, sample_banks
from pixdesk.bundle.sample import ChainWriter, sample_key
from pixdesk.bundle.verifier import open_bundle
from pixdesk.bundle.writer import build_bundle
from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.keystore import Keystore
from pixdesk.domain.items import AnswerStatus, Item
from pixdesk.domain.legacy import (
    CompetenceProfile,
    LegacyAnswer,
    LegacyResult,
    LegacyStatus,
    PositioningProfile,
    ValidatedSkill,
    score_legacy,
)
from pixdesk.domain.legacy_profile_doc import profile_doc
from pixdesk.domain.legacy_test import LegacyTest
from pixdesk.services.station_store import open_station_store
from pixdesk.store.event_types import EventType
from tests.bundle.conftest import CREATED

SESSION_ID = "7a1c2a9e5b7d4c60a1b2c3d4e5f60718"
NUMBER = "2042"
START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
BANK_ID = "sample:7:320"
SEED = 4242
CANDIDATE = "cand-v2"
CODES = ("1.1", "1.2", "2.1", "3.1", "4.1")
OK, KO = AnswerStatus.OK, AnswerStatus.KO
# Question by question (15): competence 1.1 all right, one wrong in each of the others:
# 11 of 15 right is 73 %, the 70–80 % column, where 2 of 3 downgrades (RULES §6).
STATUSES = (OK, OK, OK, OK, KO, OK, OK, OK, KO, KO, OK, OK, OK, KO, OK)
ALERT_AT = 4  # a validated alert on the fifth question: it is replaced, then answered


def _bank() -> Sequence[Item]:
    bank = sample_banks(BANK_ID)
    assert bank is not None
    return bank


def _profile() -> PositioningProfile:
    """Level 3 in five competences, every skill of the bank up to level 3 validated."""
    entries = []
    for code in CODES:
        skills = {
            ValidatedSkill(i.skill, i.tube, i.level)
            for i in _bank()
            if i.competence == code and i.level <= 3
        }
        kept = tuple(sorted(skills, key=lambda s: s.skill))
        entries.append(CompetenceProfile(code, 3, 24, kept))
    return PositioningProfile(tuple(entries))


@dataclass(frozen=True, slots=True)
class Played:
    """What the station journaled, and the answers as the test saw them."""

    journal: StationJournal
    answers: tuple[LegacyAnswer, ...]
    test: LegacyTest


def _play(statuses: Sequence[AnswerStatus], *, swap_items: bool = False) -> Played:
    """Journal a whole v2 test as the station does; ``swap_items`` journals the items of the
    first two answers the wrong way round (a station not following the v2 list)."""
    key = sample_key("v2 bundle tests/station")
    writer = ChainWriter(key)
    at = START + timedelta(minutes=5)
    step = timedelta(seconds=20)
    profile = _profile()
    test = LegacyTest.start(_bank(), profile, SEED)
    writer.append(
        EventType.CANDIDATE_JOINED,
        {
            "candidate_id": CANDIDATE,
            "session_id": SESSION_ID,
            "station_key": b64u_encode(key.public_key().public_bytes_raw()),
            "positioning_profile": profile_doc(profile),
        },
        at,
    )
    writer.append(
        EventType.TEST_STARTED,
        {
            "candidate_id": CANDIDATE,
            "bank_id": BANK_ID,
            "seed": SEED,
            "engine": "v2",
            "positioning_profile": profile_doc(profile),
            "item_ids": [item.id for item in test.questions],
        },
        at + step,
    )
    answers = []
    for index, status in enumerate(statuses):
        at += step
        if index == ALERT_AT:
            flagged = test.current
            assert flagged is not None
            alert = {"alert_id": "alert-1", "candidate_id": CANDIDATE}
            writer.append(
                EventType.ALERT_RAISED,
                alert | {"question_index": index, "item_id": flagged.id},
                at,
            )
            writer.append(EventType.ALERT_VALIDATED, alert | {"subcategory": "E9"}, at)
            test = test.validate_alert()
            assert test.answer_count == index  # replaced, not neutralised
        item = test.current
        assert item is not None
        item_id = item.id
        if swap_items and index < 2:
            item_id = test.questions[1 - index].id
        writer.append(
            EventType.ANSWER_SAVED,
            {
                "candidate_id": CANDIDATE,
                "question_index": index,
                "item_id": item_id,
                "status": status.value,
            },
            at,
        )
        answers.append(LegacyAnswer(item.id, item.competence, status))
        test = test.answer(status)
    assert test.is_finished
    writer.append(EventType.TEST_ENDED, {"candidate_id": CANDIDATE, "reason": "completed"}, at)
    return Played(writer.journal(), tuple(answers), test)


def _store(directory: Path, played: Played) -> None:
    """A console store that opened the session and replicated the station's journal."""
    store = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
    journal, mono = store.journal, 1_000_000_000
    try:

        def console(event: EventType, body: dict[str, object], at: datetime) -> None:
            nonlocal mono
            mono += 1_000_000
            journal.append(event, body, mono_ns=mono, wall_time=at)

        console(
            EventType.SESSION_OPENED,
            {"session_id": SESSION_ID, "number": NUMBER, "room": "B12"},
            START,
        )
        console(EventType.PRESENCE_CONFIRMED, {"candidate_id": CANDIDATE}, START)
        report = journal.import_events(
            list(played.journal.events), sample_key("v2 bundle tests/station").public_key()
        )
        assert report.ok, report
        console(EventType.SESSION_FINALISED, {"session_id": SESSION_ID}, START + timedelta(hours=2))
    finally:
        store.close()


def _collect(directory: Path) -> tuple[BundleContents, Signers]:
    keystore = Keystore(directory, use_os_keyring=False)
    store = open_station_store(directory, keystore=keystore)
    try:
        contents = collect_session(
            store.db.conn,
            NUMBER,
            own_station_id=store.station_id,
            own_public_key=store.journal.public_key.public_bytes_raw(),
            banks=sample_banks,
        )
    finally:
        store.close()
    return contents, Signers(keystore.station_key(create=False))


def _expected() -> LegacyResult:
    return score_legacy(_profile(), _play(STATUSES).answers)


def test_a_v2_session_round_trips_and_rescores_to_score_legacy(
    tmp_path: Path, platform: PlatformKeyPair
) -> None:
    played = _play(STATUSES)
    _store(tmp_path, played)
    contents, signers = _collect(tmp_path)
    data = build_bundle(contents, signers, platform.public(), created=CREATED)
    opened = open_bundle(data, platform, VerifyPolicy(banks=sample_banks))

    expected = score_legacy(_profile(), played.answers)
    assert expected == played.test.score()
    assert expected.status is LegacyStatus.VALIDATED
    assert expected.reproducibility_rate == 73
    (result,) = opened.contents.results
    assert result.candidate_id == CANDIDATE
    assert result.answer_count == 15
    assert result.statuses == {"ok": 11, "ko": 4}
    assert result.score is not None
    assert result.score.engine == "v2"
    assert result.score.outcome == expected.status.value
    assert result.score.score == expected.pix_score == 24 + 4 * 16
    assert result.score.competence_levels == {c.competence: c.level for c in expected.competences}
    assert result.score.competence_levels == {"1.1": 3, "1.2": 2, "2.1": 2, "3.1": 2, "4.1": 2}
    (check,) = opened.checks
    assert (check.level, check.gap) == (Rescore.FULL, None)
    assert check.score == result.score
    # The journal that crossed the seal is the station's, event for event.
    station = next(j for j in opened.contents.journals if j.station_id == played.journal.station_id)
    assert station.events == played.journal.events


def _resealed(
    contents: BundleContents, journal: StationJournal, platform: PlatformKeyPair, signers: Signers
) -> bytes:
    journals = tuple(
        j if j.station_id != journal.station_id else journal for j in contents.journals
    )
    assert journal in journals
    return build_bundle(
        replace(contents, journals=journals), signers, platform.public(), created=CREATED
    )


def test_swapped_v2_answers_with_the_same_counts_are_caught_by_rescoring(
    tmp_path: Path, platform: PlatformKeyPair
) -> None:
    """Two answers' statuses swapped across competences: the same counts (11 ok, 4 ko), the
    same pix, but other certified levels; only scoring the v2 test again shows it."""
    _store(tmp_path, _play(STATUSES))
    contents, signers = _collect(tmp_path)
    swapped = list(STATUSES)
    swapped[0], swapped[4] = swapped[4], swapped[0]  # 1.1 gets the wrong answer, 1.2 the right
    altered = _play(swapped)
    rescored = score_legacy(_profile(), altered.answers)
    assert rescored.pix_score == _expected().pix_score
    assert rescored.competences != _expected().competences
    data = _resealed(contents, altered.journal, platform, signers)
    with pytest.raises(BundleError) as refused:
        open_bundle(data, platform, VerifyPolicy(banks=sample_banks))
    assert refused.value.code is BundleErrorCode.RESULTS_INCONSISTENT
    assert refused.value.params["candidate"] == CANDIDATE
    assert refused.value.params["field"] == "score"
    # Without the bank the counts agree: the change needs the re-scoring to be seen.
    opened = open_bundle(data, platform, VerifyPolicy())
    assert [c.level for c in opened.checks] == [Rescore.COUNTS]


def test_a_v2_answer_on_an_item_off_the_list_is_flagged(
    tmp_path: Path, platform: PlatformKeyPair
) -> None:
    """The first two answers journaled on each other's item: not the v2 list of the seed."""
    _store(tmp_path, _play(STATUSES))
    contents, signers = _collect(tmp_path)
    altered = _play(STATUSES, swap_items=True)
    data = _resealed(contents, altered.journal, platform, signers)
    with pytest.raises(BundleError) as refused:
        open_bundle(data, platform, VerifyPolicy(banks=sample_banks))
    assert refused.value.code is BundleErrorCode.RESULTS_INCONSISTENT
    assert refused.value.params["field"] == "items"
    # And a console holding that journal does not export it at all.
    other = tmp_path / "other"
    _store(other, altered)
    with pytest.raises(ExportError) as failed:
        _collect(other)
    assert failed.value.code is ExportErrorCode.RESULTS_FAILED
