import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/corpus.py and helpers


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden .out files")


import os  # noqa: E402

import pytest  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI every program a test drives is installed by scripts/test, so a skip there is a failure:
    a green run must not hide a missing install step."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be missing: {reason}"
