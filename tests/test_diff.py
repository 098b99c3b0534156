"""`clausecheck diff OLD NEW`: each weak sample against its strong twin lists every gap
fixed and nothing weakened; the reverse lists them weakened (or new gaps) and fails
`--fail-on new,weakened`; a number that moves against the buyer is a weakening."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TWINS = [("zh_weak.docx", "zh_strong.pdf"), ("en_weak.pdf", "en_strong.docx"),
         ("text/zh_weak.txt", "text/zh_strong.txt")]  # fmt: skip


def items(cli, old: Path, new: Path, *args: str) -> tuple[int, dict[str, dict]]:
    result = cli("diff", old, new, "-f", "json", "--no-cache", *args)
    data = json.loads(result.stdout)
    assert data["schema"] == "clausecheck/diff@1"
    return result.returncode, {i["rule"]: i for i in data["items"]}


@pytest.mark.parametrize(("weak", "strong"), TWINS)
def test_weak_to_strong_fixes_every_gap_and_weakens_nothing(cli, weak, strong):
    code, found = items(cli, SAMPLES / weak, SAMPLES / strong, "--fail-on", "new,weakened")
    assert code == 0
    for rule, item in found.items():
        if item["old"]["status"] == "ok":
            assert item["change"] == "unchanged", rule
        else:
            assert item["change"] == "fixed", rule
    assert sum(i["change"] == "fixed" for i in found.values()) >= 15


@pytest.mark.parametrize(("weak", "strong"), TWINS)
def test_strong_to_weak_lists_them_weakened_and_fails(cli, weak, strong):
    code, found = items(cli, SAMPLES / strong, SAMPLES / weak, "--fail-on", "new,weakened")
    assert code == 1
    for rule, item in found.items():
        status = item["new"]["status"]
        expected = {"ok": "unchanged", "missing": "new"}.get(status, "weakened")
        assert item["change"] == expected, rule
        if status not in ("ok", "missing"):
            assert item["new"]["quote"], rule  # the quotes side by side
    assert cli("diff", SAMPLES / strong, SAMPLES / weak, "--fail-on", "fixed").returncode == 0


def test_a_longer_fix_time_or_a_lower_cap_is_weakened(cli, tmp_path):
    def contract(name: str, fix: str, cap: str) -> Path:
        path = tmp_path / name
        path.write_text(
            "第五条 响应与修复时效\n紧急（P1）问题：乙方应在30分钟内响应，4小时内修复；"
            f"严重（P2）问题：乙方应在2小时内响应，{fix}内修复。\n"
            f"第九条 责任限制\n乙方的赔偿总额不超过人民币{cap}元。\n",
            encoding="utf-8",
        )
        return path

    old = contract("old.txt", "24小时", "1,000,000")
    new = contract("new.txt", "72小时", "100,000")
    code, found = items(cli, old, new, "--fail-on", "weakened")
    assert code == 1
    sla, cap = found["response-sla"], found["liability-cap"]
    assert sla["old"]["status"] == sla["new"]["status"] == "ok"
    assert sla["change"] == "weakened" and (sla["number"]["old"], sla["number"]["new"]) == (24, 72)
    assert cap["change"] == "weakened" and cap["number"]["new"] == 100_000
    _, back = items(cli, new, old)
    assert back["response-sla"]["change"] == back["liability-cap"]["change"] == "improved"


def test_table_markdown_and_html(cli):
    old, new = SAMPLES / "en_strong.docx", SAMPLES / "en_weak.docx"
    table = cli("diff", old, new).stdout
    assert "Scope of services" in table and "▼ weakened" in table and "✘ new gap" in table
    assert table.rstrip().endswith("20 weakened, 1 new gap, 0 fixed, 0 improved, 1 unchanged")
    markdown = cli("diff", old, new, "-f", "markdown").stdout
    assert markdown.startswith("## clausecheck: Draft comparison")
    assert "| Item | Change | old | new |" in markdown
    html = cli("diff", old, new, "-f", "html", "--lang", "zh").stdout
    assert html.startswith("<!DOCTYPE html>") and "合同修订对比" in html
    assert "http:" not in html and "https:" not in html  # self-contained


def test_bad_fail_on_is_a_usage_error(cli):
    result = cli("diff", SAMPLES / "zh_weak.docx", SAMPLES / "zh_strong.docx", "--fail-on", "worse")
    assert result.returncode == 2 and "--fail-on" in result.stderr
