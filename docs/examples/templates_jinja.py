import jinja2

from lanner import App, Path, Template, get

templates = jinja2.Environment(
    # In a project: jinja2.FileSystemLoader("templates")
    loader=jinja2.DictLoader(
        {
            "base.html": "<!doctype html><title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}",
            "hello.html": '{% extends "base.html" %}{% block title %}Hello{% endblock %}'
            "{% block body %}<h1>Hello, {{ name }}!</h1>{% endblock %}",
        }
    ),
    autoescape=jinja2.select_autoescape(),
)


@get("/hello/{name}")
async def hello(name: Path[str]) -> Template:
    return Template("hello.html", {"name": name})


app = App([hello], template_engine=templates)
