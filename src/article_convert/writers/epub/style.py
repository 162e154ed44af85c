"""The stylesheet: relative units only, justified and hyphenated serif text, visible interview turns."""

from __future__ import annotations

DEFAULT_BODY_FAMILY = "Noto Serif"


def css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string (backslash and quote escaped, line breaks dropped)."""
    clean = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{clean}"'


def body_fonts(family: str = DEFAULT_BODY_FAMILY) -> str:
    """The body font stack: ``family`` (``--font-family``) first, then the bundled defaults."""
    names = dict.fromkeys((family.strip() or DEFAULT_BODY_FAMILY, DEFAULT_BODY_FAMILY, "DejaVu Serif", "DejaVu Sans"))
    return ", ".join(css_string(n) for n in names) + ", serif"


BODY_FONTS = body_fonts()
HEADING_FONTS = '"Noto Sans", "DejaVu Sans", sans-serif'

CSS = f"""@charset "utf-8";

body {{
  font-family: {BODY_FONTS};
  line-height: 1.4;
  text-align: justify;
  -webkit-hyphens: auto;
  -epub-hyphens: auto;
  hyphens: auto;
  adobe-hyphenate: auto;
  orphans: 2;
  widows: 2;
}}

p {{
  margin: 0;
  text-indent: 1.5em;
}}

h1, h2, h3, h4, h5, h6 {{
  font-family: {HEADING_FONTS};
  font-weight: bold;
  line-height: 1.2;
  text-align: left;
  text-indent: 0;
  -webkit-hyphens: manual;
  -epub-hyphens: manual;
  hyphens: manual;
  margin: 1.2em 0 0.5em 0;
  page-break-after: avoid;
  break-after: avoid;
  page-break-inside: avoid;
  break-inside: avoid;
}}

h1 {{ font-size: 1.6em; margin-top: 0; }}
h2 {{ font-size: 1.3em; }}
h3 {{ font-size: 1.15em; }}
h4, h5, h6 {{ font-size: 1em; }}

h1 + p, h2 + p, h3 + p, h4 + p, h5 + p, h6 + p, hr + p, header + p,
blockquote p, li p, figure p, aside p, .turn p {{
  text-indent: 0;
}}

header.titleblock {{
  margin: 0 0 1.5em 0;
  text-align: left;
}}

header.titleblock p {{
  text-indent: 0;
  text-align: left;
}}

p.subtitle {{
  font-family: {HEADING_FONTS};
  font-size: 1.15em;
  margin: 0 0 0.8em 0;
}}

p.lead {{
  font-size: 1.15em;
  font-style: italic;
  line-height: 1.35;
  margin: 0.6em 0 0.8em 0;
}}

p.byline {{
  font-weight: bold;
  margin-top: 0.4em;
}}

p.source, p.date, p.source-url {{
  font-size: 0.9em;
}}

p.source-url {{
  word-wrap: break-word;
}}

section.titlepage {{
  margin-top: 20%;
}}

section.titlepage header.titleblock, section.titlepage header.titleblock p, section.titlepage h1 {{
  text-align: center;
}}

.turn {{
  margin: 0.9em 0 0 0;
}}

.turn p + p {{
  margin-top: 0.4em;
}}

div.question, p.question {{
  font-weight: bold;
}}

div.answer, p.answer {{
  font-weight: normal;
}}

.speaker {{
  font-weight: bold;
}}

blockquote {{
  margin: 1em 1.5em;
  font-style: italic;
}}

blockquote footer, p.attribution {{
  font-style: normal;
  text-align: right;
  margin-top: 0.3em;
}}

ul, ol {{
  margin: 0.6em 0 0.6em 1.5em;
  padding: 0;
}}

li {{
  margin: 0.2em 0;
}}

figure {{
  margin: 1em 0;
  text-align: center;
  page-break-inside: avoid;
  break-inside: avoid;
}}

figure img {{
  max-width: 100%;
}}

img.inline {{
  max-height: 1.2em;
  vertical-align: middle;
}}

figcaption {{
  font-size: 0.9em;
  text-align: center;
  margin-top: 0.3em;
}}

.credit, .image-alt {{
  font-size: 0.85em;
  font-style: italic;
}}

p.rubric {{
  font-size: 0.8em;
  font-weight: bold;
  letter-spacing: 0.04em;
  text-indent: 0;
  margin: 0 0 0.3em;
}}

div.caption p, div.credit p {{
  font-size: 0.85em;
  font-style: italic;
  text-indent: 0;
  text-align: center;
  margin: 0.3em 0 1em;
}}

pre {{
  font-family: "DejaVu Sans Mono", monospace;
  font-size: 0.85em;
  line-height: 1.3;
  text-align: left;
  white-space: pre-wrap;
  -webkit-hyphens: none;
  -epub-hyphens: none;
  hyphens: none;
  margin: 1em 0;
}}

code {{
  font-family: "DejaVu Sans Mono", monospace;
  -webkit-hyphens: none;
  -epub-hyphens: none;
  hyphens: none;
}}

table {{
  border-collapse: collapse;
  margin: 1em 0;
  font-size: 0.9em;
}}

th, td {{
  border: 0.05em solid;
  padding: 0.2em 0.4em;
  vertical-align: top;
  text-align: left;
}}

td p, th p {{
  margin: 0;
  text-indent: 0;
}}

span.underline {{
  text-decoration: underline;
}}

span.strike {{
  text-decoration: line-through;
}}

span.smallcaps {{
  font-variant: small-caps;
}}

hr.break {{
  border: none;
  border-top: 0.08em solid;
  width: 25%;
  margin: 1.5em auto;
}}

div.div {{
  margin: 1em 0;
}}

div.sidebar, aside.sidebar, div.box {{
  margin: 1em 0;
  padding: 0.5em 1em;
  border: 0.08em solid;
}}

sup.noteref {{
  font-size: 0.75em;
  line-height: 0;
}}

a.noteref {{
  text-decoration: none;
}}

aside.footnote {{
  font-size: 0.85em;
  margin: 0.5em 0 0.8em 0;
  padding-left: 1em;
  border-left: 0.08em solid;
}}

aside.footnote p {{
  text-indent: 0;
}}

a.backlink {{
  text-decoration: none;
}}
"""


BUNDLE_CSS = """
div.cover {
  margin: 0;
  padding: 0;
  text-align: center;
  text-indent: 0;
}

div.cover img {
  max-width: 100%;
  max-height: 100%;
}

div.cover svg {
  width: 100%;
  height: 100%;
}

section.bundle-section h1 {
  margin-top: 30%;
  text-align: center;
}

nav ol {
  list-style-type: none;
}
"""

_KINDLE_DROPPED = ("-webkit-", "-epub-", "adobe-", "break-after", "break-inside", "break-before")


def stylesheet(quirks: frozenset[str] = frozenset(), font_faces: str = "",
               body_family: str = DEFAULT_BODY_FAMILY) -> bytes:
    """The CSS file's bytes: ``font_faces`` (``@font-face`` rules) first, ``body_family`` first in
    the body's font stack; for ``kindle`` only properties Kindle's renderer documents (vendor
    prefixes and CSS3 ``break-*`` dropped; ``page-break-*`` kept)."""
    css = CSS.replace('@charset "utf-8";\n', '@charset "utf-8";\n' + font_faces, 1) + BUNDLE_CSS
    css = css.replace(f"body {{\n  font-family: {BODY_FONTS};", f"body {{\n  font-family: {body_fonts(body_family)};", 1)
    if "kindle" in quirks:
        css = "".join(
            line for line in css.splitlines(keepends=True) if not line.strip().startswith(_KINDLE_DROPPED)
        )
    return css.encode("utf-8")
