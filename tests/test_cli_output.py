"""What the command line prints where: an error once (on stderr), the usage line, CSV
that Excel opens in Chinese, and findings of a text file on their own line in CI."""

import csv
import io
import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ZH_TEXT = SAMPLES / "text" / "zh_weak.txt"


def test_an_unreadable_file_is_reported_once_on_stderr(cli, tmp_path):
    missing = tmp_path / "nope.pdf"
    result = cli(SAMPLES / "en_strong.pdf", missing, "--no-cache")
    assert result.returncode == 2
    assert result.stderr.count("nope.pdf") == 1 and "no such file" in result.stderr
    assert "no such file" not in result.stdout  # the table's row names only the code
    assert "E error [not-found]" in result.stdout
    alone = cli(missing, "--no-cache")
    assert alone.stdout == "" and alone.stderr.count("nope.pdf") == 1
    detailed = cli(SAMPLES / "en_strong.pdf", missing, "--details", "--no-cache")
    assert "no such file" not in detailed.stdout


def test_in_json_and_sarif_the_error_is_in_the_report(cli, tmp_path):
    missing = tmp_path / "nope.pdf"
    data = json.loads(cli(missing, "-f", "json", "--no-cache").stdout)
    assert data["documents"][0]["error"]["code"] == "not-found"
    sarif = json.loads(cli(missing, "-f", "sarif", "--no-cache").stdout)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["properties"]["code"] == "not-found"


def test_compare_names_an_unreadable_file_on_stderr(cli, tmp_path):
    result = cli("compare", SAMPLES / "en_strong.pdf", tmp_path / "nope.pdf")
    assert result.returncode == 2
    assert result.stderr.count("nope.pdf") == 1 and "not-found" in result.stderr


def test_usage_line(cli):
    for args in (["check", "--help"], ["contract.pdf", "--help"]):
        out = cli(*args).stdout
        assert "Usage: clausecheck check [OPTIONS] PATH..." in out
        assert "{" not in out.splitlines()[0]
    assert "Usage: clausecheck compare [OPTIONS] PATH..." in cli("compare", "--help").stdout


def test_csv_opens_in_excel_with_its_chinese(cli, tmp_path):
    out = tmp_path / "report.csv"
    assert cli(SAMPLES / "zh_weak.pdf", "-f", "csv", "-o", out, "--no-cache").returncode == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert next(iter(rows[0])) == "file"
    assert rows[0]["title"] == "服务内容清单" and "乙方" in rows[0]["quote"]
    plain = tmp_path / "plain.csv"
    cli(SAMPLES / "zh_weak.pdf", "-f", "csv", "-o", plain, "--no-bom", "--no-cache")
    assert plain.read_bytes().startswith(b"file,")
    compared = cli("compare", SAMPLES / "zh_weak.pdf", SAMPLES / "en_weak.pdf", "-f", "csv")
    assert compared.stdout.startswith("\ufeffrule,")


def _line_of(path: Path, quote: str) -> int:
    """The line of `path` where `quote` begins (spaces aside: quotes are normalised)."""
    start = "".join(quote.split())[:10]
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if start in "".join(line.split()))


def test_sarif_and_github_put_a_text_file_finding_on_its_line(cli):
    sarif = json.loads(cli(ZH_TEXT, "-f", "sarif", "--no-cache").stdout)
    results = sarif["runs"][0]["results"]
    renewal = next(r for r in results if r["ruleId"] == "renewal-pricing")
    line = renewal["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line == _line_of(ZH_TEXT, renewal["properties"]["quote"]) == 51
    located = [r for r in results if r["properties"]["quote"]]
    for result in located:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == _line_of(ZH_TEXT, result["properties"]["quote"])
    github = cli(ZH_TEXT, "-f", "github", "--no-cache").stdout
    assert ",line=51,title=clausecheck renewal-pricing (risky)::" in github


def test_github_names_the_page_or_paragraph_of_a_pdf_or_docx(cli):
    pdf = cli(SAMPLES / "zh_weak.pdf", "-f", "github", "--no-cache").stdout
    assert re.search(r"line=1,title=clausecheck renewal-pricing \(risky\) p\.\d+::", pdf)
    docx = cli(SAMPLES / "zh_weak.docx", "-f", "github", "--no-cache").stdout
    assert re.search(r"line=1,title=clausecheck renewal-pricing \(risky\) ¶\d+::", docx)


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def fileno(self) -> int:
        return 1


def test_piped_in_a_terminal_the_table_takes_the_terminals_width(monkeypatch):
    """`clausecheck x.pdf | head` at 80 columns: stdout is a pipe, stderr the terminal."""
    from clausecheck.app.output import terminal

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("os.get_terminal_size", lambda fd: os.terminal_size((80, 24)))
    monkeypatch.setattr("sys.stdout", _Stream(tty=False))
    monkeypatch.setattr("sys.stderr", _Stream(tty=True))
    assert terminal(None, None) == (False, 80)  # no colour into a pipe
    assert terminal(Path("report.txt"), None) == (False, None)  # a file: the default width
    monkeypatch.setattr("sys.stderr", _Stream(tty=False))
    assert terminal(None, None) == (False, None)  # a CI log: the default width
    monkeypatch.setenv("COLUMNS", "66")
    assert terminal(None, None) == (False, 66)
