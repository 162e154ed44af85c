"""Inline images without a file (a Word file's, a web page's, a data URI) in the PDF.

reportlab 5 opens no URL unless ``rl_config.trustedHosts`` names a host, ``data:`` included, so the
first inline image of a DOCX (pandoc's inline_images.docx) failed the whole PDF with "Cannot open
resource 'data:…'"; images with a file on disk were not affected, which is all the tests had."""

from __future__ import annotations

import base64
import io

import pypdf
from PIL import Image as PILImage

from article_convert.ir import Document, Image, Link, Metadata, Paragraph, Text
from tests.test_pdf_tagging import write


def _png_uri(colour: tuple[int, int, int]) -> str:
    out = io.BytesIO()
    PILImage.new("RGB", (24, 24), colour).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_i9_inline_data_images_are_drawn_in_the_pdf_inside_and_outside_links() -> None:
    from reportlab import rl_config

    before = rl_config.trustedHosts
    para = Paragraph((Text("Вот значок "), Image(_png_uri((200, 30, 30)), "красный"), Text(" и ссылка "),
                      Link((Text("с картинкой "), Image(_png_uri((30, 30, 200)), "синий")), "https://example.org/"),
                      Text(" в тексте.")))
    data = write(Document(Metadata(title="Значки"), (para,)))
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert len(page.images) == 2
    assert "Вот значок" in page.extract_text() and "в тексте" in page.extract_text()
    assert rl_config.trustedHosts == before  # the setting is the PDF's only, process-wide state restored
