"""Screening: decisions, outcomes per stage, record status, the queue and the terminal UI."""
