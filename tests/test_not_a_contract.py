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
    [("tiny_zh.txt", TINY_ZH), ("tiny_en.txt", TINY_EN), ("blank_form.txt", BLANK_FORM)],
)
def test_short_contracts_and_blank_forms_are_contracts(tmp_path, name, text):
    signs = _signs(tmp_path, name, text)
    assert signs.is_contract, signs.reason


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
    documents = json.loads(result.stdout)["documents"]
    assert [Path(d["path"]).name for d in documents] == ["acme.txt"]
    assert result.returncode == 1  # the contract's own gaps; nothing is an error
    assert "2 file(s) skipped as not contracts" in result.stderr


def test_a_folder_of_non_contracts_is_a_usage_error(cli, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# Notes\n\nNothing here yet.\n")
    result = cli("docs", cwd=tmp_path)
    assert result.returncode == 2 and "no contracts found" in result.stderr


def test_assume_contract_checks_it_anyway(cli, tmp_path):
    (tmp_path / "hello.txt").write_text("hello")
    result = cli("hello.txt", "--assume-contract", "--format", "json", cwd=tmp_path)
    assert json.loads(result.stdout)["documents"][0]["status"] == "checked"


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
