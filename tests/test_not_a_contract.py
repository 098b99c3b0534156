"""Honest about what is not a contract (issue 14, point 13): a text that does not read as a
contract is the error `not-a-contract` when named, skipped and counted in a folder, and
never a report of everything missing; a `.doc` that is a web page or text is read as what
it is."""

import json
import re
from pathlib import Path

import pytest

from clausecheck import api
from clausecheck.errors import NotAContract
from clausecheck.extract import ERROR_CODES, extract
from clausecheck.recognise.contract import contract_signs
from clausecheck.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

TINY_ZH = "第八条 保密\n双方应对在合作中知悉的业务数据保密。\n"
TINY_EN = "1. Escrow\nVendor deposits the code in escrow.\n2. Training\nVendor trains for 3 days.\n"
BLANK_FORM = """技 术 服 务 合 同 书
项目名称：＿＿＿＿＿＿＿＿
委托方（甲方）：＿＿＿＿＿＿＿＿
服务方（乙方）：＿＿＿＿＿＿＿＿
签订日期：   年   月   日
经双方协商一致，签订本合同。
一、服务内容：＿＿＿＿＿＿＿＿
二、履行期限：＿＿＿＿＿＿＿＿
三、报酬及其支付方式：本项目报酬为＿＿＿＿元，由甲方于＿＿＿＿前支付。
四、验收标准和方式：按＿＿＿＿标准验收，由＿＿方出具验收证明。
五、违约责任：任何一方违反本合同，应当承担违约责任。
六、争议解决：因本合同发生的争议，双方应协商解决；协商不成的，提交＿＿＿＿仲裁委员会仲裁。
委托方（盖章）：＿＿＿＿    服务方（盖章）：＿＿＿＿
"""
ARTICLE = """买源码之前先看售后
很多朋友买了直播源码之后才发现，售后服务才是真正的难题。
我见过不少团队前期花了大价钱，结果系统出问题的时候找不到人。
所以挑选供应商的时候，一定要问清楚他们能不能上门，响应有多快。
另外，文档是否齐全也很重要，没有文档，后期维护会非常痛苦。
有的卖家承诺七乘二十四小时在线，实际上晚上根本没人回消息。
还有的卖家只给安装包，不给源码，升级全靠他们，费用也说不清楚。
总之，签合同之前多问几句，比出了问题再扯皮要好得多。
说到底，买源码买的不只是代码，更是后面几年的服务。
希望这些经验能帮你少走一点弯路。
有问题欢迎在评论区留言，我会尽量回复大家。
下一篇我们聊聊怎么评估一个团队的技术实力。
"""
# Contracts in other shapes: a short NDA, a purchase order, terms of service in "you/we".
NDA = """MUTUAL NON-DISCLOSURE AGREEMENT

This Agreement is made on 1 May 2025 between Harbor Analytics Ltd and Cedar Robotics GmbH (each a
"Party").

1. Each Party shall keep the other Party's Confidential Information secret and use it only to
evaluate a possible collaboration.
2. These obligations last for three years from the date of disclosure.
3. This Agreement is governed by the laws of Germany.

Signed for Harbor Analytics Ltd: ____________
Signed for Cedar Robotics GmbH: ____________
"""
ORDER = """采购订单
订单编号：PO-2025-0318
供方：苏州明远信息技术有限公司
需方：杭州青禾贸易有限公司
一、采购内容：ERP 系统年度维护服务一项，金额人民币叁万元整。
二、付款方式：需方应在收到发票后三十日内付款。
三、服务期限：2025年4月1日至2026年3月31日。
四、本订单经双方盖章后生效。
"""
TERMS_EN = """Terms of Service

Welcome to Plotter. By creating an account you agree to these Terms.

Your account. You are responsible for keeping your password safe.
You must be 16 or older to use Plotter.

Payment. You'll pay the monthly fee shown on our pricing page in advance.
We may change prices with 30 days' notice.

Cancellation. You can cancel at any time. We won't refund the current month.

Our liability. We are not liable for indirect losses.
Our total liability is limited to the fees you paid in the last 12 months.

Changes. We may update these Terms; we will tell you by email before changes take effect.
"""
TERMS_ZH = """用户服务协议
欢迎您使用青禾云笔记服务。请您在注册前仔细阅读本协议。
一、账号
您应妥善保管账号和密码，因您保管不善造成的损失由您自行承担。
二、服务费用
我们提供免费版和付费版，付费版按月收费，您可以随时取消续费。
三、数据
我们不会向第三方出售您的笔记内容，法律另有规定的除外。
四、协议的变更
我们可以修改本协议，修改后的协议将在页面公布并通知您。
"""
# Texts about contracts, or with "will" and numbered points, that are not contracts.
EMAIL = """Hi Li Wei,

Thanks for sending over the draft from the vendor. I had a quick look this morning.

A few things stood out.
The support section is vague, there is no response time at all,
and the renewal price is left to them.
I think we should ask for a 4-hour response for critical issues.

Also the liability cap looks low to me. Can you check with legal whether that is normal?

Let's discuss on Thursday.

Best,
Anna
"""
MINUTES = """Project sync – 3 March

Attendees: Anna, Li Wei, Tom

1. Status
The migration is on track. Tom will finish the data export by Friday.

2. Risks
The vendor has not confirmed the support hours yet. Anna will follow up.

3. Next steps
Li Wei will draft the acceptance checklist. We meet again next Tuesday.
"""
ARTICLE_EN = """Five things to check in a software support contract

Buying software is easy; getting it supported is hard.
Before you sign, read the support section twice.
First, look for response times. A good contract names a number of hours for each severity level.
Second, check who owns the custom code. Many vendors keep it by default.
Third, look at renewal pricing.
A clause that lets the vendor set the renewal price at will is a red flag.
Fourth, find the liability cap and see what it excludes.
Fifth, check the termination clause: can you leave if the service is poor?
Vendors rarely volunteer these terms, so ask for them early.
A lawyer can help, but even a careful first read catches most problems.
In our experience, the best time to negotiate is before the purchase order is signed.
If a vendor refuses to put response times in writing, treat that as an answer.
Keep a copy of every version of the draft you receive.
Finally, make sure the signed copy is the version you reviewed.
"""

LETTER = (
    "Dear Anna,\n\nThank you for dinner last week. The children loved the garden and we "
    "must do it again soon. I will bring the photos when we visit in May.\n\nBest, Tom\n"
)
WEB_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Weather</title><script>var x = 1;</script></head>"
    "<body><h1>Weather today</h1><p>Sunny with light winds.</p><p>Tomorrow will be cloudy."
    "</p><p>Read more on our site.</p></body></html>\n"
)
CONTRACT_PAGE = (
    "<html><head><meta charset='utf-8'><style>p{margin:0}</style></head><body>"
    "<h2>第一条 服务内容</h2><p>乙方应向甲方提供系统部署和技术支持服务。</p>"
    "<h2>第二条 保密</h2><p>双方应对在合作中知悉的对方商业秘密保密，保密期限为三年。</p>"
    "<h2>第三条 争议解决</h2><p>因本合同引起的争议，提交北京仲裁委员会仲裁。</p>"
    "</body></html>"
)


def _signs(tmp_path: Path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return contract_signs(segment(extract(path)))


@pytest.mark.parametrize(
    "name, text",
    [
        ("tiny_zh.txt", TINY_ZH),
        ("tiny_en.txt", TINY_EN),
        ("blank_form.txt", BLANK_FORM),
        ("nda.txt", NDA),
        ("order.txt", ORDER),
        ("terms_en.md", TERMS_EN),
        ("terms_zh.txt", TERMS_ZH),
    ],
)
def test_short_contracts_blank_forms_and_terms_are_contracts(tmp_path, name, text):
    signs = _signs(tmp_path, name, text)
    assert signs.is_contract, signs.reason


# The schedule pages of a contract (an exhibit sent on its own, pages cut from a PDF):
# tables and short fields, few sentences, the contract's title on top.
SCHEDULE_PAGES = """HOSTING AND SUPPORT SERVICES AGREEMENT
SCHEDULE 3 SERVICE LEVELS
Priority | Example | First response | Restore
P1 | Checkout down for all users | 30 minutes | 4 hours
P2 | Reports late or partly wrong | 2 hours | 1 Business Day
P3 | A single page slow | 1 Business Day | 5 Business Days
P4 | Wording or layout issue | 2 Business Days | next release
SCHEDULE 4 CHARGES
Item | Amount (EUR) | Invoiced
Set-up | 4,000 | on signature
Hosting, per month | 900 | monthly in advance
Support, per year | 6,500 | yearly in advance
Extra work, per day | 750 | monthly in arrears
Service credit for a missed P1 restore: Customer is credited 5% of the monthly hosting charge
for each hour late.
"""


def test_schedule_pages_under_the_contracts_title_are_a_contract(tmp_path):
    signs = _signs(tmp_path, "schedules.txt", SCHEDULE_PAGES)
    assert signs.titled and signs.is_contract, signs.reason


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(SAMPLES.glob("*")) if p.suffix in (".pdf", ".docx")]
    + sorted((SAMPLES / "text").glob("*.txt")),
    ids=lambda p: p.name,
)
def test_every_bundled_sample_is_a_contract(path):
    signs = contract_signs(segment(extract(path)))
    assert signs.is_contract, signs.reason


@pytest.mark.parametrize(
    "name, text",
    [
        ("hello.txt", "hello"),
        ("article.txt", ARTICLE),
        ("letter.txt", LETTER),
        ("email.txt", EMAIL),
        ("minutes.txt", MINUTES),
        ("article_en.txt", ARTICLE_EN),
        ("page.doc", WEB_PAGE),
        ("notes.txt", "会议纪要\n1. 本周完成登录页面。\n2. 下周一开始测试，张三负责。\n"),
    ],
)
def test_texts_that_are_not_contracts(tmp_path, name, text):
    signs = _signs(tmp_path, name, text)
    assert not signs.is_contract
    assert signs.reason


@pytest.mark.parametrize(
    "path",
    [ROOT / "README.md", SAMPLES / "README.md", *sorted((ROOT / "docs").glob("*.md"))],
    ids=lambda p: p.name,
)
def test_documentation_about_contracts_is_not_a_contract(path):
    # The hardest kind: prose full of contract words, quotes of clauses, examples.
    assert not contract_signs(segment(extract(path))).is_contract


def test_a_named_non_contract_is_an_error_never_everything_missing(cli, tmp_path):
    (tmp_path / "hello.txt").write_text("hello")
    result = cli("hello.txt", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["status"] == "error" and doc["findings"] == []
    assert doc["error"]["code"] == "not-a-contract"
    assert "not a contract" in result.stderr


def test_a_short_binary_file_named_txt_gets_no_report(cli, tmp_path):
    (tmp_path / "junk.txt").write_bytes(b"\x01\x02\xff\xfe\x00abcd")  # 9 bytes
    result = cli("junk.txt", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["findings"] == [] and doc["error"]["code"] in ("binary", "not-a-contract")


def test_a_non_contract_in_a_folder_is_skipped_and_counted(cli, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "README.md").write_text("# Drafts\n\nThe vendors' drafts, as received.\n")
    (folder / "notes.txt").write_text(ARTICLE)
    (folder / "acme.txt").write_text(TINY_ZH)
    result = cli("drafts", "--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert [Path(d["path"]).name for d in report["documents"]] == ["acme.txt"]
    assert result.returncode == 1  # the contract's own gaps; nothing is an error
    assert "2 file(s) skipped as not contracts" in result.stderr
    # the report names them too, for a script or CI that reads only the JSON
    skipped = sorted((Path(s["path"]).name, s["reason"]) for s in report["skipped"])
    assert skipped == [("README.md", "not-a-contract"), ("notes.txt", "not-a-contract")]
    assert report["summary"]["skipped"] == 2


def test_a_folder_of_non_contracts_is_a_usage_error(cli, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# Notes\n\nNothing here yet.\n")
    result = cli("docs", cwd=tmp_path)
    assert result.returncode == 2 and "no contracts found" in result.stderr


def test_assume_contract_checks_it_anyway(cli, tmp_path):
    (tmp_path / "hello.txt").write_text("hello")
    result = cli("hello.txt", "--assume-contract", "--format", "json", cwd=tmp_path)
    assert json.loads(result.stdout)["documents"][0]["status"] == "checked"
    refused = cli("compare", "hello.txt", SAMPLES / "en_weak.pdf", cwd=tmp_path)
    assert refused.returncode == 2 and "not-a-contract" in refused.stderr
    compared = cli("compare", "hello.txt", SAMPLES / "en_weak.pdf", "--assume-contract",
                   "--format", "json", cwd=tmp_path)  # fmt: skip
    assert compared.returncode == 0, compared.stderr


def test_a_web_page_saved_as_doc_is_read_as_a_web_page(tmp_path):
    (tmp_path / "contract.doc").write_text(CONTRACT_PAGE, encoding="utf-8")
    report = api.check(tmp_path / "contract.doc", options=api.CheckOptions(use_cache=False))
    assert report.status == "checked", report.error
    assert any("web page (HTML)" in w for w in report.warnings)
    found = {f.rule: f for f in report.findings}
    assert found["dispute-resolution"].status == "ok"
    assert all("<" not in loc.quote for f in report.findings for loc in f.locations)
    assert found["confidentiality"].locations[0].clause == "第二条 保密"


def test_a_text_file_saved_as_doc_is_read_as_text_and_said(tmp_path):
    (tmp_path / "contract.doc").write_text(TINY_ZH, encoding="utf-8")
    report = api.check(tmp_path / "contract.doc", options=api.CheckOptions(use_cache=False))
    assert report.status == "checked"
    assert any("plain text" in w for w in report.warnings)


def test_a_non_contract_web_page_is_not_a_contract(tmp_path):
    (tmp_path / "page.doc").write_text(WEB_PAGE, encoding="utf-8")
    report = api.check(tmp_path / "page.doc", options=api.CheckOptions(use_cache=False))
    assert report.status == "error" and report.error.code == NotAContract.CODE


def test_the_readme_table_of_error_codes_names_every_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    named = set(re.findall(r"`([a-z-]+)`", table))
    assert {*ERROR_CODES, NotAContract.CODE} <= named


@pytest.mark.parametrize("command", ["letter", "questions", "redline"])
def test_the_drafting_commands_refuse_a_non_contract(cli, tmp_path, command):
    note = tmp_path / "note.txt"
    note.write_text("Lunch moved to Friday; bring the slides.\n")
    result = cli(command, note, cwd=tmp_path)
    assert result.returncode == 2 and "not a contract" in result.stderr
    assert not list(tmp_path.glob("*.docx"))  # nothing written for it


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(SAMPLES.glob("*")) if p.suffix in (".pdf", ".docx")]
    + [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))],
    ids=lambda p: p.name,
)
def test_stopping_once_settled_gives_the_verdict_of_reading_it_all(monkeypatch, path):
    """A contract's head settles it (SETTLED_AFTER sentences, twice the score needed): the
    rest is not read, and the verdict is the one a full reading gives."""
    from clausecheck.recognise import contract

    doc = segment(extract(path))
    early, settled_after = contract_signs(doc), contract.SETTLED_AFTER
    monkeypatch.setattr(contract, "SETTLED_AFTER", 10**9)
    full = contract_signs(doc)
    assert early.is_contract == full.is_contract
    if full.is_contract and full.sentences > 2 * settled_after:
        assert early.sentences < full.sentences  # it did stop early
