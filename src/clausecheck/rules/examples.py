"""Run the examples every rule carries; report the ones that do not come out as written.

A rule must show each outcome it can produce, in Chinese and in English: `ok` and
`missing` always (for a red-flag rule, an `ok` example with `found: false` stands for
"not found"), `vague` when it has a required check, `risky` when it has red flags.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausecheck.extract import document_from_text
from clausecheck.recognise.parties import override_parties
from clausecheck.rules.engine import run_rules
from clausecheck.rules.loader import Example, Rule
from clausecheck.segment import detect_language, segment


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    example: Example
    status: str
    found: bool
    passed: bool
    message: str


def run_examples(rule: Rule) -> list[ExampleResult]:
    results = []
    for example in rule.examples:
        doc = segment(document_from_text(example.text))
        parties = override_parties(example.buyer) if example.buyer else None
        (finding,), _, _ = run_rules([rule], doc, parties)
        passed = finding.status == example.status and (
            example.found is None or example.found == finding.found
        )
        expected = example.status + ("" if example.found is None else f" (found={example.found})")
        got = f"{finding.status} (found={finding.found})"
        message = "" if passed else f"expected {expected}, got {got}: {finding.message['en']}"
        results.append(
            ExampleResult(rule.id, example, finding.status, finding.found, passed, message)
        )
    return results


def missing_outcomes(rule: Rule) -> list[str]:
    """Outcomes the rule can produce that no example shows, per language ("vague/en")."""
    needed = ["ok", "not-found" if rule.red_flag else "missing"]
    if any(c.required for c in rule.checks):
        needed.append("vague")
    if rule.red_flags:
        needed.append("risky")
    shown = set()
    for example in rule.examples:
        lang = detect_language(document_from_text(example.text).blocks)
        outcome = example.status
        if rule.red_flag and example.status == "ok" and example.found is False:
            outcome = "not-found"
        for language in ("zh", "en") if lang == "mixed" else (lang,):
            shown.add(f"{outcome}/{language}")
    return [f"{o}/{lang}" for o in needed for lang in ("zh", "en") if f"{o}/{lang}" not in shown]
