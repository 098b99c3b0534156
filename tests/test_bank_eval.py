"""`clausecheck eval BANK`: recall and fire rate of each rule on a bank of single clauses.

The banks here are written for the tests (a few clauses in each language); the figures
are worked out by hand from what each clause says."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from clausecheck.errors import UserError
from clausecheck.evaluation.bank import (
    BankClause,
    clause_text,
    document_text,
    evaluate_bank,
    read_bank,
    select,
    split_of,
)

CLAUSES = [
    # id, group, lang, heading, labels, text
    (
        "z1",
        "g1",
        "zh",
        "保密",
        "confidentiality",
        "双方对在履行本合同过程中知悉的对方商业秘密和业务数据负有保密义务，未经对方书面同意不得向任何第三方披露。",
    ),
    (
        "z2",
        "g2",
        "zh",
        "争议的解决",
        "dispute-resolution",
        "双方就本合同发生争议的，先行协商；协商未果，任何一方可提交北京仲裁委员会仲裁。",
    ),
    ("z3", "g3", "zh", "其他", "other", "本协议的正本共有两份，由签约两方分别收存。"),
    ("z4", "g4", "zh", "通知", "other", "一方变更通讯地址的，应在变更后三日内书面通知对方。"),
    (
        "e1",
        "g5",
        "en",
        "Confidentiality",
        "confidentiality",
        "Each party shall keep secret the Confidential Information it receives and shall not "
        "disclose it to anyone else unless the party it came from agrees in writing.",
    ),
    (
        "e2",
        "g6",
        "en",
        "Disputes",
        "dispute-resolution",
        "Disputes about this Agreement go to arbitration before the Singapore International "
        "Arbitration Centre, whose award is final.",
    ),
    (
        "e3",
        "g7",
        "en",
        "Counterparts",
        "other",
        "The parties may sign separate copies of this Agreement; each copy counts as an original.",
    ),
    (
        "e4",
        "g8",
        "en",
        "Notices",
        "other|availability",
        "Notices shall be given in writing to the addresses set out above.",
    ),
    # the heading names the topic; the body alone says nothing a rule can recognise
    (
        "e5",
        "g9",
        "en",
        "General > Confidentiality",
        "confidentiality",
        "The obligations in this section survive for three years.",
    ),
]


def write_bank(path: Path, rows=CLAUSES, delimiter: str = "\t") -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(["id", "group_id", "lang", "heading", "labels", "text"])
        writer.writerows(rows)
    return path


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "bank.tsv")


def test_recall_and_fire_rate_per_rule_and_language(bank: Path) -> None:
    result = evaluate_bank(bank, rules=())
    zh, en = result.tally("confidentiality", "zh"), result.tally("confidentiality", "en")
    assert (zh.labelled, zh.found) == (1, 1)
    assert (en.labelled, en.found) == (2, 1)  # e5's body alone names no duty of secrecy
    assert result.tally("dispute-resolution").recall == 1.0
    # `other` clauses: two zh, one en (e4 carries a neutral label too: not an `other`)
    assert result.tally("confidentiality", "zh").others == 2
    assert result.tally("confidentiality", "en").others == 1
    assert result.tally("confidentiality").fired == 0
    missed = [(i.clause, i.rule) for i in result.items if i.kind == "missed"]
    assert missed == [("e5", "confidentiality")]


def test_with_heading_the_heading_path_counts(bank: Path) -> None:
    result = evaluate_bank(bank, with_heading=True)
    assert result.tally("confidentiality", "en").recall == 1.0
    clause = BankClause("x", "g", "zh", "第二部分 > 保密", frozenset({"other"}), "正文")
    assert clause_text(clause, "zh", True) == "第五条 第二部分\n（一） 保密\n正文"
    assert clause_text(clause, "zh", False) == "正文"


def test_mean_recall_only_over_rules_with_enough_clauses(bank: Path) -> None:
    result = evaluate_bank(bank, min_clauses=2)
    # per language: zh has one clause per rule; en has two confidentiality clauses
    assert result.measured_rules("zh") == []
    assert result.metric("recall", "zh") is None
    assert result.measured_rules("en") == ["confidentiality"]
    assert result.metric("recall", "en") == 0.5
    both = result.measured_rules()
    assert set(both) == {"confidentiality", "dispute-resolution"}
    assert result.metric("recall") == pytest.approx((2 / 3 + 1.0) / 2)
    assert result.metric("min-recall") == pytest.approx(2 / 3)


def test_split_is_by_group_and_stable() -> None:
    rows = [
        BankClause(f"c{i}", f"g{i % 40}", "en", "", frozenset({"other"}), "x") for i in range(400)
    ]
    tune, check = select(rows, "tune", 0), select(rows, "check", 0)
    assert len(tune) + len(check) == 400
    assert {c.group for c in tune}.isdisjoint({c.group for c in check})
    assert 0.5 < len(tune) / 400 < 0.9  # about 70% of the groups
    assert split_of("g7", 0) == split_of("g7", 0)
    assert [split_of(f"g{i}", 0) for i in range(40)] != [split_of(f"g{i}", 1) for i in range(40)]


def test_the_command_prints_a_table_and_exits_by_threshold(cli, bank: Path) -> None:
    result = cli("eval", bank, "--no-color", "--min-clauses", "1")
    assert result.returncode == 0
    assert "Per rule (zh)" in result.stdout and "Per rule (en)" in result.stdout
    assert "mean recall" in result.stdout
    failed = cli("eval", bank, "--min-clauses", "1", "--fail-under", "min-recall:en=0.9")
    assert failed.returncode == 1
    assert "threshold not met: min-recall:en" in failed.stderr
    met = cli("eval", bank, "--min-clauses", "1", "--fail-under", "fire-rate=0.05")
    assert met.returncode == 0


def test_json_lists_every_miss_and_fire_with_all(cli, bank: Path) -> None:
    result = cli("eval", bank, "-f", "json", "--all", "--min-clauses", "1")
    data = json.loads(result.stdout)
    assert data["schema"] == "clausecheck/bank-eval@1"
    assert data["counts"]["selected"] == len(CLAUSES)
    assert data["languages"] == ["zh", "en"]
    rule = next(r for r in data["rules"] if r["rule"] == "confidentiality")
    assert rule["en"] == {
        "labelled": 2, "found": 1, "recall": 0.5, "others": 1, "fired": 0, "fire_rate": 0.0,
    }  # fmt: skip
    assert [i["clause"] for i in data["items"] if i["kind"] == "missed"] == ["e5"]


def test_split_option_selects_groups(cli, bank: Path) -> None:
    tune = json.loads(cli("eval", bank, "-f", "json", "--split", "tune").stdout)
    check = json.loads(cli("eval", bank, "-f", "json", "--split", "check").stdout)
    assert tune["counts"]["selected"] + check["counts"]["selected"] == len(CLAUSES)
    assert tune["split"] == {"name": "tune", "seed": 0, "tune_share": 0.7}


def test_markdown(cli, bank: Path) -> None:
    result = cli("eval", bank, "-f", "markdown", "--min-clauses", "1")
    assert result.returncode == 0
    assert "| rule | clauses | found | recall | other | fired | fire rate |" in result.stdout


def test_csv_bank_without_optional_columns(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Labels", "Text"])
        writer.writerow(["other", "Nothing here, with a comma."])
    (clause,) = read_bank(path)
    assert clause.labels == {"other"} and clause.group == clause.id == "line-2"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id\ttext\nx\tsome text\n", "lacks labels"),
        ("labels\ttext\n\tsome text\n", ":2: the labels cell is empty"),
    ],
)
def test_bad_banks_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bank.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        read_bank(path)


def test_bad_bank_exits_2_naming_the_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "bank.tsv"
    path.write_text("id\ttext\nx\ty\n", encoding="utf-8")
    result = cli("eval", path)
    assert result.returncode == 2
    assert str(path) in result.stderr and "Traceback" not in result.stderr


def test_bank_options_refused_for_a_folder(cli, tmp_path: Path) -> None:
    result = cli("eval", tmp_path, "--split", "tune")
    assert result.returncode == 2
    assert "--split" in result.stderr


def test_unknown_bank_metric_is_a_usage_error(cli, bank: Path) -> None:
    result = cli("eval", bank, "--fail-under", "presence-f1=0.9")
    assert result.returncode == 2
    assert "unknown metric" in result.stderr


# --documents: each document put back together from its clauses and checked whole
DOCUMENTS = [
    # id, doc_id, group, lang, heading, labels, text
    (
        "a1",
        "doc-a",
        "ga",
        "en",
        "Confidentiality",
        "confidentiality",
        "Each party shall keep secret the Confidential Information it receives.",
    ),
    (
        "a2",
        "doc-a",
        "ga",
        "en",
        "General > Survival",
        "confidentiality",
        "The obligations in this section survive for three years.",
    ),
    (
        "b1",
        "doc-b",
        "gb",
        "en",
        "Confidentiality",
        "confidentiality",
        "The obligations in this section survive for three years.",
    ),
    ("b2", "doc-b", "gb", "en", "Counterparts", "other", "Each signed copy counts as an original."),
]


@pytest.fixture
def document_bank(tmp_path: Path) -> Path:
    path = tmp_path / "documents.tsv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t")
        writer.writerow(["id", "doc_id", "group_id", "lang", "heading", "labels", "text"])
        writer.writerows(DOCUMENTS)
    return path


def test_a_document_is_put_back_together_in_bank_order(document_bank: Path) -> None:
    clauses = [c for c in read_bank(document_bank) if c.document == "doc-a"]
    assert document_text(clauses, "en", True) == (
        "1. Confidentiality\nEach party shall keep secret the Confidential Information it "
        "receives.\n2. General\n2.1 Survival\nThe obligations in this section survive for "
        "three years."
    )
    bare = document_text(clauses, "en", False).splitlines()
    assert [line for line in bare if line[0].isdigit()] == ["1.", "2.", "2.1"]
    zh = [BankClause("x", "g", "zh", "总则 > 保密", frozenset({"other"}), "正文", 0, "d")]
    assert document_text(zh, "zh", True) == "第1条 总则\n（1） 保密\n正文"


def test_documents_count_each_labelled_rule_once_per_document(document_bank: Path) -> None:
    result = evaluate_bank(document_bank, documents=True)
    tally = result.tally("confidentiality", "en")
    # doc-a: a2's body alone says nothing, but a1 in the same document does
    # doc-b: the only confidentiality clause is under bare numbers, its body silent
    assert (result.documents_selected, tally.labelled, tally.found) == (2, 2, 1)
    assert [(i.clause, i.rule) for i in result.items] == [("doc-b", "confidentiality")]
    assert tally.others == 0  # no fire rate on whole documents
    headed = evaluate_bank(document_bank, documents=True, with_heading=True)
    assert headed.tally("confidentiality", "en").found == 2


def test_the_documents_option_reports_false_missing(cli, document_bank: Path) -> None:
    table = cli("eval", document_bank, "--documents", "--no-color", "--min-clauses", "1")
    assert table.returncode == 0
    assert "2 documents put back together" in table.stdout
    assert "false `missing`: 1 of 2 labelled items (50.0%)" in " ".join(table.stdout.split())
    data = json.loads(cli("eval", document_bank, "--documents", "-f", "json").stdout)
    assert data["documents"] is True and data["counts"]["documents"] == 2
    markdown = cli("eval", document_bank, "--documents", "-f", "markdown").stdout
    assert "| rule | documents | found | recall |" in markdown


def test_the_documents_option_is_refused_for_a_folder(cli, tmp_path: Path) -> None:
    result = cli("eval", tmp_path, "--documents")
    assert result.returncode == 2
    assert "--documents" in result.stderr
