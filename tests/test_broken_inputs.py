"""Every broken input from brokengen gives its stable InputError code, promptly."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

import brokengen as bg
from clausecheck.extract import ERROR_CODES, ExtractOptions, extract, extract_cached
from clausecheck.model import InputError

CASES = sorted(bg.BROKEN)


@pytest.mark.parametrize("name", CASES)
def test_broken_input(tmp_path: Path, name: str) -> None:
    path, code = bg.generate(tmp_path, [name])[name]
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        extract(path)
    assert time.perf_counter() - started < 5
    exc = err.value
    assert exc.code == code, exc.message
    assert exc.code in ERROR_CODES
    assert exc.path == str(path)
    assert exc.message and "\n" not in exc.message
    assert "unexpected error" not in exc.message
    assert "root:" not in exc.message  # nothing of /etc/passwd, ever


def test_messages_give_hints(tmp_path: Path) -> None:
    cases = bg.generate(
        tmp_path, ["legacy.doc", "image-only.pdf", "encrypted.pdf", "garbage-font.pdf"]
    )
    hints = {
        "legacy.doc": "save it as .docx",
        "image-only.pdf": "--ocr",
        "encrypted.pdf": "--password",
        "garbage-font.pdf": "--ocr",
    }
    for name, (path, _) in cases.items():
        with pytest.raises(InputError) as err:
            extract(path)
        assert hints[name] in err.value.message


def test_fifo_is_never_opened(tmp_path: Path) -> None:
    """A reader blocked on a FIFO would hang: extract must answer without opening it."""
    path = tmp_path / "pipe"
    os.mkfifo(path)
    result: list[object] = []

    def run() -> None:
        try:
            extract(path)
        except InputError as exc:
            result.append(exc.code)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=5)
    if thread.is_alive():  # unblock the reader so the test process can end
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        pytest.fail("extract() blocked on a FIFO")
    assert result == ["not-a-file"]


def test_device_is_not_a_file() -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    with pytest.raises(InputError) as err:
        extract("/dev/null")
    assert err.value.code == "not-a-file"
    assert "device" in err.value.message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text")
    path.chmod(0)
    try:
        with pytest.raises(InputError) as err:
            extract(path)
        assert err.value.code == "permission"
    finally:
        path.chmod(0o600)


def test_permission_denied_on_open_is_mapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs as root too: os.open failing with EACCES gives "permission"."""
    import errno

    path = tmp_path / "secret.txt"
    path.write_text("text")

    def deny(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(InputError) as err:
        extract(path)
    assert err.value.code == "permission"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(InputError) as err:
        extract(path, ExtractOptions(max_bytes=1000))
    assert err.value.code == "too-large"
    with pytest.raises(InputError) as err:
        extract_cached(path, ExtractOptions(max_bytes=1000))
    assert err.value.code == "too-large"


def test_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = bg.bomb_docx(tmp_path)
    assert path.stat().st_size < 5 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        extract(path)
    assert err.value.code == "bomb"
    assert time.perf_counter() - started < 1


def test_external_entity_never_read(tmp_path: Path) -> None:
    path = tmp_path / "xxe.docx"
    path.write_bytes(bg.docx_bytes(bg.EXTERNAL_ENTITY))
    with pytest.raises(InputError) as err:
        extract(path)
    assert err.value.code == "corrupt"
    assert "DOCTYPE" in err.value.message


def test_broken_input_generator_writes_everything(tmp_path: Path) -> None:
    written = bg.generate(tmp_path, [n for n in CASES if n != "bomb.docx"])
    assert set(written) == set(CASES) - {"bomb.docx"}
    for name, (path, code) in written.items():
        assert code in ERROR_CODES
        assert path.is_symlink() or path.exists() or code == "not-found", name
