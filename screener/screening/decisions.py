"""Recording verdicts: validation, one committed row per decision, undo."""

from __future__ import annotations

import sys
from pathlib import Path

from screener.errors import ScreenerError
from screener.model import Decision, Stage, Verdict
from screener.store import Store

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

VERDICTS = tuple(v.value for v in Verdict)


def exclusion_reasons(criteria_path: Path) -> dict[str, str]:
    """The `[reasons]` table of a criteria file (key -> text); empty when there is none."""
    try:
        data = tomllib.loads(criteria_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ScreenerError(f"not valid TOML: {error}", file=str(criteria_path)) from None
    reasons = data.get("reasons", {})
    return {str(k): str(v) for k, v in reasons.items()} if isinstance(reasons, dict) else {}


def check_decision(decision: Decision, reasons: dict[str, str], *, record_exists: bool) -> Decision:
    """The decision with its verdict checked, or a ScreenerError saying what is wrong."""
    if not record_exists:
        raise ScreenerError(f"no record with id {decision.record_id}")
    if decision.verdict not in VERDICTS:
        raise ScreenerError(f"unknown verdict {decision.verdict!r} (one of {', '.join(VERDICTS)})")
    if decision.verdict == Verdict.NOT_RETRIEVED.value and decision.stage != Stage.FULL_TEXT.value:
        raise ScreenerError("the verdict not-retrieved belongs to the full-text stage")
    if decision.reason and reasons and decision.reason not in reasons:
        known = ", ".join(reasons)
        raise ScreenerError(f"unknown exclusion reason {decision.reason!r} (known: {known})")
    if not decision.stage.strip():
        raise ScreenerError("the stage name is empty")
    return decision


def record_decision(store: Store, decision: Decision) -> int:
    """Append one decision and commit it before returning."""
    with store.transaction():
        return store.add_decision(decision)


def undo_decision(store: Store, reviewer: str, stage: str) -> int | None:
    """Cancel the reviewer's newest standing decision at `stage`; returns its record id."""
    with store.transaction():
        return store.undo_last(reviewer, stage)
