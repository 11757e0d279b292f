"""The review folder's settings file, `screener.toml`."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screener.errors import ScreenerError
from screener.review.ranking_settings import (
    RankingSettings,
    StoppingSettings,
    ranking_settings,
    stopping_settings,
)

SETTINGS_FILE = "screener.toml"
CRITERIA_FILE = "criteria.toml"
STORE_FILE = "screener.db"


@dataclass(frozen=True, slots=True)
class Settings:
    """What `screener.toml` says about a review."""

    title: str
    created: str = ""
    stages: tuple[str, ...] = ("title-abstract", "full-text")
    reviewers_per_record: int = 1
    kappa_target: float | None = None  # [pilot] kappa_target: `pilot report --fail-under`
    coders_per_record: int = 1  # [coding]: 2 codes each study twice, agreement per field
    ranking: RankingSettings = field(default_factory=RankingSettings)  # [ranking]
    stopping: StoppingSettings = field(default_factory=StoppingSettings)  # [stopping]
    extra: dict[str, object] = field(default_factory=dict)


# The sections read into fields above; `extra` keeps the rest as written.
_READ_SECTIONS = frozenset({"review", "screening", "coding", "ranking", "stopping"})


def enclosing_review(folder: Path) -> Path | None:
    """The nearest folder from `folder` up (itself included) that holds screener.toml."""
    resolved = folder.resolve()
    for candidate in (resolved, *resolved.parents):
        if (candidate / SETTINGS_FILE).is_file():
            return candidate
    return None


def load_settings(root: Path) -> Settings:
    # Read here, not at import: the stateless commands import this module for the file names.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    path = root / SETTINGS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScreenerError("no screener.toml in the review folder", file=str(root)) from None
    except tomllib.TOMLDecodeError as error:
        raise ScreenerError(f"not valid TOML: {error}", file=str(path)) from None
    review = _section(data, "review", path)
    screening = _section(data, "screening", path)
    _section(data, "pilot", path)
    _section(data, "coding", path)
    try:
        settings = Settings(
            title=str(review.get("title", root.name)),
            created=str(review.get("created", "")),
            stages=tuple(screening.get("stages", Settings.__dataclass_fields__["stages"].default)),
            reviewers_per_record=int(screening.get("reviewers_per_record", 1)),
            kappa_target=_kappa_target(data.get("pilot", {}), path),
            coders_per_record=_coders_per_record(data.get("coding", {}), path),
            ranking=ranking_settings(data.get("ranking"), path, lambda k: _line_of(path, k)),
            stopping=stopping_settings(data.get("stopping"), path, lambda k: _line_of(path, k)),
            extra={k: v for k, v in data.items() if k not in _READ_SECTIONS},
        )
    except (TypeError, ValueError) as error:
        raise ScreenerError(f"bad setting: {error}", file=str(path)) from None
    if settings.reviewers_per_record < 1:
        raise ScreenerError(
            f"reviewers_per_record must be 1 or more, not {settings.reviewers_per_record}",
            file=str(path),
            line=_line_of(path, "reviewers_per_record"),
        )
    return settings


def _kappa_target(pilot: object, path: Path) -> float | None:
    """`[pilot] kappa_target`: a number above -1 and at most 1, or None when not set."""
    if not isinstance(pilot, dict) or "kappa_target" not in pilot:
        return None
    value = pilot["kappa_target"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -1 < value <= 1:
        raise ScreenerError(
            f"kappa_target must be a number above -1 and at most 1, not {value!r}",
            file=str(path),
            line=_line_of(path, "kappa_target"),
        )
    return float(value)


def _section(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    """The table `[name]` of the settings, empty when absent; a key of that name holding
    anything but a table is one line naming it."""
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise ScreenerError(
            f"'{name}' must be a table ([{name}]), not {section!r}",
            file=str(path),
            line=_line_of(path, name),
        )
    return section


def _coders_per_record(coding: object, path: Path) -> int:
    """`[coding] coders_per_record`: 1 (the default) or 2. A misspelt key is refused, as
    [ranking] and [stopping] refuse theirs: it would silently leave one coder per study."""
    from screener.review.ranking_settings import _no_unknown

    if isinstance(coding, dict):
        _no_unknown(coding, "coding", ("coders_per_record",), path, lambda k: _line_of(path, k))
    value = coding.get("coders_per_record", 1) if isinstance(coding, dict) else 1
    if isinstance(value, bool) or value not in (1, 2):
        raise ScreenerError(
            f"coders_per_record must be 1 or 2, not {value!r}",
            file=str(path),
            line=_line_of(path, "coders_per_record"),
        )
    return int(value)


def _line_of(path: Path, key: str) -> int | None:
    """The line of the file that sets `key`, for an error that points at it."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(key):
            return number
    return None


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def render_settings(settings: Settings) -> str:
    stages = ", ".join(_toml_string(stage) for stage in settings.stages)
    return (
        "# screener review settings\n"
        "[review]\n"
        f"title = {_toml_string(settings.title)}\n"
        f"created = {_toml_string(settings.created)}\n"
        "\n"
        "[screening]\n"
        f"stages = [{stages}]\n"
        "# 1: one reviewer decides each record; 2: blind dual screening with conflicts\n"
        f"reviewers_per_record = {settings.reviewers_per_record}\n"
        "\n"
        "[coding]\n"
        "# 1: one coder codes each included study; 2: two code it, agreement per field\n"
        f"coders_per_record = {settings.coders_per_record}\n"
    )
