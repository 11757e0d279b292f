"""Reporting a review: PRISMA 2020 counts and diagram, exclusion reasons, progress, audit.

Pure: each module takes what `Review` read from the store and returns results or text; no
store, no printing.
"""
