"""TMX 1.4 import and export of the approved memory, so it moves to and from CAT tools.

Export writes one ``<tu>`` per approved sentence (``creationid`` = who approved it, dates in
TMX's ``YYYYMMDDThhmmssZ``). Import reads ``<tu>`` elements holding a ``<tuv>`` in each language
of the pair (``xml:lang`` "ar", "ar-SA", "en-GB" ... all count); inline markup inside ``<seg>``
is read as its text. The parser resolves no entities and fetches nothing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from models.errors import InvalidInputError
from models.terminology.glossary import check_pair
from models.terminology.store import MemoryEntry

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class TranslationUnit:
    source: str
    target: str
    who: str = ""


def _date(seconds: float) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(seconds))


def write_tmx(entries: Sequence[MemoryEntry], srclang: str = "*all*") -> bytes:
    """A TMX 1.4 document of `entries` (UTF-8 bytes)."""
    from lxml import etree

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="tarjama",
        creationtoolversion="0.1.0",
        segtype="sentence",
        adminlang="en",
        srclang=srclang,
        datatype="plaintext",
        **{"o-tmf": "tarjama"},
    )
    body = etree.SubElement(root, "body")
    for entry in entries:
        source_lang, target_lang = entry.pair.split("-")
        tu = etree.SubElement(
            body,
            "tu",
            creationid=entry.who,
            creationdate=_date(entry.created_at),
            changedate=_date(entry.updated_at),
            srclang=source_lang,
        )
        for lang, text in ((source_lang, entry.source), (target_lang, entry.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def read_tmx(data: bytes, pair: str) -> list[TranslationUnit]:
    """The translation units of `pair` in a TMX document; InvalidInputError when there are none."""
    from lxml import etree

    pair = check_pair(pair)
    source_lang, target_lang = pair.split("-")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidInputError(f"the TMX file is not well-formed XML ({exc.msg})") from None
    if root is None or etree.QName(root).localname != "tmx":
        raise InvalidInputError("the file is XML but not TMX (its root element is not <tmx>)")
    header = next(root.iter("{*}header"), None)
    default_src = header.get("srclang", "*all*") if header is not None else "*all*"
    units: list[TranslationUnit] = []
    for tu in root.iter("{*}tu"):
        # A unit written from one language is only read in that direction (`*all*`: either).
        src = (tu.get("srclang") or default_src).split("-")[0].lower()
        if src not in ("*all*", source_lang):
            continue
        segs: dict[str, str] = {}
        for tuv in tu.iter("{*}tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").split("-")[0].split("_")[0].lower()
            seg = next(tuv.iter("{*}seg"), None)
            if lang and seg is not None and lang not in segs:
                segs[lang] = " ".join("".join(seg.itertext()).split())
        if segs.get(source_lang) and segs.get(target_lang):
            units.append(TranslationUnit(segs[source_lang], segs[target_lang], tu.get("creationid") or ""))
    if not units:
        raise InvalidInputError(
            f"the TMX file has no <tu> with both a {source_lang!r} and a {target_lang!r} segment"
        )
    return units
