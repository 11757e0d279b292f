"""Reporting: PRISMA counts, reasons, progress, audit."""

from __future__ import annotations


class ReportMethods:
    """Mixed into `Review`."""
