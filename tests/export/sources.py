"""Source files in four formats, written by us, with values other tools stumble over:
braces, quotes, non-ASCII names, long abstracts over several lines, pages with letters."""

from __future__ import annotations

from pathlib import Path

LONG = " ".join(["Participants reported their sleep on school nights and at weekends."] * 12)

MEDLINE = f"""PMID- 31000001
OWN - NLM
STAT- MEDLINE
DCOM- 20190301
IS  - 1932-6203 (Electronic)
IS  - 1932-6203 (Linking)
VI  - 14
IP  - 2
DP  - 2019 Feb 12
TI  - Sleep duration and "catch-up" sleep in adolescents: a cohort study of
      Ødegaard's scale.
PG  - e0212345
LID - 10.1371/journal.pone.0212345 [doi]
AB  - BACKGROUND: {LONG[:60]}
      {LONG[60:]}
FAU - Ødegaard, Åse
AU  - Ødegaard Å
FAU - Müller, Jürgen
AU  - Müller J
LA  - eng
PT  - Journal Article
DEP - 20190212
PL  - United States
TA  - PLoS One
JT  - PloS one
JID - 101285081
PHST- 2018/10/01 00:00 [received]
PMC - PMC6370000
"""

RIS = f"""TY  - JOUR
TI  - Physical activity & screen time: "quoted" {{braces}} – naïve measures
AU  - Lindqvist, Maja
AU  - O'Brien, Seán
PY  - 2020
DA  - 2020/03/15/
T2  - Journal of Adolescent Health
VL  - 66
IS  - 3
SP  - S12
EP  - S19
DO  - 10.1016/j.jadohealth.2020.01.001
AB  - First paragraph: {LONG}
Second paragraph, on a line of its own.
N1  - A note from the vendor
PB  - Elsevier
ER  - {""}
"""

BIBTEX = f"""@inproceedings{{chen2018,
  author = {{Chen, Li and {{\\"O}}zt{{\\"u}}rk, Ay{{\\c{{s}}}}e}},
  title = {{Measuring {{Wellbeing}} in Schools: a 100\\% reliable scale?}},
  booktitle = {{Proceedings of the Conference on Education}},
  year = {{2018}},
  volume = {{3}},
  number = {{1}},
  pages = {{101--110}},
  doi = {{10.1000/conf.2018.7}},
  abstract = {{{LONG}}},
  publisher = {{ACM}},
  custom_vendor = {{xyz}},
}}
"""

CSV = (
    "id,title,authors,year,journal,volume,issue,pages,doi,abstract,Vendor Column\n"
    'csv-1,"Diet quality, ""ultra-processed"" foods and mood in students",'
    '"Nakamura, Hiro; García, Lucía",2021,Nutrients,13,4,1123-1130,10.3390/nu13041123,'
    f'"{LONG}\nA second line of the abstract.",vendor value\n'
)

SOURCES = {"pubmed.nbib": MEDLINE, "vendor.ris": RIS, "proceedings.bib": BIBTEX, "sheet.csv": CSV}


def write_sources(folder: Path) -> list[Path]:
    paths = []
    for name, text in SOURCES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
