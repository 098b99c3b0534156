"""Report values built by hand for the reporter tests (no extraction, no rules engine).

Three documents: a Chinese PDF, an English DOCX and an unreadable PDF. Five rules, every
status, a waived finding, and quotes with `|`, `<script>`, newlines, commas and a form feed.

Expected, per rule (zh / en):
    service-scope        ok       / vague
    response-sla         vague    / ok
    ip-ownership         risky    / ok
    renewal-pricing      missing  / risky     -> not covered by any vendor
    dispute-resolution   vague (waived) / missing
Scores (ok 2, vague 1, risky 0, missing 0): zh 4/10 = 40 %, en 5/10 = 50 %.
"""

from __future__ import annotations

from html.parser import HTMLParser

from clausecheck.model import (
    CheckResult,
    DocumentReport,
    Finding,
    InputErrorInfo,
    Location,
    Parties,
    Report,
    RuleMeta,
    RulesetInfo,
)

ZH_PATH = "contracts/甲公司 合同.pdf"
EN_PATH = "contracts/acme.docx"
ERR_PATH = "contracts/broken.pdf"

SCRIPT_QUOTE = "<script>alert('x')</script>定制开发代码的著作权归乙方所有"
PIPE_QUOTE = "乙方提供以下服务：1. 系统部署；2. 故障排查 | 远程支持"
NEWLINE_QUOTE = "乙方应及时响应，\n尽快修复故障"
WAIVER = "accepted by legal, see memo: 2024-05"
# Patterns as a rule writes them: JSON and SARIF keep them, what a person reads never shows them.
RENEWAL_SEARCHED = (r"heading: 续费|\brenew", r"term: 续约价格|(?<!非){buyer}续[^。]{0,4}费")


def _t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


RULES = (
    RuleMeta(
        id="service-scope",
        title=_t("服务内容清单", "Scope of services"),
        severity="high",
        description=_t("列明每项服务、方式和时效。", "Each service item, how and how fast."),
        advice=_t("要求逐项列出服务内容和响应时间。", "Ask for a list of services with times."),
        pack="after-sales",
    ),
    RuleMeta(
        id="response-sla",
        title=_t("响应与修复时效", "Response and resolution times"),
        severity="high",
        description=_t("响应和修复都有具体时限。", "Numbers for response and fix."),
        advice=_t("写明：2小时内响应，24小时内修复。", "Write: respond within 2h, fix within 24h."),
        pack="after-sales",
    ),
    RuleMeta(
        id="ip-ownership",
        title=_t("源代码与知识产权归属", "Code and IP ownership"),
        severity="high",
        description=_t("定制代码归甲方所有。", "Custom code vests in the buyer."),
        advice=_t("写明定制开发代码归甲方所有。", "Write that custom code is assigned to you."),
        pack="after-sales",
    ),
    RuleMeta(
        id="renewal-pricing",
        title=_t("续费政策", "Renewal and price"),
        severity="medium",
        description=_t("续费价格或涨价上限。", "Renewal price or a cap on increases."),
        advice=_t("写明续费价格不高于首年的110%。", "Cap renewal at 110% of year one."),
        pack="after-sales",
        looks_for=_t("标题如“续费”，措辞如“续约价格”", "headings such as “Renewal”"),
    ),
    RuleMeta(
        id="dispute-resolution",
        title=_t("争议解决", "Dispute resolution"),
        severity="low",
        description=_t("指定仲裁机构或法院。", "A named forum and governing law."),
        advice=_t("写明由甲方所在地人民法院管辖。", "Name a court at your seat."),
        pack="after-sales",
        looks_for=_t("标题如“争议”", "headings such as “Disputes” and wording such as “venue”"),
    ),
)
RULE = {r.id: r for r in RULES}


def finding(
    rule: str,
    status: str,
    *,
    locations: tuple[Location, ...] = (),
    message: tuple[str, str] = ("说明", "message"),
    suppressed: str | None = None,
    checks: tuple[CheckResult, ...] = (),
    searched: tuple[str, ...] = (),
) -> Finding:
    meta = RULE[rule]
    return Finding(
        rule=rule,
        title=meta.title,
        severity=meta.severity,
        status=status,  # type: ignore[arg-type]
        message=_t(*message),
        advice=meta.advice,
        locations=locations,
        checks=checks,
        searched=searched,
        looks_for=meta.looks_for if searched else {},
        suppressed=suppressed,
        found=status != "missing",
    )


ZH_DOC = DocumentReport(
    path=ZH_PATH,
    sha256="a" * 64,
    format="pdf",
    language="zh",
    pages=6,
    status="checked",
    warnings=("第4页为扫描图片，文字经 OCR 识别",),
    parties=Parties(buyer=("甲方",), vendor=("乙方",), source="detected"),
    timings={"extract": 0.25, "evaluate": 0.05},
    findings=(
        # deliberately not in rule order: reporters sort by the ruleset's order
        finding(
            "response-sla",
            "vague",
            locations=(Location(3, None, "第五条 响应时效", NEWLINE_QUOTE),),
            message=("只有“及时”“尽快”，没有具体时限", "only 'promptly', no number"),
            checks=(
                CheckResult("response-time", "specific", False),
                CheckResult("hedge", "hedge", True, "及时"),
            ),
        ),
        finding(
            "service-scope",
            "ok",
            locations=(
                Location(2, None, "第二条 服务内容", PIPE_QUOTE),
                Location(5, None, "附件一 服务清单", "服务清单如下"),
            ),
            message=("列明了服务项目", "services are listed"),
        ),
        finding(
            "ip-ownership",
            "risky",
            locations=(Location(4, None, "第八条 知识产权", SCRIPT_QUOTE, ocr=True),),
            message=("定制代码归乙方", "vendor keeps the custom code"),
            checks=(CheckResult("vendor-owns", "red-flag", True, "归乙方所有"),),
        ),
        finding(
            "renewal-pricing",
            "missing",
            message=("未找到续费条款", "no renewal clause found"),
            searched=RENEWAL_SEARCHED,
        ),
        finding(
            "dispute-resolution",
            "vague",
            locations=(Location(6, None, "第十二条 争议解决", "双方友好协商解决"),),
            message=("只有友好协商", "only amicable negotiation"),
            suppressed=WAIVER,
        ),
    ),
)

EN_DOC = DocumentReport(
    path=EN_PATH,
    sha256="b" * 64,
    format="docx",
    language="en",
    pages=None,
    status="checked",
    findings=(
        finding(
            "service-scope",
            "vague",
            locations=(
                Location(None, 12, "2. SERVICES", "Provider shall provide support, as needed."),
            ),
            message=("只写了“技术支持”", "only 'support', as needed"),
        ),
        finding(
            "response-sla",
            "ok",
            locations=(Location(None, 20, "5. SUPPORT", "respond within 4 business hours"),),
        ),
        finding(
            "ip-ownership",
            "ok",
            locations=(Location(None, 31, "8. IP", "All custom code vests in Customer."),),
        ),
        finding(
            "renewal-pricing",
            "risky",
            locations=(
                Location(
                    None, 40, "9. RENEWAL, FEES", "at Provider's then-current\x0c price | no cap"
                ),
            ),
            message=("按届时价格续费，无上限", "then-current price, no cap"),
        ),
        finding(
            "dispute-resolution",
            "missing",
            message=("未找到争议解决条款", "no dispute clause"),
            searched=(r"heading: \bdisputes?\b", r"term: \barbitrat(ion|e)\b"),
        ),
    ),
)

ERR_DOC = DocumentReport(
    path=ERR_PATH,
    sha256="c" * 64,
    format="pdf",
    language=None,
    pages=None,
    status="error",
    error=InputErrorInfo(code="encrypted-pdf", message="PDF is encrypted, a password is needed"),
)

RULESET = RulesetInfo(name="default", sha256="d" * 64)


def make_report(*docs: DocumentReport) -> Report:
    """The three documents (or the ones given) with the five rules."""
    return Report(
        tool_version="0.1.0",
        ruleset=RULESET,
        documents=docs or (ZH_DOC, EN_DOC, ERR_DOC),
        rules=RULES,
    )


# --------------------------------------------------------------------------- HTML parsing


class PageParser(HTMLParser):
    """What the HTML tests look at: matrix cells, URL attributes, scripts, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[dict[str, str]] = []  # <td data-status ...> of the matrix
        self.details: list[dict[str, str]] = []  # <section data-status ...>: a finding
        self.scores: dict[str, str] = {}  # data-file -> data-score
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[str] = []
        self.uncovered: list[str] = []
        self.script_text: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "td" and "data-status" in a:
            self.cells.append(a)
        if tag == "section" and "data-status" in a:
            self.details.append(a)
        if tag == "td" and "data-score" in a:
            self.scores[a["data-file"]] = a["data-score"]
        if tag == "li" and "data-rule" in a:
            self.uncovered.append(a["data-rule"])
        for name in ("src", "href", "action", "srcset", "poster", "data", "background"):
            if name in a:
                self.urls.append((tag, name, a[name]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.script_text if self._in_script else self.text).append(data)


def parse_page(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser
