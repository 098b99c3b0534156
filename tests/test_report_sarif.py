"""SARIF 2.1.0: valid against the official OASIS schema, and what GitHub code scanning needs."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

import reportdata
from clausecheck.report import ReportOptions, render
from clausecheck.report.sarif import FINGERPRINT_KEY, MAX_BYTES, uri
from reportdata import EN_DOC, ERR_DOC, ERR_PATH, RULES, WAIVER, ZH_DOC, ZH_PATH, make_report

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert "2.1.0" in schema["id"]  # the official errata01 schema (draft-04: "id", not "$id")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _uri(result) -> str:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def _prints(log) -> list[str]:
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"]]


def _sarif(*docs, lang=None):
    out = render(make_report(*docs), "sarif", ReportOptions(lang=lang))
    return out, json.loads(out)


@pytest.mark.parametrize("lang", [None, "zh", "en"])
@pytest.mark.parametrize(
    "docs", [(), (ZH_DOC,), (EN_DOC,), (ERR_DOC,)], ids=["all", "zh", "en", "error"]
)
def test_sarif_validates_against_the_schema(validator, docs, lang):
    _, log = _sarif(*docs, lang=lang)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_shape():
    out, log = _sarif()
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "clausecheck" and driver["version"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [r.id for r in RULES]
    rule = driver["rules"][0]
    assert set(rule) >= {
        "id",
        "name",
        "shortDescription",
        "fullDescription",
        "help",
        "defaultConfiguration",
        "properties",
    }
    assert rule["help"]["text"] and rule["help"]["markdown"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels == {
        "service-scope": "error",
        "response-sla": "error",
        "ip-ownership": "error",
        "renewal-pricing": "warning",
        "dispute-resolution": "note",
    }
    assert "contract" in rule["properties"]["tags"]
    assert len(out.encode("utf-8")) < MAX_BYTES


def test_one_result_per_finding_that_is_not_ok():
    _, log = _sarif()
    (run,) = log["runs"]
    results = run["results"]
    expected = [(ZH_PATH, f.rule) for f in ZH_DOC.findings if f.status != "ok"] + [
        (EN_DOC.path, f.rule) for f in EN_DOC.findings if f.status != "ok"
    ]
    got = [
        (unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]), r["ruleId"])
        for r in results
    ]
    assert sorted(got) == sorted(expected)
    assert len(results) == 7
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for r in results:
        assert r["ruleId"] in rule_ids
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": 1}
        assert r["properties"]["status"] in ("vague", "risky", "missing")


def test_result_details():
    _, log = _sarif()
    results = {
        (
            r["properties"]["status"],
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        ): r
        for r in log["runs"][0]["results"]
    }
    zh_uri = uri(ZH_PATH)
    risky = results[("risky", "ip-ownership", zh_uri)]
    assert risky["level"] == "error"
    assert risky["locations"][0]["logicalLocations"] == [
        {"name": "第八条 知识产权", "kind": "section"}
    ]
    assert risky["properties"]["page"] == 4 and risky["properties"]["clause"] == "第八条 知识产权"
    assert risky["properties"]["ocr"] is True
    text = risky["message"]["text"]
    assert "源代码与知识产权归属" in text and "定制代码归乙方" in text and "<script>" in text
    vague = results[("vague", "response-sla", zh_uri)]
    assert vague["level"] == "warning"  # high severity, one step lower for vague
    missing = results[("missing", "renewal-pricing", zh_uri)]
    assert missing["level"] == "warning" and "logicalLocations" not in missing["locations"][0]
    assert missing["properties"]["searched"] == list(reportdata.RENEWAL_SEARCHED)
    assert "查找过：标题如“续费”" in missing["message"]["text"]
    waived = results[("vague", "dispute-resolution", zh_uri)]
    assert waived["suppressions"] == [{"kind": "external", "justification": WAIVER}]
    assert "suppressions" not in risky
    en_vague = results[("vague", "service-scope", uri(EN_DOC.path))]
    assert en_vague["locations"][0]["logicalLocations"][0]["name"] == "2. SERVICES"
    assert en_vague["properties"]["paragraph"] == 12 and en_vague["properties"]["page"] is None


def test_uris_are_relative_with_forward_slashes():
    assert uri("contracts/acme.docx") == "contracts/acme.docx"
    assert uri("./contracts/acme.docx") == "contracts/acme.docx"
    assert uri("contracts\\sub\\a.pdf") == "contracts/sub/a.pdf"
    assert uri(ZH_PATH) == "contracts/%E7%94%B2%E5%85%AC%E5%8F%B8%20%E5%90%88%E5%90%8C.pdf"
    assert unquote(uri(ZH_PATH)) == ZH_PATH
    assert uri("a:b.pdf") == "a%3Ab.pdf"  # no segment reads as a scheme
    assert uri(str(Path.cwd() / "x" / "y.pdf")) == "x/y.pdf"
    assert uri("/elsewhere/y.pdf").startswith("file:///")


def test_fingerprints_are_stable_and_distinct():
    _, first = _sarif()
    _, second = _sarif()
    prints = _prints(first)
    assert prints == _prints(second) and len(set(prints)) == len(prints)
    # the quote may change between runs, the fingerprint does not
    moved = dataclasses.replace(
        ZH_DOC,
        findings=tuple(
            dataclasses.replace(
                f,
                locations=tuple(
                    dataclasses.replace(loc, quote=loc.quote + "!") for loc in f.locations
                ),
            )
            for f in ZH_DOC.findings
        ),
    )
    _, third = _sarif(moved)
    zh_prints = [
        p
        for p, r in zip(prints, first["runs"][0]["results"], strict=True)
        if unquote(_uri(r)) == ZH_PATH
    ]
    assert _prints(third) == zh_prints


def test_unreadable_document_is_a_notification():
    _, log = _sarif()
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    errors = [n for n in notes if n["level"] == "error"]
    assert len(errors) == 1
    assert errors[0]["descriptor"] == {"id": "encrypted-pdf"}
    assert (
        "encrypted-pdf" in errors[0]["message"]["text"] and ERR_PATH in errors[0]["message"]["text"]
    )
    warnings = [n for n in notes if n["level"] == "warning"]
    assert len(warnings) == 1 and "OCR" in warnings[0]["message"]["text"]
    _, clean = _sarif(ZH_DOC, EN_DOC)
    assert clean["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_language():
    _, log = _sarif(lang="en")
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["rules"][0]["shortDescription"]["text"] == "Scope of services"
    _, log = _sarif(ZH_DOC)
    assert (
        log["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == "服务内容清单"
    )
