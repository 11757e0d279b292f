"""Progress of a review: decided and remaining per stage and reviewer, pace, estimates."""

from __future__ import annotations


class ProgressMethods:
    """Mixed into `Review`."""
