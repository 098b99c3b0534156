"""What a reporter is told besides the report: language, detail, colour, width."""

from __future__ import annotations

from dataclasses import dataclass

JSON_SCHEMAS = ("report@2", "report@1")  # --schema: the JSON report's, newest first


@dataclass(frozen=True)
class ReportOptions:
    lang: str | None = None  # "zh" | "en"; None = each document's language ("mixed" -> zh)
    details: bool = False  # table, markdown: every file's findings in full when several files
    color: bool = False  # table: ANSI colours (caller decides from tty/NO_COLOR)
    width: int | None = None  # table: console width (None -> 120 when not a terminal)
    bom: bool = True  # csv: start with a UTF-8 byte-order mark (Excel reads Chinese right)
    schema: str = "report@2"  # json: report@2, or report@1 (for one release)
