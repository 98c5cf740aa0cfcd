"""A form renderer that builds the common widgets' HTML in Python instead of through templates.

Django renders every ``<select>`` through ``select.html``, which includes ``select_option.html`` and
``attrs.html`` once per option: the work list's filter and bulk forms (some 200 options) cost about
190 template includes per request, most of its rendering time. This renderer produces byte-for-byte
the same HTML as those templates (tests/applications/test_applications_worklist.py compares the two)
from the same widget context — attributes, ``required``, ``aria-*``, bound values and selected
options still come from Django's own widgets and bound fields — so forms keep their exact behaviour.
Any template it does not know is rendered by Django as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_W = "django/forms/widgets/"


def _attrs(attrs: dict[str, Any]) -> str:
    """attrs.html: False drops the attribute, True writes it bare, anything else as an escaped string."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{conditional_escape(str(value))}"' if value is not None else ""
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict[str, Any]) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict[str, Any]) -> str:
    # select_option.html ends with a newline, which Django's output keeps after every option.
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(f"\n  {_option(option)}" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


# These input templates all just include input.html.
_INPUTS = ("input", "text", "date", "number", "email", "search", "tel", "url", "password", "hidden")
_RENDER: dict[str, Callable[[dict[str, Any]], str]] = {
    **{f"{_W}{kind}.html": _input for kind in _INPUTS},
    f"{_W}textarea.html": _textarea,
    f"{_W}select.html": _select,
}


class FastWidgetRenderer(DjangoTemplates):
    """DjangoTemplates, except that the plain input, textarea and select widgets are built in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> SafeString:
        build = _RENDER.get(template_name)
        if build is None:
            return super().render(template_name, context, request=request)
        # Widget templates only ever see ``widget``; the stock renderer strips surrounding whitespace.
        # Safe: every value and label was escaped where it was written in.
        return mark_safe(build(context["widget"]).strip())


# One instance: the renderer holds no per-request state (DjangoTemplates caches only its engine).
RENDERER = FastWidgetRenderer()
