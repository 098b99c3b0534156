"""Project configuration: `.clausecheck.yaml` or `[tool.clausecheck]` in pyproject.toml,
found from the current folder upward; waivers; baselines.

Every effective value remembers where it came from (default, a file, the command line),
so `clausecheck config` can say why a setting is what it is.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from clausecheck.codec import pretty_json
from clausecheck.errors import ConfigError
from clausecheck.model import SEVERITIES, STATUSES, DocumentReport, Finding
from clausecheck.recognise.parties import unknown_buyer
from clausecheck.report import FORMATS
from clausecheck.segment import heading_title

CONFIG_NAMES = (".clausecheck.yaml", ".clausecheck.yml", "pyproject.toml")
DEFAULTS: dict[str, Any] = {
    "pack": None,
    "rules": [],
    "format": "table",
    "lang": None,
    "fail-on": ["missing", "risky"],
    "min-severity": "low",
    "exclude": [],
    "jobs": None,
    "buyer": None,
    "severity": {},
    "disable": [],
    "per-path": [],
    "waivers": [],
    "ocr": "auto",
}
_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "pack": {"type": "string"},
        "rules": {"type": "array", "items": {"type": "string"}},
        "format": {"enum": list(FORMATS)},
        "lang": {"enum": ["zh", "en"]},
        "fail-on": {"type": "array", "items": {"enum": list(STATUSES)}},
        "min-severity": {"enum": list(SEVERITIES)},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "jobs": {"type": "integer", "minimum": 1},
        "buyer": {"type": "string"},
        "severity": {"type": "object", "additionalProperties": {"enum": list(SEVERITIES)}},
        "disable": {"type": "array", "items": {"type": "string"}},
        "ocr": {"enum": ["auto", "always", "never"]},
        "per-path": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["paths"],
                "properties": {
                    "paths": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "disable": {"type": "array", "items": {"type": "string"}},
                    "severity": {
                        "type": "object",
                        "additionalProperties": {"enum": list(SEVERITIES)},
                    },
                    "buyer": {"type": "string"},
                },
            },
        },
        "waivers": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["rule", "paths", "reason"],
                "properties": {
                    "rule": {"type": "string"},
                    "paths": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "reason": {"type": "string", "minLength": 3},
                    "expires": {"type": "string", "format": "date"},
                },
            },
        },
    },
}


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, "default"))
    path: Path | None = None  # the configuration file, when one was found
    root: Path = field(default_factory=Path.cwd)  # paths in the file are relative to this

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def set(self, key: str, value: Any, source: str = "command line") -> None:
        if value is not None and value != [] and value != ():
            self.values[key] = value
            self.sources[key] = source


def find_config(start: Path | None = None) -> Path | None:
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
    return None


def _has_tool_table(path: Path) -> bool:
    return "[tool.clausecheck" in path.read_text(encoding="utf-8", errors="replace")


def load_config(explicit: Path | None = None) -> Config:
    config = Config()
    path = explicit or find_config()
    if path is None:
        return config
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    data = _read(path)
    _validate(path, data)
    config.path, config.root = path, path.resolve().parent
    for key, value in data.items():
        config.set(key, value, source=str(path))
    return config


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text).get("tool", {}).get("clausecheck", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        return _normalise_keys(data)
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys to values")
    return _normalise_keys(data)


def _normalise_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Accept fail_on as well as fail-on (TOML users write underscores)."""
    out = {}
    for key, value in data.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, list):
            value = [_normalise_keys(v) if isinstance(v, dict) else v for v in value]
        out[key.replace("_", "-")] = value
    return out


def _validate(path: Path, data: dict[str, Any]) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        _SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise ConfigError(f"{path}: {where}: {error.message}")
    for prefix, section in _sections(data):
        problem = unknown_buyer(section["buyer"]) if "buyer" in section else None
        if problem:
            raise ConfigError(f"{path}: {prefix}buyer: {problem}")


def _sections(values: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The top level and each per-path section, with the prefix naming it in a message."""
    per_path = enumerate(values.get("per-path") or ())
    return [("", values), *((f"per-path[{i}].", section) for i, section in per_path)]


def check_rule_ids(config: Config, known: Collection[str]) -> None:
    """Every rule id the configuration names is a rule of the rule set: else a
    ConfigError naming the file, the key and the closest id (a typo never passes)."""
    for key, rule in _named_rules(config):
        if rule in known:
            continue
        close = difflib.get_close_matches(rule, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else "see: clausecheck rules list"
        where = config.path or "configuration"
        raise ConfigError(f"{where}: {key}: unknown rule {rule!r} ({hint})")


def _named_rules(config: Config) -> Iterator[tuple[str, str]]:
    """(key, rule id) for every rule id the configuration names."""
    for prefix, section in _sections(config.values):
        for i, rule in enumerate(section.get("disable", ())):
            yield f"{prefix}disable[{i}]", rule
        for rule in section.get("severity", {}):
            yield f"{prefix}severity.{rule}", rule
    for i, waiver in enumerate(config["waivers"]):
        yield f"waivers[{i}].rule", waiver["rule"]


def relative(path: str, root: Path) -> str:
    """A document path as written in config globs and baselines: relative to the root."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def matches(path: str, patterns: list[str], root: Path) -> bool:
    rel = relative(path, root)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(Path(rel).name, p) for p in patterns)


# --- per-path settings and waivers ---------------------------------------------------


def apply_settings(report: DocumentReport, config: Config, today: dt.date) -> DocumentReport:
    """Disabled rules dropped, severities changed, waived findings marked suppressed."""
    disabled = set(config["disable"])
    severity = dict(config["severity"])
    for section in config["per-path"]:
        if matches(report.path, section["paths"], config.root):
            disabled |= set(section.get("disable", ()))
            severity |= section.get("severity", {})
    findings = []
    for finding in report.findings:
        if finding.rule in disabled:
            continue
        if finding.rule in severity:
            finding = replace(finding, severity=severity[finding.rule])
        waiver = _waiver_for(finding, report.path, config, today)
        if waiver and finding.status != "ok":
            finding = replace(finding, suppressed=waiver["reason"])
        findings.append(finding)
    return replace(report, findings=tuple(findings))


def _waiver_for(finding: Finding, path: str, config: Config, today: dt.date) -> dict | None:
    for waiver in config["waivers"]:
        applies = waiver["rule"] == finding.rule and matches(path, waiver["paths"], config.root)
        if applies and not _expired(waiver, today):
            return waiver
    return None


def _expired(waiver: dict, today: dt.date) -> bool:
    return "expires" in waiver and dt.date.fromisoformat(str(waiver["expires"])) < today


def expired_waivers(config: Config, today: dt.date) -> list[dict]:
    return [w for w in config["waivers"] if _expired(w, today)]


def buyer_for(path: str, config: Config) -> str | None:
    buyer = config["buyer"]
    for section in config["per-path"]:
        if "buyer" in section and matches(path, section["paths"], config.root):
            buyer = section["buyer"]
    return buyer


# --- baseline ----------------------------------------------------------------------------

BASELINE_SCHEMA = "clausecheck/baseline@1"


def _baseline_key(path: str, finding: Finding, root: Path) -> tuple[str, str, str, str]:
    # Keyed on file, rule, the clause heading's words and status, not page or clause
    # numbers: edits elsewhere in the document, or clauses renumbered, keep the match.
    clause = finding.locations[0].clause if finding.locations else None
    return relative(path, root), finding.rule, heading_title(clause or ""), finding.status


def write_baseline(path: Path, reports: list[DocumentReport], root: Path) -> int:
    entries = sorted(
        {
            _baseline_key(r.path, f, root)
            for r in reports
            for f in r.findings
            if f.status != "ok" and not f.suppressed
        }
    )
    data = {
        "schema": BASELINE_SCHEMA,
        "findings": [
            dict(zip(("path", "rule", "clause", "status"), e, strict=True)) for e in entries
        ],
    }
    path.write_text(pretty_json(data), encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> set[tuple[str, str, str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        findings = data["findings"]
        # (a baseline written by an older version may hold clause numbers: dropped here)
        return {(e["path"], e["rule"], heading_title(e["clause"]), e["status"]) for e in findings}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a clausecheck baseline ({exc})") from None


def apply_baseline(
    report: DocumentReport, known: set[tuple[str, str, str, str]], root: Path
) -> DocumentReport:
    findings = tuple(
        replace(f, suppressed="in baseline", baselined=True)
        if f.status != "ok" and not f.suppressed and _baseline_key(report.path, f, root) in known
        else f
        for f in report.findings
    )
    return replace(report, findings=findings)
