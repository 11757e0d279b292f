"""LaTeX in BibTeX values: what the reader turns into Unicode and what the writer escapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screener.formats import bibtex
from screener.formats.latex import decode_latex, encode_latex


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\'e \`a \^o \~n \=u \.z \"a", "é à ô ñ ū ż ä"),
        (r"\u{g} \v{c} \H{o} \c{c} \k{a} \d{a} \b{b} \r{a} \t{o}", "ğ č ő ç ą ạ ḇ å o\u0361"),
        (r"\c c and \v s", "ç and š"),  # a letter accent may take its base after a space
        (r"\'{\i}\"\i \^{\j}", "íï ĵ"),  # dotless i and j take the accent as i and j
        (r"\~{} \^{} \'{}", "~ ^ '"),  # an accent on nothing is the character itself
        (r"\ae\oe\AA\L\ss", "æœÅŁß"),
        (r"\unknown{kept} \textit{in vivo}", "kept in vivo"),  # the argument survives
        (r"a\,b a\;b a\!b a\\b a\ b", "a b a b a b a b a b"),
        (r"\& \% \$ \# \_ \{ \}", "& % $ # _ { }"),
        (r"$\alpha$ + $\beta$ ~ {x}", "α + β   x"),
        (r"$\alpha +$", "α+"),  # a command swallows the blanks after it, as in TeX
        ("plain text, no LaTeX", "plain text, no LaTeX"),
    ],
)
def test_decode_latex(latex: str, text: str) -> None:
    assert decode_latex(latex) == text


def test_encode_latex_escapes_every_character_decoding_would_consume() -> None:
    assert encode_latex(r"a\b {c} ~d ^e & % $ # _") == (
        r"a\textbackslash{}b \textbraceleft{}c\textbraceright{} \textasciitilde{}d "
        r"\textasciicircum{}e \& \% \$ \# \_"
    )


@given(st.text())
def test_decoding_encoded_text_gives_it_back(text: str) -> None:
    assert decode_latex(encode_latex(text)) == text


def test_the_bibtex_module_still_offers_the_codec_and_writer() -> None:
    assert bibtex.decode_latex is decode_latex
    assert bibtex.encode_latex is encode_latex
    assert callable(bibtex.write)
