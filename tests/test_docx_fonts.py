"""Fonts embedded in the DOCX (issue 13): subset, obfuscated faces that Word and LibreOffice use on a
machine without Noto; ``--no-embed-fonts`` turns it off; the lead is not the subject."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from conftest import SEED
from fontTools.ttLib import TTFont
from lxml import etree

from article_convert.context import Context, ConvertOptions
from article_convert.diagnostics import Diagnostics
from article_convert.fonts import body_family, heading_family
from article_convert.ir import Document, Metadata
from article_convert.pipeline import read_document
from article_convert.writers.docx import DocxWriter
from article_convert.writers.docx.fontembed import obfuscate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
NOW = datetime(2025, 12, 4, 10, 30, tzinfo=timezone.utc)


def write(doc: Document, **options: object) -> bytes:
    ctx = Context(options=ConvertOptions(**options), diagnostics=Diagnostics(), now=NOW)  # type: ignore[arg-type]
    return DocxWriter().write(doc, ctx)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def embedded_faces(data: bytes) -> dict[tuple[str, str], TTFont]:
    """(family, embed tag) -> the de-obfuscated font, read back as a reader would."""
    files = members(data)
    table = etree.fromstring(files["word/fontTable.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(files["word/_rels/fontTable.xml.rels"])
            if r.get("Type").endswith("/font")}
    types = {o.get("PartName"): o.get("ContentType") for o in etree.fromstring(files["[Content_Types].xml"])
             if o.tag == f"{CT}Override"}
    out = {}
    for font in table.iter(f"{W}font"):
        for embed in font:
            if not embed.tag.startswith(f"{W}embed"):
                continue
            target = "word/" + rels[embed.get(f"{R}id")]
            assert types["/" + target] == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
            assert embed.get(f"{W}subsetted") == "1"
            raw = obfuscate(files[target], embed.get(f"{W}fontKey"))
            out[(font.get(f"{W}name"), embed.tag[len(W):])] = TTFont(io.BytesIO(raw))
    return out


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return read_document(SEED)


def test_issue13_docx_embeds_subsets_of_the_faces_it_uses(seed_doc: Document) -> None:
    data = write(seed_doc)
    settings = etree.fromstring(members(data)["word/settings.xml"])
    names = [child.tag[len(W):] for child in settings]
    assert names.index("zoom") < names.index("embedTrueTypeFonts") < names.index("saveSubsetFonts") \
        < names.index("defaultTabStop")  # CT_Settings order
    faces = embedded_faces(data)
    # the seed: body text, bold questions; title and headings in Noto Sans Bold, lead and byline
    assert {("Noto Serif", "embedRegular"), ("Noto Serif", "embedBold"), ("Noto Sans", "embedBold")} <= set(faces)
    assert ("Noto Serif", "embedBoldItalic") not in faces  # nothing is bold italic
    full = TTFont(str(body_family().regular)).getBestCmap()
    body = faces[("Noto Serif", "embedRegular")]
    assert body["name"].getDebugName(1) == "Noto Serif"
    cmap = body.getBestCmap()
    body_text = {ord(ch) for para in docx.Document(io.BytesIO(data)).paragraphs
                 if para.style.name in ("Normal", "Answer") for ch in para.text}
    assert body_text <= set(cmap)  # every character set in the body is in the embedded face
    assert len(cmap) < len(full) / 3  # a subset, not the family
    bold_heading = faces[("Noto Sans", "embedBold")].getBestCmap()
    assert {ord(ch) for ch in seed_doc.meta.title} <= set(bold_heading)
    assert len(bold_heading) < len(TTFont(str(heading_family().bold)).getBestCmap()) / 3
    assert len(data) < 200_000


def test_issue13_no_embed_fonts_turns_it_off(seed_doc: Document) -> None:
    data = write(seed_doc, no_embed_fonts=True)
    files = members(data)
    assert not any(n.startswith("word/fonts/") for n in files)
    assert b"embedTrueTypeFonts" not in files["word/settings.xml"] and b"embedRegular" not in files["word/fontTable.xml"]
    assert len(data) < len(write(seed_doc)) / 3


def test_issue13_embedded_docx_is_reproducible_and_a_valid_zip(seed_doc: Document) -> None:
    data = write(seed_doc)
    assert data == write(seed_doc)
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # font parts are written from a cached deflate
        assert z.testzip() is None
        fonts = [i for i in z.infolist() if i.filename.endswith(".odttf")]
        assert fonts and all(i.compress_type == zipfile.ZIP_DEFLATED and i.compress_size < i.file_size
                             for i in fonts)


def test_issue13_lead_is_not_the_docx_subject() -> None:
    """Regression: the lead went into dc:subject (calibre shows it as tags); it is the description."""
    meta = Metadata(title="Заголовок", lead="Длинный лид, который описывает статью.", language="ru",
                    keywords=("экономика", "зерно"))
    props = docx.Document(io.BytesIO(write(Document(meta, ())))).core_properties
    assert props.subject == "экономика, зерно" and props.comments == meta.lead
    rubric = Metadata(title="З", lead="Лид.", language="ru", extra=(("rubric", "Общество"),))
    assert docx.Document(io.BytesIO(write(Document(rubric, ())))).core_properties.subject == "Общество"
    bare = Metadata(title="З", lead="Лид.", language="ru")
    assert docx.Document(io.BytesIO(write(Document(bare, ())))).core_properties.subject == ""


def _fontconfig_without_noto(tmp: Path) -> dict[str, str]:
    """An environment whose fontconfig sees only DejaVu (never Noto), whatever is installed here."""
    conf = tmp / "fonts.conf"
    dirs = [d for d in ("/usr/share/fonts/truetype/dejavu",) if Path(d).is_dir()]
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        + "".join(f"  <dir>{d}</dir>\n" for d in dirs)
        + f"  <cachedir>{tmp / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp)}
    if shutil.which("fc-list"):
        seen = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True).stdout
        assert "noto" not in seen.lower(), "fontconfig still sees Noto"
    return env


def _libreoffice_fonts(data: bytes, tmp: Path, name: str) -> set[str]:
    """The fonts in the PDF LibreOffice makes from ``data`` (fresh profile: no fonts from earlier runs)."""
    src = tmp / f"{name}.docx"
    src.write_bytes(data)
    profile = (tmp / f"profile-{name}").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(src)], env=_fontconfig_without_noto(tmp), capture_output=True,
                   timeout=180, check=True)
    listing = subprocess.run(["pdffonts", str(tmp / f"{name}.pdf")], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in listing if line.strip()}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdffonts") is None,
                    reason="LibreOffice (soffice) or poppler (pdffonts) not installed")
def test_issue13_libreoffice_renders_the_docx_in_noto_without_noto_installed(seed_doc: Document,
                                                                              tmp_path: Path) -> None:
    with_fonts = _libreoffice_fonts(write(seed_doc), tmp_path, "embedded")
    assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Bold"} <= with_fonts, with_fonts
    assert not any(f.startswith("DejaVu") for f in with_fonts)  # no substitution anywhere
    without = _libreoffice_fonts(write(seed_doc, no_embed_fonts=True), tmp_path, "plain")
    assert not any("Noto" in f for f in without), without  # the control: LibreOffice had no Noto here


def test_i9_font_usage_reads_the_live_story_trees_not_a_second_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 9 (a page of 200,000 links to DOCX peaked at 1.09 GB): the face-usage pass re-parsed
    the serialised document.xml, a second tree as big as the first. It now reads python-docx's live
    trees; the embedded faces stay the same (the file is byte-identical to the re-parsing way)."""
    from article_convert.writers.docx import fontembed

    doc = read_document(SEED)
    live = write(doc)
    parsed: list[int] = []

    def reparse(part: object, etree_module: object) -> object:
        parsed.append(1)
        return etree.fromstring(part.blob)  # type: ignore[attr-defined]

    calls: list[object] = []
    real = fontembed._story_tree

    def spy(part: object, etree_module: object) -> object:
        tree = real(part, etree_module)
        calls.append(tree is getattr(part, "element", None))
        return tree

    monkeypatch.setattr(fontembed, "_story_tree", spy)
    write(doc)
    assert calls and all(calls), "a story part was parsed again instead of using its live tree"
    monkeypatch.setattr(fontembed, "_story_tree", reparse)
    assert write(doc) == live and parsed
