"""What the coverage figure leaves out is listed in the docs (Contributing, Testing).

Code may be excluded from the branch-coverage figure only when no input can reach it; each
exclusion is stated in ``docs/contributing.md`` so that a reviewer sees the whole list.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "complaintcode"


def _testing_section() -> str:
    text = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    start = text.index("## Testing")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_every_no_cover_pragma_is_listed_with_its_module() -> None:
    """Each module with a ``# pragma: no cover`` is named in the exclusions list."""
    section = _testing_section()
    marked = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "pragma: no cover" in path.read_text(encoding="utf-8")
    )
    assert marked, "the list in the docs names pragmas; update it if none are left"
    missing = [module for module in marked if f"`{module}`" not in section]
    assert missing == [], f"add these modules to the exclusions in docs/contributing.md: {missing}"


def test_every_excluded_pattern_is_listed() -> None:
    """Each ``exclude_also`` pattern of pyproject.toml is described in the docs."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["coverage"]["report"]["exclude_also"]
    section = _testing_section()
    for pattern in patterns:
        # The pattern is a regular expression; the docs show the code it matches.
        shown = re.sub(r"\.(?=__main__)|(?<=__main__)\.", '"', pattern)
        assert f"`{shown}`" in section, pattern
