"""The zip package of a DOCX file: its directory checked for zip bombs, its parts read with
a cap on the bytes, its relationships resolved (parsed by the XML parser `docx` gives)."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

from clausecheck.errors import InputError

MAX_TOTAL = 200 * 1024 * 1024  # total uncompressed size of the parts we may read
MAX_RATIO = 200  # compression ratio above which a large entry is a bomb ...
RATIO_MIN_SIZE = 10 * 1024 * 1024  # ... when it is at least this large uncompressed
MAX_ENTRIES = 10_000


def _fail(code: str, message: str) -> InputError:
    return InputError(code, message)


class Package:
    """The zip: directory checked for bombs, parts read with a cap on the bytes."""

    def __init__(self, data: bytes, parse_xml: Callable[[bytes, str, list[str]], Any]) -> None:
        self._parse = parse_xml  # (data, part name, warnings) -> root element; the reader's
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
            raise _fail(
                "corrupt", f"the Word file is damaged: its zip structure cannot be read ({exc})"
            ) from None
        if len(infos) > MAX_ENTRIES:
            raise _fail("bomb", f"the zip holds {len(infos)} entries; refusing to read it")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= RATIO_MIN_SIZE and ratio > MAX_RATIO:
                raise _fail(
                    "bomb",
                    f"the zip entry {info.filename!r} expands {ratio:.0f} times to"
                    f" {info.file_size // (1024 * 1024)} MB (a decompression bomb?); not read",
                )
        if total > MAX_TOTAL:
            raise _fail(
                "bomb",
                f"the zip expands to {total // (1024 * 1024)} MB (limit"
                f" {MAX_TOTAL // (1024 * 1024)} MB; a decompression bomb?); not read",
            )
        self.names = {_norm(i.filename): i for i in infos if not i.is_dir()}
        self.budget = MAX_TOTAL

    def has(self, name: str) -> bool:
        return _norm(name) in self.names

    def read(self, name: str) -> bytes:
        info = self.names[_norm(name)]
        cap = min(self.budget, max(info.file_size, 0) + 1024)
        try:
            with self.zip.open(info) as f:
                data = f.read(cap + 1)
        except RuntimeError as exc:  # an entry encrypted with a zip password
            raise _fail("encrypted", f"the zip entry {name!r} is password-protected") from exc
        except NotImplementedError as exc:
            raise _fail(
                "unsupported", f"the zip entry {name!r} uses an unknown compression"
            ) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise _fail(
                "corrupt", f"the Word file is damaged: {name} cannot be unpacked ({exc})"
            ) from None
        if len(data) > cap:
            raise _fail(
                "bomb", f"the zip entry {name!r} expands beyond its declared size; not read"
            )
        self.budget -= len(data)
        return data

    def main_part(self) -> str:
        target = None
        rels = self._rels("")
        for rel_type, rel_target in rels:
            if rel_type.endswith("/officeDocument") and self.has(rel_target):
                target = rel_target
                break
        if target is None and self.has("word/document.xml"):
            target = "word/document.xml"
        if target is None:
            raise _fail("unsupported", self._not_word())
        return target

    def _not_word(self) -> str:
        if self.has("mimetype"):
            try:
                kind = self.read("mimetype")[:200]
            except InputError:
                kind = b""
            if b"opendocument.text" in kind:
                return "this is an OpenDocument text (.odt) file; save it as .docx"
            if b"epub" in kind:
                return "this is an EPUB e-book, not a Word document"
        if self.has("xl/workbook.xml"):
            return "this is an Excel workbook, not a Word document"
        if self.has("ppt/presentation.xml"):
            return "this is a PowerPoint file, not a Word document"
        return "this is a zip file, not a Word document (it has no word/document.xml)"

    def related(self, source: str, rel_kind: str, default: str) -> str | None:
        """The part related to `source` by relationship type `rel_kind` (or `default`)."""
        for rel_type, target in self._rels(source):
            if rel_type.endswith("/" + rel_kind) and self.has(target):
                return target
        return default if self.has(default) else None

    def _rels(self, source: str) -> list[tuple[str, str]]:
        folder, name = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if not self.has(rels_name):
            return []
        try:
            root = self._parse(self.read(rels_name), rels_name, [])
        except InputError:
            return []
        out = []
        for rel in root if root is not None else ():
            if not isinstance(rel.tag, str) or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            if target.startswith("/"):
                target = target.lstrip("/")
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Type") or "", target))
        return out


def _norm(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()
