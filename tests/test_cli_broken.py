"""Every broken or hostile input, through the command line: exit 2, a one-line error that
names the file, a stable error code in JSON and SARIF, no findings, no traceback, no hang."""

import json
from pathlib import Path

import pytest

import brokengen as bg

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "en_strong.pdf"
# A folder named on the command line is walked for contracts (tested in test_config.py).
CASES = sorted(name for name in bg.BROKEN if name != "folder")


@pytest.mark.parametrize("name", CASES)
def test_broken_input_through_the_cli(cli, tmp_path, name):
    path, code = bg.generate(tmp_path, [name])[name]
    result = cli(path, "--format", "json", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and str(path.name) in errors[0], result.stderr
    (doc,) = json.loads(result.stdout)["documents"]
    assert doc["status"] == "error" and doc["error"]["code"] == code
    assert doc["findings"] == []


def test_the_rest_of_a_batch_is_still_checked(cli, tmp_path):
    cases = bg.generate(tmp_path, ["encrypted.pdf", "not-a-zip.docx", "binary-junk.txt"])
    paths = [path for path, _ in cases.values()]
    result = cli(*paths, SAMPLE, "--format", "sarif", cwd=tmp_path)
    assert result.returncode == 2
    run = json.loads(result.stdout)["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    codes = {n["properties"]["code"] for n in notes if "code" in n.get("properties", {})}
    assert codes == {code for _, code in cases.values()}
    assert run["invocations"][0]["executionSuccessful"] is False
    json_result = cli(*paths, SAMPLE, "--format", "json", cwd=tmp_path)
    statuses = [d["status"] for d in json.loads(json_result.stdout)["documents"]]
    assert statuses == ["error", "error", "error", "checked"]


def test_password_opens_an_encrypted_pdf(cli, tmp_path):
    path, _ = bg.generate(tmp_path, ["encrypted.pdf"])["encrypted.pdf"]
    result = cli(path, "--password", "user", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the sample has gaps
    assert json.loads(result.stdout)["documents"][0]["status"] == "checked"


def test_wrong_password_is_encrypted(cli, tmp_path):
    path, _ = bg.generate(tmp_path, ["encrypted.pdf"])["encrypted.pdf"]
    result = cli(path, "--password", "wrong", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    assert json.loads(result.stdout)["documents"][0]["error"]["code"] == "encrypted"


def test_unknown_rule_is_a_one_line_error(cli, tmp_path):
    result = cli("rules", "show", "no-such-rule", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no rule 'no-such-rule'" in result.stderr
