"""Files that carry their author's identity in their metadata, as real tools write it (for the
blind-review tests). Every builder takes the identity strings to plant."""

import io
import struct
import zipfile

import pikepdf
from PIL import Image, PngImagePlugin


def xmp(*values: str) -> bytes:
    text = " ".join(values)
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
        f"{text}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def _exif(name: str, email: str, school: str) -> bytes:
    exif = Image.Exif()
    exif[0x013B] = name  # Artist
    exif[0x010E] = f"{email} at {school}"  # ImageDescription
    exif[0x8298] = f"(c) {name}"  # Copyright
    exif[0x9C9D] = name.encode("utf-16-le") + b"\x00\x00"  # XPAuthor (UTF-16)
    return exif.tobytes()


def _picture() -> Image.Image:
    image = Image.new("RGB", (96, 64), (30, 90, 160))
    for x in range(96):
        image.putpixel((x, x % 64), (250, 200, 20))
    return image


def jpeg(name: str, email: str, school: str, *, progressive: bool = False) -> bytes:
    buffer = io.BytesIO()
    _picture().save(
        buffer, "JPEG", exif=_exif(name, email, school), xmp=xmp(name, email),
        comment=f"{name} {email}".encode(), progressive=progressive, quality=90,
    )  # fmt: skip
    data = buffer.getvalue()
    # Photoshop's APP13 with an IPTC By-line, right after SOI.
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(name)) + name.encode()
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    app13 = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + app13 + data[2:]


def png(name: str, email: str, school: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", name)
    info.add_text("Description", f"{email} {school}", zip=True)  # zTXt
    info.add_itxt("Copyright", f"{name} {school}", lang="en", tkey="Copyright")
    buffer = io.BytesIO()
    _picture().save(buffer, "PNG", pnginfo=info, exif=_exif(name, email, school))
    return buffer.getvalue()


def gif(name: str, email: str, school: str) -> bytes:
    buffer = io.BytesIO()
    _picture().convert("P").save(buffer, "GIF", comment=f"{name} {email} {school}".encode())
    data = buffer.getvalue()
    # An XMP application extension before the trailer.
    packet = xmp(name, email)
    blocks = b"".join(bytes((len(packet[i : i + 255]),)) + packet[i : i + 255]
                      for i in range(0, len(packet), 255))  # fmt: skip
    return data[:-1] + b"\x21\xff\x0bXMP DataXMP" + blocks + b"\x00" + data[-1:]


def webp(name: str, email: str, school: str) -> bytes:
    buffer = io.BytesIO()
    _picture().save(buffer, "WEBP", exif=_exif(name, email, school), xmp=xmp(name, email))
    return buffer.getvalue()


def pdf(name: str, email: str, school: str) -> bytes:
    document = pikepdf.new()
    document.add_blank_page(page_size=(612, 792))
    with document.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [name]
        meta["dc:description"] = f"{email} {school}"
    document.docinfo["/Author"] = name
    document.docinfo["/Title"] = f"Plan by {email}"
    document.docinfo["/Subject"] = school
    page = document.pages[0]
    # A note annotation: its /T is the author.
    note = document.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 10, 30, 30],
            T=pikepdf.String(name), Contents=pikepdf.String("See the agenda."),
        )
    )  # fmt: skip
    page.Annots = document.make_indirect([note])
    # An image XObject with its own XMP stream.
    image_xmp = document.make_stream(xmp(name, school))
    image_xmp.Type, image_xmp.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    image = document.make_stream(
        b"\x80\x80\x80", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=1,
        Height=1, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8, Metadata=image_xmp,
    )  # fmt: skip
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    buffer = io.BytesIO()
    # The document information goes into a compressed object stream.
    document.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Plan of {email}</dc:title><dc:creator>{name}</dc:creator><cp:lastModifiedBy>{name}</cp:lastModifiedBy><dc:description>{school}</dc:description><dcterms:created xsi:type="dcterms:W3CDTF">2026-09-01T10:00:00Z</dcterms:created></cp:coreProperties>"""  # noqa: E501
_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office</Application><Company>{school}</Company><Manager>{name}</Manager></Properties>"""  # noqa: E501
_CUSTOM = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Owner"><vt:lpwstr>{email}</vt:lpwstr></property></Properties>"""  # noqa: E501
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{main}"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>"""  # noqa: E501
_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/{main}" ContentType="{main_type}"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>"""  # noqa: E501

_PARTS = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        {
            "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:ins w:id="1" w:author="{name}" w:date="2026-09-01T10:00:00Z"><w:r><w:t>Agenda of the data dialogue.</w:t></w:r></w:ins></w:p></w:body></w:document>',  # noqa: E501
            "word/comments.xml": '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="{name}" w:initials="JL"><w:p><w:r><w:t>Check the dates.</w:t></w:r></w:p></w:comment></w:comments>',  # noqa: E501
            "word/people.xml": '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="{name}"><w15:presenceInfo w15:providerId="AD" w15:userId="{email}"/></w15:person></w15:people>',  # noqa: E501
        },
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        {
            "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"><fileSharing userName="{name}"/><x15ac:absPath url="C:\\Users\\{name}\\{school}\\"/><sheets><sheet name="Benchmarks" sheetId="1"/></sheets></workbook>',  # noqa: E501
            "xl/comments1.xml": '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>{name}</author></authors><commentList><comment ref="A1" authorId="0"><text><t>Fall window.</t></text></comment></commentList></comments>',  # noqa: E501
            "xl/persons/person.xml": '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="{name}" id="{{1}}" userId="{email}" providerId="AD"/></personList>',  # noqa: E501
        },
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        {
            "ppt/presentation.xml": '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
            "ppt/commentAuthors.xml": '<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="{name}" initials="JL" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>',  # noqa: E501
        },
    ),
}


def office(kind: str, name: str, email: str, school: str) -> bytes:
    main, main_type, parts = _PARTS[kind]
    values = {"name": name, "email": email, "school": school}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES.format(main=main, main_type=main_type))
        z.writestr("_rels/.rels", _RELS.format(main=main))
        z.writestr("docProps/core.xml", _CORE.format(**values))
        z.writestr("docProps/app.xml", _APP.format(**values))
        z.writestr("docProps/custom.xml", _CUSTOM.format(**values))
        z.writestr("docProps/thumbnail.jpeg", jpeg(name, email, school))
        for part, text in parts.items():
            z.writestr(part, text.format(**values))
        media = {"docx": "word", "xlsx": "xl", "pptx": "ppt"}[kind]
        z.writestr(f"{media}/media/image1.jpeg", jpeg(name, email, school))
        z.writestr(f"{media}/media/image2.png", png(name, email, school))
    return buffer.getvalue()


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4(name: str, email: str, school: str) -> bytes:
    """An MP4 with iTunes-style tags (moov/udta/meta/ilst ©ART) and an XMP uuid box."""
    ftyp = _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
    art = _box(b"\xa9ART", _box(b"data", b"\x00\x00\x00\x01\x00\x00\x00\x00" + name.encode()))
    meta = _box(b"meta", b"\x00\x00\x00\x00" + _box(b"ilst", art))
    mvhd = _box(b"mvhd", bytes(100))
    moov = _box(b"moov", mvhd + _box(b"udta", meta))
    xmp_box = _box(b"uuid", bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC") + xmp(email, school))
    mdat = _box(b"mdat", bytes(64))
    return ftyp + moov + xmp_box + mdat


def mp3(name: str, email: str, school: str) -> bytes:
    """An MP3 frame between an ID3v2 tag (TPE1 artist, COMM) and an ID3v1 tag."""

    def frame(fid: bytes, text: str) -> bytes:
        body = b"\x03" + text.encode()
        return fid + struct.pack(">I", len(body)) + b"\x00\x00" + body

    frames = frame(b"TPE1", name) + frame(b"TIT2", f"{email} {school}")
    size = len(frames)
    syncsafe = bytes(((size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F))
    id3v2 = b"ID3\x04\x00\x00" + syncsafe + frames
    audio = (b"\xff\xfb\x90\x64" + bytes(413)) * 4  # MPEG-1 Layer III frames
    fields = b"".join(value.encode()[:30].ljust(30, b"\x00") for value in (name, email, school))
    id3v1 = b"TAG" + fields + b"2026" + bytes(30) + b"\x00"
    return id3v2 + audio + id3v1
