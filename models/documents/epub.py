"""EPUB: the XHTML chapters listed in the package (OPF) are translated as HTML; everything else is
copied byte for byte (images, styles, navigation order), `mimetype` first and stored as the format wants.

Read and written at the zip level with lxml rather than through an e-book library, so nothing the
library does not model is lost on the way. `dc:language` in the OPF is set to the target; chapters
get `lang`/`xml:lang` and, for Arabic, `dir="rtl"`.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Sequence
from typing import Any

from models.documents.base import Document, DocumentLimits
from models.documents.html import HtmlTree
from models.documents.safety import check_zip
from models.errors import CorruptDocumentError, EncryptedDocumentError

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _parse(data: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


class EpubDocument(Document):
    format = "epub"
    output_format = "epub"

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        super().__init__()
        from lxml import etree

        self._archive = archive
        try:
            if "META-INF/encryption.xml" in archive.namelist():
                raise EncryptedDocumentError(
                    f"{name}: the e-book is encrypted (DRM); it cannot be translated"
                )
            container = _parse(archive.read("META-INF/container.xml"))
            rootfile = container.find(f".//{_CONTAINER}rootfile")
            if rootfile is None:
                raise KeyError("rootfile")
            self._opf_name = rootfile.get("full-path", "")
            self._opf = _parse(archive.read(self._opf_name))
            base = posixpath.dirname(self._opf_name)
            manifest = {item.get("id"): item for item in self._opf.iter(f"{_OPF}item") if item.get("href")}
            spine = [ref.get("idref") for ref in self._opf.iter(f"{_OPF}itemref")]
            self._chapters: list[tuple[str, HtmlTree]] = []
            for idref in spine:
                item = manifest.get(idref)
                if item is None or "html" not in (item.get("media-type") or ""):
                    continue
                path = posixpath.normpath(posixpath.join(base, item.get("href", "")))
                tree = HtmlTree(_parse(archive.read(path)))
                self._chapters.append((path, tree))
                self.blocks += tree.blocks
        except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError) as exc:
            raise CorruptDocumentError(f"{name}: not a readable EPUB (damaged or truncated?)") from exc

    def write(self, translated: Sequence[Sequence[str]], target: str) -> bytes:
        from lxml import etree

        replaced: dict[str, bytes] = {}
        start = 0
        for path, tree in self._chapters:
            count = len(tree.blocks)
            tree.apply(translated[start : start + count], target)
            tree.root.set(_XML_LANG, target)
            start += count
            replaced[path] = etree.tostring(tree.root, xml_declaration=True, encoding="utf-8")
        for language in self._opf.iter(f"{_DC}language"):
            language.text = target
        replaced[self._opf_name] = etree.tostring(self._opf, xml_declaration=True, encoding="utf-8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as writer:
            entries = sorted(self._archive.infolist(), key=lambda e: e.filename != "mimetype")
            for entry in entries:
                data = replaced.get(entry.filename)
                if data is None:
                    data = self._archive.read(entry.filename)
                kind = zipfile.ZIP_STORED if entry.filename == "mimetype" else zipfile.ZIP_DEFLATED
                writer.writestr(entry.filename, data, compress_type=kind)
        return out.getvalue()


def read_epub(data: bytes, name: str, limits: DocumentLimits) -> EpubDocument:
    return EpubDocument(check_zip(data, name, limits, "epub"), name)
