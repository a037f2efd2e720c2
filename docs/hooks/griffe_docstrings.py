r"""Griffe extension: render the package's docstrings well in the API reference.

The docstrings are written to be read in the source and run as doctests, with Sphinx-style
roles such as ``:func:`check```. mkdocstrings renders Markdown, where a bare ``>>>``
example becomes a nested block quote and a role is printed as written. This extension,
loaded through ``extensions:`` in ``mkdocs.yml``, rewrites each docstring as it is loaded:

* each run of doctest lines (from a ``>>>`` line to the next blank line) that is not
  already in a fenced block becomes a fenced ``pycon`` block;
* each Sphinx role becomes inline code: ``:meth:`~a.B.c``` becomes ```c```.

>>> to_markdown(":func:`check` runs it.\n\n>>> 1 + 1\n2").splitlines()
['`check` runs it.', '', '```pycon', '>>> 1 + 1', '2', '```']
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|meth|class|data|attr|exc|mod|obj|const):`(~?)([^`]+)`")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _role(match: re.Match[str]) -> str:
    """The inline code a Sphinx role stands for (``~`` keeps the last name only)."""
    short, target = match.group(1), match.group(2)
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def _fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines outside fenced blocks in a ``pycon`` fence."""
    out: list[str] = []
    in_fence = False
    in_doctest = False
    indent = ""
    for line in text.split("\n"):
        if in_doctest and not line.strip():
            out.append(f"{indent}```")
            in_doctest = False
        if not in_doctest and _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and not in_doctest and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_doctest = True
        out.append(line)
    if in_doctest:
        out.append(f"{indent}```")
    return "\n".join(out)


def to_markdown(docstring: str) -> str:
    """A docstring with its doctests fenced and its Sphinx roles as inline code."""
    return _fence_doctests(_ROLE.sub(_role, docstring))


class DoctestsAndRoles(griffe.Extension):
    """Rewrite every loaded object's docstring with :func:`to_markdown`."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Called by griffe for each object it loads."""
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
