"""`clausecheck eval`: labels, figures, formats, thresholds and exit codes.

Self-contained: a four-rule pack and two tiny contracts (zh, en) written into tmp_path,
so the expected figures below never depend on the default pack or on any corpus.

What the rules report (see RULES and the contracts):

    file    rule           label     reported
    en.txt  fees           vague     ok        status disagreement
    en.txt  liability-cap  missing   risky     false "found" (FP)
    en.txt  support        missing   ok        false "found" (FP)
    en.txt  warranty       risky     risky
    zh.txt  fees           ok        vague     status disagreement
    zh.txt  liability-cap  missing   missing   (red-flag rule, nothing located: ok, not found)
    zh.txt  support        vague     missing   false missing (FN)
    zh.txt  warranty       ok        ok

All:  TP 4 (fees×2, warranty×2), FP 2, FN 1, TN 1 -> P 4/6, R 4/5, F1 8/11;
      false missing 1 of 5 labelled present (0.2); agreement 2/5; exact 3/8.
zh:   TP 2, FP 0, FN 1, TN 1 -> P 1, R 2/3, F1 4/5; agreement 1/3; exact 2/4.
en:   TP 2, FP 2, FN 0, TN 0 -> P 1/2, R 1, F1 2/3; agreement 1/2; exact 1/4.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from clausecheck.app.eval import EvalRequest, run_eval
from clausecheck.errors import UserError
from clausecheck.evaluation import Item, evaluate, figures, parse_threshold, read_labels
from clausecheck.report.evaluation import (
    SCHEMA,
    render_json,
    render_markdown,
    render_table,
    rule_used,
)
from conftest import Result

RULES = {
    "warranty.yaml": r"""
        id: warranty
        title: {zh: 保修, en: Warranty}
        severity: high
        advice: {zh: 写明保修期。, en: State the warranty period.}
        looks_for: {zh: 标题如“保修”, en: headings such as “Warranty”}
        locate:
          headings: ['保修|warranty']
          terms: ['保修|\bwarrant(y|ies)\b']
        checks:
          - id: period
            label: {zh: 保修期, en: a warranty period}
            pattern: '\d{1,6} ?(个月|months?)'
        red_flags:
          - id: as-is
            label: {zh: 按现状提供, en: provided as is}
            pattern: '按现状|\bas is\b'
        examples:
          - {status: ok, text: "第一条 保修\n乙方提供12个月保修。"}
        """,
    "fees.yaml": r"""
        id: fees
        title: {zh: 费用, en: Fees}
        severity: medium
        advice: {zh: 写明金额。, en: State the amount.}
        looks_for: {zh: 措辞如“费用”, en: wording such as “fees”}
        locate:
          terms: ['费用|\bfees?\b']
        checks:
          - id: amount
            label: {zh: 金额, en: an amount}
            pattern: '\d{1,6} ?(元|dollars)'
        examples:
          - {status: ok, text: "服务费用为1000元。"}
        """,
    "liability-cap.yaml": r"""
        id: liability-cap
        title: {zh: 责任上限, en: Liability cap}
        severity: high
        red_flag: true
        advice: {zh: 上限应合理。, en: A cap should be reasonable.}
        looks_for: {zh: 措辞如“累计赔偿”, en: wording such as “aggregate liability”}
        locate:
          terms: ['累计赔偿|aggregate liability']
        red_flags:
          - id: trivial
            label: {zh: 过低的上限, en: a trivial cap}
            pattern: '100元|\$100\b'
        examples:
          - {status: ok, found: false, text: "乙方提供服务。"}
        """,
    "support.yaml": r"""
        id: support
        title: {zh: 技术支持, en: Support}
        severity: medium
        advice: {zh: 写明支持方式。, en: State how support is given.}
        looks_for: {zh: 措辞如“技术支持”, en: wording such as “support”}
        locate:
          terms: ['技术支持|\bsupport\b']
        examples:
          - {status: ok, text: "乙方提供技术支持。"}
        """,
}

ZH = """软件服务合同
甲方：北京某某有限公司
乙方：上海某某科技有限公司
第一条 保修
乙方对软件提供12个月的免费保修服务。
第二条 费用
甲方应按照约定向乙方支付服务费用。
第三条 其他
本合同一式两份，双方各执一份，自双方签字盖章之日起生效。
"""

EN = """SOFTWARE SERVICES AGREEMENT
This agreement is made between Acme Ltd (the Customer) and Widget Inc (the Vendor).
1. Warranty
The software is provided as is, without any other promise of any kind.
2. Fees
The Customer shall pay a fee of 500 dollars per month.
3. Support
The Vendor shall provide support by email on business days.
4. Liability
The Vendor's aggregate liability under this agreement shall not exceed $100 in total.
"""

LABELS = (
    "file\trule\tverdict\tevidence\tnote\n"
    "zh.txt\twarranty\tok\t12个月的免费保修服务\t\n"
    "zh.txt\tfees\tok\t支付服务费用\tamount in an annex\n"
    "zh.txt\tliability-cap\tmissing\t\tno cap\n"
    "zh.txt\tsupport\tvague\t双方各执一份\tcontrived\n"
    "en.txt\twarranty\trisky\tprovided as is\t\n"
    "en.txt\tfees\tvague\ta fee of 500 dollars\tno due date\n"
    "en.txt\tliability-cap\tmissing\t\t\n"
    "en.txt\tsupport\tmissing\t\t\n"
    "# a comment line, and a blank line:\n"
    "\n"
    "en.txt\tno-such-rule\tok\t\t\n"
    "ghost.txt\twarranty\tok\t\t\n"
)


def write_pack(root: Path) -> Path:
    pack = root / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: evaltest\n", encoding="utf-8")
    for name, body in RULES.items():
        (pack / name).write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return pack


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "zh.txt").write_text(ZH, encoding="utf-8")
    (folder / "en.txt").write_text(EN, encoding="utf-8")
    (folder / "unlabelled.txt").write_text("A contract nobody labelled.\n", encoding="utf-8")
    (folder / "README.md").write_text("# not a contract\n", encoding="utf-8")
    (folder / "labels.tsv").write_text(LABELS, encoding="utf-8")
    return folder, write_pack(tmp_path)


def no_traceback(proc: Result) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr


# --------------------------------------------------------------------------- figures


def test_figures_by_hand(corpus):
    folder, pack = corpus
    result = evaluate(folder, pack=str(pack), jobs=1)
    got = {(i.file, i.rule): (i.expected, i.reported) for i in result.items}
    assert got == {
        ("en.txt", "fees"): ("vague", "ok"),
        ("en.txt", "liability-cap"): ("missing", "risky"),
        ("en.txt", "support"): ("missing", "ok"),
        ("en.txt", "warranty"): ("risky", "risky"),
        ("zh.txt", "fees"): ("ok", "vague"),
        ("zh.txt", "liability-cap"): ("missing", "missing"),
        ("zh.txt", "support"): ("vague", "missing"),
        ("zh.txt", "warranty"): ("ok", "ok"),
    }
    assert {d["file"]: d["language"] for d in result.documents} == {"en.txt": "en", "zh.txt": "zh"}
    assert result.languages == ["zh", "en"]

    # A red-flag rule with nothing located: status ok, found False -> reported missing.
    cap = next(i for i in result.items if i.file == "zh.txt" and i.rule == "liability-cap")
    assert (cap.status, cap.found, cap.reported) == ("ok", False, "missing")

    f = result.figures()
    assert (f.n, f.tp, f.fp, f.fn, f.tn) == (8, 4, 2, 1, 1)
    assert f.precision == pytest.approx(4 / 6)
    assert f.recall == pytest.approx(4 / 5)
    assert f.f1 == pytest.approx(8 / 11)
    assert (f.false_missing, f.labelled_present) == (1, 5)
    assert f.false_missing_rate == pytest.approx(0.2)
    assert f.agreement == pytest.approx(2 / 5)
    assert f.exact_agreement == pytest.approx(3 / 8)
    assert f.confusion == {
        "ok": {"ok": 1, "vague": 1, "risky": 0, "missing": 0},
        "vague": {"ok": 1, "vague": 0, "risky": 0, "missing": 1},
        "risky": {"ok": 0, "vague": 0, "risky": 1, "missing": 0},
        "missing": {"ok": 1, "vague": 0, "risky": 1, "missing": 1},
    }

    zh = result.figures("zh")
    assert (zh.tp, zh.fp, zh.fn, zh.tn) == (2, 0, 1, 1)
    assert (zh.precision, zh.recall, zh.f1) == pytest.approx((1.0, 2 / 3, 4 / 5))
    assert zh.false_missing_rate == pytest.approx(1 / 3)
    assert (zh.agreement, zh.exact_agreement) == pytest.approx((1 / 3, 2 / 4))

    en = result.figures("en")
    assert (en.tp, en.fp, en.fn, en.tn) == (2, 2, 0, 0)
    assert (en.precision, en.recall, en.f1) == pytest.approx((0.5, 1.0, 2 / 3))
    assert en.false_missing_rate == 0
    assert (en.agreement, en.exact_agreement) == pytest.approx((1 / 2, 1 / 4))

    warranty = result.figures(rule="warranty")
    assert (warranty.precision, warranty.recall, warranty.f1, warranty.agreement) == (1, 1, 1, 1)
    cap_all = result.figures(rule="liability-cap")
    assert (cap_all.precision, cap_all.recall, cap_all.f1) == (0, None, 0)  # recall undefined
    assert cap_all.agreement is None and cap_all.exact_agreement == 0.5
    assert result.figures("mixed").n == 0 and result.figures("mixed").f1 is None

    # What was not scored, and why.
    assert (result.label_rows, result.unknown_rule_rows, result.absent_file_rows) == (10, 1, 1)
    assert result.unknown_rules == ["no-such-rule"]
    assert result.absent_files == ["ghost.txt"]
    assert result.unlabelled_files == ["unlabelled.txt"]  # README.md ignored


def test_disagreements(corpus):
    folder, pack = corpus
    result = evaluate(folder, pack=str(pack), jobs=1)
    rows = [(i.file, i.rule, i.expected, i.reported) for i in result.disagreements]
    assert rows == [  # by file, then in ruleset order (fees, liability-cap, support, warranty)
        ("en.txt", "fees", "vague", "ok"),
        ("en.txt", "liability-cap", "missing", "risky"),
        ("en.txt", "support", "missing", "ok"),
        ("zh.txt", "fees", "ok", "vague"),
        ("zh.txt", "support", "vague", "missing"),
    ]
    by_key = {(i.file, i.rule): i for i in result.disagreements}
    cap = by_key["en.txt", "liability-cap"]
    assert "shall not exceed $100" in cap.quote and rule_used(cap) == cap.quote
    fees = by_key["en.txt", "fees"]
    assert "500 dollars" in fees.quote and fees.evidence == "a fee of 500 dollars"
    support = by_key["zh.txt", "support"]  # reported missing: what it looked for, in words
    assert support.quote == "" and support.searched  # the patterns stay in the item (JSON)
    assert rule_used(support) == "looked for wording such as “support”"
    assert support.evidence == "双方各执一份" and support.note == "contrived"


def test_figures_of_hand_made_items():
    items = [
        Item("a", "r", "zh", "ok", "ok"),
        Item("a", "s", "zh", "missing", "missing"),
        Item("b", "r", "en", "risky", "missing"),
    ]
    f = figures(items)
    assert (f.tp, f.fp, f.fn, f.tn) == (1, 0, 1, 1)
    assert (f.precision, f.recall, f.f1) == (1.0, 0.5, pytest.approx(2 / 3))
    assert (f.agreement, f.exact_agreement) == (0.5, pytest.approx(2 / 3))
    empty = figures([])
    assert (empty.precision, empty.recall, empty.f1, empty.agreement) == (None,) * 4


# --------------------------------------------------------------------------- formats


def test_json_schema(corpus):
    folder, pack = corpus
    result = evaluate(folder, pack=str(pack), jobs=1)
    data = json.loads(render_json(result))
    assert data["schema"] == SCHEMA == "clausecheck/eval@1"
    assert set(data) == {
        "schema",
        "tool_version",
        "ruleset",
        "folder",
        "labels",
        "languages",
        "counts",
        "unknown_rules",
        "absent_files",
        "unlabelled_files",
        "documents",
        "errors",
        "overall",
        "rules",
        "disagreements",
        "thresholds",
    }
    assert data["ruleset"]["name"] == "evaltest" and data["ruleset"]["rules"] == 4
    assert data["counts"] == {
        "label_rows": 10,
        "scored": 8,
        "unknown_rule": 1,
        "absent_file": 1,
        "unreadable": 0,
        "documents": 2,
        "documents_unreadable": 0,
        "unlabelled_files": 1,
    }
    assert data["languages"] == ["zh", "en"]
    assert set(data["overall"]) == {"zh", "en", "all"}
    overall = data["overall"]["all"]
    assert set(overall) == {
        "n",
        "presence",
        "false_missing",
        "agreement",
        "exact_agreement",
        "confusion",
    }
    assert overall["presence"] == {
        "tp": 4,
        "fp": 2,
        "fn": 1,
        "tn": 1,
        "precision": 0.6667,
        "recall": 0.8,
        "f1": 0.7273,
    }
    assert overall["false_missing"] == {"count": 1, "labelled_present": 5, "rate": 0.2}
    assert overall["agreement"] == {"agree": 2, "of": 5, "rate": 0.4}
    assert overall["exact_agreement"] == {"agree": 3, "of": 8, "rate": 0.375}
    assert overall["confusion"]["missing"] == {"ok": 1, "vague": 0, "risky": 1, "missing": 1}
    assert [r["rule"] for r in data["rules"]] == ["fees", "liability-cap", "support", "warranty"]
    cap = data["rules"][1]
    assert cap["all"]["presence"]["recall"] is None and cap["zh"]["presence"]["f1"] is None
    assert len(data["disagreements"]) == 5
    assert set(data["disagreements"][0]) == {
        "file",
        "rule",
        "language",
        "expected",
        "reported",
        "status",
        "found",
        "quote",
        "searched",
        "looks_for",
        "evidence",
        "note",
    }
    assert "items" not in data
    assert len(json.loads(render_json(result, show_all=True))["items"]) == 8


def test_markdown(corpus):
    folder, pack = corpus
    text = render_markdown(evaluate(folder, pack=str(pack), jobs=1))
    lines = text.splitlines()
    assert lines[0].startswith("# clausecheck eval: ")
    header = "| rule | n | P | R | F1 | false-missing | agreement | exact |"
    assert header in lines
    assert lines[lines.index(header) + 1] == "|---|---:|---:|---:|---:|---:|---:|---:|"
    assert "| fees | 2 | 1.00 | 1.00 | 1.00 | 0 (0.00) | 0.00 (0/2) | 0.00 (0/2) |" in lines
    assert "| liability-cap | 2 | 0.00 | – | 0.00 | 0 | – (0/0) | 0.50 (1/2) |" in lines
    assert "| all | 2 | 8 | 0.67 | 0.80 | 0.73 | 1 (0.20) | 0.40 (2/5) | 0.38 (3/8) |" in lines
    assert "| zh | 1 | 4 | 1.00 | 0.67 | 0.80 | 1 (0.33) | 0.33 (1/3) | 0.50 (2/4) |" in lines
    assert "| missing | 1 | 0 | 1 | 1 | 3 |" in lines  # confusion (all), missing row
    assert "## Disagreements (5 of 8)" in lines
    used = "looked for wording such as “support”"
    assert any(ln.startswith(f"| zh.txt | support | vague | missing ✗ | {used}") for ln in lines)
    assert "1 rows for rules not in the ruleset: no-such-rule" in text
    assert "files without labels: unlabelled.txt" in text


def test_table(corpus):
    folder, pack = corpus
    text = render_table(evaluate(folder, pack=str(pack), jobs=1))
    assert "\x1b[" not in text
    assert "Per rule (all languages)" in text and "Overall" in text
    assert "Confusion (zh)" in text and "Confusion (all)" in text
    assert "Disagreements (5 of 8)" in text
    assert "zh.txt  support: label vague, reported missing  ✗" in text
    assert "en.txt  warranty" not in text  # agreements only with --all
    assert "en.txt  warranty" in render_table(evaluate(folder, pack=str(pack), jobs=1), True)


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("file\trule\n a.txt\tfees\n", "labels.tsv:1: the header lacks the column verdict"),
        ("file\trule\tverdict\na.txt\tfees\tgood\n", "labels.tsv:2: unknown verdict 'good'"),
        (
            "# c\nfile\trule\tverdict\n\na.txt\tfees\tok\na.txt\tfees\tvague\n",
            "labels.tsv:5: a second label for a.txt / fees (the first is on line 4)",
        ),
        ("file\trule\tverdict\na.txt\t\tok\n", "labels.tsv:2: the rule cell is empty"),
        ("file\trule\tverdict\na.txt\tfees\t\n", "labels.tsv:2: unknown verdict an empty"),
        ("", "the labels file is empty"),
    ],
)
def test_bad_labels(tmp_path, content, expected):
    path = tmp_path / "labels.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_labels(path)


def test_csv_labels_and_sniffing(tmp_path):
    csv_text = 'File,Rule,Verdict,evidence\na.txt,fees,OK,"1,000 元, ""monthly"""\n'
    (tmp_path / "labels.csv").write_text(csv_text, encoding="utf-8-sig")
    (label,) = read_labels(tmp_path / "labels.csv")
    assert (label.file, label.rule, label.verdict, label.line) == ("a.txt", "fees", "ok", 2)
    assert label.evidence == '1,000 元, "monthly"'
    (tmp_path / "labels.txt").write_text("file\trule\tverdict\n./b.txt\tfees\tvague\n")
    (label,) = read_labels(tmp_path / "labels.txt")  # no telling suffix: sniffed as TSV
    assert (label.file, label.verdict) == ("b.txt", "vague")
    # TSV cells are literal: a quote character does not start a quoted field.
    (tmp_path / "q.tsv").write_text('file\trule\tverdict\tevidence\nc.txt\tfees\tok\t"a\tb\n')
    assert read_labels(tmp_path / "q.tsv")[0].evidence == '"a'


def test_thresholds_parse():
    t = parse_threshold("presence-f1:zh=0.95")
    assert (t.metric, t.language, t.value, t.bound) == ("presence-f1", "zh", 0.95, "min")
    assert parse_threshold("agreement=60%").value == pytest.approx(0.6)
    assert parse_threshold("false-missing-rate=0.1").bound == "max"
    for bad in ("f1=0.9", "presence-f1=1.5", "presence-f1:fr=0.9", "presence-f1", "agreement=x"):
        with pytest.raises(UserError, match="--fail-under"):
            parse_threshold(bad)


def test_unreadable_documents_are_counted_apart(corpus, capsys):
    folder, pack = corpus
    (folder / "empty.txt").write_bytes(b"")
    with (folder / "labels.tsv").open("a", encoding="utf-8") as handle:
        handle.write("empty.txt\twarranty\tok\t\t\nempty.txt\tfees\tmissing\t\t\n")
    result = evaluate(folder, pack=str(pack), jobs=1)
    assert len(result.items) == 8  # not scored as missing
    assert result.unreadable_rows == 2
    assert [(e["file"], e["code"], e["items"]) for e in result.errors] == [
        ("empty.txt", "empty", 2)
    ]
    code = run_eval(EvalRequest(folder=folder, pack=str(pack), fmt="json", jobs=1))
    out, err = capsys.readouterr()
    assert code == 2
    assert json.loads(out)["counts"]["unreadable"] == 2
    assert "error: empty.txt:" in err and "2 label rows not scored" in err


def test_nothing_to_score(corpus):
    folder, pack = corpus
    (folder / "other.tsv").write_text("file\trule\tverdict\nzh.txt\tnope\tok\n", encoding="utf-8")
    with pytest.raises(UserError, match="nothing to score"):
        evaluate(folder, folder / "other.tsv", pack=str(pack), jobs=1)


# --------------------------------------------------------------------------- CLI


def test_cli_exit_codes(cli, corpus):
    folder, pack = corpus
    cwd = folder.parent
    base = (str(folder), "--pack", str(pack))

    ok = cli(
        "eval",
        *base,
        "--fail-under",
        "presence-recall=0.8",
        "--fail-under",
        "presence-precision:zh=1",
        "--fail-under",
        "false-missing-rate=0.2",
        "--fail-under",
        "agreement:en=50%",
        cwd=cwd,
    )
    no_traceback(ok)
    assert ok.returncode == 0, ok.stderr
    assert "Per rule (all languages)" in ok.stdout and "Thresholds" in ok.stdout

    low = cli(
        "eval",
        *base,
        "--format",
        "json",
        "--fail-under",
        "presence-f1=0.75",
        "--fail-under",
        "false-missing-rate:zh=0.3",
        cwd=cwd,
    )
    no_traceback(low)
    assert low.returncode == 1
    assert "presence-f1 = 0.727 below 0.750" in low.stderr
    assert "false-missing-rate:zh = 0.333 above the maximum 0.300" in low.stderr
    data = json.loads(low.stdout)  # stdout stays pure JSON
    assert [t["met"] for t in data["thresholds"]] == [False, False]

    undefined = cli("eval", *base, "--fail-under", "presence-f1:mixed=0.1", cwd=cwd)
    assert undefined.returncode == 1 and "undefined" in undefined.stderr

    out = cwd / "eval.md"
    written = cli("eval", *base, "--format", "markdown", "-o", str(out), cwd=cwd)
    assert written.returncode == 0 and written.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# clausecheck eval")

    for args, message in [
        ((*base, "--fail-under", "f2=0.9"), "unknown metric 'f2'"),
        ((*base, "--labels", str(cwd / "nope.tsv")), "no such labels file"),
        ((str(cwd / "nowhere"), "--pack", str(pack)), "not a folder"),
        ((str(pack), "--pack", str(pack)), "no labels file in"),
    ]:
        proc = cli("eval", *args, cwd=cwd)
        no_traceback(proc)
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr and proc.stderr.startswith("clausecheck: error: ")

    (folder / "labels.tsv").write_text(LABELS.replace("\tok\t12个月", "\tfine\t12个月"), "utf-8")
    bad = cli("eval", *base, cwd=cwd)
    no_traceback(bad)
    assert bad.returncode == 2
    assert "labels.tsv:2: unknown verdict 'fine'" in bad.stderr
