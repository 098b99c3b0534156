"""`clausecheck config`: the effective configuration and where each value came from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from clausecheck.app.check import CheckRequest, config_ruleset, effective_config
from clausecheck.errors import ExitCode


@dataclass(frozen=True)
class ConfigRequest:
    config: Path | None = None
    fmt: str = "table"


def show_config(request: ConfigRequest) -> int:
    config = effective_config(CheckRequest(paths=[], config=request.config))
    config_ruleset(config)  # a rule id the pack does not have is an error here too
    if request.fmt == "json":
        values = {k: {"value": config[k], "source": config.sources[k]} for k in config.values}
        print(json.dumps({"file": str(config.path) if config.path else None, "settings": values},
                         ensure_ascii=False, indent=2, default=str))  # fmt: skip
        return ExitCode.OK
    # rich is imported here: a heavy library only the table needs
    from rich.console import Console
    from rich.table import Table

    title = f"configuration: {config.path or 'no file found (defaults)'}"
    table = Table(title=title, title_justify="left")
    for column in ("setting", "value", "from"):
        table.add_column(column)
    for key, value in config.values.items():
        table.add_row(key, json.dumps(value, ensure_ascii=False, default=str), config.sources[key])
    Console(highlight=False).print(table)
    return ExitCode.OK
