"""Synthesis: coding included records against the review's coding frame."""

from __future__ import annotations


class CodingMethods:
    """Mixed into `Review`."""
