"""Ranking: the relevance model of a review and its stopping estimate."""

from __future__ import annotations


class RankingMethods:
    """Mixed into `Review`."""
