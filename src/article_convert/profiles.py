"""Device profiles: page geometry and base size for paged output, cover size, known reader quirks.

Without ``--profile`` the geometry comes from ``--paper`` (A4 by default) at 11 pt. A profile
overrides paper size, margins and base font size; EPUB stays reflowable whatever the profile
(its CSS leaves the size to the reader) and only takes the device's quirks from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .context import PAPER_SIZES_MM, ConvertOptions
from .errors import UsageError


@dataclass(frozen=True)
class Profile:
    """What a device needs: page size and margins in mm, base font size in pt, cover size in px."""

    name: str
    description: str
    page_mm: tuple[float, float]
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    base_pt: float
    cover_px: tuple[int, int] = (1600, 2560)
    quirks: frozenset[str] = frozenset()
    """``kindle``: no "--" inside XML comments, conservative CSS; ``full-cover``: the cover fills
    the screen (Kobo's library view); ``fb2``: the device reads FB2 natively."""


_SIX_INCH = (90.0, 122.0)
_SMALL_MARGINS = (5.0, 5.0, 6.0, 5.0)

PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("kindle", "Kindle 6-inch (Send to Kindle: EPUB; PDF sized for the screen)", _SIX_INCH,
                _SMALL_MARGINS, 10.0, (1600, 2560), frozenset({"kindle"})),
        Profile("kobo", "Kobo 6-inch: full-size cover in the library view", _SIX_INCH, _SMALL_MARGINS, 10.5,
                (1600, 2560), frozenset({"full-cover"})),
        Profile("pocketbook", "PocketBook 6-inch: FB2 read natively", _SIX_INCH, _SMALL_MARGINS, 10.5,
                (1072, 1448), frozenset({"fb2"})),
        Profile("onyx", "ONYX BOOX 7.8-inch: FB2 read natively", (119.0, 159.0), (6.0, 6.0, 7.0, 6.0), 11.0,
                (1404, 1872), frozenset({"fb2"})),
        Profile("ereader-6in", "any 6-inch e-ink reader", _SIX_INCH, _SMALL_MARGINS, 10.5, (1072, 1448)),
        Profile("tablet", "8-inch tablet", (122.0, 183.0), (8.0, 8.0, 10.0, 8.0), 12.0, (1600, 2560)),
        Profile("a4", "A4 paper, for printing", PAPER_SIZES_MM["a4"], (22.0, 20.0, 22.0, 22.0), 11.0),
        Profile("a5", "A5 paper, for printing booklets", PAPER_SIZES_MM["a5"], (15.0, 14.0, 16.0, 15.0), 10.0),
    )
}


def get_profile(name: str) -> Profile:
    """The profile called ``name`` (UsageError listing the choices)."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(f"unknown profile {name!r} (choose {', '.join(PROFILES)})") from None


@dataclass(frozen=True)
class PageGeometry:
    """The page a paged writer (PDF, DOCX) lays out on."""

    width_mm: float
    height_mm: float
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    base_pt: float


_PAPER_MARGINS = {
    "a4": (22.0, 20.0, 22.0, 22.0),
    "a5": (15.0, 14.0, 16.0, 15.0),
    "letter": (22.0, 22.0, 22.0, 22.0),
}


def page_geometry(options: ConvertOptions) -> PageGeometry:
    """The page from ``--profile`` if given, else from ``--paper``."""
    if options.profile:
        p = get_profile(options.profile)
        return PageGeometry(p.page_mm[0], p.page_mm[1], p.margins_mm, p.base_pt)
    if options.paper not in PAPER_SIZES_MM:
        raise UsageError(f"unknown paper size {options.paper!r} (choose a4, a5 or letter)")
    w, h = PAPER_SIZES_MM[options.paper]
    return PageGeometry(w, h, _PAPER_MARGINS[options.paper], 10.0 if options.paper == "a5" else 11.0)


def profile_quirks(options: ConvertOptions) -> frozenset[str]:
    """The quirks of the chosen device (empty without ``--profile``)."""
    return get_profile(options.profile).quirks if options.profile else frozenset()
