import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/corpus.py and helpers


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden .out files")
