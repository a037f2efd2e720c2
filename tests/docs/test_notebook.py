"""The worked notebook runs from top to bottom and draws its three figures.

The notebook is stored without outputs; the documentation build executes it again
(mkdocs-jupyter with ``execute: true``), so the page always shows current figures.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "historical-cases.ipynb"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _read() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]


def _outputs(notebook: Any) -> list[dict[str, Any]]:
    return [output for cell in notebook.cells for output in cell.get("outputs", [])]


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The notebook after running every cell in a kernel on this interpreter.

    A kernel spec named "python3" that starts ``sys.executable`` is put first on
    JUPYTER_PATH, so a "python3" kernel installed elsewhere (for another interpreter)
    cannot be picked up instead of this virtual environment's.
    """
    jupyter_path = tmp_path_factory.mktemp("jupyter")
    spec = jupyter_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel))
    notebook = _read()
    env = {**os.environ, "JUPYTER_PATH": str(jupyter_path)}
    env.pop("MPLBACKEND", None)  # the notebook selects the inline backend itself
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(jupyter_path))
        client = NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(tmp_path_factory.mktemp("run"))}},
        )
        client.execute(env=env)
    return notebook


def test_every_cell_ran_without_error(executed: Any) -> None:
    code_cells = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert code_cells
    assert all(cell.execution_count is not None for cell in code_cells)
    assert [o for o in _outputs(executed) if o["output_type"] == "error"] == []


def test_three_figures_are_drawn(executed: Any) -> None:
    images = [
        base64.b64decode(o["data"]["image/png"])
        for o in _outputs(executed)
        if "image/png" in o.get("data", {})
    ]
    assert len(images) == 3
    assert all(image.startswith(PNG_SIGNATURE) and len(image) > 10_000 for image in images)


def test_annual_table_matches_the_published_figures(executed: Any) -> None:
    shown = "".join(o["data"].get("text/markdown", "") for o in _outputs(executed) if "data" in o)
    assert "#### Stage 1 complaints" in shown
    assert "| Received | 605 |" in shown
    assert "| % completed on time | 83.3% |" in shown


def test_notebook_is_stored_without_outputs() -> None:
    """Outputs are produced by the test run and the docs build, never committed."""
    notebook = _read()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


def test_links_use_site_addresses() -> None:
    """mkdocs-jupyter does not rewrite links to .md files as MkDocs does for pages."""
    notebook = _read()
    text = "".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert re.findall(r"\]\(([^)]*\.md(?:#[^)]*)?)\)", text) == []
