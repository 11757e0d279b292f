"""Field normalisation: what a reviewer sees after import, whatever the vendor wrote."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screener.model import PUB_TYPES, Record
from screener.normalize import (
    normalize_author,
    normalize_doi,
    normalize_language,
    normalize_pages,
    normalize_pub_type,
    normalize_pub_types,
    normalize_record,
    parse_year,
    read_year,
    split_authors,
)

# --- DOI -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("10.1038/aps.2011.149", "10.1038/aps.2011.149"),
        ("10.1016/J.CHIABU.2019.104123", "10.1016/j.chiabu.2019.104123"),
        ("https://doi.org/10.1016/j.chiabu.2019.104123", "10.1016/j.chiabu.2019.104123"),
        ("http://dx.doi.org/10.1159/000282091", "10.1159/000282091"),
        ("https://dx.doi.org/10.1159/000282091", "10.1159/000282091"),
        ("doi:10.1002/dmrr.2855", "10.1002/dmrr.2855"),
        ("doi: 10.1002/dmrr.2855", "10.1002/dmrr.2855"),
        ("DOI 10.1016/j.ijrobp.2015.07.760", "10.1016/j.ijrobp.2015.07.760"),
        ("DOI: 10.1016/J.IJROBP.2015.07.760.", "10.1016/j.ijrobp.2015.07.760"),
        ("https://doi.org/10.1000%2Fxyz%3C1%3E", "10.1000/xyz<1>"),
        ("10.1/xyz [doi]", "10.1/xyz"),
        (
            "S0140-6736(20)30183-5 [pii] 10.1016/S0140-6736(20)30183-5 [doi]",
            "10.1016/s0140-6736(20)30183-5",
        ),
        ("(see 10.1016/s0140-6736(20)30183-5)", "10.1016/s0140-6736(20)30183-5"),
        (
            "10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2",
            "10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2",
        ),
        ("10.2337/db18-486-P", "10.2337/db18-486-p"),
        ("  10.18632/oncotarget.18955  ", "10.18632/oncotarget.18955"),
        ("10.1000.10/abc", "10.1000.10/abc"),
        ("", ""),
        ("n/a", ""),
        ("10.1016", ""),
        ("10.1016/", ""),
        ("https://example.org/article/42", ""),
        ("PMID 12345678", ""),
    ],
)
def test_doi_is_lower_case_without_prefix_or_trailing_punctuation(text: str, doi: str) -> None:
    assert normalize_doi(text) == doi


@given(st.text())
def test_normalize_doi_is_idempotent(text: str) -> None:
    once = normalize_doi(text)
    assert normalize_doi(once) == once


@given(st.from_regex(r"10\.[0-9]{4,5}/[A-Za-z0-9.()/:;_-]{1,30}", fullmatch=True))
def test_a_doi_found_is_a_doi(text: str) -> None:
    doi = normalize_doi("https://doi.org/" + text)
    assert doi == "" or re.fullmatch(r"10\.\d+/\S+", doi)


# --- authors: splitting --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Smith, J. and Jones, K.", ["Smith, J.", "Jones, K."]),
        ("Kim, Bo Ryun and Chun, Min Ho", ["Kim, Bo Ryun", "Chun, Min Ho"]),
        ("Smith J; Jones K", ["Smith J", "Jones K"]),
        ("Smith J;Jones K;", ["Smith J", "Jones K"]),
        ("Smith J., Jones K.L.", ["Smith J.", "Jones K.L."]),
        ("Smith, John; Jones, Kate", ["Smith, John", "Jones, Kate"]),
        ("Adeli K.Lewis G. F.", ["Adeli K.", "Lewis G. F."]),
        ("Adeli K.Lewis G. F.Smith J.", ["Adeli K.", "Lewis G. F.", "Smith J."]),
        ("Smith, J., Jones, K.", ["Smith, J.", "Jones, K."]),
        ("Kaplan BS, Meyers KE, Schulman SL", ["Kaplan BS", "Meyers KE", "Schulman SL"]),
        ("John Smith, Kate Jones, Bob Brown", ["John Smith", "Kate Jones", "Bob Brown"]),
        # glued Embase lists with apostrophes, particles and double initials
        (
            "Hogan A. E.Brenner M.O'Shea D.Lynch L.",
            ["Hogan A. E.", "Brenner M.", "O'Shea D.", "Lynch L."],
        ),
        ("Zhou X.de Leon M. J.Xu M. J.", ["Zhou X.", "de Leon M. J.", "Xu M. J."]),
        ("Sohn H. Y.Hoffmann E.", ["Sohn H. Y.", "Hoffmann E."]),
        ("Matsumura T.Nishida S. M.", ["Matsumura T.", "Nishida S. M."]),
        ("Buist N. R. M.Glenn B.", ["Buist N. R. M.", "Glenn B."]),
        # one person, with commas
        ("Tassinari, John", ["Tassinari, John"]),
        ("Lewis, Pearl L.", ["Lewis, Pearl L."]),
        ("Wright Jr., T C", ["Wright Jr., T C"]),
        ("Smith, Jr., John", ["Smith, Jr., John"]),
        ("Smith, John, III", ["Smith, John, III"]),
        ("Adams, Harold P., Jr.", ["Adams, Harold P., Jr."]),
        ("Ho, C.-M. and Yang, S.-S.", ["Ho, C.-M.", "Yang, S.-S."]),
        ("Smith J.K.", ["Smith J.K."]),
        ("World Health Organization", ["World Health Organization"]),
        ("{Smith and Sons} and Jones, K.", ["{Smith and Sons}", "Jones, K."]),
        ("", []),
        ("  ;  ", []),
    ],
)
def test_split_authors_gives_one_string_per_person(text: str, names: list[str]) -> None:
    assert split_authors(text) == names


_NAME_TEXT = st.text(
    alphabet=st.sampled_from(list("ABJKLMSaehinorsty.,;' -\nÖü")), max_size=40
) | st.lists(
    st.sampled_from(["Smith", "J.", "K.L.", "and", "van", "de", "Jones", "Jr", "JK", ",", ";"]),
    max_size=8,
).map(" ".join)


def _letters(text: str) -> str:
    return re.sub(r"[\W_]", "", text)


@given(_NAME_TEXT)
def test_split_authors_keeps_every_letter_but_separators(text: str) -> None:
    names = split_authors(text)
    without_separators = re.sub(r"(?<!\S)and(?!\S)", " ", text)
    assert _letters("".join(names)) == _letters(without_separators)


# --- authors: one name ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        # already "Family, Given"
        ("Smith, John", "Smith, John"),
        ("Kim, Bo Ryun", "Kim, Bo Ryun"),
        ("Dams-O'Connor, Kristen", "Dams-O'Connor, Kristen"),
        ("Müri, R. M.", "Müri, R. M."),
        ("Ho, C.-M.", "Ho, C.-M."),
        ("Wu, Jun-fa", "Wu, Jun-fa"),
        ("  Smith,   John ", "Smith, John"),
        # initials: periods and spaces normalised, never expanded or dropped
        ("Smith, J.K.", "Smith, J. K."),
        ("Smith, J.K", "Smith, J. K."),
        ("Johnston, E I", "Johnston, E. I."),
        ("George, JN", "George, J. N."),
        ("Emirova, Kh", "Emirova, Kh."),
        # family first, initials after (MEDLINE, Scopus, Embase)
        ("Smith J", "Smith, J."),
        ("Smith JK", "Smith, J. K."),
        ("Adeli K.", "Adeli, K."),
        ("Lewis G. F.", "Lewis, G. F."),
        ("Tejedor Jorge A.", "Tejedor Jorge, A."),
        ("Sanchez-del-Rio Gonzalez M.", "Sanchez-del-Rio Gonzalez, M."),
        ("Petrov IV", "Petrov, I. V."),
        # given names first
        ("John Smith", "Smith, John"),
        ("Agata Mulak", "Mulak, Agata"),
        ("J. K. Smith", "Smith, J. K."),
        ("J.K. Smith", "Smith, J. K."),
        ("Kate L. Jones", "Jones, Kate L."),
        # particles stay with the family name
        ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
        ("Juan de la Cruz", "de la Cruz, Juan"),
        ("van der Berg J", "van der Berg, J."),
        ("de Leon M. J.", "de Leon, M. J."),
        ("van der Linden, J C", "van der Linden, J. C."),
        ("Van, Gelder T.", "Van Gelder, T."),
        ("de, Sanjose S", "de Sanjose, S."),
        ("van, der Meer I.", "van der Meer, I."),
        ("O'Neil, Mary", "O'Neil, Mary"),
        ("McKay, Moore", "McKay, Moore"),
        # all capitals: name case only when the family name is in capitals
        ("SMITH, JOHN", "Smith, John"),
        ("SMITH, John", "Smith, John"),
        ("SMITH JK", "Smith, J. K."),
        ("JOHN SMITH", "Smith, John"),
        ("O'NEIL, MARY", "O'Neil, Mary"),
        ("MCDONALD, J", "McDonald, J."),
        ("VAN DER BERG, J", "van der Berg, J."),
        ("DE LA CRUZ, JUAN", "de la Cruz, Juan"),
        ("SMITH-JONES, MARY", "Smith-Jones, Mary"),
        ("WANG, LEI", "Wang, Lei"),
        # suffixes
        ("Wright Jr., T C", "Wright, T. C., Jr."),
        ("Smith, Jr., John", "Smith, John, Jr."),
        ("Smith, John, Jr.", "Smith, John, Jr."),
        ("John Smith Jr", "Smith, John, Jr."),
        ("John Smith III", "Smith, John, III"),
        ("Smith, John, III", "Smith, John, III"),
        ("Smith J 3rd", "Smith, J., 3rd"),
        # organisations and single words are left as written
        ("World Health Organization", "World Health Organization"),
        ("Cochrane Collaboration", "Cochrane Collaboration"),
        ("NICE Guideline Development Group", "NICE Guideline Development Group"),
        ("Imagen Consortium", "Imagen Consortium"),
        ("-Costa-Rican-HPV-Vaccine-Trial-Group", "-Costa-Rican-HPV-Vaccine-Trial-Group"),
        ("{The SPRINT Research Group}", "{The SPRINT Research Group}"),
        ("Anonymous", "Anonymous"),
        ("", ""),
    ],
)
def test_normalize_author_writes_family_comma_given(name: str, normal: str) -> None:
    assert normalize_author(name) == normal


@given(_NAME_TEXT)
def test_normalize_author_is_idempotent(name: str) -> None:
    once = normalize_author(name)
    assert normalize_author(once) == once


# --- year ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2019", 2019),
        ("2019 Mar 5", 2019),
        ("2019/03/05/", 2019),
        ("2019///", 2019),
        ("03/05/2019", 2019),
        ("2019-2020", 2019),
        ("Spring 2018", 2018),
        ("[2017]", 2017),
        ("c2016", 2016),
        ("©2015", 2015),
        ("2014-03-01T00:00:00Z", 2014),
        ("20190305", 2019),
        ("1500", 1500),
        ("2100", 2100),
        ("1499", None),
        ("2101", None),
        ("12019", None),
        ("in press", None),
        ("", None),
    ],
)
def test_parse_year_reads_any_date_form(text: str, year: int | None) -> None:
    assert parse_year(text) == year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2020", 2020),
        ("999", 999),  # a plain number of up to four digits is taken as written
        ("March 2019", 2019),
        ("", None),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("١٩٩٩", None),  # Arabic-Indic digits: read as written by int(), but not ASCII
        ("123456789012345678901234", None),  # would overflow the store's integers
    ],
)
def test_read_year_never_raises_nor_gives_a_number_beyond_four_digits(
    text: str, year: int | None
) -> None:
    assert read_year(text) == year


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("482-91", "482-491"),
        ("1297-306", "1297-1306"),
        ("269-81", "269-281"),
        ("1749-60", "1749-1760"),
        ("120-5", "120-125"),
        ("803-807", "803-807"),
        ("47--65", "47-65"),
        ("47–65", "47-65"),
        ("47—65", "47-65"),
        ("47 - 65", "47-65"),
        ("pp. 12-15", "12-15"),
        ("pp 12-15", "12-15"),
        ("p. 12", "12"),
        ("S180-5", "S180-S185"),
        ("S10-S11", "S10-S11"),
        ("87A-88A", "87A-88A"),
        ("e1234", "e1234"),
        ("e273", "e273"),
        ("1-9.e3", "1-9.e3"),
        ("851", "851"),
        ("1676-1676", "1676-1676"),
        ("129-5", "129-5"),  # not a range that can be written out
        ("08-Nov", "08-Nov"),  # spreadsheet dates are dedupe's business
        ("01-Sep", "01-Sep"),
        ("", ""),
    ],
)
def test_normalize_pages_writes_ranges_in_full(text: str, pages: str) -> None:
    assert normalize_pages(text) == pages


@given(st.text(alphabet=st.sampled_from(list("0123456789-–eSAp. ")), max_size=15))
def test_normalize_pages_is_idempotent(text: str) -> None:
    once = normalize_pages(text)
    assert normalize_pages(once) == once


# --- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("English", "en"),
        ("eng", "en"),
        ("EN", "en"),
        ("en-US", "en"),
        ("Deutsch", "de"),
        ("German", "de"),
        ("ger", "de"),
        ("deu", "de"),
        ("français", "fr"),
        ("fre", "fr"),
        ("Chinese", "zh"),
        ("chi", "zh"),
        ("zho", "zh"),
        ("Spanish", "es"),
        ("spa", "es"),
        ("Portuguese", "pt"),
        ("Japanese", "ja"),
        ("Korean", "ko"),
        ("Russian", "ru"),
        ("Italian", "it"),
        ("Dutch", "nl"),
        ("dut", "nl"),
        ("Polish", "pl"),
        ("Turkish", "tr"),
        ("Arabic", "ar"),
        ("Persian", "fa"),
        ("per", "fa"),
        ("Swedish", "sv"),
        ("Norwegian", "no"),
        ("Danish", "da"),
        ("Finnish", "fi"),
        ("Czech", "cs"),
        ("cze", "cs"),
        ("Hungarian", "hu"),
        ("Hebrew", "he"),
        ("Greek", "el"),
        ("Greek, Modern", "el"),
        ("English; French", "en"),
        ("English, Spanish", "en"),
        ("  english  ", "en"),
        ("Klingon", "klingon"),
        ("", ""),
    ],
)
def test_normalize_language_gives_iso_639_1(text: str, code: str) -> None:
    assert normalize_language(text) == code


# --- publication type ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # RIS TY
        ("JOUR", "article"),
        ("JFULL", "article"),
        ("EJOUR", "article"),
        ("ABST", "article"),
        ("CONF", "conference"),
        ("CPAPER", "conference"),
        ("BOOK", "book"),
        ("CHAP", "chapter"),
        ("THES", "thesis"),
        ("RPRT", "report"),
        ("GEN", "other"),
        ("ELEC", "other"),
        ("NEWS", "other"),
        ("MGZN", "other"),
        ("UNPB", "preprint"),
        # MEDLINE PT
        ("Journal Article", "article"),
        ("Review", "review"),
        ("Systematic Review", "review"),
        ("Meta-Analysis", "review"),
        ("Editorial", "editorial"),
        ("Letter", "letter"),
        ("Comment", "letter"),
        ("Published Erratum", "erratum"),
        ("Retraction of Publication", "erratum"),
        ("Preprint", "preprint"),
        ("Congress", "conference"),
        ("Randomized Controlled Trial", "article"),
        ("Case Reports", "article"),
        # WoS DT
        ("Article", "article"),
        ("Proceedings Paper", "conference"),
        ("Meeting Abstract", "conference"),
        ("Editorial Material", "editorial"),
        ("Book Chapter", "chapter"),
        ("Correction", "erratum"),
        ("Article; Proceedings Paper", "conference"),
        ("Review; Early Access", "review"),
        ("Book Review", "other"),
        # Scopus Document Type
        ("Conference Paper", "conference"),
        ("Erratum", "erratum"),
        ("Note", "letter"),
        ("Short Survey", "review"),
        # BibTeX entry types
        ("article", "article"),
        ("inproceedings", "conference"),
        ("incollection", "chapter"),
        ("inbook", "chapter"),
        ("book", "book"),
        ("phdthesis", "thesis"),
        ("mastersthesis", "thesis"),
        ("techreport", "report"),
        ("misc", "other"),
        ("unpublished", "preprint"),
        # EndNote ref-type names
        ("Book Section", "chapter"),
        ("Conference Proceedings", "conference"),
        ("Thesis", "thesis"),
        ("Report", "report"),
        # CSL types
        ("article-journal", "article"),
        ("chapter", "chapter"),
        ("paper-conference", "conference"),
        ("thesis", "thesis"),
        ("report", "report"),
        # unlisted spellings
        ("Doctoral Dissertation", "thesis"),
        ("Review Paper", "review"),
        ("Hologram", "other"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_normalize_pub_type_maps_every_vendor_vocabulary(text: str, kind: str) -> None:
    assert normalize_pub_type(text) == kind
    assert kind == "" or kind in PUB_TYPES


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["Journal Article", "Review"], "review"),
        (["Journal Article", "Systematic Review", "Meta-Analysis"], "review"),
        (["Journal Article", "Comment"], "letter"),
        (["Review", "Editorial"], "editorial"),
        (["Journal Article", "Published Erratum"], "erratum"),
        (["Retraction of Publication", "Letter"], "erratum"),
        (["Preprint", "Journal Article"], "preprint"),
        (["Journal Article", "Congress"], "conference"),
        (["Journal Article", "Research Support, Non-U.S. Gov't"], "article"),
        (["Article", "Proceedings Paper"], "conference"),
        (["Review", "Book Chapter"], "review"),
        (["Something Odd", "Journal Article"], "article"),
        (["Something Odd"], "other"),
        ([], ""),
    ],
)
def test_normalize_pub_types_picks_the_most_telling(values: list[str], kind: str) -> None:
    assert normalize_pub_types(values) == kind


# --- whole records -------------------------------------------------------------------------

CLEAN = Record(
    title="Online grooming: a systematic review",
    abstract="Background: first.\nMethods: second.",
    authors=("Smith, John", "Jones, Kate L.", "van der Berg, J. K.", "Müller, H.-M."),
    year=2019,
    journal="Child Abuse Negl",
    pages="482-491",
    doi="10.1016/j.chiabu.2019.104123",
    language="en",
    pub_type="review",
    keywords=("grooming", "online"),
)


def test_a_clean_record_comes_back_unchanged() -> None:
    assert normalize_record(CLEAN) is CLEAN


def test_a_normalised_record_is_already_clean() -> None:
    raw = Record(authors=("Adeli K.Lewis G. F.",), pages="482-91", doi="DOI 10.1/X.", title=" a ")
    once = normalize_record(raw)
    assert normalize_record(once) is once


def test_normalize_record_puts_every_field_in_normal_form() -> None:
    raw = Record(
        title="  Online\tgrooming:\n a systematic   review ",
        abstract="  Background:   first.  \n\n\n\n Methods:\tsecond. ",
        authors=("SMITH JK", "Jones K.L.", "van der Berg J"),
        year=2019,
        pages="482-91",
        doi="https://doi.org/10.1016/J.CHIABU.2019.104123",
        language="English; French",
        pub_type="Journal Article",
        keywords=(" grooming ", "online", "", "Grooming", "online"),
        extra={"N1": ["kept"]},
    )
    record = normalize_record(raw)
    assert record.title == "Online grooming: a systematic review"
    assert record.abstract == "Background: first.\n\nMethods: second."
    assert record.authors == ("Smith, J. K.", "Jones, K. L.", "van der Berg, J.")
    assert record.pages == "482-491"
    assert record.doi == "10.1016/j.chiabu.2019.104123"
    assert record.language == "en"
    assert record.pub_type == "article"
    assert record.keywords == ("grooming", "online")
    assert record.year == 2019
    assert record.extra == {"N1": ["kept"]}


@pytest.mark.parametrize(
    ("authors", "normal"),
    [
        (("Adeli K.Lewis G. F.",), ("Adeli, K.", "Lewis, G. F.")),
        (("Smith J., Jones K.L.",), ("Smith, J.", "Jones, K. L.")),
        (("Smith, J. and Jones, K.",), ("Smith, J.", "Jones, K.")),
        (("Smith, John; Jones, Kate",), ("Smith, John", "Jones, Kate")),
        (("Tassinari, John",), ("Tassinari, John",)),
        (("Smith J", "Brenner C.Theiss H. D."), ("Smith, J.", "Brenner, C.", "Theiss, H. D.")),
        (("World Health Organization",), ("World Health Organization",)),
        (
            ("Jorge, Ricardo E.", "Adams, Harold P., Jr."),
            ("Jorge, Ricardo E.", "Adams, Harold P., Jr."),
        ),
    ],
)
def test_normalize_record_splits_joined_author_strings(
    authors: tuple[str, ...], normal: tuple[str, ...]
) -> None:
    assert normalize_record(Record(authors=authors)).authors == normal


def test_normalize_record_keeps_a_known_pub_type_and_maps_a_vendor_one() -> None:
    assert normalize_record(Record(pub_type="letter")).pub_type == "letter"
    assert normalize_record(Record(pub_type="Editorial Material")).pub_type == "editorial"
    assert normalize_record(Record(pub_type="Hologram")).pub_type == "other"


def test_normalising_a_record_keeps_every_field_it_does_not_normalise() -> None:
    values = {
        f.name: (
            ("x, y",) if f.name in ("authors", "keywords") else
            {"note": ["n"]} if f.name == "extra" else
            7 if f.name in ("year", "line", "id", "source_id") else f"value of {f.name}"
        )
        for f in fields(Record)
    }  # fmt: skip
    record = Record(**{**values, "pages": "482-91"})
    normalised = normalize_record(record)
    assert normalised.pages == "482-491"
    for f in fields(Record):
        if f.name not in ("pages", "language", "pub_type", "doi", "authors"):
            assert getattr(normalised, f.name) == getattr(record, f.name), f.name
