"""The command line: exit codes, one-line errors, no half-written outputs, help, formats, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED

from article_convert import __version__
from article_convert.cli import main

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_help_lists_examples_and_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "formats" in out and "convert" in out and "Examples" in out
    code, out, _ = run("convert", "--help")
    assert code == 0 and "--paper" in out and "--explain" in out and "-M" in out


def test_formats_lists_readers_and_writers() -> None:
    code, out, _ = run("formats")
    assert code == 0
    for name in ("text", "json", "epub", "docx", "pdf"):
        assert f"  {name} " in out


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from article_convert.cli import main\n"
        "for args in (['--help'], ['formats']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('reportlab', 'docx', 'ebooklib', 'lxml', 'fontTools', 'PIL') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "HEAVY=", f"heavy imports at start-up: {out.splitlines()[-1]}"


def test_json_to_stdout_round_trips() -> None:
    code, out, _ = run(str(SEED), "-t", "json")
    assert code == 0
    data = json.loads(out)
    assert data["document"]["meta"]["language"] == "ru"


def test_explain_reports_detection() -> None:
    code, _, err = run(str(SEED), "-t", "json", "--explain")
    assert code == 0
    assert "6 questions, 6 answers" in err
    assert "Редакция Liter.kz" in err and "Новости партнеров" in err and "ru" in err


def test_metadata_override(tmp_path: Path) -> None:
    code, out, _ = run(str(SEED), "-t", "json", "-M", "author=Иван Петров; Мария Сидорова", "-M", "date=2025-12-04")
    assert code == 0
    meta = json.loads(out)["document"]["meta"]
    assert meta["authors"] == ["Иван Петров", "Мария Сидорова"] and meta["date"] == "2025-12-04"


def test_json_input_reads_back(tmp_path: Path) -> None:
    ir = tmp_path / "seed.json"
    code, _, _ = run(str(SEED), "-t", "json", "-o", str(ir))
    assert code == 0 and ir.is_file()
    code, out2, _ = run(str(ir), "-t", "json")
    assert code == 0
    assert json.loads(out2) == json.loads(ir.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "no such file"),
        ("DIR", "is a directory"),
        (b"", "the file is empty"),
        (b"  \n\n ", "only white space"),
        (PNG, "not a text file (looks like a PNG image)"),
        (b"\x00\x01\x02binary\x00", "not a text file"),
    ],
    ids=["missing", "directory", "empty", "blank", "png", "nul-bytes"],
)
def test_bad_input_one_line_error_no_output(tmp_path: Path, content: bytes | str | None, expected: str) -> None:
    src = tmp_path / "статья.txt"
    if content == "DIR":
        src.mkdir()
    elif isinstance(content, bytes):
        src.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run(str(src), "-t", "epub,docx,pdf", "-o", f"{out}/")
    assert code == 1
    lines = err.strip().splitlines()
    assert (len(lines) == 1 and lines[0] == f"error: {src}: {expected}") or expected in lines[0], err
    assert lines[0].startswith(f"error: {src}: ")
    assert list(out.iterdir()) == []


def test_undecodable_with_forced_encoding(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_bytes("Заголовок\n\nТекст".encode("cp1251"))
    code, _, err = run(str(src), "--encoding", "utf-8", "-t", "json")
    assert code == 1 and err.startswith(f"error: {src}: cannot decode as utf-8")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = run(str(SEED), "-t", "nope")
    assert code == 2 and "unknown writer 'nope'" in err
    code, _, err = run(str(SEED), "-o", str(tmp_path / "x.unknown"))
    assert code == 2 and "no writer produces '.unknown'" in err
    code, _, err = run(str(SEED), "-t", "json", "-M", "novalue")
    assert code == 2


def test_output_never_overwrites_input(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(run(str(SEED), "-t", "json")[1], encoding="utf-8")
    before = src.read_bytes()
    code, _, err = run(str(src), "-o", str(src))
    assert code == 2 and "would overwrite the input" in err
    assert src.read_bytes() == before


def test_python_dash_m_and_console_script(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "article_convert", "--version"], capture_output=True, text=True,
                         check=False)
    assert res.returncode == 0 and __version__ in res.stdout


def test_convert_check_validates_every_written_file(tmp_path: Path) -> None:
    code, _, err = run(str(SEED), "-t", "epub,docx,pdf", "-o", f"{tmp_path}/", "--check")
    assert code == 0, err
    verdicts = [line for line in err.splitlines() if line.startswith(("OK", "FAIL", "SKIP"))]
    stem = SEED.stem
    assert verdicts == [
        f"OK    {tmp_path / (stem + '.epub')}  (epub)",
        f"OK    {tmp_path / (stem + '.docx')}  (docx)",
        f"OK    {tmp_path / (stem + '.pdf')}  (pdf)",
    ]


def test_convert_check_skips_formats_without_a_checker(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    code, _, err = run(str(SEED), "-o", str(out), "--check")
    assert code == 0 and f"SKIP  {out}  (no checker for this format)" in err


def test_convert_check_failure_exits_1_and_keeps_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from article_convert import check

    def failing(path: object) -> check.CheckResult:
        return check.CheckResult(str(path), "pdf", False, ["font Helvetica not embedded"])

    monkeypatch.setattr(check, "check_file", failing)
    out = tmp_path / "a.pdf"
    code, _, err = run(str(SEED), "-o", str(out), "--check", "-q")
    assert code == 1
    assert f"FAIL  {out}: font Helvetica not embedded" in err
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")


def test_convert_check_help_says_the_file_stays() -> None:
    code, out, _ = run("convert", "--help")
    assert code == 0 and "--check" in out and "written atomically" in " ".join(out.split())


def test_fb2_zip_by_suffix(tmp_path: Path) -> None:
    """Regression: -o x.fb2.zip was refused by convert ("no writer produces '.zip'") though bundle took it."""
    import zipfile

    out = tmp_path / "статья.fb2.zip"
    code, _, err = run(str(SEED), "-o", str(out))
    assert code == 0, err
    with zipfile.ZipFile(out) as z:
        (inner,) = z.namelist()
        assert inner == "статья.fb2" and b"<FictionBook" in z.read(inner)
    code, _, err = run(str(SEED), "-o", str(tmp_path / "x.fb2.zip"), "-t", "epub")
    assert code == 2 and "the suffix says fb2, -t says epub" in err


def test_issue13_fb2_zip_option_names_the_file_fb2_zip(tmp_path: Path) -> None:
    """Regression (issue 13): ``-t fb2 --writer-option zip=1`` wrote a ZIP archive named ``.fb2``,
    in convert and in batch; the suffix must follow the content."""
    import zipfile

    code, _, err = run(str(SEED), "-t", "fb2", "--writer-option", "zip=1", "-o", str(tmp_path / "one") + "/")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [SEED.stem + ".fb2.zip"]
    assert zipfile.is_zipfile(tmp_path / "one" / (SEED.stem + ".fb2.zip"))
    code, _, err = run(str(SEED), "-t", "fb2", "--writer-option", "zip=1", "-o", str(tmp_path / "x.fb2"))
    assert code == 2 and "name it so" in err and not (tmp_path / "x.fb2").exists()
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(SEED.read_bytes())
    code, _, err = run("batch", str(src), "-t", "fb2", "--writer-option", "zip=1", "-o", str(tmp_path / "out"))
    assert code == 0, err
    written = sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file() and "a." in p.name)
    assert written == ["a.fb2.zip"]
    with zipfile.ZipFile(tmp_path / "out" / "a.fb2.zip") as z:
        assert z.namelist() == ["a.fb2"]
