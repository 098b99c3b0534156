"""`clausecheck letter` and `questions`: what the buyer sends the vendor, in the report
language, with nothing the buyer would have to delete before sending."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
LEFTOVERS = re.compile(r"None|\{|\}|TODO|FIXME|…|例如|e\.g\.")


def gaps(cli, path: Path, lang: str) -> list[dict]:
    args = ("-f", "json", "--schema", "report@1", "--lang", lang, "--no-cache")  # titles inline
    report = json.loads(cli(path, *args).stdout)
    return [f for f in report["documents"][0]["findings"] if f["status"] != "ok"]


def test_chinese_letter_for_the_weak_draft(cli):
    result = cli("letter", SAMPLES / "zh_weak.docx")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# 关于《直播系统源码销售及技术服务合同》的修改意见函\n")
    assert "致：广州星跃信息科技有限公司" in text
    sign_off = r"此致  \n敬礼  \n上海鹿鸣电子商务有限公司  \n\d{4}年\d{1,2}月\d{1,2}日\n$"
    assert re.search(sign_off, text)
    headings = re.findall(r"^\*\*([一二三四五六七八九十]+)、关于(.+?)（(.+?)）\*\*$", text, re.M)
    found = gaps(cli, SAMPLES / "zh_weak.docx", "zh")
    assert [h[1] for h in headings] != [] and len(headings) == len(found)
    assert {h[1] for h in headings} == {f["title"] for f in found}
    # most severe first
    severity = {f["title"]: f["severity"] for f in found}
    ranks = [("high", "medium", "low").index(severity[h[1]]) for h in headings]
    assert ranks == sorted(ranks)
    # a missing item asks for a new clause, a present one quotes the draft and asks for a change
    assert "**十五、关于服务期限（合同未约定）**" in text
    assert "请增加一条：“售后服务期限为3年，自系统验收合格之日起算。”" in text
    assert "现条款：“续费价格按乙方届时公布的价格执行，乙方有权根据市场情况调整服务价格。”" in text
    assert "请贵方在修订稿中以修订模式标示上述改动" in text  # the closing
    assert not LEFTOVERS.search(text)


def test_english_letter_names_the_parties_and_quotes_whole_sentences(cli):
    text = cli("letter", SAMPLES / "en_weak.pdf").stdout
    assert text.startswith("# Request for contract amendments: Source Code License and Support")
    assert "To: Apex Streamworks LLC" in text
    assert text.rstrip().splitlines()[-2].strip() == "Brightwave Commerce Inc."
    assert "**16. Governing law (not addressed in the draft)**" in text
    assert 'Please add a clause: "This Agreement and any dispute arising out of it shall be' in text
    said = "The draft says: \"10.2 The fees for each Renewal Term shall be Vendor's then-current"
    assert said in text
    assert "Why it matters: If the renewal price is not written down, at renewal Customer" in text
    assert not LEFTOVERS.search(text)


def test_questions_follow_the_findings(cli):
    zh = cli("letter", SAMPLES / "zh_weak.docx", "--questions").stdout
    assert "## 附：签约前请贵方答复的问题" in zh
    # response-sla is vague in this draft: ask for the severity table and two incident timelines
    assert "请提供贵方的问题分级表" in zh and "两个过去发生的故障处理时间线" in zh
    assert "签约前我方会通过贵方的支持渠道发送几个实际问题" in zh  # test the vendor's answers
    alone = cli("questions", SAMPLES / "en_weak.docx", "--lang", "en").stdout
    assert alone.startswith("# Due-diligence questions: Source Code License and Support Agreement")
    assert "Please send your severity table" in alone
    assert "Is custom development done by your own team or subcontracted?" in alone
    assert "The draft says" not in alone  # the questions only
    clean = cli("questions", SAMPLES / "en_strong.docx").stdout
    assert re.search(r"^\d+\. ", clean, re.M) is None  # nothing to ask of a draft with no gaps


def test_a_draft_without_gaps_gets_no_requests(cli):
    text = cli("letter", SAMPLES / "zh_strong.docx").stdout
    assert "没有修改意见" in text and "请修改为" not in text and "请增加一条" not in text


def test_the_model_clause_uses_this_contracts_parties(cli, tmp_path):
    contract = tmp_path / "c.txt"
    contract.write_text(
        "技术服务合同\n甲方（服务方）：某某科技有限公司\n乙方（委托方）：某某传媒有限公司\n"
        "第一条 服务内容\n甲方为乙方提供系统部署服务。\n",
        encoding="utf-8",
    )
    text = cli("letter", contract, "--buyer", "乙方").stdout
    assert "致：某某科技有限公司" in text and text.count("某某传媒有限公司") == 1
    assert "请增加一条：“甲方应向乙方提供后台操作" in text  # training: the vendor is 甲方 here


def test_docx_letter(cli, tmp_path):
    out = tmp_path / "letter.docx"
    result = cli("letter", SAMPLES / "en_weak.docx", "-o", out, "--questions")
    assert result.returncode == 0, result.stderr
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs[0].startswith("Request for contract amendments")
    assert "To: Apex Streamworks LLC" in paragraphs
    assert "Questions we ask you to answer before signing" in paragraphs
    assert paragraphs[-2:] == ["Brightwave Commerce Inc.", paragraphs[-1]]


@pytest.mark.parametrize("out", ["letter.pdf", "letter.html"])
def test_letter_output_must_be_md_or_docx(cli, tmp_path, out):
    result = cli("letter", SAMPLES / "en_weak.docx", "-o", tmp_path / out)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and out in result.stderr
