"""Release readiness: the sdist and wheel build, and the wheel runs in a clean environment."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import complaintcode

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
TEST_TOOLS = ("pytest", "hypothesis", "jsonschema")
SDIST_TESTS = (
    "-k",
    "(messy or golden) and not columnar",  # the columnar engine is an extra, not installed
    "-m",
    "not slow",
    "--ignore=tests/columnar",
    "--ignore=tests/docs",
    "--ignore=tests/server",  # the service is an extra, not installed
    "tests",
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build an sdist and a wheel with `python -m build`."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def _one(folder: Path, pattern: str) -> Path:
    (found,) = folder.glob(pattern)
    return found


def test_the_version_comes_from_the_package_metadata() -> None:
    """complaintcode.__version__ is the installed distribution's version."""
    from importlib import metadata

    assert complaintcode.__version__ == metadata.version("complaintcode")


def test_importing_the_package_does_not_search_the_installed_distributions() -> None:
    """`import complaintcode` loads neither importlib.metadata nor holidays (which uses it).

    Looking a version up in the installed distributions cost most of the import time; the
    version is a literal now and holidays is imported when a calendar is first built.
    """
    program = (
        "import sys, complaintcode\n"
        "print(sorted(m for m in ('importlib.metadata', 'holidays') if m in sys.modules))\n"
        "complaintcode.WorkingDayCalendar.england_and_wales().is_working_day("
        "__import__('datetime').date(2023, 5, 8))\n"
        "print('holidays' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], check=True, capture_output=True, text=True
    )
    assert result.stdout.split("\n")[:2] == ["[]", "True"]


def test_the_wheel_ships_the_data_the_library_reads(dist: Path) -> None:
    """py.typed, the sample, the JSON schemas and the conformance cases are in the wheel."""
    names = zipfile.ZipFile(_one(dist, "*.whl")).namelist()
    for needed in (
        "complaintcode/py.typed",
        "complaintcode/data/sample.csv",
        "complaintcode/schemas/complaint.schema.json",
        "complaintcode/schemas/assessment.schema.json",
        "complaintcode/data/conformance/cases.json",
    ):
        assert needed in names


def test_the_wheel_states_its_licence_as_pep_639_asks(dist: Path) -> None:
    """License-Expression and License-File: what hatchling 1.27 (the floor) first writes.

    hatchling 1.26 still builds, but writes metadata 2.3 with a bare "License: MIT".
    """
    wheel = zipfile.ZipFile(_one(dist, "*.whl"))
    (metadata_name,) = (n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    headers = wheel.read(metadata_name).decode("utf-8").split("\n\n", 1)[0].splitlines()
    assert "License-Expression: MIT" in headers
    assert "License-File: LICENSE" in headers
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in wheel.namelist())


def test_the_sdist_carries_the_tests_and_docs(dist: Path) -> None:
    """The source distribution can run its own tests."""
    with tarfile.open(_one(dist, "*.tar.gz")) as archive:
        names = archive.getnames()
    for needed in (
        "tests/test_calendar.py",
        "docs/index.md",
        "CHANGELOG.md",
        "LICENSE",
        "examples/messy.csv",
        "examples/columns.toml",
    ):
        assert any(name.endswith(needed) for name in names), needed


def test_the_sdist_installs_and_passes_a_part_of_its_own_tests(dist: Path, tmp_path: Path) -> None:
    """Unpacked, the sdist installs in a fresh venv and its tests run there (a bounded part).

    The part: the hand-worked golden rule cases, and the command-line tests on the messy
    export in examples/ (which the sdist once left out, so its own tests failed). They run
    against the package installed from the sdist (a wheel pip builds from it), never src/.
    """
    with tarfile.open(_one(dist, "*.tar.gz")) as archive:
        archive.extractall(tmp_path, filter="data")
    (source,) = (p for p in tmp_path.iterdir() if p.name.startswith("complaintcode-"))
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(source), *TEST_TOOLS],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *SDIST_TESTS],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert " failed" not in result.stdout
    # What those tests imported is the installed package (pip built a wheel from the sdist
    # and installed it), not the sdist's src/ folder: so the built wheel passed them too.
    where = subprocess.run(
        [str(python), "-c", "import complaintcode; print(complaintcode.__file__)"],
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(env), where.stdout


def test_the_wheel_installs_and_runs_in_a_clean_virtual_environment(
    dist: Path, tmp_path: Path
) -> None:
    """A fresh venv with only the wheel (and its four dependencies) runs the report."""
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(_one(dist, "*.whl"))],
        check=True,
        capture_output=True,
    )
    report = subprocess.run(
        [str(env / "bin" / "complaintcode"), "report", "--sample", "--year", "2023"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert report.stdout.startswith("# Complaints performance: 1 April 2023 to 31 March 2024")
    version = subprocess.run(
        [str(env / "bin" / "complaintcode"), "--version"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert version.stdout.strip() == f"complaintcode {complaintcode.__version__}"
    # The shipped conformance cases, run against the installed reference adapter.
    program = str(env / "bin" / "complaintcode")
    adapter = f'"{program}" conformance reference'
    conformance = subprocess.run(
        [program, "conformance", "run", "--case", "G22-002", "--command", adapter],
        check=True,
        capture_output=True,
        text=True,
    )
    assert conformance.stdout.startswith("conformance: 1 case: 1 pass")
    no_hypothesis = subprocess.run(
        [str(python), "-c", "import complaintcode, sys; print('hypothesis' in sys.modules)"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert no_hypothesis.stdout.strip() == "False"


def test_the_strategies_work_in_a_clean_environment_with_the_extra(
    dist: Path, tmp_path: Path
) -> None:
    """`pip install complaintcode[hypothesis]`, then a property test with complaints()."""
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    wheel = _one(dist, "*.whl")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{wheel}[hypothesis]"],
        check=True,
        capture_output=True,
    )
    program = (
        "from hypothesis import given, settings\n"
        "from complaintcode import check\n"
        "from complaintcode.strategies import complaints\n"
        "@settings(max_examples=25, database=None)\n"
        "@given(complaints(compliant=True))\n"
        "def test(c):\n"
        "    assert check(c).findings == ()\n"
        "test()\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [str(python), "-c", program], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "ok"
