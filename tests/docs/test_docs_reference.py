"""Every public name appears in the API reference that ``mkdocs build`` renders.

The reference pages (``docs/reference/*.md``) render objects with mkdocstrings directives,
``::: complaintcode.module`` (a whole module) or ``::: complaintcode.module.Name`` (one
object). A public name is one in ``complaintcode.__all__`` or in the ``__all__`` of a
public module. It counts as documented when

* a directive names it, where it is defined or where it is exported from; or
* a directive names the module that defines it, and mkdocstrings renders it there: it has
  a docstring (an attribute's docstring is the string literal below it), and it is not
  private.

The package is read with griffe, which is what mkdocstrings reads, so "has a docstring"
means the same here as in the build.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import griffe
import pytest

import complaintcode

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference"

# The public modules whose ``__all__`` must be documented. Modules that do not exist (yet)
# are skipped, so that this list can name modules still being written.
PUBLIC_MODULES = (
    "calendar",
    "casework",
    "checking",
    "editions",
    "errors",
    "model",
    "results",
    "records",
    "serialize",
    "documents",
    "server",
    "report",
    "strategies",
    "rules",
    "selfassessment",
    "provisions",
    "columnar",
    "batch",
    "samples",
)

_DIRECTIVE = re.compile(r"^:::\s*(\S+)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def directives() -> dict[str, list[str]]:
    """Each ``::: identifier`` in the reference pages, with the pages naming it."""
    found: dict[str, list[str]] = {}
    for page in sorted(REFERENCE.glob("*.md")):
        text = _FENCE.sub("", page.read_text(encoding="utf-8"))  # not inside code blocks
        for identifier in _DIRECTIVE.findall(text):
            found.setdefault(identifier, []).append(page.name)
    return found


def existing_modules() -> list[str]:
    """The public modules that exist, as dotted names."""
    names = (f"complaintcode.{m}" for m in PUBLIC_MODULES)
    return [name for name in names if importlib.util.find_spec(name) is not None]


def public_names() -> Iterator[tuple[str, str]]:
    """(module, name) for every name in the package's and the public modules' ``__all__``."""
    for name in complaintcode.__all__:
        yield "complaintcode", name
    for module_name in existing_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            yield module_name, name


@pytest.fixture(scope="module")
def package() -> griffe.Module:
    loaded = griffe.load("complaintcode", search_paths=[str(ROOT / "src")])
    assert isinstance(loaded, griffe.Module)
    return loaded


def _get(package: griffe.Module, path: str) -> griffe.Object | griffe.Alias:
    return package[path.removeprefix("complaintcode.")] if path != "complaintcode" else package


def _defined_at(package: griffe.Module, module_name: str, name: str) -> str:
    """Where the object exported as ``name`` from ``module_name`` is defined.

    Classes and functions say where they were defined; for other objects griffe follows
    the re-exports. (Asking griffe alone would answer ``complaintcode.check`` with the
    module of that name, which the function imported over it hides at run time.)
    """
    value = getattr(importlib.import_module(module_name), name)
    if inspect.isclass(value) or inspect.isfunction(value):
        return f"{value.__module__}.{value.__qualname__}"
    obj = _get(package, f"{module_name}.{name}")
    while isinstance(obj, griffe.Alias):
        target = obj.target_path
        if target.partition(".")[0] != "complaintcode":
            return target  # re-exported from another package: not documented here
        obj = _get(package, target)
    return obj.path


def _rendered_in_module(package: griffe.Module, path: str) -> bool:
    """Whether a directive for the defining module renders the object at ``path``.

    The same tests as mkdocstrings' defaults: not private, has docstrings (its own or a
    member's), and not imported unless listed in ``__all__``.
    """
    obj = _get(package, path)
    name = obj.name
    private = name.startswith("_") and not (name.startswith("__") and name.endswith("__"))
    return not private and obj.has_docstrings and (not obj.is_imported or obj.is_public)


def undocumented(package: griffe.Module) -> list[str]:
    """The public names the reference does not render, by where each is defined."""
    rendered = directives()
    missing: dict[str, set[str]] = {}
    for module_name, name in public_names():
        exported = f"{module_name}.{name}"
        defined = _defined_at(package, module_name, name)
        if exported in rendered or defined in rendered:
            continue
        home = defined.rpartition(".")[0]
        if home in rendered and _rendered_in_module(package, defined):
            continue
        missing.setdefault(defined, set()).add(exported)
    out = []
    for defined, aliases in sorted(missing.items()):
        others = sorted(aliases - {defined})
        out.append(f"{defined} (exported as {', '.join(others)})" if others else defined)
    return out


def test_reference_pages_have_directives() -> None:
    """The parser finds the reference's directives (so the real test cannot pass vacuously)."""
    found = directives()
    assert "complaintcode.checking.check" in found
    assert "complaintcode.errors" in found


def test_every_directive_names_a_real_object(package: griffe.Module) -> None:
    """A directive naming nothing would break the build; name it here first."""
    broken = []
    for identifier, pages in directives().items():
        try:
            _get(package, identifier)
        except KeyError:
            broken.append(f"{identifier} (in {', '.join(pages)})")
    assert not broken, "reference directives naming no object: " + "; ".join(broken)


def test_every_public_name_is_in_the_reference(package: griffe.Module) -> None:
    """Each public name is rendered by some ``:::`` directive in docs/reference/*.md."""
    missing = undocumented(package)
    assert not missing, (
        f"{len(missing)} public name(s) missing from the API reference (docs/reference/*.md):"
        + "".join(f"\n  {name}" for name in missing)
        + "\nAdd a '::: <dotted.path>' directive for each to a reference page, or one for its "
        "module (which renders only members with a docstring; an attribute's docstring is a "
        "string literal on the line below it)."
    )


def test_every_documented_name_is_exported_by_its_module() -> None:
    """The other direction: a ``::: complaintcode.module.Name`` directive names a public name.

    For each public module, every object the reference renders by name is in that module's
    ``__all__`` (so a documented name cannot silently stop being exported).
    """
    stale = []
    modules = set(existing_modules())
    for identifier, pages in directives().items():
        module_name, _, name = identifier.rpartition(".")
        if identifier in modules or module_name not in modules:
            continue  # a whole module, or an object of a non-public module
        module = importlib.import_module(module_name)
        if name not in getattr(module, "__all__", ()):
            stale.append(f"{identifier} (in {', '.join(pages)})")
    assert not stale, "documented but not in its module's __all__: " + "; ".join(stale)
