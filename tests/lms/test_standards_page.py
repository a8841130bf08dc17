"""The public page of the ten standards (issue #14, item 19): the module text links to it."""

from django.test import Client
from django.utils.html import escape

from launch_demo.content import MODULES
from lms.models import Standard


def test_anyone_reads_the_ten_standards_with_indicators_and_rubric(db):
    response = Client().get("/learn/standards/")
    assert response.status_code == 200
    html = response.content.decode()
    standards = list(Standard.objects.order_by("number"))
    assert len(standards) == 10
    for standard in standards:
        assert f'id="standard-{standard.number}"' in html
        assert escape(standard.name) in html
        assert standard.code in html
        for indicator in standard.indicator_list:
            assert escape(indicator) in html
        for _label, descriptor in standard.rubric:
            assert escape(descriptor) in html


def test_the_footer_and_the_orientation_module_link_to_the_standards_page(db):
    assert 'href="/learn/standards/"' in Client().get("/learn/standards/").content.decode()
    orientation = str(MODULES[0]["body"])
    assert "standards page" in orientation
    assert 'href="/learn/standards/"' in orientation
