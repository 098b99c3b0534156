"""What a person reads about an item not found is the rule's `looks_for`, in words: never a
pattern or an unfilled placeholder. The patterns stay in JSON and SARIF (`searched`) and
behind `--debug`; each rule's words name only what its patterns really find."""

import json
import re
from pathlib import Path

import pytest

from clausecheck import api
from clausecheck.model import Report
from clausecheck.report import ReportOptions, render, render_compare
from clausecheck.rules.patterns import compile_pattern, default_parties
from reportdata import parse_page

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_FILES = sorted(
    [*SAMPLES.glob("*.pdf"), *SAMPLES.glob("*.docx"), *SAMPLES.glob("text/*.txt")]
)

# What gives a pattern away: escapes, groups, classes, bounded gaps, placeholders.
PATTERN_SYNTAX = re.compile(
    r"\\[bBsSdDwWpP]|\(\?|\[\^|\.\{\d|\{(buyer|vendor|party|number)\}|\)\?|\|\\"
)
HUMAN_FORMATS = ("table", "markdown", "junit", "html", "github", "csv")
HUMAN_COMPARE_FORMATS = ("table", "markdown", "html", "csv")

# "标题如“A”“B”，措辞如“C”“D”" / "headings such as “A” or “B” and wording such as “C”, “D”"
ZH_SHAPE = re.compile(r"标题如(?P<headings>(“[^”]+”)+)，措辞如(?P<wording>(“[^”]+”)+)")
EN_SHAPE = re.compile(
    r"headings such as (?P<headings>“[^”]+”(, “[^”]+”)*( or “[^”]+”)?) "
    r"and wording such as (?P<wording>“[^”]+”(, “[^”]+”)*)"
)


@pytest.fixture(scope="module")
def ruleset():
    return api.load_ruleset()


@pytest.fixture(scope="module")
def report(ruleset) -> Report:
    """Every bundled sample, plus a page in each language where every item is missing."""
    docs = [api.check(p, ruleset, api.CheckOptions(use_cache=False)) for p in SAMPLE_FILES]
    blank = ("第一条 其他\n本页无正文。", "1. Other\nThis page is intentionally blank.")
    docs += [api.check_text(t, ruleset, name=f"blank{i}.txt") for i, t in enumerate(blank)]
    assert all(d.status == "checked" for d in docs)
    return api.make_report(docs, ruleset)


def _phrases(part: str) -> list[str]:
    return [p.replace("……", "X").replace("…", "X") for p in re.findall(r"“([^”]+)”", part)]


def _matches(patterns, phrase: str) -> bool:
    return any(compile_pattern(p, default_parties()).search(phrase) for p in patterns)


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_shipped_rule_says_in_both_languages_what_it_looks_for(ruleset):
    assert len(ruleset.rules) == 22
    for rule in ruleset.rules:
        zh, en = rule.looks_for["zh"], rule.looks_for["en"]
        assert ZH_SHAPE.fullmatch(zh), (rule.id, zh)
        assert EN_SHAPE.fullmatch(en), (rule.id, en)
        assert not PATTERN_SYNTAX.search(zh + en), rule.id
        assert rule.meta().looks_for == rule.looks_for


@pytest.mark.parametrize("shape", [ZH_SHAPE, EN_SHAPE], ids=["zh", "en"])
def test_the_words_are_what_the_patterns_find(ruleset, shape):
    """Each quoted heading is found by a heading pattern of the rule, each quoted wording by
    a term pattern (and not thrown out by an exclude): the words describe the patterns."""
    for rule in ruleset.rules:
        parts = shape.fullmatch(rule.looks_for["zh" if shape is ZH_SHAPE else "en"])
        for phrase in _phrases(parts["headings"]):
            assert _matches(rule.headings, phrase), (rule.id, "heading", phrase)
        for phrase in _phrases(parts["wording"]):
            assert _matches(rule.terms, phrase), (rule.id, "wording", phrase)
            assert not _matches(rule.exclude, phrase), (rule.id, "excluded", phrase)


def _human_texts(report: Report, lang: str) -> dict[str, str]:
    texts = {}
    for width in (80, 120):
        texts[f"table@{width}"] = render(report, "table", ReportOptions(lang, True, width=width))
    for fmt in HUMAN_FORMATS:
        texts[fmt] = render(report, fmt, ReportOptions(lang, details=True))
    for fmt in HUMAN_COMPARE_FORMATS:
        texts[f"compare {fmt}"] = render_compare(report, fmt, ReportOptions(lang))
    for key in ("html", "compare html"):  # what the page shows, not its script
        texts[key] = " ".join(parse_page(texts[key]).text)
    sarif = json.loads(render(report, "sarif", ReportOptions(lang)))
    texts["sarif messages"] = "\n".join(r["message"]["text"] for r in sarif["runs"][0]["results"])
    return texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_person_facing_format_shows_a_pattern(report, lang):
    missing = [f for d in report.documents for f in d.findings if f.status == "missing"]
    assert {f.rule for f in missing} >= {r.id for r in report.rules if not r.red_flag}
    for name, text in _human_texts(report, lang).items():
        found = PATTERN_SYNTAX.search(text)
        assert found is None, f"{name}: {text[max(0, found.start() - 80) : found.end() + 40]}"
        if name.startswith("table") and lang == "en":  # long titles wrap beside it: by word
            words = {w for f in missing for w in f.looks_for[lang].split()}
            # a Chinese word may wrap between characters (tests/test_table_layout.py checks it)
            latin = {w for w in words if not CJK.search(w)}
            assert not [w for w in latin if w not in text], name
            flat = "".join(text.split())
            assert not [c for w in words - latin for c in CJK.findall(w) if c not in flat], name
        elif name.startswith("table") or name in ("markdown", "junit", "html", "github"):
            flat = "".join(text.split()).replace("\\", "")  # markdown escapes
            for finding in missing:
                assert "".join(finding.looks_for[lang].split()) in flat, (name, finding.rule)


def test_the_table_says_what_was_looked_for_in_a_sentence(report):
    zh = render(report, "table", ReportOptions("zh", True, width=200))
    assert "未找到关于培训的条款（查找过：标题如“培训”“Training”，措辞如“培训”" in zh
    en = render(report, "table", ReportOptions("en", True, width=200))
    assert "No clause about training was found (looked for headings such as “Training”" in en


def test_json_keeps_the_patterns_and_adds_the_words(report):
    data = json.loads(render(report, "json", ReportOptions("en")))  # report@2: once per rule
    training = data["rules"]["training"]
    assert any("\\btraining\\b" in s for s in training["searched"])
    assert training["looks_for"]["en"].startswith("headings such as “Training”")
    assert training["looks_for"]["zh"].startswith("标题如“培训”")
    v1 = json.loads(render(report, "json", ReportOptions("en", schema="report@1")))
    blank = next(d for d in v1["documents"] if d["path"] == "blank0.txt")
    missing = next(f for f in blank["findings"] if f["rule"] == "training")
    assert any("\\btraining\\b" in s for s in missing["searched"])
    assert missing["looks_for"].startswith("headings such as “Training”")
    found = [f for d in v1["documents"] for f in d["findings"] if f["found"]]
    assert found and all(f["looks_for"] == "" and f["searched"] == [] for f in found)


def test_debug_prints_the_patterns_on_stderr(cli, tmp_path):
    contract = tmp_path / "c.txt"
    contract.write_text("第一条 其他\n本页无正文。\n", encoding="utf-8")
    plain = cli(contract, "--no-cache", "--assume-contract")  # too short to read as one
    assert "\\btraining\\b" not in plain.stdout + plain.stderr
    debug = cli(contract, "--no-cache", "--assume-contract", "--debug")
    assert debug.stdout == plain.stdout
    line = next(ln for ln in debug.stderr.splitlines() if ": training searched " in ln)
    assert "heading: 培训" in line and "\\btraining\\b" in line


def test_rules_show_says_it_in_words_above_the_patterns(cli):
    out = cli("rules", "show", "training", "--lang", "zh").stdout
    assert out.index("Looks for") < out.index("标题如“培训”") < out.index("Found by (patterns)")
    assert out.index("Found by (patterns)") < out.index("\\btraining\\b")
