"""Device profiles: page geometry and base size for paged output, cover size, known reader quirks.

Without ``--profile`` the geometry comes from ``--paper`` (A4 by default), from the one table of
papers below (``--profile a4`` is the same page). A profile overrides paper size, margins and base
font size; EPUB stays reflowable whatever the profile
(its CSS leaves the size to the reader) and only takes the device's quirks from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError

PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a5": (148.0, 210.0),
    "letter": (215.9, 279.4),
}


@dataclass(frozen=True)
class PageGeometry:
    """The page a paged writer (PDF, DOCX) lays out on: size and margins in mm, base font size in pt."""

    width_mm: float
    height_mm: float
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    base_pt: float


def _paper(name: str) -> PageGeometry:
    """A paper page with margins proportionate to it: 14 % of the width at the sides, 8 % and 9 %
    of the height at top and bottom; 10 pt on paper narrower than 180 mm, else 11 pt."""
    w, h = PAPER_SIZES_MM[name]
    return PageGeometry(w, h, (0.08 * h, 0.14 * w, 0.09 * h, 0.14 * w), 10.0 if w < 180 else 11.0)


PAPERS: dict[str, PageGeometry] = {name: _paper(name) for name in PAPER_SIZES_MM}
"""The one table of paper pages: ``--paper a4`` and ``--profile a4`` both take theirs from here."""


@dataclass(frozen=True)
class Profile:
    """What a device needs: its page (size, margins in mm, base font size in pt), cover size in px."""

    name: str
    description: str
    page: PageGeometry
    cover_px: tuple[int, int] = (1600, 2560)
    quirks: frozenset[str] = frozenset()
    """``kindle``: no "--" inside XML comments, conservative CSS; ``full-cover``: the cover fills
    the screen (Kobo's library view); ``fb2``: the device reads FB2 natively."""


_SIX_INCH = (90.0, 122.0)
_SMALL_MARGINS = (5.0, 5.0, 6.0, 5.0)


def _screen(size: tuple[float, float], margins: tuple[float, float, float, float], base_pt: float) -> PageGeometry:
    return PageGeometry(size[0], size[1], margins, base_pt)


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("kindle", "Kindle 6-inch (Send to Kindle: EPUB; PDF sized for the screen)",
                _screen(_SIX_INCH, _SMALL_MARGINS, 10.0), (1600, 2560), frozenset({"kindle"})),
        Profile("kobo", "Kobo 6-inch: full-size cover in the library view", _screen(_SIX_INCH, _SMALL_MARGINS, 10.5),
                (1600, 2560), frozenset({"full-cover"})),
        Profile("pocketbook", "PocketBook 6-inch: FB2 read natively", _screen(_SIX_INCH, _SMALL_MARGINS, 10.5),
                (1072, 1448), frozenset({"fb2"})),
        Profile("onyx", "ONYX BOOX 7.8-inch: FB2 read natively", _screen((119.0, 159.0), (6.0, 6.0, 7.0, 6.0), 11.0),
                (1404, 1872), frozenset({"fb2"})),
        Profile("ereader-6in", "any 6-inch e-ink reader", _screen(_SIX_INCH, _SMALL_MARGINS, 10.5), (1072, 1448)),
        Profile("tablet", "8-inch tablet", _screen((122.0, 183.0), (8.0, 8.0, 10.0, 8.0), 12.0), (1600, 2560)),
        Profile("a4", "A4 paper, for printing (the same page as --paper a4)", PAPERS["a4"]),
        Profile("a5", "A5 paper, for printing booklets (the same page as --paper a5)", PAPERS["a5"]),
    )
}


def get_profile(name: str) -> Profile:
    """The profile called ``name`` (UsageError listing the choices)."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(f"unknown profile {name!r} (choose {', '.join(PROFILES)})") from None
