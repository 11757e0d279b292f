"""Portable record keys: a record named by its file's sha256 and its key in that file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Protocol

from screener.sync.format import RecordRef


class Place(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def key(self) -> str: ...


def portable_key(path: str, key: str) -> str:
    """The record's key as every copy knows it: a key made up from the file's name and
    the record's ordinal ("scopus.ris#12", for a record without an ID of its own) loses
    the name, which a colleague may have given the same file differently."""
    return _without_name(_file_name(path), key)


def _file_name(path: str) -> str:
    return PurePath(path.replace("\\", "/")).name


def _without_name(name: str, key: str) -> str:
    numbered = key.startswith(name) and key[len(name) : len(name) + 1] == "#"
    if numbered and _ORDINAL.fullmatch(key, len(name) + 1):
        return key[len(name) :]
    return key


_ORDINAL = re.compile(r"\d+")


def portable_refs(places: Iterable[Place]) -> dict[int, RecordRef]:
    """record id -> its portable reference. A key a file gives twice (two rows with one ID)
    is told apart by its ordinal among them, `places` being in the file's own order."""
    refs: dict[int, RecordRef] = {}
    seen: dict[tuple[str, str], int] = {}
    names: dict[str, str] = {}  # path -> its file name (one PurePath per file, not per record)
    for place in places:
        name = names.get(place.path)
        if name is None:
            name = names[place.path] = _file_name(place.path)
        key = _without_name(name, place.key)
        n = seen.get((place.sha256, key), 0) + 1
        seen[(place.sha256, key)] = n
        refs[place.id] = RecordRef(place.sha256, key, n)
    return refs
