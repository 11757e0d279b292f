"""The audit trail of a review: every change to the store, in time order."""

from __future__ import annotations


class AuditMethods:
    """Mixed into `Review`."""
