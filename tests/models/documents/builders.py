"""Test documents built with the same libraries the readers use (and a hand-written PDF)."""

from __future__ import annotations

import io
import zipfile


def docx_bytes() -> bytes:
    """A sentence with a bold run and a link inside it, a 2x2 table, a header, an Arabic paragraph."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph("The minister said ")
    paragraph.add_run("on Monday").bold = True
    paragraph.add_run(" that the talks will ")
    # A hyperlink run, as Word writes it.
    rel = document.part.relate_to("https://example.org/talks", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "continue next week"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(".").italic = True
    table = document.add_table(rows=2, cols=2)
    for index, cell in enumerate(table._cells):
        cell.text = f"Figure number {index + 1} of the report"
    document.sections[0].header.paragraphs[0].text = "Press office release"
    document.sections[0].footer.paragraphs[0].text = "Ministry of information"
    arabic = document.add_paragraph("قال الوزير إن المحادثات ستستمر الأسبوع المقبل.")
    arabic.paragraph_format.alignment = None
    document.add_paragraph("2026")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pptx_bytes() -> bytes:
    """Two slides: a title and a bulleted body with a bold run; the first has speaker notes."""
    import pptx
    import pptx.util

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Quarterly results of the company"
    body = slide.placeholders[1].text_frame
    body.text = "Revenue grew "
    run = body.paragraphs[0].add_run()
    run.text = "by ten percent"
    run.font.bold = True
    tail = body.paragraphs[0].add_run()
    tail.text = " this year."
    body.add_paragraph().text = "Costs stayed the same."
    slide.notes_slide.notes_text_frame.text = "Remind the audience about the new office."
    second = presentation.slides.add_slide(presentation.slide_layouts[5])
    second.shapes.title.text = "Questions and answers"
    table = second.shapes.add_table(
        2, 2, pptx.util.Inches(1), pptx.util.Inches(2), pptx.util.Inches(6), pptx.util.Inches(2)
    )
    for index, cell in enumerate(table.table.iter_cells()):
        cell.text = f"Region number {index + 1}"
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def odt_bytes(presentation: bool = False) -> bytes:
    """An .odt with a heading, a paragraph with a bold span and a link, and a header; or an .odp
    with a slide text box and notes."""
    from odf import draw, style, text
    from odf import presentation as odp_presentation
    from odf.opendocument import OpenDocumentPresentation, OpenDocumentText

    if presentation:
        document = OpenDocumentPresentation()
        layout = style.PageLayout(name="PL")
        document.automaticstyles.addElement(layout)
        master = style.MasterPage(name="M", pagelayoutname=layout)
        document.masterstyles.addElement(master)
        page = draw.Page(masterpagename=master)
        document.presentation.addElement(page)
        frame = draw.Frame(width="20cm", height="3cm", x="1cm", y="1cm")
        page.addElement(frame)
        box = draw.TextBox()
        frame.addElement(box)
        box.addElement(text.P(text="Welcome to the annual meeting"))
        notes = odp_presentation.Notes()
        page.addElement(notes)
        notes_frame = draw.Frame(width="20cm", height="3cm", x="1cm", y="1cm")
        notes.addElement(notes_frame)
        notes_box = draw.TextBox()
        notes_frame.addElement(notes_box)
        notes_box.addElement(text.P(text="Thank the organisers first"))
    else:
        document = OpenDocumentText()
        bold = style.Style(name="Bold", family="text")
        bold.addElement(style.TextProperties(fontweight="bold"))
        document.automaticstyles.addElement(bold)
        body_style = style.Style(name="Body", family="paragraph")
        document.styles.addElement(body_style)
        layout = style.PageLayout(name="PL")
        document.automaticstyles.addElement(layout)
        master = style.MasterPage(name="Standard", pagelayoutname=layout)
        header = style.Header()
        header.addElement(text.P(text="Press office release"))
        master.addElement(header)
        document.masterstyles.addElement(master)
        document.text.addElement(text.H(outlinelevel=1, text="Talks will continue"))
        paragraph = text.P(stylename=body_style, text="The minister said ")
        paragraph.addElement(text.Span(stylename=bold, text="on Monday"))
        paragraph.addText(" that the talks will ")
        paragraph.addElement(text.A(href="https://example.org", text="continue next week"))
        paragraph.addText(".")
        document.text.addElement(paragraph)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


SRT = (
    "1\n00:00:01,000 --> 00:00:03,200\nGood evening and welcome\nto the evening news.\n\n"
    "2\n00:00:03,500 --> 00:00:06,000\nTonight: the talks continue.\n\n"
    "3\n00:01:02,250 --> 00:01:04,000\nThank you.\n"
)
VTT = (
    "WEBVTT\n\nNOTE made for tests\n\n00:00:01.000 --> 00:00:03.200\nGood evening and welcome\n\n"
    "intro\n00:00:03.500 --> 00:00:06.000 align:start\nTonight: the talks continue.\n"
)


def pdf_bytes(pages: tuple[str, ...] = ("The minister said the talks will continue.",)) -> bytes:
    """A minimal valid PDF with one text line per page (Helvetica), offsets computed."""
    objects: list[bytes] = []
    count = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    font_id = 3 + 2 * count
    for i, line in enumerate(pages):
        content_id = 4 + 2 * i
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def epub_bytes() -> bytes:
    """A one-chapter EPUB 3 written by hand (container, OPF, XHTML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        archive.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
            'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:identifier id="id">x</dc:identifier><dc:title>Report</dc:title><dc:language>en</dc:language>'
            '</metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
            '</manifest><spine><itemref idref="c1"/></spine></package>',
        )
        archive.writestr(
            "OEBPS/c1.xhtml",
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
            "<title>Chapter one</title></head><body><h1>The report</h1>"
            "<p>The minister said <em>on Monday</em> that the talks will continue.</p></body></html>",
        )
    return out.getvalue()


def zip_with(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


_FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Source: the ministry of foreign affairs.</w:t></w:r></w:p>'
    "</w:footnote>"
    "</w:footnotes>"
)


def docx_with_footnotes() -> bytes:
    """`docx_bytes()` plus a footnotes part (python-docx cannot write one), wired as Word does."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries["word/footnotes.xml"] = _FOOTNOTES.encode()
    types = entries["[Content_Types].xml"].decode()
    override = (
        '<Override PartName="/word/footnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    )
    entries["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    rels = entries["word/_rels/document.xml.rels"].decode()
    rel = (
        '<Relationship Id="rIdFoot" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/>'
    )
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", rel + "</Relationships>"
    ).encode()
    return zip_with(entries)
