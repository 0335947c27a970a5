import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from cdpf.models import AuditEntry, GeneratedDocument
from cdpf.pdf import MissingGlyphError, document_store, next_number, render_html_to_pdf
from tests.pdf_utils import embedded_fonts, pdf_text

PAGE = "<html lang='zh-Hans'><body><h1>{}</h1></body></html>"


def test_rare_name_characters_print_with_embedded_fonts():
    content = render_html_to_pdf(PAGE.format("王喆 李堃 张𠇔"))
    text = pdf_text(content)
    for name in ("王喆", "李堃", "𠇔"):
        assert name in text
    fonts = embedded_fonts(content)
    assert fonts and all(fonts.values())
    assert any("Noto" in name for name in fonts)


def test_it_refuses_a_character_without_a_glyph_and_names_it():
    with pytest.raises(MissingGlyphError) as raised:
        render_html_to_pdf(PAGE.format("王\U000f0001明"))  # a private-use plane character
    assert "U+F0001" in str(raised.value)
    assert raised.value.chars == ["\U000f0001"]


def test_markup_and_entities_are_not_mistaken_for_text():
    content = render_html_to_pdf(
        "<html><head><style>p{color:#000}</style></head><body><p>&lt;王&gt; &amp;</p></body></html>"
    )
    assert "<王> &" in pdf_text(content)


@pytest.mark.django_db
def test_numbers_follow_each_other_per_sequence():
    assert [next_number("T-2026") for _ in range(3)] == [1, 2, 3]
    assert next_number("U-2026") == 1


@pytest.mark.django_db
def test_a_stored_document_is_numbered_audited_and_immutable(admin_user):
    document = document_store(
        actor=admin_user,
        kind="test",
        title="测试",
        content=b"%PDF-1.7",
        region=admin_user.region,
        prefix="TST",
    )
    assert document.number.startswith("TST-") and document.number.endswith("-000001")
    assert AuditEntry.objects.filter(action="print", object_id=str(document.pk)).exists()
    document.title = "changed"
    with pytest.raises(ValidationError, match="已生成的文书不可修改。"):
        document.save()
    with pytest.raises(ValidationError, match="已生成的文书不可删除。"):
        document.delete()
    assert GeneratedDocument.objects.get(pk=document.pk).title == "测试"


def test_documents_are_tagged_for_screen_readers():
    content = render_html_to_pdf(
        "<html lang='zh-Hans'><head><title>测试</title></head><body><h1>王喆</h1></body></html>"
    )
    catalog = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "zh-Hans"
    assert catalog["/MarkInfo"]["/Marked"]
