"""Normalisation of record fields (placeholder signatures; being written)."""

from __future__ import annotations

from screener.model import Record


def normalize_doi(text: str) -> str:
    """Lower-case DOI without resolver or `doi:` prefix, URL-decoded; "" when none."""
    return text.strip().lower()


def split_authors(text: str) -> list[str]:
    """One author string per person from any joined form found in exports."""
    return [part.strip() for part in text.split(";") if part.strip()]


def normalize_author(name: str) -> str:
    """One person's name as "Family, Given"."""
    return name.strip()


def parse_year(text: str) -> int | None:
    """The publication year from any date form ("2019", "2019 Mar 5", "03/05/2019", ...)."""
    for token in text.replace("/", " ").replace("-", " ").split():
        if len(token) == 4 and token.isdigit():
            return int(token)
    return None


def normalize_pages(text: str) -> str:
    """Page ranges spelt out in full: "482-91" -> "482-491"."""
    return text.strip()


def normalize_language(text: str) -> str:
    """ISO 639-1 code where known ("English", "eng", "EN" -> "en"), else the text lower-cased."""
    return text.strip().lower()


def normalize_pub_type(text: str) -> str:
    """One of model.PUB_TYPES for a vendor's publication type, or "" when none given."""
    return text.strip().lower()


def normalize_record(record: Record) -> Record:
    return record
