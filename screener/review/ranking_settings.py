"""The `[ranking]` and `[stopping]` sections of `screener.toml`, checked line by line.

[ranking]
enabled = true          # false: --order relevance falls back to the highlight terms
retrain_every = 10      # at most this many decisions between two trainings (optional)

[stopping]
method = "buscar"       # or "target": a random sample screened first (stopping sample)
recall_target = 0.95
confidence = 0.95
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from screener.errors import ScreenerError

STOPPING_METHODS = ("buscar", "target")


@dataclass(frozen=True, slots=True)
class RankingSettings:
    """How the relevance model orders the queue."""

    enabled: bool = True
    # None: ranking's own schedule (after every decision on small reviews, every few on
    # large ones); a number caps the decisions between two trainings
    retrain_every: int | None = None


@dataclass(frozen=True, slots=True)
class StoppingSettings:
    """When screening may stop: the method and the recall it must reach, with what
    confidence."""

    method: str = "buscar"
    recall_target: float = 0.95
    confidence: float = 0.95


def ranking_settings(
    section: object, path: Path, line_of: Callable[[str], int | None]
) -> RankingSettings:
    """`[ranking]` as settings; a bad value is one line naming the key and its line."""
    table = _table(section, "ranking", path)
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        message = f"[ranking] enabled must be true or false, not {enabled!r}"
        _refuse(message, path, line_of, "enabled")
    every = table.get("retrain_every")
    if every is not None and (isinstance(every, bool) or not isinstance(every, int) or every < 1):
        _refuse(
            f"[ranking] retrain_every must be a whole number, 1 or more, not {every!r}",
            path,
            line_of,
            "retrain_every",
        )
    _no_unknown(table, "ranking", ("enabled", "retrain_every"), path, line_of)
    return RankingSettings(enabled=enabled, retrain_every=every)


def stopping_settings(
    section: object, path: Path, line_of: Callable[[str], int | None]
) -> StoppingSettings:
    """`[stopping]` as settings; a bad value is one line naming the key and its line."""
    table = _table(section, "stopping", path)
    method = table.get("method", "buscar")
    if method not in STOPPING_METHODS:
        _refuse(
            f"[stopping] method must be one of {', '.join(STOPPING_METHODS)}, not {method!r}",
            path,
            line_of,
            "method",
        )
    shares = {}
    for key in ("recall_target", "confidence"):
        value = table.get(key, 0.95)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
            _refuse(
                f"[stopping] {key} must be a share above 0 and below 1 (0.95 for 95%),"
                f" not {value!r}",
                path,
                line_of,
                key,
            )
        shares[key] = float(value)
    _no_unknown(table, "stopping", ("method", "recall_target", "confidence"), path, line_of)
    return StoppingSettings(str(method), shares["recall_target"], shares["confidence"])


def _table(section: object, name: str, path: Path) -> dict[str, object]:
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise ScreenerError(f"[{name}] must be a table of settings", file=str(path))
    return section


def _no_unknown(
    table: dict[str, object],
    name: str,
    known: tuple[str, ...],
    path: Path,
    line_of: Callable[[str], int | None],
) -> None:
    """A misspelt key would silently keep the default: refuse it, naming the known ones."""
    from screener.errors import did_you_mean

    for key in table:
        if key not in known:
            _refuse(
                f"[{name}] has no setting {key!r}{did_you_mean(key, known)}",
                path,
                line_of,
                key,
            )


def _refuse(message: str, path: Path, line_of: Callable[[str], int | None], key: str) -> NoReturn:
    raise ScreenerError(message, file=str(path), line=line_of(key))
