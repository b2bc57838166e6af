"""{% url %} reverses a URL without arguments once per process, and answers as Django's tag."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse, set_script_prefix

from news.models import _fixed_url
from portal.templatetags.fixed_urls import FixedURLNode


def render(source, **context):
    return Template(source).render(Context(context))


def test_every_template_gets_the_memoised_tag():
    template = Template("{% url 'news:home' %}")
    assert isinstance(template.nodelist[0], FixedURLNode)


def test_a_url_without_arguments_is_reversed_once():
    _fixed_url.cache_clear()
    for _ in range(3):
        assert render("{% url 'news:search' %}") == reverse("news:search")
    assert _fixed_url.cache_info().misses == 1
    assert _fixed_url.cache_info().hits == 2


def test_urls_with_arguments_and_as_variables_answer_as_djangos_tag():
    assert render("{% url 'news:category-detail' slug='thoi-su' %}") == reverse(
        "news:category-detail", kwargs={"slug": "thoi-su"}
    )
    assert render("{% url 'news:category-detail' s %}", s="x") == reverse(
        "news:category-detail", args=["x"]
    )
    assert render("{% url 'news:feed' as feed %}[{{ feed }}]") == f"[{reverse('news:feed')}]"
    # A name that does not exist: an error, or an empty variable with "as", as in Django.
    with pytest.raises(NoReverseMatch):
        render("{% url 'news:khong-co' %}")
    assert render("{% url 'news:khong-co' as x %}[{{ x }}]") == "[]"
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_the_script_prefix_is_part_of_the_answer():
    try:
        set_script_prefix("/cong/")
        assert render("{% url 'news:home' %}") == "/cong/"
    finally:
        set_script_prefix("/")
    assert render("{% url 'news:home' %}") == "/"


def test_the_current_namespace_still_picks_the_instance():
    request = RequestFactory().get("/")
    request.current_app = "admin"
    template = Template("{% url 'admin:index' %}")
    assert template.render(Context({"request": request})) == reverse("admin:index")
