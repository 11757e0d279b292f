"""Files shipped with screener: criteria templates and the demo's example exports.

In a wheel they live under `screener/_data/`; in a source checkout, at the top level.
"""

from __future__ import annotations

from pathlib import Path

from screener.errors import ScreenerError, UsageError, did_you_mean

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder of shipped data called `name` ("criteria" or "examples")."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ScreenerError(f"screener's {name} folder is missing from this installation")


def template_names() -> list[str]:
    return sorted(path.stem for path in data_dir("criteria").glob("*.toml"))


# A template without a coding frame of its own gets this one: a frame to fill in.
BLANK_FRAME = "blank"


def coding_template_path(name: str) -> Path:
    """The coding frame of template `name` (criteria/coding/NAME.toml), else the blank one."""
    folder = data_dir("criteria") / "coding"
    path = folder / f"{name}.toml"
    return path if path.is_file() else folder / f"{BLANK_FRAME}.toml"


def template_path(name: str) -> Path:
    """The criteria template called `name` (e.g. "rea"), or a clear error listing the known."""
    path = data_dir("criteria") / f"{name}.toml"
    if not path.is_file():
        raise UsageError(f"no criteria template {name!r}{did_you_mean(name, template_names())}")
    return path
