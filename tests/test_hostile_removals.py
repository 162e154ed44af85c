"""Issue 9 "zero silent losses": every removal of article text is a warning that --strict refuses.

Each test converts through the real CLI (CliRunner), reads the JSON output back and checks what a
reader would see: the removed text is absent by default (with one aggregated warning), present
with ``--keep-boilerplate``, and ``--strict`` exits non-zero without writing anything. Page chrome
outside the article (hidden menus) stays info, so ``--strict`` accepts it.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from article_convert.cli import main

PROSE = [
    "Городская дума утвердила план ремонта набережной, который обсуждали почти два года подряд.",
    "Работы начнутся весной и продлятся до конца осени, сообщили в пресс-службе мэрии города.",
    "Подрядчика выберут на открытом конкурсе, заявки принимают до пятнадцатого февраля включительно.",
    "Жители прибрежных кварталов просили сохранить старые тополя и добавить освещение вдоль берега.",
]
READ_ALSO = "Читайте также: В Подмосковье начали готовить мосты к ледоходу"


def run(src: Path, *extra: str) -> tuple[int, str, str | None]:
    """Convert ``src`` to JSON; exit code, stderr, and the output's text (None when nothing was written)."""
    out = src.with_suffix(".out.json")
    out.unlink(missing_ok=True)
    result = CliRunner().invoke(main, [str(src), "-t", "json", "-o", str(out), *extra])
    text = None
    if out.exists():
        text = json.dumps(json.loads(out.read_text(encoding="utf-8")), ensure_ascii=False)
    return result.exit_code, result.stderr, text


def _article(tmp_path: Path, *paras: str, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_text("Ремонт набережной\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return path


def test_i9_boilerplate_removal_is_a_warning_and_strict_refuses_it(tmp_path: Path) -> None:
    src = _article(tmp_path, PROSE[0], READ_ALSO, PROSE[1], PROSE[2])
    code, err, text = run(src)
    assert code == 0 and text is not None
    assert "Подмосковье" not in text and "конкурсе" in text
    warnings = [line for line in err.splitlines() if line.startswith("warning:") and "[boilerplate-dropped]" in line]
    assert len(warnings) == 1, err
    assert "1 boilerplate block(s)" in warnings[0] and "Подмосковье" in warnings[0]
    assert "--keep-boilerplate" in warnings[0]

    code, err, text = run(src, "--keep-boilerplate")
    assert code == 0 and text is not None and "Подмосковье" in text and "[boilerplate-dropped]" not in err

    code, err, text = run(src, "--strict")
    assert code == 1 and text is None and "boilerplate-dropped" in err and "Traceback" not in err
    code, err, text = run(src, "--strict", "--keep-boilerplate")
    assert code == 0 and text is not None and "Подмосковье" in text


def test_i9_boilerplate_warnings_are_aggregated_per_document(tmp_path: Path) -> None:
    src = _article(tmp_path, PROSE[0], READ_ALSO, PROSE[1], "Читайте также: Мэрия открыла новый каток у реки",
                   PROSE[2], "Теги: набережная, ремонт", "Поделиться")
    code, err, text = run(src)
    assert code == 0 and text is not None
    lines = [line for line in err.splitlines() if "[boilerplate-dropped]" in line]
    assert len(lines) == 1 and "4 boilerplate block(s)" in lines[0], err
    assert "каток" not in text and "Теги" not in text and "Поделиться" not in text
    explain = CliRunner().invoke(main, [str(src), "--explain", "-t", "json", "-o", str(tmp_path / "e.json")])
    decisions = [line for line in explain.output.splitlines() if "decision" in line and "boilerplate" in line]
    assert len(decisions) == 4, explain.output  # --explain keeps the per-decision detail


def _page(body: str) -> str:
    return ("<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>Ремонт набережной</title></head>"
            f"<body>{body}</body></html>")


def _paras() -> str:
    return "".join(f"<p>{p}</p>" for p in PROSE)


def test_i9_hidden_text_in_the_article_is_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "p.html"
    src.write_text(_page("<nav><a href='/'>Главная</a></nav><article><h1>Ремонт набережной</h1>" + _paras()
                         + "<p style='display:none'>Скрытая строка редакции</p></article>"), encoding="utf-8")
    code, err, text = run(src)
    assert code == 0 and text is not None and "Скрытая" not in text and "тополя" in text
    (line,) = [x for x in err.splitlines() if "[html-hidden-dropped]" in x]
    assert line.startswith("warning:") and "in the article" in line and "Скрытая строка редакции" in line
    code, err, text = run(src, "--strict")
    assert code == 1 and text is None and "html-hidden-dropped" in err


def test_i9_hidden_page_chrome_outside_the_article_stays_info(tmp_path: Path) -> None:
    src = tmp_path / "p.html"
    src.write_text(_page("<nav><ul hidden><li>Спорт</li><li>Погода</li></ul></nav>"
                         "<div aria-hidden='true'>Меню сайта</div>"
                         "<article><h1>Ремонт набережной</h1>" + _paras() + "</article>"), encoding="utf-8")
    code, err, text = run(src, "--strict")
    assert code == 0, err
    assert text is not None and "тополя" in text and "Погода" not in text
    assert "html-hidden-dropped" not in err


def test_i9_hidden_text_on_a_page_without_an_article_element(tmp_path: Path) -> None:
    """No <article>: hidden text in the page's flow warns, hidden text in its navigation does not."""
    src = tmp_path / "p.html"
    src.write_text(_page("<header><span hidden>Войти</span></header><div class='story'><h1>Ремонт набережной</h1>"
                         + _paras() + "<div hidden>Продолжение статьи для подписчиков</div></div>"),
                   encoding="utf-8")
    code, err, _ = run(src)
    (line,) = [x for x in err.splitlines() if "[html-hidden-dropped]" in x]
    assert code == 0 and "Продолжение" in line and "Войти" not in line
