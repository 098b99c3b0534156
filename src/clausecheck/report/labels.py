"""The words of the reports in both languages: status and severity names (`LABELS`,
`SEVERITY_LABELS`) and every other phrase a reporter prints (`TEXT`), one table per
language. `report.common` reads them (`text`, `label`, `status_label` …); reporters take
them from there.
"""

from __future__ import annotations

LABELS = {
    "zh": {
        "ok": "合格",
        "vague": "模糊",
        "risky": "风险",
        "missing": "缺失",
        "waived": "豁免",
        "baselined": "基线",
        "error": "错误",
        "none": "未检查",
    },
    "en": {
        "ok": "ok",
        "vague": "vague",
        "risky": "risky",
        "missing": "missing",
        "waived": "waived",
        "baselined": "baselined",
        "error": "error",
        "none": "not checked",
    },
}

SEVERITY_LABELS = {
    "zh": {"high": "高", "medium": "中", "low": "低"},
    "en": {"high": "high", "medium": "medium", "low": "low"},
}

# Interface words of the human formats (table, markdown, html, compare).
TEXT = {
    "zh": {
        "report": "合同条款检查报告",
        "compare": "供应商合同对比",
        "status": "状态",
        "severity": "严重度",
        "sev": "严重度",
        "item": "检查项",
        "rule": "规则",
        "where": "位置",
        "quote": "原文",
        "quote_advice": "原文 / 建议",
        "advice": "建议",
        "message": "说明",
        "looked_for": "查找过",
        "no_clause": "未找到关于{title}的条款",
        "file": "文件",
        "files": "文件",
        "language": "语言",
        "format": "格式",
        "pages": "页",
        "buyer": "买方",
        "buyer_sources": "自动识别|默认|指定",
        "result": "结果",
        "clean": "无待处理",
        "to_fix": "待处理 {n} 项",
        "score": "得分",
        "total": "合计",
        "warning": "警告",
        "waiver": "豁免理由",
        "in_baseline": "已列入基线（已知问题）",
        "ruleset": "规则集",
        "tool": "工具",
        "legend": "图例",
        "not_ok": "需要处理的项",
        "ok_items": "合格项",
        "no_documents": "没有文件",
        "uncovered": "所有供应商都未覆盖",
        "uncovered_none": "没有：每一项至少有一家供应商覆盖",
        "could_not_read": "无法读取",
        "skipped_files": "未检查的文件（内容不像合同）",
        "click_hint": "点击单元格查看原文、位置和建议；点击表头排序。",
        "score_note": "得分：合格 2 分，模糊 1 分，风险和缺失 0 分，按满分折算为百分比。",
        "vendor": "供应商",
        "details": "详情",
        "close": "关闭",
        "weight_note": "颜色深浅随检查项的严重度：越深越要紧。",
        "brief_more": (
            "另有 {n} 个文件需要处理，篇幅所限未列出：用 --details 或 HTML 报告查看全部。"
        ),
    },
    "en": {
        "report": "Contract clause check",
        "compare": "Vendor comparison",
        "status": "Status",
        "severity": "Severity",
        "sev": "Sev.",
        "item": "Item",
        "rule": "Rule",
        "where": "Where",
        "quote": "Quote",
        "quote_advice": "Quote / advice",
        "advice": "Advice",
        "message": "Message",
        "looked_for": "Looked for",
        "no_clause": "No clause about {title} was found",
        "file": "File",
        "files": "files",
        "language": "Lang",
        "format": "Format",
        "pages": "pages",
        "buyer": "buyer",
        "buyer_sources": "detected|default|--buyer",
        "result": "Result",
        "clean": "nothing to fix",
        "to_fix": "{n} to fix",
        "score": "Score",
        "total": "Total",
        "warning": "warning",
        "waiver": "waiver",
        "in_baseline": "in the baseline (a known gap)",
        "ruleset": "Ruleset",
        "tool": "Tool",
        "legend": "Legend",
        "not_ok": "To fix",
        "ok_items": "ok items",
        "no_documents": "no documents",
        "uncovered": "Not covered by any vendor",
        "uncovered_none": "none: every item is covered by at least one vendor",
        "could_not_read": "could not be read",
        "skipped_files": "Files not checked (their text does not read as a contract)",
        "click_hint": "Click a cell for the quote, location and advice; click a header to sort.",
        "score_note": (
            "Score: ok 2 points, vague 1, risky and missing 0, as a percentage of the maximum."
        ),
        "vendor": "Vendor",
        "details": "Details",
        "close": "Close",
        "weight_note": "The colour's strength follows the item's severity: the darker, the more"
        " it matters.",
        "brief_more": (
            "{n} more files to fix are not shown here (a comment has a size limit):"
            " see them all with --details or in the HTML report."
        ),
    },
}
