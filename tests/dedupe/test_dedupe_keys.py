"""Matching normalisation: one key per title, author list, journal, page range and DOI,
whatever form the exporting database gave it."""

from __future__ import annotations

import pytest

from screener.dedupe.authors import author_key
from screener.dedupe.profile import profile
from screener.dedupe.text import fold, repair_mojibake
from screener.dedupe.titles import title_key
from screener.dedupe.venues import (
    doi_key,
    doi_stem,
    journal_key,
    journal_title_key,
    journals_match,
    page_range,
    titled_journals_match,
    volume_key,
)
from screener.model import Record


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Efficacy of batroxobin. [Chinese]", "Efficacy of batroxobin"),
        ("Cancer screening [Review] [33 refs]", "Cancer screening."),
        ("[Rehabilitation after stroke]. [Article in German]", "Rehabilitation after stroke"),
        ("Treatment of stroke (author's transl)", "Treatment of stroke"),
        ("Study of [<sup>11</sup>C]raclopride", "Study of [11C]raclopride"),
        ("Study of &lt;sup&gt;11&lt;/sup&gt;C", "Study of 11C"),
        ("Über die Häufigkeit", "Uber die haufigkeit"),
        ("KÃ¶nig's disease", "König's disease"),
        ("Type II diabetes, part two", "Type 2 diabetes: Part 2"),
        ("The second trial", "The 2nd trial"),
        ("RETRACTED: Foo bar baz", "Foo bar baz"),
        ("Foo [erratum appears in Brain Inj. 2013;27(3):377]", "Foo"),
        ("Risk in women (Review)", "Risk in women"),
        ("REVIEW: Effects of substratum on cells", "Effects of substratum on cells - Review"),
    ],
)
def test_title_decorations_do_not_change_the_key(left: str, right: str) -> None:
    assert title_key(left).compact == title_key(right).compact


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Erratum: Effects of X on Y", "erratum"),
        ("Correction to: Effects of X on Y", "erratum"),
        ("Corrigendum to 'Effects of X on Y'", "erratum"),
        ("Retraction note: Effects of X on Y", "retraction"),
        ("Comment on: Effects of X on Y", "comment"),
        ("Re: Effects of X on Y", "comment"),
        ("Reply to Smith et al", "reply"),
        ("Effects of X on Y - Reply", "reply"),
        ("Effects of X on Y (vol 360, pg 542, 2009)", "erratum"),
        ("Effects of X on Y. Reply.", "reply"),
        ("Effects of X on Y\u2014Reply", "reply"),
        ("Author response: Effects of X on Y", "reply"),
        ("Decision letter: Effects of X on Y", "comment"),
    ],
)
def test_notice_markers_become_the_records_kind(title: str, kind: str) -> None:
    assert kind in title_key(title).kinds


@pytest.mark.parametrize(
    "title",
    [
        "Correction of hypokalaemia in rats",
        "Response to rituximab in lymphoma",
        "Re-evaluation of stroke units",
        "Commentary and criticism in science",
        "Stimulus-response curves in the auditory cortex",
        "Vaccination and the immune response",
        "Review of Memory rehabilitation: integrating theory and practice",  # a book review
    ],
)
def test_articles_that_merely_start_with_a_marker_word_stay_articles(title: str) -> None:
    assert title_key(title).kinds == frozenset()


def test_instalments_are_read_from_the_title() -> None:
    assert title_key("Stroke care. Part I").parts == ("part 1",)
    assert title_key("Stroke care, part two").parts == ("part 2",)


@pytest.mark.parametrize(
    ("authors", "first"),
    [
        (("Zhai, Q. J.", "Yue, X. Y."), "zhai"),
        (("Adeli K.Lewis G. F.",), "adeli"),
        (("Lencz ToddSzeszko Philip R.DeRosse Pamela",), "lencz"),
        (("ZHANG W", "LI X"), "zhang"),
        (("de Cordoba, S. R.",), "cordoba"),
        (("Müri, R. M.",), "muri"),
        (("Smith JM", "Jones AB"), "smith"),
        (("LinC. H. A.RhodesC. T.",), "lin"),
    ],
)
def test_first_author_surname_from_every_export_form(authors: tuple[str, ...], first: str) -> None:
    assert author_key(authors).first == first


def test_unseparated_author_string_yields_every_surname() -> None:
    key = author_key(("Adeli K.Lewis G. F.Smith J.",))
    assert {"adeli", "lewis", "smith"} <= key.names
    assert key.count == 3


def test_initials_run_into_the_next_surname_are_split_off() -> None:
    # Web of Science style without separators: "Greer JJ" + "Allan DW" + ... run together.
    key = author_key(("Greer JJAllan DWBabiuk RPLemke, R. P.",))
    assert key.names == {"greer", "allan", "babiuk", "lemke"}


def test_initials_are_not_surnames() -> None:
    assert author_key(("Zuna, R E", "Wang, S S")).names == frozenset({"zuna", "wang"})


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("J Neurol Neurosurg Psychiatry", "Journal of Neurology, Neurosurgery and Psychiatry"),
        (
            "Proc Natl Acad Sci U S A",
            "Proceedings of the National Academy of Sciences of the United States of America",
        ),
        ("Arch Phys Med Rehabil", "Archives of Physical Medicine & Rehabilitation"),
        ("Obesity (Silver Spring)", "Obesity"),
        ("BMJ", "British Medical Journal"),
        ("Neuroimage", "Neuro Image"),
        ("Circulation. Conference: American Heart Association", "Circulation"),
        ("PLoS ONE [Electronic Resource]", "PLoS One"),
        # British and American spellings of one journal.
        ("Can J Anaesth", "Canadian Journal of Anesthesia"),
        ("Paediatr Anaesth", "Pediatric Anesthesia"),
        ("Dis Esophagus", "Diseases of the Oesophagus"),
        ("Der Anaesthesist", "Der Anästhesist"),
        ("Gynaekologe", "Gynäkologe"),
        # Articles, prepositions and conjunctions in other languages.
        ("Z Gerontol Geriatr", "Zeitschrift für Gerontologie und Geriatrie"),
        ("G Ital Cardiol", "Giornale Italiano di Cardiologia"),
        ("Ned Tijdschr Geneeskd", "Nederlands Tijdschrift voor Geneeskunde"),
        ("Ann Fr Anesth Reanim", "Annales françaises d'anesthésie et de réanimation"),
        ("Enferm Infecc Microbiol Clin", "Enfermedades infecciosas y microbiología clínica"),
    ],
)
def test_abbreviated_and_full_journal_names_match(short: str, full: str) -> None:
    assert journals_match(journal_key(short), journal_key(full))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Brain", "Brain Research"),
        ("Stroke", "Neurology"),
        ("J Neurol", "J Neurosurg"),
        ("Br J Anaesth", "British Journal of Haematology"),
        ("JOEM", "J Exp Med"),
    ],
)
def test_different_journals_do_not_match(left: str, right: str) -> None:
    assert not journals_match(journal_key(left), journal_key(right))


def _titled_match(left: str, right: str) -> bool:
    return titled_journals_match(
        journal_key(left), journal_title_key(left), journal_key(right), journal_title_key(right)
    )


@pytest.mark.parametrize(
    ("short", "subtitled"),
    [
        ("Thyroid", "Thyroid : official journal of the American Thyroid Association"),
        ("Mol Cell Proteomics", "Molecular & cellular proteomics : MCP."),
        ("Database (Oxford)", "DATABASE-THE JOURNAL OF BIOLOGICAL DATABASES AND CURATION"),
        ("Can J Psychiatry", "CANADIAN JOURNAL OF PSYCHIATRY-REVUE CANADIENNE DE PSYCHIATRIE"),
        ("Atherosclerosis", "Atherosclerosis Supplements"),
    ],
)
def test_a_journal_matches_its_name_with_a_descriptive_subtitle_or_as_a_supplement(
    short: str, subtitled: str
) -> None:
    assert _titled_match(short, subtitled)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # Two subtitles are two sections of one journal.
        ("Biochimica et Biophysica Acta: Bioenergetics", "Biochim Biophys Acta: Biomembranes"),
        ("Brain", "BRAIN RESEARCH-REVIEWS"),
        ("Neurology", "NEURO-ONCOLOGY"),
        # Sister journals: the subtitle names a journal of its own.
        ("Circulation", "Circulation: Heart Failure"),
        ("Circulation", "CIRCULATION-HEART FAILURE"),
        ("European Heart Journal", "European Heart Journal - Cardiovascular Imaging"),
        ("European Journal of Cardiology", "EUROPEAN JOURNAL OF CARDIO-THORACIC SURGERY"),
        ("J Phys", "Journal of Physics: Conference Series"),
        ("Heart", "Heart - International"),
    ],
)
def test_subtitles_do_not_make_different_journals_match(left: str, right: str) -> None:
    assert not _titled_match(left, right)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("482-91", ("482", "491")),
        ("08-Nov", ("8", "11")),
        ("Apr-13", ("4", "13")),
        ("e123", ("e123", "")),
        ("S60-S61", ("s60", "s61")),
        ("pp. 12-15", ("12", "15")),
        ("Suppl-29", ("", "")),
        ("Jan-Feb", ("", "")),
        ("2050310000000000", ("", "")),
        ("", ("", "")),
    ],
)
def test_page_ranges_survive_abbreviation_and_spreadsheets(
    pages: str, expected: tuple[str, str]
) -> None:
    assert page_range(pages) == expected


@pytest.mark.parametrize(
    ("volume", "expected"),
    [("24 Suppl 1", "24"), ("Part 3. 275", "275"), ("1)", ""), ("2019 (11)", ""), ("", "")],
)
def test_volume_numbers_ignore_parts_supplements_and_years(volume: str, expected: str) -> None:
    assert volume_key(volume) == expected


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("https://doi.org/10.1000/ABC.", "10.1000/abc"),
        ("doi: 10.1000/x1", "10.1000/x1"),
        ("10.1016/s0025-7753%2817%2930624-3", "10.1016/s0025-7753(17)30624-3"),
        ("not a doi", ""),
        ("10.10.1164/rccm.201308-1532ci", "10.1164/rccm.201308-1532ci"),
        ("10.1002/(sici)1096-8628&lt;73::aid&gt;", "10.1002/(sici)1096-8628<73::aid>"),
    ],
)
def test_dois_compare_as_identifiers(doi: str, expected: str) -> None:
    assert doi_key(doi) == expected


@pytest.mark.parametrize(
    ("record", "numbers"),
    [
        (Record(pages="CD003311", doi="10.1002/14651858.CD003311.pub3"), {"cd003311"}),
        (Record(issue="CD005091"), {"cd005091"}),
        # Other article numbers are reused (a yearly meeting's "e20512") or name one article.
        (Record(pages="e0094853", doi="10.1371/journal.pone.0094853"), set()),
        (Record(pages="e20512", issue="15_suppl"), set()),
        (Record(pages="1169-1187", issue="SUPPL1", doi="10.1517/14656566.9.7.1169"), set()),
    ],
)
def test_review_numbers_come_from_pages_issue_and_doi(record: Record, numbers: set[str]) -> None:
    assert profile(record).numbers == numbers


def test_cochrane_versions_share_a_doi_stem() -> None:
    assert doi_stem("10.1002/14651858.cd009622.pub4") == doi_stem("10.1002/14651858.cd009622.pub5")


def test_fold_and_mojibake_repair_leave_plain_text_alone() -> None:
    assert repair_mojibake("plain text") == "plain text"
    assert fold("  A  Tale, of—Two  ") == "a tale of two"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Smoking & bone. JAPANESE", "Smoking and bone"),
        (
            "Severe deficiency in children.[Erratum appears in J Pediatr. 2003 Jun",
            "Severe deficiency in children",
        ),
    ],
)
def test_unbracketed_language_and_cut_notes_do_not_change_the_key(left: str, right: str) -> None:
    assert title_key(left).compact == title_key(right).compact
