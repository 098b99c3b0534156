"""HTML: one self-contained page to open from an e-mail, offline.

Inline CSS and a little vanilla JavaScript; no external URL of any kind (a
Content-Security-Policy meta tag forbids loading anything, as a second guard).

Two pages with two purposes. The report of `clausecheck check` (`render`) is per
document: a table of the files (counts, score, result, each linking to its part), the
files that could not be read, then per document its facts, warnings and every finding
not ok in full (quotes, locations, message, advice, waiver), the ok ones folded.
The vendor comparison (`matrix_page`, for `compare`) is a matrix, rows = rules and columns
= files, each cell with its symbol and `data-status`, `data-rule` and `data-file`
attributes, coloured by status with a weight that follows the item's severity (a
low-severity gap is pale, a high-severity one dark); the item column stays in view when
the matrix scrolls sideways. A footer row gives each file's score; then the items no
vendor covers and every finding in full. A cell links to its finding: without
JavaScript the link jumps down to it, with JavaScript it opens in a side panel (so does a
page opened with a finding's #anchor). Clicking a header sorts the rows (by rule order,
severity, or that file's status, worst first).

Everything taken from a report is escaped: quotes come from untrusted documents.
"""

from __future__ import annotations

import html as _html
import re
from collections import Counter
from collections.abc import Callable, Sequence
from operator import attrgetter

from clausecheck.model import Finding, Report, RuleMeta, pick
from clausecheck.report.common import (
    DISPLAY_STATUSES,
    LABELS,
    SET_ASIDE,
    STATUS_RANK,
    SYMBOLS,
    Doc,
    buyer_fact,
    count_columns,
    display_counts,
    display_status,
    docs_of,
    files_line,
    fingerprint,
    label,
    looked_for_line,
    one_line,
    place,
    rel_path,
    report_lang,
    result_text,
    rules_of,
    score,
    set_aside_note,
    severity_label,
    status_label,
    summary_line,
    text,
    vendor_names,
    xml_safe,
)
from clausecheck.report.messages import error_line, warning_text
from clausecheck.report.options import ReportOptions

FORMAT = "html"  # the --format name (report.formats() lists every module that has one)
POSITION = 8  # where it is listed among the choices

_BREAKS = re.compile(r"([_\-/.])(?=.)")
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}

CSS = """
:root{--ok:#1a7f37;--ok-bg:#dafbe1;--vague:#9a6700;--vague-bg:#fff8c5;--risky:#cf222e;
--risky-bg:#ffebe9;--missing:#fff;--missing-bg:#a40e26;--waived:#57606a;--waived-bg:#eaeef2;
--error:#fff;--error-bg:#6e7781;--none:#8c959f;--none-bg:#f6f8fa;--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 -apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
sans-serif;margin:0;padding:16px 24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;
border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.meta,.hint,.note{color:#57606a;font-size:12px;margin:2px 0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;
padding:1px 4px;border-radius:4px}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0;padding:0;list-style:none}
.legend li{padding:2px 8px;border-radius:10px;font-size:12px}
.wrap{overflow-x:auto;max-width:100%}
table.matrix,table.files{border-collapse:separate;border-spacing:0;margin:8px 0}
.matrix th,.matrix td,.files th,.files td{border:1px solid var(--line);border-width:0 1px 1px 0;
padding:3px 8px;text-align:center;white-space:nowrap}
.matrix tr>:first-child,.files tr>:first-child{border-left-width:1px}
.matrix thead th,.files thead th{border-top-width:1px}
.files td.file,.files th.file{text-align:left}.files td.result{text-align:left}
.matrix thead th{background:#f6f8fa;cursor:pointer;user-select:none;position:sticky;top:0;
z-index:2;white-space:normal;max-width:12em;vertical-align:bottom}
.files thead th{background:#f6f8fa}
.matrix thead th[aria-sort=ascending]::after{content:" \\25B2";font-size:9px}
.matrix thead th[aria-sort=descending]::after{content:" \\25BC";font-size:9px}
.matrix th.rule,.matrix td.rule{text-align:left;white-space:normal;min-width:12em;
position:sticky;left:0;z-index:1;background:#fff;box-shadow:2px 0 0 var(--line)}
.matrix thead th.rule{z-index:3;background:#f6f8fa}
.matrix td.c a{display:block;color:inherit;text-decoration:none;font-weight:600}
.matrix tfoot th,.matrix tfoot td{background:#f6f8fa;font-weight:600}
.s-ok{background:var(--ok-bg);color:var(--ok)}
.s-vague{background:var(--vague-bg);color:var(--vague)}
.s-risky{background:var(--risky-bg);color:var(--risky)}
.s-missing{background:var(--missing-bg);color:var(--missing)}
.s-waived,.s-baselined{background:var(--waived-bg);color:var(--waived)}
.s-error{background:var(--error-bg);color:var(--error)}
.s-none{background:var(--none-bg);color:var(--none)}
.s-missing.w-high{background:#a40e26;color:#fff}.s-risky.w-high{background:#d1242f;color:#fff}
.s-missing.w-medium{background:#fa7970;color:#4c0011}
.s-risky.w-medium{background:#ffaba8;color:#6e0d1b}
.s-missing.w-low{background:#ffcecb;color:#82071e}.s-risky.w-low{background:#ffebe9;color:#a40e26}
.s-vague.w-high{background:#eac54f;color:#3b2300}.s-vague.w-medium{background:#f8e3a1;color:#4d2d00}
.s-vague.w-low{background:#fff8c5;color:#7d4e00}
.detail{border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:8px 12px;
margin:8px 0;max-width:60em;overflow-wrap:anywhere}
.detail.b-ok{border-left-color:var(--ok)}.detail.b-vague{border-left-color:var(--vague)}
.detail.b-risky{border-left-color:var(--risky)}
.detail.b-missing{border-left-color:var(--missing-bg)}
.detail.b-waived,.detail.b-baselined{border-left-color:var(--waived)}.detail.b-error{border-left-color:var(--error-bg)}
.detail h4{margin:0 0 4px;font-size:14px}.detail p{margin:3px 0}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;font-weight:600}
blockquote{margin:4px 0;padding:2px 10px;border-left:3px solid var(--line);color:#424a53;
white-space:pre-wrap}
.k{color:#57606a}
.warn{color:var(--vague)}
.err{color:var(--risky);font-weight:600}
section.doc{margin-top:28px}
details.ok-items>summary{cursor:pointer;margin:12px 0 4px;color:#57606a}
#panel{position:fixed;top:0;right:0;bottom:0;width:min(36em,92vw);background:#fff;
border-left:1px solid var(--line);box-shadow:-4px 0 16px rgba(0,0,0,.12);padding:0 16px 12px;
overflow:auto;z-index:10}
#panel[hidden]{display:none}
.panel-head{position:sticky;top:0;display:flex;justify-content:space-between;
align-items:center;background:#fff;padding:10px 0 8px;border-bottom:1px solid var(--line);
margin-bottom:8px}
#panel-close{border:1px solid var(--line);background:#f6f8fa;border-radius:6px;
padding:2px 10px;cursor:pointer}
@media print{#panel{display:none}.matrix thead th,.matrix .rule{position:static}}
"""

JS = """
(function () {
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  function show(id) {
    var source = document.getElementById(id);
    if (!source || !panel) return false;
    var copy = source.cloneNode(true);
    copy.removeAttribute("id");
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(copy);
    panel.hidden = false;
    return true;
  }
  Array.prototype.forEach.call(document.querySelectorAll("td.c a[href^='#']"), function (a) {
    a.addEventListener("click", function (event) {
      if (show(a.getAttribute("href").slice(1))) event.preventDefault();
    });
  });
  if (location.hash.length > 1) show(decodeURIComponent(location.hash.slice(1)));
  var close = document.getElementById("panel-close");
  if (close) close.addEventListener("click", function () { panel.hidden = true; });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel) panel.hidden = true;
  });
  function key(cell) {
    var value = cell.getAttribute("data-sort");
    if (value === null) return cell.textContent;
    return isNaN(Number(value)) ? value : Number(value);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.matrix"), function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var tbody = table.tBodies[0];
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index]), y = key(b.cells[index]);
          var order = x < y ? -1 : x > y ? 1 : 0;
          if (order === 0) order = key(a.cells[0]) - key(b.cells[0]);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { tbody.appendChild(row); });
      });
    });
  });
})();
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def esc(value: object) -> str:
    """Text safe inside HTML, attribute values included."""
    return _html.escape(xml_safe("" if value is None else str(value)), quote=True)


def page(title: str, lang: str, body: str, panel: bool = False) -> str:
    """A whole self-contained page (with the side panel a matrix's cells open)."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}\n"
        + (
            _PANEL.format(details=esc(text("details", lang)), close=esc(text("close", lang)))
            if panel
            else ""
        )
        + f"<script>{JS}</script>\n</body>\n</html>\n"
    )


_PANEL = (
    '<aside id="panel" hidden><div class="panel-head"><strong>{details}</strong>'
    '<button type="button" id="panel-close">{close}</button></div>'
    '<div id="panel-body"></div></aside>\n'
)


def legend(lang: str, statuses: Sequence[str] = DISPLAY_STATUSES) -> str:
    items = "".join(
        f'<li class="s-{s}">{esc(SYMBOLS[s])} {esc(LABELS[lang][s])}</li>' for s in statuses
    )
    return f'<ul class="legend" aria-label="{esc(text("legend", lang))}">{items}</ul>'


def header(report: Report, title: str, lang: str) -> str:
    return (
        f"<header><h1>clausecheck · {esc(title)}</h1>"
        f'<p class="meta">{esc(label("ruleset", lang))}<code>{esc(report.ruleset.name)}</code>'
        f" · sha256 <code>{esc(report.ruleset.sha256)}</code>"
        f" · clausecheck {esc(report.tool_version)}</p></header>"
    )


def detail_id(path: str, rule: str) -> str:
    return "d-" + fingerprint(path, rule)[:16]


def error_id(path: str) -> str:
    return "e-" + fingerprint(path)[:16]


# --------------------------------------------------------------------------- check: per document


def render(report: Report, options: ReportOptions) -> str:
    """The report of `clausecheck check`: the files, then each document in full."""
    lang = report_lang(report, options.lang)
    docs = docs_of(report, options.lang, rules_of(report))
    title = text("report", lang)
    parts = [header(report, title, lang), legend(lang, DISPLAY_STATUSES[:-1])]
    if not docs:
        parts.append(f"<p>{esc(text('no_documents', lang))}</p>")
    else:
        parts += [
            _files(docs, lang),
            f'<p class="note">{esc(files_line([d.report for d in docs], lang))}</p>',
            f'<p class="note">{esc(text("score_note", lang))}</p>',
            _errors(docs, lang),
            _skipped(report, lang),
            *(_document(doc) for doc in docs if not doc.error),
        ]
    return page(f"clausecheck · {title}", lang, "\n".join(p for p in parts if p))


def doc_id(path: str) -> str:
    return "f-" + fingerprint(path)[:16]


def _files(docs: list[Doc], lang: str) -> str:
    """One row per file: its counts by status, score and result, linking to its part."""
    statuses = count_columns(d.report for d in docs if not d.error)
    heads = [text("file", lang), text("language", lang), text("format", lang)]
    heads += [f"{SYMBOLS[s]} {status_label(s, lang)}" for s in statuses]
    heads += [text("score", lang), text("result", lang)]
    out = ['<div class="wrap"><table class="files"><thead><tr>']
    out += [f'<th scope="col"{" class=file" if i == 0 else ""}>{esc(h)}</th>'
            for i, h in enumerate(heads)]  # fmt: skip
    out.append("</tr></thead><tbody>")
    for doc in docs:
        d = doc.report
        target = error_id(d.path) if doc.error else doc_id(d.path)
        cells = [
            f'<td class="file"><a href="#{target}">{esc(rel_path(d.path))}</a></td>',
            f"<td>{esc(d.language or '-')}</td><td>{esc(d.format or '-')}</td>",
        ]
        if doc.error:
            cells += ["<td>—</td>"] * (len(statuses) + 1)
            code = d.error.code if d.error else "error"  # the cause: in "could not be read"
            shown = f"{SYMBOLS['error']} {status_label('error', lang)} [{code}]"
            cells.append(f'<td class="result err">{esc(shown)}</td>')
        else:
            counts = display_counts(d)
            cells += [f'<td class="{"s-" + s if counts[s] else "k"}">{counts[s]}</td>'
                      for s in statuses]  # fmt: skip
            value = score(doc.findings)
            cells.append(f'<td data-file="{esc(d.path)}" data-score="{value}">{value}%</td>')
            cells.append(f'<td class="result">{esc(result_text(d, lang))}</td>')
        out.append(f'<tr data-file="{esc(d.path)}">{"".join(cells)}</tr>')
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _document(doc: Doc) -> str:
    """A document's part: its facts and warnings, what is not ok in full, the ok folded."""
    d, lang = doc.report, doc.lang
    facts = [d.format or "", d.language or ""]
    if d.pages is not None:
        facts.append(f"{d.pages} {text('pages', lang)}")
    if d.parties is not None:
        facts.append(buyer_fact(d.parties, lang, d.language))
    facts.append(summary_line(display_counts(d), lang))
    out = [
        f'<section class="doc" id="{doc_id(d.path)}" data-file="{esc(d.path)}">',
        f"<h2>{esc(rel_path(d.path))}</h2>",
        f'<p class="meta">{esc(" · ".join(f for f in facts if f))}</p>',
    ]
    out += [f'<p class="warn">{esc(label("warning", lang) + warning_text(w, lang))}</p>'
            for w in d.warnings]  # fmt: skip
    bad = [f for f in doc.findings if f.status != "ok"]
    good = [f for f in doc.findings if f.status == "ok"]
    if bad:
        out.append(f"<h3>{esc(text('not_ok', lang))}</h3>")
        out += [_detail(d.path, f, lang) for f in bad]
    if good:
        out.append(
            f'<details class="ok-items"><summary>{esc(SYMBOLS["ok"])} {len(good)} '
            f"{esc(text('ok_items', lang))}</summary>"
        )
        out += [_detail(d.path, f, lang) for f in good]
        out.append("</details>")
    out.append("</section>")
    return "\n".join(out)


# --------------------------------------------------------------------------- compare: a matrix


def matrix_page(report: Report, options: ReportOptions, lang: str, uncovered: Sequence[str]) -> str:
    """The vendor comparison in `lang`: the documents of `report` as columns, in their
    order. Cells show each finding's own status (a waiver does not change it, see
    compare.py)."""
    rules = rules_of(report)
    docs = docs_of(report, options.lang, rules)
    title = text("compare", lang)
    shown = [s for s in DISPLAY_STATUSES if s not in SET_ASIDE]
    parts = [header(report, title, lang), legend(lang, shown)]
    if not docs:
        parts.append(f"<p>{esc(text('no_documents', lang))}</p>")
        return page(f"clausecheck · {title}", lang, "\n".join(parts))
    parts.append(f'<p class="hint">{esc(text("click_hint", lang))}</p>')
    parts.append(_matrix(docs, rules, lang, attrgetter("status")))
    parts.append(f'<p class="note">{esc(text("weight_note", lang))}</p>')
    parts.append(f'<p class="note">{esc(text("score_note", lang))}</p>')
    parts.append(_uncovered(rules, uncovered, lang))
    parts.append(_errors(docs, lang))
    parts.append(_details(docs, lang))
    return page(f"clausecheck · {title}", lang, "\n".join(p for p in parts if p), panel=True)


def _matrix(
    docs: list[Doc], rules: list[RuleMeta], lang: str, status_of: Callable[[Finding], str]
) -> str:
    names = vendor_names([d.report for d in docs])
    out = ['<div class="wrap"><table class="matrix">', "<thead><tr>"]
    out.append(f'<th class="rule" scope="col">{esc(text("item", lang))}</th>')
    out.append(f'<th scope="col">{esc(text("sev", lang))}</th>')
    for doc, name in zip(docs, names, strict=True):
        d = doc.report
        mark = f" {SYMBOLS['error']}" if doc.error else ""
        path = esc(d.path)
        shown = esc(name)
        if len(name) > 12:  # a long name wraps after _ - / . (never inside a short one)
            shown = _BREAKS.sub(r"\1<wbr>", shown)
        out.append(f'<th scope="col" data-file="{path}" title="{path}">{shown}{mark}</th>')
    out.append("</tr></thead>\n<tbody>")
    by_doc = [{f.rule: f for f in doc.findings} for doc in docs]
    for index, rule in enumerate(rules):
        out.append(f'<tr data-rule="{esc(rule.id)}">')
        out.append(
            f'<td class="rule" data-sort="{index}"><span title="{esc(rule.id)}">'
            f"{esc(pick(rule.title, lang))}</span></td>"
        )
        out.append(
            f'<td data-sort="{SEVERITY_RANK.get(rule.severity, 3)}">'
            f"{esc(severity_label(rule.severity, lang))}</td>"
        )
        for doc, found in zip(docs, by_doc, strict=True):
            out.append(_cell(doc, rule, found.get(rule.id), status_of))
        out.append("</tr>")
    out.append("</tbody>\n<tfoot>")
    out.append(
        f'<tr class="score"><th class="rule" scope="row">{esc(text("score", lang))}</th><td></td>'
    )
    for doc in docs:
        value = None if doc.error else score(doc.findings)
        shown = "—" if value is None else f"{value}%"
        out.append(
            f'<td data-file="{esc(doc.report.path)}" data-score="{"" if value is None else value}">'
            f"{esc(shown)}</td>"
        )
    out.append("</tr>")
    out.append(
        f'<tr class="counts"><th class="rule" scope="row">{esc(text("total", lang))}</th><td></td>'
    )
    for doc in docs:
        if doc.error:
            out.append("<td>—</td>")
            continue
        counts = Counter(status_of(f) for f in doc.findings)
        shown = " ".join(f"{SYMBOLS[s]}{counts[s]}" for s in DISPLAY_STATUSES if counts[s])
        out.append(f"<td>{esc(shown)}</td>")
    out.append("</tr></tfoot></table></div>")
    return "\n".join(out)


def _cell(
    doc: Doc, rule: RuleMeta, finding: Finding | None, status_of: Callable[[Finding], str]
) -> str:
    path = doc.report.path
    if doc.error:
        status, target = "error", error_id(path)
    elif finding is None:
        status, target = "none", None
    else:
        status, target = status_of(finding), detail_id(path, rule.id)
    word = LABELS[doc.lang][status] + " · " + severity_label(rule.severity, doc.lang)
    attrs = (
        f'class="c s-{status} w-{esc(rule.severity)}" data-status="{status}" '
        f'data-rule="{esc(rule.id)}" '
        f'data-file="{esc(path)}" data-sort="{STATUS_RANK[status]}" title="{esc(word)}"'
    )
    symbol = esc(SYMBOLS[status])
    if target is None:
        return f"<td {attrs}>{symbol}</td>"
    return f'<td {attrs}><a href="#{target}">{symbol}</a></td>'


def _uncovered(rules: list[RuleMeta], uncovered: Sequence[str], lang: str) -> str:
    titles = {r.id: pick(r.title, lang) for r in rules}
    out = [f"<h2>{esc(text('uncovered', lang))}</h2>"]
    if not uncovered:
        out.append(f"<p>{esc(text('uncovered_none', lang))}</p>")
    else:
        items = "".join(
            f'<li data-rule="{esc(r)}">{esc(titles.get(r, r))} <code>{esc(r)}</code></li>'
            for r in uncovered
        )
        out.append(f'<ul class="uncovered">{items}</ul>')
    return "\n".join(out)


def _errors(docs: list[Doc], lang: str) -> str:
    bad = [d for d in docs if d.error]
    if not bad:
        return ""
    out = [f"<h2>{esc(text('could_not_read', lang))}</h2>"]
    for doc in bad:
        d = doc.report
        out.append(
            f'<section class="detail b-error" id="{error_id(d.path)}" data-file="{esc(d.path)}">'
            f"<h4>{esc(rel_path(d.path))}</h4>"
            f'<p class="err">{esc(status_label("error", lang))} '
            f"{esc(error_line(d, lang))}</p></section>"
        )
    return "\n".join(out)


def _skipped(report: Report, lang: str) -> str:
    if not report.skipped:
        return ""
    items = "".join(f"<li>{esc(rel_path(f.path))}</li>" for f in report.skipped)
    return f'<h2>{esc(text("skipped_files", lang))}</h2>\n<ul class="skipped">{items}</ul>'


def _details(docs: list[Doc], lang: str) -> str:
    out = [f"<h2>{esc(text('details', lang))}</h2>"]
    for doc in docs:
        if doc.error:
            continue
        d, dl = doc.report, doc.lang
        facts = [d.format or "", d.language or ""]
        if d.pages is not None:
            facts.append(f"{d.pages} {text('pages', dl)}")
        out.append(f'<h3 data-file="{esc(d.path)}">{esc(rel_path(d.path))}</h3>')
        out.append(
            f'<p class="meta">{esc(" · ".join(f for f in facts if f))} · '
            f"{esc(summary_line(display_counts(d), dl))}</p>"
        )
        for warning in d.warnings:
            shown = label("warning", dl) + warning_text(warning, dl)
            out.append(f'<p class="warn">{esc(shown)}</p>')
        for finding in doc.findings:
            out.append(_detail(d.path, finding, dl))
    return "\n".join(out)


def _detail(path: str, finding: Finding, lang: str) -> str:
    status = display_status(finding)
    out = [
        f'<section class="detail b-{status}" id="{detail_id(path, finding.rule)}" '
        f'data-rule="{esc(finding.rule)}" data-file="{esc(path)}" data-status="{status}">',
        f'<h4><span class="badge s-{status} w-{esc(finding.severity)}">{esc(SYMBOLS[status])} '
        f"{esc(status_label(status, lang))}</span> {esc(pick(finding.title, lang))} "
        f'<span class="k">· {esc(severity_label(finding.severity, lang))} · '
        f"<code>{esc(finding.rule)}</code> · {esc(rel_path(path))}</span></h4>",
    ]
    message = pick(finding.message, lang)
    if message:
        out.append(f"<p>{esc(message)}</p>")
    for loc in finding.locations:
        where = " ".join(x for x in (place(loc), one_line(loc.clause)) if x)
        if loc.ocr:
            where += " (OCR)"
        out.append(f'<p class="k">{esc(label("where", lang) + where)}</p>')
        if loc.quote:
            out.append(f"<blockquote>{esc(loc.quote)}</blockquote>")
    if not finding.locations and (looked := looked_for_line(finding, lang)):
        out.append(f'<p class="k">{esc(looked)}</p>')
    if finding.status != "ok":
        advice = pick(finding.advice, lang)
        if advice:
            out.append(f"<p><strong>{esc(label('advice', lang))}</strong>{esc(advice)}</p>")
    if finding.suppressed is not None:
        out.append(f'<p class="k">{esc(set_aside_note(finding, lang))}</p>')
    out.append("</section>")
    return "\n".join(out)
