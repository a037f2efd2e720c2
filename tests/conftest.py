"""Shared test configuration: Hypothesis profiles."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
# `python3 tasks.py test` runs the core tests again on the minimum dependency versions
# (.venv-min) with this profile: the same laws on fewer examples, to keep that run short.
settings.register_profile(
    "min-versions",
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# `python3 tasks.py mutation` runs the tests once per mutant with this profile: fixed
# examples, so a mutant's verdict is the same on every run, and fewer of them, so the run
# ends in reasonable time (a weaker test run: the scores it gives are, if anything, low).
settings.register_profile(
    "mutation",
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
