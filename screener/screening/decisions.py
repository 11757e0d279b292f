"""Checking verdicts before they are recorded, and the review's exclusion reasons."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from screener.errors import ScreenerError, UsageError, did_you_mean
from screener.model import STAGES, VERDICTS, Decision, Stage, Verdict

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# An exclusion reason the criteria file does not list: the reviewer's own words go in the note.
OTHER_REASON = "other"


# Where tomllib's message puts the place: "... (at line 86, column 7)".
_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def exclusion_reasons(criteria_path: Path) -> dict[str, str]:
    """The `[reasons]` table of a criteria file (key -> text); empty when there is none."""
    from screener.criteria import read_criteria_text

    if not criteria_path.exists():
        return {}
    try:
        data = tomllib.loads(read_criteria_text(criteria_path))
    except tomllib.TOMLDecodeError as error:
        # "file:line:column: ..." as every other message with a place, not the place in prose
        message = str(error)
        place = _TOML_PLACE.search(message)
        line, column = (int(place[1]), int(place[2])) if place else (None, None)
        message = message[: place.start()] if place else message
        raise ScreenerError(
            f"not valid TOML: {message}", file=str(criteria_path), line=line, column=column
        ) from None
    reasons = data.get("reasons", {})
    return {str(k): str(v) for k, v in reasons.items()} if isinstance(reasons, dict) else {}


def check_stage(stage: str) -> str:
    """The stage name, or a UsageError with the stage it was probably meant to be."""
    if not stage.strip():
        raise UsageError("the stage name is empty")
    if stage not in STAGES:
        raise UsageError(f"unknown stage {stage!r}{did_you_mean(stage, STAGES)}")
    return stage


def check_verdict(verdict: str) -> str:
    if verdict not in VERDICTS:
        raise UsageError(f"unknown verdict {verdict!r}{did_you_mean(verdict, VERDICTS)}")
    return verdict


def check_decision(decision: Decision, reasons: dict[str, str], *, record_exists: bool) -> Decision:
    """The decision with its verdict checked, or a ScreenerError saying what is wrong."""
    if not record_exists:
        raise ScreenerError(f"no record with id {decision.record_id}")
    check_verdict(decision.verdict)
    check_stage(decision.stage)
    if not decision.reviewer.strip():
        raise UsageError("the reviewer name is empty")
    if decision.reason and decision.verdict != Verdict.EXCLUDE.value:
        raise UsageError(f"only an exclusion takes a reason, not {decision.verdict!r}")
    if decision.verdict == Verdict.NOT_RETRIEVED.value and decision.stage != Stage.FULL_TEXT.value:
        raise ScreenerError("the verdict not-retrieved belongs to the full-text stage")
    if _unknown_reason(decision.reason, reasons):
        known = [*reasons, OTHER_REASON]
        raise UsageError(
            f"unknown exclusion reason {decision.reason!r}{did_you_mean(decision.reason, known)}"
        )
    return decision


def _unknown_reason(reason: str, reasons: dict[str, str]) -> bool:
    return bool(reason and reasons and reason not in reasons and reason != OTHER_REASON)
