"""Streaming reports: report@2 JSON, JSON Lines, the writer fed a document at a time,
and the batch that keeps nothing (api.iter_check)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from clausecheck import api
from clausecheck.codec import pretty_json
from clausecheck.model import RuleMeta, SkippedFile
from clausecheck.report import ReportOptions, open_stream, render, streams
from clausecheck.report.json_report import RULE_LEVEL
from clausecheck.report.stream import text_of
from reportdata import EN_DOC, ERR_DOC, ZH_DOC, make_report

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
V1 = ReportOptions(schema="report@1")


def _v2(report=None) -> dict:
    return json.loads(render(report or make_report(), "json"))


def test_report2_keeps_each_rule_once_and_findings_name_it():
    report = make_report()
    data = _v2(report)
    assert data["schema"] == "clausecheck/report@2"
    assert list(data) == ["schema", "tool", "ruleset", "language", "rules", "documents",
                          "skipped", "summary"]  # fmt: skip
    fields = [f.name for f in dataclasses.fields(RuleMeta) if f.name != "id"]
    assert list(data["rules"]) == [r.id for r in report.rules]
    for rule in data["rules"].values():
        assert list(rule) == fields  # every field of RuleMeta, a new one included
        assert set(rule["title"]) == {"zh", "en"} and set(rule["advice"]) == {"zh", "en"}
    assert {"title", "advice", "searched"} <= RULE_LEVEL and "severity" not in RULE_LEVEL
    for doc in data["documents"]:
        for f in doc["findings"]:
            assert f["rule"] in data["rules"]
            assert not {*RULE_LEVEL, "title_i18n", "advice_i18n"} & set(f)
            assert {"severity", "status", "message", "locations", "checks", "open"} <= set(f)


def test_report1_fields_come_back_from_the_rules():
    """The migration note: a report@1 finding is its report@2 finding plus its rule's."""
    ruleset = api.load_ruleset()
    docs = [api.check(SAMPLES / n, ruleset) for n in ("en_weak.pdf", "text/zh_weak.txt")]
    report = api.make_report(docs, ruleset)
    v1, v2 = json.loads(render(report, "json", V1)), _v2(report)
    assert v1["schema"] == "clausecheck/report@1" and "rules" not in v1
    for d1, d2 in zip(v1["documents"], v2["documents"], strict=True):
        assert d1["summary"] == d2["summary"]
        for f1, f2 in zip(d1["findings"], d2["findings"], strict=True):
            rule = v2["rules"][f2["rule"]]
            assert {k: v for k, v in f1.items() if k in f2} == f2
            assert f1["title_i18n"] == rule["title"]
            if f1["status"] != "ok":
                assert f1["advice_i18n"] == rule["advice"]
            assert f1["searched"] in ([], rule["searched"])
    assert v1["summary"] == {k: n for k, n in v2["summary"].items() if k != "skipped"}


@pytest.mark.parametrize("schema", ["report@1", "report@2"])
@pytest.mark.parametrize("docs", [[], [ZH_DOC], [ZH_DOC, EN_DOC, ERR_DOC]])
def test_streamed_json_is_the_whole_object_indented(schema, docs):
    report = dataclasses.replace(make_report(), documents=tuple(docs))
    text = render(report, "json", ReportOptions(schema=schema))
    assert text == pretty_json(json.loads(text))
    assert json.loads(text)["summary"]["documents"] == len(docs)


def test_jsonl_records_join_into_the_report2_json():
    report = make_report()
    lines = render(report, "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r.pop("record") for r in records] == ["header", "document", "document",
                                                  "document", "summary"]  # fmt: skip
    head, *documents, summary = records
    assert {**head, "documents": documents, "skipped": [], "summary": summary} == _v2(report)


def test_a_streaming_format_writes_each_document_at_once_others_at_the_end():
    report = make_report()
    head = dataclasses.replace(report, documents=())
    assert all(map(streams, ("json", "jsonl", "csv", "github")))
    assert not any(map(streams, ("table", "markdown", "html", "sarif", "junit")))
    jsonl = open_stream(head, "jsonl")
    assert jsonl.head().startswith('{"record":"header"')
    assert jsonl.document(ZH_DOC).startswith('{"record":"document"')
    rows = open_stream(head, "csv")
    first = rows.document(ZH_DOC)
    assert first.startswith("\ufefffile,") and "file," not in rows.document(EN_DOC)  # BOM once
    whole = open_stream(head, "html")
    assert whole.head() == "" and whole.document(ZH_DOC) == ""
    for fmt in ("csv", "github", "html", "json", "jsonl"):
        assert text_of(open_stream(head, fmt), report.documents) == render(report, fmt)
        assert text_of(open_stream(head, fmt), []) == render(head, fmt)


def test_rows_keep_the_whole_reports_rule_order_for_rules_seen_only_in_findings():
    stray = [dataclasses.replace(f, rule=f"zz-{i}") for i, f in enumerate(ZH_DOC.findings[:3])]
    first = dataclasses.replace(ZH_DOC, findings=(*ZH_DOC.findings, stray[1]))
    second = dataclasses.replace(EN_DOC, path="b.pdf", findings=(stray[2], stray[0], stray[1]))
    report = dataclasses.replace(make_report(), documents=(first, second))
    head = dataclasses.replace(report, documents=())
    for fmt in ("csv", "github"):
        assert text_of(open_stream(head, fmt), report.documents) == render(report, fmt)


def test_iter_check_yields_in_input_order_from_the_workers():
    ruleset = api.load_ruleset()
    paths = [SAMPLES / n for n in ("zh_weak.pdf", "text/en_weak.txt", "en_strong.docx",
                                   "nowhere.pdf", "text/zh_strong.txt")]  # fmt: skip
    options = api.CheckOptions(use_cache=False)
    one = list(api.iter_check(paths, ruleset, options, jobs=1))
    two = api.iter_check(paths, ruleset, options, jobs=2)
    assert iter(two) is two  # a generator: documents are not gathered first
    assert [d.path for d in two] == [str(p) for p in paths]
    assert [d.path for d in one] == [str(p) for p in paths]
    two = list(api.iter_check(paths, ruleset, options, jobs=2))
    assert [d.findings for d in two] == [d.findings for d in one]
    assert [d.status for d in one] == ["checked"] * 3 + ["error", "checked"]


def test_cli_jsonl_to_a_file(cli, tmp_path, rule_count):
    out = tmp_path / "batch.jsonl"
    result = cli(SAMPLES / "text", "-f", "jsonl", "-o", out, "--jobs", "2", "--no-cache")
    assert result.returncode == 1 and result.stdout == ""
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["record"] for r in records] == ["header"] + ["document"] * 4 + ["summary"]
    assert len(records[0]["rules"]) == rule_count
    assert [Path(r["path"]).name for r in records[1:-1]] == sorted(
        p.name for p in (SAMPLES / "text").glob("*.txt")
    )
    assert records[-1]["documents"] == 4


def test_cli_schema_option(cli):
    v1 = cli(SAMPLES / "text" / "en_weak.txt", "-f", "json", "--schema", "report@1")
    v2 = cli(SAMPLES / "text" / "en_weak.txt", "-f", "json")
    assert json.loads(v1.stdout)["schema"] == "clausecheck/report@1"
    assert json.loads(v2.stdout)["schema"] == "clausecheck/report@2"
    wrong = cli(SAMPLES / "text" / "en_weak.txt", "-f", "json", "--schema", "report@3")
    assert wrong.returncode == 2 and "report@3" in wrong.stderr


SKIPPED = (SkippedFile("drafts/readme.txt", "not-a-contract"),)


def test_skipped_files_are_in_every_report_that_has_a_place_for_them():
    report = dataclasses.replace(make_report(), skipped=SKIPPED)
    data = _v2(report)
    assert data["skipped"] == [{"path": "drafts/readme.txt", "reason": "not-a-contract"}]
    assert data["summary"]["skipped"] == 1 and data["summary"]["documents"] == 3
    records = [json.loads(line) for line in render(report, "jsonl").splitlines()]
    assert [r["record"] for r in records][-2:] == ["skipped", "summary"]
    skipped = [{k: v for k, v in r.items() if k != "record"} for r in records[-2:-1]]
    assert skipped == data["skipped"] and records[-1]["skipped"] == 1
    notes = json.loads(render(report, "sarif"))["runs"][0]["invocations"][0]
    note = notes["toolExecutionNotifications"][-1]
    assert note["level"] == "note" and note["descriptor"]["id"] == "not-a-contract"
    junit = render(report, "junit")
    assert '<testsuite name="drafts/readme.txt" tests="1"' in junit and "<skipped " in junit
    assert "::notice file=drafts/readme.txt::not checked" in render(report, "github")
    for fmt in ("markdown", "html"):
        assert "drafts/readme.txt" in render(report, fmt)


def test_report1_has_no_skipped_files():
    report = dataclasses.replace(make_report(), skipped=SKIPPED)
    data = json.loads(render(report, "json", V1))
    assert "skipped" not in data and "skipped" not in data["summary"]


def test_a_skipped_file_is_written_when_it_is_seen():
    # the stream writes a JSONL record for a skipped file at once, not at the end
    stream = open_stream(make_report(), "jsonl", ReportOptions())
    assert json.loads(stream.skipped(SKIPPED[0]))["record"] == "skipped"
