"""The C# and Java snippets of "Call complaintcode from .NET or Java", compiled and run.

Each snippet is compiled once per session (javac with the system's Jackson jars; Mono's
mcs) and run against the real service on 127.0.0.1 (the HTTP ones) or the real
``complaintcode`` command (the JSON Lines ones); what it prints must be what the guide
says it prints. ``python3 tasks.py test`` installs the toolchains with apt-get when run as
root (as CI is), and there a missing toolchain fails these tests; elsewhere (not root, or
no apt-get) they skip, naming the packages to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

from .conftest import ROOT, Service

pytestmark = pytest.mark.slow  # compiles with javac and mcs

SNIPPETS = ROOT / "docs" / "how-to" / "interop"
GUIDE = ROOT / "docs" / "how-to" / "dotnet-java.md"
JACKSON = ("jackson-databind", "jackson-core", "jackson-annotations")
JAVA_PACKAGES = "openjdk-17-jdk-headless libjackson2-databind-java"
MONO_PACKAGES = (
    "mono-mcs mono-runtime libmono-system-net-http4.0-cil "
    "libmono-system-runtime-serialization4.0-cil"
)
MONO_LIBRARIES = ("System.Net.Http", "System.Runtime.Serialization")


def _missing(what: str, packages: str) -> NoReturn:
    """Fail where the toolchain could have been installed (root with apt-get); else skip."""
    why = (
        f"{what} is not installed: run `python3 tasks.py test` as root (it installs the "
        f"packages), or `apt-get install {packages}`"
    )
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.fail(why)
    pytest.skip(why)


def _jackson() -> list[Path] | None:
    jars = [Path("/usr/share/java") / f"{name}.jar" for name in JACKSON]
    return jars if all(j.is_file() for j in jars) else None


def _compile(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="session")
def java(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that runs a compiled Java snippet: ``java -cp classes:jackson``."""
    jars = _jackson()
    if shutil.which("javac") is None or shutil.which("java") is None or jars is None:
        _missing("A JDK with Jackson", JAVA_PACKAGES)
    assert jars is not None
    classes = tmp_path_factory.mktemp("java")
    path = os.pathsep.join(str(j) for j in jars)
    sources = [str(SNIPPETS / "CheckOverHttp.java"), str(SNIPPETS / "CheckWithCli.java")]
    _compile(["javac", "-Xlint:all", "-Werror", "-cp", path, "-d", str(classes), *sources], classes)
    return ["java", "-cp", os.pathsep.join([str(classes), path])]


@pytest.fixture(scope="session")
def mono(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the two C# snippets compiled by Mono: http.exe and cli.exe."""
    if shutil.which("mcs") is None or shutil.which("mono") is None:
        _missing("Mono (mcs and mono)", MONO_PACKAGES)
    gac = Path("/usr/lib/mono/4.5")
    if not all((gac / f"{name}.dll").is_file() for name in MONO_LIBRARIES):
        _missing("Mono's System.Net.Http or System.Runtime.Serialization", MONO_PACKAGES)
    out = tmp_path_factory.mktemp("mono")
    references = [f"-r:{name}" for name in MONO_LIBRARIES]
    for exe, source in (("http.exe", "CheckOverHttp.cs"), ("cli.exe", "CheckWithCli.cs")):
        _compile(["mcs", f"-out:{exe}", *references, str(SNIPPETS / source)], out)
    return out


def _run(command: list[str]) -> list[str]:
    """Run a snippet with this environment's ``complaintcode`` first on PATH; its stdout."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _printed(heading: str) -> list[str]:
    """The lines the guide says the program under ``heading`` prints."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"It prints[^\n]*:\n\n```text\n(.*?)\n```", section, flags=re.S)
    assert found is not None, f"the guide shows no output under {heading!r}"
    return found[1].splitlines()


def _over_http(lines: list[str], service: Service, compliant: str) -> None:
    """What an HTTP snippet prints agrees with the service and with the hand-worked dates."""
    # Received Friday 2023-05-05: 5 working days skip the Coronation (Monday 8 May), so the
    # acknowledgement was due Monday 15 May; sent on the 16th, one working day late.
    request = {
        "complaint": {
            "reference": "HC-0117",
            "stages": [{"number": 1, "received": "2023-05-05", "acknowledged": "2023-05-16"}],
        },
        "as_of": "2023-07-31",
    }
    status, answer = service.post("/v1/check", request)
    assert status == 200
    assert lines[0] == f"HC-0117 compliant: {compliant}"
    assert lines[1:] == [f"{f['rule']}: {f['message']}" for f in answer["findings"]]
    assert "1 working day after its 2023-05-15 deadline" in lines[1]


def _through_the_cli(lines: list[str], compliant: str) -> None:
    assert lines[0] == f"HC-0117 compliant: {compliant}"
    assert lines[1].startswith(
        "line 2 refused: /stages/0/acknowledged: expected a date without a time"
    )
    # One line of two refused is more than --max-rejected's 1%: the input was not usable.
    assert lines[2] == "exit status 2"


def test_the_java_http_snippet(java: list[str], service: Service) -> None:
    """CheckOverHttp.java posts one complaint and prints the service's findings."""
    lines = _run([*java, "CheckOverHttp", service.base])
    _over_http(lines, service, "false")
    assert lines == _printed("Java over HTTP")


def test_the_java_command_line_snippet(java: list[str]) -> None:
    """CheckWithCli.java pipes JSON Lines through `complaintcode check -`."""
    lines = _run([*java, "CheckWithCli"])
    _through_the_cli(lines, "false")
    assert lines == _printed("Java through the command line")


def test_the_csharp_http_snippet(mono: Path, service: Service) -> None:
    """CheckOverHttp.cs (built by Mono's mcs) posts one complaint and prints the findings."""
    lines = _run(["mono", str(mono / "http.exe"), service.base])
    _over_http(lines, service, "False")
    assert lines == _printed(".NET over HTTP")


def test_the_csharp_command_line_snippet(mono: Path) -> None:
    """CheckWithCli.cs (built by Mono's mcs) pipes JSON Lines through the command line."""
    lines = _run(["mono", str(mono / "cli.exe")])
    _through_the_cli(lines, "False")
    assert lines == _printed(".NET through the command line")
