"""`clausecheck rules list|show|validate|test`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clausecheck.app.check import CheckRequest, config_ruleset, effective_config
from clausecheck.errors import ExitCode, UserError
from clausecheck.model import pick
from clausecheck.rules.examples import missing_outcomes, run_examples
from clausecheck.rules.loader import Rule, check_model_clause, load_rules_at, load_ruleset


@dataclass(frozen=True)
class RulesRequest:
    pack: str | None = None
    rules: tuple[str, ...] = ()  # extra rule files or folders
    lang: str | None = None
    rule_id: str = ""  # show: the rule
    paths: tuple[Path, ...] = ()  # validate, test: rule files or folders


def _console():
    # rich is imported here: a heavy library only these commands' tables need
    from rich.console import Console

    return Console(highlight=False)


def list_rules(request: RulesRequest) -> int:
    from rich.table import Table  # heavy: see _console

    ruleset = load_ruleset(request.pack, request.rules)
    table = Table(title=f"{ruleset.name}: {len(ruleset.rules)} rules", title_justify="left")
    for column in ("id", "title", "severity", "kind", "pack"):
        table.add_column(column)
    for rule in ruleset.rules:
        kind = "red flag" if rule.red_flag else "item"
        table.add_row(rule.id, pick(rule.title, request.lang or "en"), rule.severity, kind,
                      rule.pack)  # fmt: skip
    _console().print(table)
    return ExitCode.OK


def show_rule(request: RulesRequest) -> int:
    ruleset = load_ruleset(request.pack, request.rules)
    try:
        rule = ruleset.get(request.rule_id)
    except KeyError:
        known = ", ".join(r.id for r in ruleset.rules)
        raise UserError(
            f"no rule {request.rule_id!r} in pack {ruleset.name} (rules: {known})"
        ) from None
    lang = request.lang or "en"
    out = _console()
    out.print(f"[bold]{rule.id}[/bold] — {pick(rule.title, lang)}  ({rule.severity}, {rule.path})")
    out.print(pick(rule.description, lang), markup=False)
    out.print("\n[bold]Looks for[/bold]")
    out.print("  " + pick(rule.looks_for, lang), markup=False)
    out.print("\n[bold]Found by[/bold] (patterns)")
    for heading in rule.headings:
        out.print(f"  heading  {heading}", markup=False)
    for term in rule.terms:
        out.print(f"  term     {term}", markup=False)
    if rule.checks:
        out.print("\n[bold]Specific when[/bold] (all required checks met)")
        for check in rule.checks:
            need = "" if check.required else " (informative)"
            out.print(f"  {check.id}: {pick(check.label, lang)}{need}", markup=False)
    if rule.red_flags:
        out.print("\n[bold]Risky when[/bold]")
        for flag in rule.red_flags:
            out.print(f"  {flag.id}: {pick(flag.label, lang)}", markup=False)
    out.print("\n[bold]Advice[/bold]")
    out.print("  " + pick(rule.advice, lang), markup=False)
    if rule.model_clause:
        out.print("\n[bold]Model clause[/bold] (what redline inserts and letter asks for)")
        out.print("  " + pick(rule.model_clause, lang), markup=False)
    if rule.questions:
        out.print("\n[bold]Questions for the vendor[/bold]")
        for question in rule.questions:
            out.print(f"  [{', '.join(question.when)}] {pick(question.text, lang)}", markup=False)
    out.print("\n[bold]Examples[/bold]")
    for example in rule.examples:
        found = "" if example.found is None else f", found={example.found}"
        out.print(f"  [{example.status}{found}]", markup=False)
        for line in example.text.strip().splitlines():
            out.print(f"      {line}", markup=False)
    return ExitCode.OK


def _rules_in(paths: tuple[Path, ...]) -> Iterator[Rule]:
    """The rules of these files or folders; with none, those of the active pack (the
    configuration's `pack` and `rules`, as `clausecheck check` would use)."""
    if not paths:
        yield from config_ruleset(effective_config(CheckRequest(paths=[]))).rules
    for path in paths:
        yield from load_rules_at(path, path.name if path.is_dir() else path.parent.name)


def validate_rules(request: RulesRequest) -> int:
    count = 0
    for rule in _rules_in(request.paths):
        check_model_clause(rule)
        count += 1
    print(f"{count} rule file(s) valid")
    return ExitCode.OK


def run_rule_tests(request: RulesRequest) -> int:
    """Every example of every rule; exit 1 when one does not come out as written."""
    passed = failed = 0
    for rule in _rules_in(request.paths):
        for result in run_examples(rule):
            if result.passed:
                passed += 1
                continue
            failed += 1
            print(f"FAIL {rule.path}:{result.example.line}: {rule.id}: {result.message}")
        for outcome in missing_outcomes(rule):
            failed += 1
            print(f"FAIL {rule.path}: {rule.id}: no example shows the outcome {outcome}")
    print(f"{passed} passed, {failed} failed")
    return ExitCode.FINDINGS if failed else ExitCode.OK
