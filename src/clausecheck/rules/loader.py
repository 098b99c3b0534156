"""YAML rule files and packs -> validated `Rule` values.

Rule files are loaded with YAML's safe loader only (no tags execute), validated against
`schema/rule.schema.json` with jsonschema, and every error names the file, the line and
the key. Patterns are compiled once here and probed for catastrophic backtracking.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Any

from clausecheck import cache as stored
from clausecheck.errors import RuleError
from clausecheck.model import LocalText, Question, RuleMeta, Severity, WorseIf
from clausecheck.rules.patterns import compile_pattern, default_parties

PACK_FILE = "pack.yaml"
DEFAULT_PACK = "after-sales"


@dataclass(frozen=True)
class Matcher:
    """What one sentence must show: a pattern, a recognised quantity, and no `unless`."""

    id: str
    label: LocalText
    pattern: str | None = None
    recognise: str | None = None
    min: float | None = None
    max: float | None = None
    unless: str | None = None
    unless_scope: str = "sentence"
    scope: str = "located"
    per: str = "sentence"  # "clause": pattern and quantity must meet in one clause


@dataclass(frozen=True)
class CheckSpec(Matcher):
    required: bool = True


@dataclass(frozen=True)
class RedFlag(Matcher):
    when_met: tuple[str, ...] = ()
    when_unmet: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    status: str
    text: str
    found: bool | None = None
    buyer: str | None = None
    note: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    title: LocalText
    severity: Severity
    advice: LocalText
    description: LocalText
    looks_for: LocalText  # what `locate` looks for, in words: shown instead of the patterns
    headings: tuple[str, ...]
    terms: tuple[str, ...]
    exclude: tuple[str, ...]
    checks: tuple[CheckSpec, ...]
    red_flags: tuple[RedFlag, ...]
    examples: tuple[Example, ...]
    messages: dict[str, LocalText] = field(default_factory=dict)
    red_flag: bool = False
    pack: str = ""
    path: str = ""
    model_clause: LocalText | None = None
    why: LocalText | None = None
    questions: tuple[Question, ...] = ()
    worse_if: WorseIf | None = None

    def meta(self) -> RuleMeta:
        # Every RuleMeta field is the rule's own attribute of the same name (`searched`
        # is a property): one list of fields, RuleMeta's.
        return RuleMeta(**{f.name: getattr(self, f.name) for f in fields(RuleMeta)})

    @property
    def searched(self) -> tuple[str, ...]:
        """What a check looks for: the rule's headings and terms."""
        return tuple(f"heading: {h}" for h in self.headings) + tuple(
            f"term: {t}" for t in self.terms
        )


@dataclass(frozen=True)
class Ruleset:
    name: str
    rules: tuple[Rule, ...]
    sha256: str

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


# --- finding packs --------------------------------------------------------------------


def packs_root() -> Path:
    """Shipped packs: inside the installed package, or the repository's rules/ in a checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "packs"
    return installed if installed.is_dir() else here.parent.parent / "rules"


def available_packs() -> list[str]:
    root = packs_root()
    return sorted(p.name for p in root.iterdir() if (p / PACK_FILE).is_file())


def load_ruleset(pack: str | None = None, extra: tuple[str | Path, ...] = ()) -> Ruleset:
    """A pack by shipped name or folder path, plus extra rule files or folders (`--rules`)."""
    rules, name = _load_pack(pack or DEFAULT_PACK, seen=())
    for path in extra:
        for rule in load_rules_at(Path(path), pack_name=Path(path).stem):
            rules = [r for r in rules if r.id != rule.id] + [rule]
    digest = hashlib.sha256()
    for rule in rules:
        digest.update(Path(rule.path).read_bytes() if rule.path else rule.id.encode())
    return Ruleset(name=name, rules=tuple(rules), sha256=digest.hexdigest())


def _resolve_pack(pack: str) -> Path:
    path = Path(pack)
    if path.is_dir():
        return path
    if path.is_file():
        return path.parent
    shipped = packs_root() / pack
    if (shipped / PACK_FILE).is_file():
        return shipped
    known = ", ".join(available_packs()) or "none"
    raise RuleError(pack, f"no such rule pack (shipped packs: {known})")


def _load_pack(pack: str, seen: tuple[Path, ...]) -> tuple[list[Rule], str]:
    folder = _resolve_pack(pack).resolve()
    if folder in seen:
        raise RuleError(folder / PACK_FILE, "packs extend each other in a loop", key="extends")
    settings = _read_pack_settings(folder)
    name = settings.get("name", folder.name)
    rules: list[Rule] = []
    if "extends" in settings:
        base = settings["extends"]
        base_path = folder / base if (folder / base).exists() else base
        rules, _ = _load_pack(str(base_path), (*seen, folder))
    own = [load_rule_file(p, name) for p in _rule_files(folder)]
    if not own and not rules:
        raise RuleError(folder, "no rule files (*.yaml) in this pack, and it extends no pack")
    for rule in own:
        rules = [r for r in rules if r.id != rule.id] + [rule]
    disabled = set(settings.get("disable", ()))
    severities = settings.get("severity", {})
    for rule_id in disabled | set(severities):
        if rule_id not in {r.id for r in rules}:
            raise RuleError(folder / PACK_FILE, f"unknown rule {rule_id!r}", key="disable/severity")
    rules = [
        replace(r, severity=severities.get(r.id, r.severity)) for r in rules if r.id not in disabled
    ]
    order = {rule_id: i for i, rule_id in enumerate(settings.get("order", ()))}
    rules.sort(key=lambda r: order.get(r.id, len(order)))  # stable: unlisted keep file order
    return rules, name


def _read_pack_settings(folder: Path, validate: bool | None = None) -> dict[str, Any]:
    path = folder / PACK_FILE
    if not path.is_file():
        return {"name": folder.name}
    if validate or (validate is None and not _is_shipped(path)):  # shipped: the suite does it
        data, root = _read_yaml(path)
        _validate(path, data, root, "pack.schema.json")
        return data
    return _read_shipped(path)[0]


def check_pack_file(pack: str) -> None:
    """Validate a pack's pack.yaml against the schema, shipped or not."""
    _read_pack_settings(_resolve_pack(pack), validate=True)


def _rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.name != PACK_FILE)


def load_rules_at(path: Path, pack_name: str) -> list[Rule]:
    if path.is_dir():
        files = _rule_files(path)
        if not files:
            raise RuleError(path, "no rule files (*.yaml) in this folder")
        return [load_rule_file(p, pack_name) for p in files]
    if not path.is_file():
        raise RuleError(path, "no such file or folder")
    return [load_rule_file(path, pack_name)]


# --- one rule file --------------------------------------------------------------------


def load_rule_file(path: Path, pack_name: str = "") -> Rule:
    # The shipped packs are validated and probed by the test suite, not at every start-up
    # (and read from the cache folder once parsed); a user's rule files are checked on
    # every load.
    if _is_shipped(path):
        data, lines = _read_shipped(path)
        rule = _build_rule(data, pack_name, path, lines)
        _check_references(rule, path, None)
        return rule
    data, root = _read_yaml(path)
    _validate(path, data, root, "rule.schema.json")
    rule = _build_rule(data, pack_name, path, _example_lines(data, root))
    _check_patterns(rule, path, root)
    _check_references(rule, path, root)
    return rule


PARSED_FORMAT = 1  # of a parsed rule file in the cache folder


def _read_shipped(path: Path) -> tuple[dict[str, Any], list[int | None]]:
    """A shipped YAML file's data and its examples' lines, from the cache folder when this
    very file was parsed before (PyYAML and its import take ~25 ms a process for a pack);
    keyed by the file's bytes, kept even with --no-cache, which is about documents."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(path, f"cannot read: {exc}") from None
    key = hashlib.sha256(b"rule-file\n%d\n" % PARSED_FORMAT + raw).hexdigest()
    found = stored.get("rule-file", key, _parsed)
    if found is not None:
        return found
    data, root = _read_yaml(path)
    lines = _example_lines(data, root)
    if json.loads(json.dumps(data)) == data:  # nothing JSON would change (a date, an int key)
        stored.put("rule-file", key, {"data": data, "lines": lines})
    return data, lines


def _parsed(value: Any) -> tuple[dict[str, Any], list[int | None]]:
    data, lines = value["data"], value["lines"]
    if not isinstance(data, dict) or not isinstance(lines, list):
        raise ValueError("not a parsed rule file")
    return data, lines


def _example_lines(data: dict[str, Any], root: Any) -> list[int | None]:
    examples = data.get("examples")
    return [_line_of(root, ["examples", i]) for i in range(len(examples))] if examples else []


def _is_shipped(path: Path) -> bool:
    return packs_root().resolve() in path.resolve().parents


def _read_yaml(path: Path) -> tuple[Any, Any]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, f"cannot read: {exc}") from None
    # The C loader when PyYAML has libyaml; either way the safe one: no tag executes.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root, data = _compose_and_load(text, loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark else None
        raise RuleError(path, f"invalid YAML: {problem}", line=line) from None
    if not isinstance(data, dict):
        raise RuleError(path, "a rule file must be a mapping of keys to values", line=1)
    return data, root


def _compose_and_load(text: str, loader_class: Any) -> tuple[Any, Any]:
    """The node tree (for line numbers) and the data, from one parse (what yaml.compose
    and yaml.load each do in full)."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads((Path(__file__).resolve().parent.parent / "schema" / name).read_text())


def _validate(path: Path, data: Any, root: Any, schema_name: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    keys = list(error.absolute_path)
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        keys, message = keys + unknown[:1], f"unknown key (allowed: {_allowed(error)})"
    elif error.validator == "required":
        absent = [k for k in error.validator_value if k not in error.instance]
        keys, message = keys + absent[:1], "missing key" + _REQUIRED_HINTS.get(absent[0], "")
    else:
        message = error.message
    raise RuleError(path, message, line=_line_of(root, keys), key=_key_path(keys))


# What to write for a top-level key a rule file lacks (rule files from before the key existed).
_REQUIRED_HINTS = {
    "looks_for": (
        ": say in words, in Chinese and English, what the rule looks for (reports show it for "
        "a missing item instead of the patterns), e.g. looks_for: "
        "{zh: 标题如“托管”，措辞如“源代码托管”, "
        "en: headings such as “Escrow” and wording such as “source code escrow”} (docs/rules.md)"
    ),
}


def _allowed(error: Any) -> str:
    return ", ".join(sorted(error.schema.get("properties", {})))


def _key_path(keys: list[Any]) -> str:
    return ".".join(str(k) if not isinstance(k, int) else f"[{k}]" for k in keys).replace(".[", "[")


def _line_of(node: Any, keys: list[Any]) -> int | None:
    """The 1-based line of the YAML node at `keys` (the deepest one that exists)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        child = None
        if isinstance(key, int) and isinstance(getattr(node, "value", None), list):
            items = node.value
            child = items[key] if key < len(items) and not isinstance(items[key], tuple) else None
        elif isinstance(getattr(node, "value", None), list):
            for k, v in node.value:
                if isinstance(k.value, str) and k.value == key:
                    line, child = k.start_mark.line + 1, v
                    break
        if child is None:
            return line
        node, line = child, child.start_mark.line + 1
    return line


def _patterns(value: Any) -> str | None:
    """A pattern or a list of alternatives -> one alternation."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return "|".join(f"(?:{v})" for v in value)


def _matcher_fields(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["id"],
        "label": item["label"],
        "pattern": _patterns(item.get("pattern")),
        "recognise": item.get("recognise"),
        "min": item.get("min"),
        "max": item.get("max"),
        "unless": _patterns(item.get("unless")),
        "unless_scope": item.get("unless_scope", "sentence"),
        "scope": item.get("scope", "located"),
        "per": item.get("per", "sentence"),
    }


def _build_rule(data: dict[str, Any], pack: str, path: Path, lines: list[int | None]) -> Rule:
    locate = data["locate"]
    checks = tuple(
        CheckSpec(**_matcher_fields(c), required=c.get("required", True))
        for c in data.get("checks", ())
    )
    flags = tuple(
        RedFlag(
            **_matcher_fields(f),
            when_met=tuple(f.get("when", {}).get("met", ())),
            when_unmet=tuple(f.get("when", {}).get("unmet", ())),
        )
        for f in data.get("red_flags", ())
    )
    examples = tuple(
        Example(
            status=e["status"], text=e["text"], found=e.get("found"), buyer=e.get("buyer"),
            note=e.get("note", ""), line=lines[i] if i < len(lines) else None,
        )
        for i, e in enumerate(data["examples"])
    )  # fmt: skip
    return Rule(
        id=data["id"],
        title=data["title"],
        severity=data["severity"],
        advice=data["advice"],
        description=data.get("description", data["title"]),
        looks_for=data["looks_for"],
        headings=tuple(locate.get("headings", ())),
        terms=tuple(locate.get("terms", ())),
        exclude=tuple(locate.get("exclude", ())),
        checks=checks,
        red_flags=flags,
        examples=examples,
        messages=data.get("messages", {}),
        red_flag=data.get("red_flag", False),
        pack=pack,
        path=str(path),
        **_drafting_fields(data),
    )


def _drafting_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What goes to the vendor: the model clause, why it matters, the questions to ask."""
    worse = data.get("worse_if")
    return {
        "model_clause": data.get("model_clause"),
        "why": data.get("why"),
        "questions": tuple(
            Question(tuple(q["when"]), {"zh": q["zh"], "en": q["en"]})
            for q in data.get("questions", ())
        ),
        "worse_if": WorseIf(worse["quantity"], worse["is"]) if worse else None,
    }


def check_model_clause(rule: Rule) -> None:
    """A rule that can come out `missing` (any but a red-flag rule) needs a model clause:
    the wording `clausecheck redline` inserts and `letter` asks for."""
    if rule.model_clause is None and not rule.red_flag:
        path = Path(rule.path)
        _, root = _read_yaml(path)
        raise RuleError(
            path, "missing: a rule that can be missing needs one, {zh, en}: the wording "
            "redline inserts and letter asks for", _line_of(root, ["locate"]), "model_clause",
        )  # fmt: skip


def _all_patterns(rule: Rule) -> list[tuple[str, str]]:
    """(key path, pattern) for every pattern in the rule."""
    found = [(f"locate.headings[{i}]", p) for i, p in enumerate(rule.headings)]
    found += [(f"locate.terms[{i}]", p) for i, p in enumerate(rule.terms)]
    found += [(f"locate.exclude[{i}]", p) for i, p in enumerate(rule.exclude)]
    for kind, items in (("checks", rule.checks), ("red_flags", rule.red_flags)):
        for i, item in enumerate(items):
            found += [(f"{kind}[{i}].pattern", item.pattern)] if item.pattern else []
            found += [(f"{kind}[{i}].unless", item.unless)] if item.unless else []
    return found


# Inputs that make a backtracking pattern blow up: long runs of one character class.
_PROBES = ("a" * 3000 + "!", "甲" * 3000 + "!", "1" * 3000 + "x", " " * 3000 + "x", "aA1 " * 800)


def check_rule_file(rule: Rule) -> None:
    """Validate, compile and probe a loaded rule: what a user's rule gets at every load."""
    path = Path(rule.path)
    data, root = _read_yaml(path)
    _validate(path, data, root, "rule.schema.json")
    _check_patterns(rule, path, root)


def _check_patterns(rule: Rule, path: Path, root: Any) -> None:
    for key, pattern in _all_patterns(rule):
        keys = _keys_from_path(key)
        try:
            compiled = compile_pattern(pattern, default_parties())
        except Exception as exc:  # regex.error and friends
            line = _line_of(root, keys)
            raise RuleError(path, f"invalid regular expression: {exc}", line, key) from None
        try:
            for probe in _PROBES:
                compiled.search(probe, timeout=0.2)
        except TimeoutError:
            raise RuleError(
                path,
                "pattern backtracks catastrophically (took over 0.2 s on a 3,000-character "
                "probe): avoid nested quantifiers such as (a+)+ or (.*)*",
                _line_of(root, keys),
                key,
            ) from None


def _keys_from_path(key: str) -> list[Any]:
    parts: list[Any] = []
    for piece in key.replace("]", "").split("."):
        name, _, index = piece.partition("[")
        parts.append(name)
        if index:
            parts.append(int(index))
    return parts


def _check_references(rule: Rule, path: Path, root: Any) -> None:
    ids = {c.id for c in rule.checks}
    for i, flag in enumerate(rule.red_flags):
        for ref in flag.when_met + flag.when_unmet:
            if ref not in ids:
                key = f"red_flags[{i}].when"
                if root is None:  # a shipped file, read from the cache folder
                    _, root = _read_yaml(path)
                line = _line_of(root, ["red_flags", i, "when"])
                raise RuleError(path, f"refers to unknown check {ref!r}", line, key)
