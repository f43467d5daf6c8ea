"""Fixtures for the store tests: real SQLCipher files in tmp_path, seeded keys."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlite_utils import Database

from pixdesk.store.database import open_database
from pixdesk.store.journal import Journal
from tests.store.helpers import signing_key


@pytest.fixture
def db_key(rng: random.Random) -> bytes:
    return rng.randbytes(32)


@pytest.fixture
def station_key(rng: random.Random) -> Ed25519PrivateKey:
    return signing_key(rng)


@pytest.fixture
def opener(tmp_path: Path, db_key: bytes) -> Iterator[Callable[..., Database]]:
    """Open stores by name in tmp_path; every one is closed at teardown."""
    opened: list[Database] = []

    def open_(name: str = "store.db", **kwargs: Any) -> Database:
        db = open_database(tmp_path / name, kwargs.pop("key", db_key), **kwargs)
        opened.append(db)
        return db

    yield open_
    for db in opened:
        db.close()


@pytest.fixture
def db(opener: Callable[..., Database]) -> Database:
    return opener()


@pytest.fixture
def journal(db: Database, station_key: Ed25519PrivateKey) -> Journal:
    return Journal(db, "learner-1", station_key)
