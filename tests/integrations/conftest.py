"""Shared helpers for the integration tests (VS Code, pre-commit, CI formats, pytest helpers)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def run(*args, cwd=None, env=None, timeout=300, input=None) -> subprocess.CompletedProcess:
    """Run a command, capturing text output; never raises on a non-zero exit."""
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, timeout=timeout, input=input,
                          capture_output=True, text=True)


def flexml(*args, cwd=None, env=None, input=None) -> subprocess.CompletedProcess:
    return run(PYTHON, "-m", "flexml_ls", *args, cwd=cwd, env=env, input=input)


@pytest.fixture
def clean_env(tmp_path):
    """os.environ without this run's pytest/coverage variables, and a private HOME-ish cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env

# A pytest project the plugin tests run pytest on, in a subprocess; not part of this suite.
collect_ignore = ["plugin_project"]
