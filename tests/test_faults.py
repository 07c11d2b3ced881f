"""Issue 14: the faults a fuzzing campaign found around the engine, each as its reproducer and the
property behind it (nothing lost, nothing hung, no traceback). The language server's are in
tests/server/test_requests.py; the fuzz test itself is tests/test_fuzz.py."""
from __future__ import annotations

import encodings
import json
import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flexml_ls import cli
from flexml_ls import config as config_module
from flexml_ls.cli import main
from flexml_ls.config import Config
from flexml_ls.engine import lint, lint_bytes, lint_text
from flexml_ls.fixes import fix_text

ROOT = Path(__file__).resolve().parent.parent
RULE_FIXTURES = sorted((ROOT / "fixtures" / "rules").glob("*/*.flexml"))
GOOD = "<Response>\n  <Hangup/>\n</Response>\n"


@pytest.fixture(autouse=True)
def fresh_config_cache():
    config_module.clear_cache()
    yield
    config_module.clear_cache()


def view(diagnostics) -> list[tuple]:
    return [(d.line, d.column, d.code) for d in diagnostics]


def first_syntax_error(diagnostics) -> int | None:
    return min((d.start for d in diagnostics if d.code == "FX001"), default=None)


# -- 1. a safe fix deleted the document ------------------------------------------------------------------

BROKEN_SUPPRESSION = ('<Response>\n  <!-- flexml: disable-next-line=FX201 templated --/>\n'
                      '  <Say loop="2">Hi</Say>\n  <Hangup/>\n</Response>\n')


def test_a_suppression_comment_missing_its_end_is_no_suppression_and_gets_no_fix(tmp_path, capsys):
    found = lint_text(BROKEN_SUPPRESSION)
    assert view(found) == [(2, 50, "FX001")]
    assert all(d.fix is None for d in found)
    target = tmp_path / "broken.flexml"
    target.write_text(BROKEN_SUPPRESSION)
    assert main(["lint", "--fix", str(target)]) == 1
    assert target.read_text() == BROKEN_SUPPRESSION                     # not one byte lost
    assert "fixed" not in capsys.readouterr().err


@pytest.mark.parametrize("name, text, expected", [
    # The XML comment's fault, in a template.
    ("broken.flexml.j2", BROKEN_SUPPRESSION.replace('loop="2"', 'loop="{{ n }}"'), [(2, 50, "FX001")]),
    # A template comment never closed is no suppression (it ran to the end of the text: FX901 said
    # "no such diagnostic on line 7" of a 5-line file).
    ("unclosed.flexml.j2", '<Response>\n  {# flexml: disable-next-line=FX201 templated #\n  <Say loop="{{ n }}">Hi</Say>\n'
                           '  <Hangup/>\n</Response>\n', [(2, 3, "FX003")]),
    ("unclosed.flexml", '{% load x %}<Response>\n  {# flexml: disable-next-line=FX201 templated\n'
                        '  <Say loop="2">Hi</Say>\n</Response>\n', [(2, 3, "FX003")]),
])
def test_a_broken_suppression_in_a_template_is_no_suppression_and_gets_no_fix(tmp_path, capsys, name, text, expected):
    found = lint_text(text, name)
    assert view(found) == expected
    assert all(d.fix is None for d in found)
    target = tmp_path / name
    target.write_text(text)
    assert main(["lint", "--fix", str(target)]) == 1
    assert target.read_text() == text
    assert "fixed" not in capsys.readouterr().err


def test_a_jinja2_suppression_with_whitespace_marks_suppresses():
    text = '<Response>\n  {#- flexml: disable-next-line=FX201 legacy -#}\n  <Say loop="x">Hi</Say>\n</Response>\n'
    assert view(lint_text(text, "a.flexml.j2")) == []
    assert view(lint_text(text.replace("FX201", "FX202"), "a.flexml.j2")) == [(2, 3, "FX901"), (3, 14, "FX201")]


def test_every_fix_of_every_rule_fixture_edits_only_what_it_owns():
    """A name, a value or a list of codes; or one whole comment or attribute, with the whitespace
    around it (tests/fuzzing.py's `owned`, which the fuzz test asks of mutated fixtures)."""
    from fuzzing import owned
    fixes = 0
    for path in RULE_FIXTURES:
        text = lint_bytes(path.read_bytes()).text
        for diagnostic in lint_text(text):
            for edit in diagnostic.fix.edits if diagnostic.fix else ():
                fixes += 1
                assert owned(text, edit), (path.name, diagnostic.code, text[edit.start:edit.end])
    assert fixes >= 15


# What can break a document: each is put at several places of every rule fixture.
BREAKERS = ["<!-- flexml: disable-next-line=FX201 x --/>", "<!-- flexml: disable-file=FX901 x", "&", "<",
            '<Say loop="2>', "</Nothing>", "<!-- a -- b -->", "<![CDATA[", '<?xml version="1.0">']


@pytest.mark.parametrize("breaker", BREAKERS)
def test_no_fix_reaches_past_the_first_syntax_error(breaker):
    checked = 0
    for path in RULE_FIXTURES:
        text = path.read_text(encoding="utf-8")
        for where in (0, len(text) // 3, len(text) // 2, 2 * len(text) // 3, len(text)):
            broken = text[:where] + breaker + text[where:]
            diagnostics = lint_text(broken)
            error = first_syntax_error(diagnostics)
            if error is None:
                continue
            checked += 1
            for diagnostic in diagnostics:
                if diagnostic.fix is not None:
                    assert all(edit.end <= error for edit in diagnostic.fix.edits), (broken, diagnostic)
            # And so --fix keeps everything from the error on.
            fixed, _ = fix_text(broken, lambda t: lint(t, Config()).diagnostics)
            assert fixed.endswith(broken[error:]) or first_syntax_error(lint_text(fixed)) is None
    assert checked > len(RULE_FIXTURES)


# -- 2. --fix reported the old file ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("<RESPONSE>\n  <Hangup/>\n</Response>\n", GOOD),
    ("<Response>\n  <HangUp/>\n</Response>\n", GOOD),
    ('<Response>\n  <Record fileFormat="mp3" PLAYBEEP="true"/>\n'
     '  <!-- flexml: disable-next-line=FX201 legacy -->\n  <Say loop="x">Hi</Say>\n</Response>\n',
     '<Response>\n  <Record fileFormat="mp3" playBeep="true"/>\n'
     '  <!-- flexml: disable-next-line=FX201 legacy -->\n  <Say loop="x">Hi</Say>\n</Response>\n'),
])
def test_fix_reports_the_written_text(tmp_path, capsys, text, expected):
    target = tmp_path / "doc.flexml"
    target.write_text(text)
    assert main(["lint", "--fix", str(target)]) == 0
    captured = capsys.readouterr()
    assert target.read_text() == expected
    assert captured.out == "" and "All checks passed" in captured.err and "failed" not in captured.err
    assert main(["lint", str(target)]) == 0                              # a second run agrees


def test_the_engine_never_parses_bytes_that_are_not_the_text_it_lints():
    old = lint_bytes(b"<RESPONSE>\n  <Hangup/>\n</Response>\n")
    assert view(lint(GOOD, Config(), decoded=old.decoded).diagnostics) == []


def test_after_fix_the_report_and_exit_status_are_those_of_the_written_files(tmp_path, capsys):
    """Every rule fixture: `--fix` then its report, against a plain run over what it wrote."""
    for path in RULE_FIXTURES:
        (tmp_path / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    status = main(["lint", "--fix", "--unsafe-fixes", "--format", "json", str(tmp_path)])
    after_fix = json.loads(capsys.readouterr().out)
    assert main(["lint", "--format", "json", str(tmp_path)]) == status
    assert after_fix == json.loads(capsys.readouterr().out)


# -- 3. declared encodings that are no text codec --------------------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("rot13", "'rot13' is not a character encoding"), ("punycode", "'punycode' is not a character encoding"),
    ("idna", "'idna' is not a character encoding"), ("base64", "'base64' is not a character encoding"),
    ("hex", "'hex' is not a character encoding"), ("undefined", "'undefined' is not a character encoding"),
    ("x-nothing", "unknown encoding 'x-nothing'"),
])
def test_a_declared_codec_that_is_no_character_encoding_is_fx001_at_the_declaration(name, message):
    result = lint_bytes(f'<?xml version="1.0" encoding="{name}"?>\n<Response/>\n'.encode())
    assert [(d.line, d.column, d.code, d.message) for d in result.diagnostics] == [
        (1, 31, "FX001", f"Not well-formed XML: {message} in the XML declaration")]


def test_every_codec_python_has_can_be_declared_without_a_traceback():
    names = sorted({module.name for module in pkgutil.iter_modules(encodings.__path__)} - {"aliases"})
    body = "<Response><Say>caf\u00e9 \u20ac</Say></Response>\n".encode("utf-8") + bytes(range(256))
    for name in names:
        result = lint_bytes(f'<?xml version="1.0" encoding="{name}"?>\n'.encode() + body)
        assert result.diagnostics, name


def test_a_directory_run_goes_on_past_such_a_file(tmp_path, capsys):
    (tmp_path / "a.flexml").write_bytes(b'<?xml version="1.0" encoding="base64"?>\n<Response/>\n')
    (tmp_path / "b.flexml").write_text('<Response>\n  <HangUp/>\n</Response>\n')
    assert main(["lint", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in out] == ["a.flexml:1:31", "b.flexml:2:4"]


# -- 4. quadratic in attributes -------------------------------------------------------------------------

def many_attributes(count: int, name: str = "a") -> str:
    return "<Response>\n  <Say " + " ".join(f'{name}{i}="x"' for i in range(count)) + ">Hi</Say>\n</Response>\n"


def best_time(texts: list[str], filename: str | None = None) -> float:
    """The best time of linting each text, with the cyclic collector off (its passes grow with the
    objects alive, whatever the rules do: not what these tests measure)."""
    import gc
    times = []
    gc.disable()
    try:
        for text in texts:
            started = time.perf_counter()
            lint_text(text, filename)
            times.append(time.perf_counter() - started)
    finally:
        gc.enable()
    return min(times)


@pytest.mark.parametrize("name", ["a", "voice"])  # unknown attributes; near misses of a real one
def test_linting_is_linear_in_the_attributes_of_one_element(name):
    found = lint_text(many_attributes(16000, name))
    assert len([d for d in found if d.code == "FX107"]) == 16000
    assert (found[0].line, found[0].column) == (2, 8)
    # (Names never seen in each run: the rules memoise verdicts, and a warm cache would flatter the
    # smaller document.)
    # 8x the size: linear is about 8x the time, quadratic 64x; the wide gap between them keeps a
    # loaded machine's noise from deciding.
    ratio = best_time([many_attributes(16000, f"{name}r{run}n") for run in range(4)]) / \
        best_time([many_attributes(2000, f"{name}r{run}n") for run in range(4)])
    assert ratio < 24, f"8x the attributes took {ratio:.1f}x the time (linear: about 8; quadratic: 64)"


def test_many_attributes_are_reported_as_on_the_fast_path(monkeypatch):
    """Past 256 attributes on one element the scanner's tree stands in for lxml's: the diagnostics
    are those the scanner's path gives at any size (as tests/test_differential.py proves below it)."""
    from flexml_ls import engine
    texts = [many_attributes(count).replace('a7="x"', 'LOOP="2" a7="x"').replace('a9="x"', 'voice="man"')
             for count in (255, 256, 300)]
    fast = [[(d.code, d.message, d.start, d.end, d.fix) for d in lint_text(text)] for text in texts]
    monkeypatch.setattr(engine, "_lxml_view_usable", lambda text: False)
    assert fast == [[(d.code, d.message, d.start, d.end, d.fix) for d in lint_text(text)] for text in texts]
    assert ("FX108", "Attribute `LOOP` on `<Say>` should be spelled `loop`") in [d[:2] for d in fast[2]]


def many_children(count: int, run: int = 0, template: bool = False) -> str:
    """`count` sibling elements, each with two values the XSD refuses (FX201 each)."""
    loop = "{{ n }}x" if template else "x"
    return "<Response>\n" + "".join(f'  <Say loop="{loop}" voice="v{run}r{i}">a</Say>\n'
                                     for i in range(count)) + "</Response>\n"


@pytest.mark.parametrize("filename", [None, "call.flexml.j2"])
def test_linting_is_linear_in_the_children_of_one_element(filename):
    """lxml writes each XSD error's path by counting the element's siblings: thousands of sibling
    elements with errors took time quadratic in their number (16,000: 17 s)."""
    found = lint_text(many_children(16000, template=filename is not None), filename)
    assert {d.code for d in found} == {"FX201"}
    if filename is None:
        assert len(found) == 32000 and [(d.line, d.column) for d in found[:2]] == [(2, 14), (2, 24)]
    else:  # (a loop of `{{ n }}x` is unknown until it renders: only the voice is judged)
        assert len(found) == 16000 and [(d.line, d.column) for d in found[:2]] == [(2, 31), (3, 31)]
    ratio = best_time([many_children(16000, run, filename is not None) for run in range(3)], filename) / \
        best_time([many_children(2000, run, filename is not None) for run in range(3)], filename)
    assert ratio < 24, f"8x the elements took {ratio:.1f}x the time (linear: about 8; quadratic: 64)"


def test_many_children_are_reported_as_on_the_fast_path(monkeypatch):
    """Past engine._MANY_CHILDREN children of one element the scanner's tree stands for lxml's: the
    same diagnostics."""
    from flexml_ls import engine
    limit = engine._MANY_CHILDREN
    texts = [many_children(count).replace('voice="v0r7"', 'VOICE="man"') for count in (limit - 1, limit, limit + 70)]
    fast = [[(d.code, d.message, d.start, d.end, d.fix) for d in lint_text(text)] for text in texts]
    monkeypatch.setattr(engine, "_lxml_view_usable", lambda text: False)
    assert fast == [[(d.code, d.message, d.start, d.end, d.fix) for d in lint_text(text)] for text in texts]
    assert ("FX108", "Attribute `VOICE` on `<Say>` should be spelled `voice`") in [d[:2] for d in fast[0]]


def many_fields(count: int, run: int = 0) -> str:
    """A JSON call flow whose start module has `count` unknown fields (FX603 each), one a line."""
    fields = {f"r{run}f{i}": 1 for i in range(count)}
    return json.dumps({"extension": 501, "name": "n", "flow": {
        "begin": {"module": "start", "next": "end", **fields}, "end": {"module": "busy"}}}, indent=1)


def test_json_linting_is_linear_in_the_members_of_one_object():
    """A lookup by key searched every member (a quadratic lint: 20,000 fields of one module took 9 s)."""
    found = lint_text(many_fields(16000), "flow.callflow.json")
    assert [d.code for d in found] == ["FX603"] * 16000
    assert [(d.line, d.column) for d in found[:2]] == [(8, 4), (9, 4)]
    ratio = best_time([many_fields(16000, run) for run in range(3)], "flow.callflow.json") / \
        best_time([many_fields(2000, run) for run in range(3)], "flow.callflow.json")
    assert ratio < 24, f"8x the fields took {ratio:.1f}x the time (linear: about 8; quadratic: 64)"


def suppressed(count: int, code: str, run: int = 0) -> str:
    return "<Response>\n" + "".join(f'  <!-- flexml: disable-next-line={code} why -->\n  <Say loop="x{run}r{i}">a</Say>\n'
                                   for i in range(count)) + "</Response>\n"


@pytest.mark.parametrize("code", ["FX201", "FX202"])  # every suppression used; none used (each reported)
def test_linting_is_linear_in_suppression_comments(code):
    found = lint_text(suppressed(2000, code))
    assert len(found) == (0 if code == "FX201" else 4000)
    ratio = best_time([suppressed(8000, code, run) for run in range(3)]) / \
        best_time([suppressed(1000, code, run) for run in range(3)])
    assert ratio < 24, f"8x the suppressions took {ratio:.1f}x the time (linear: about 8; quadratic: 64)"


# -- 5. a FIFO hung the command ---------------------------------------------------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
@pytest.mark.timeout(30)
def test_a_fifo_named_is_an_error_and_one_in_a_directory_is_skipped(tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe.flexml")
    (tmp_path / "bad.flexml").write_text('<Response>\n  <HangUp/>\n</Response>\n')
    assert main(["lint", str(tmp_path / "pipe.flexml")]) == 2
    assert f"{tmp_path / 'pipe.flexml'}: not a regular file" in capsys.readouterr().err
    assert main(["lint", str(tmp_path)]) == 0                 # FX103 is a warning; the FIFO is no file
    captured = capsys.readouterr()
    assert captured.out == f"{tmp_path / 'bad.flexml'}:2:4: FX103 warning: `<HangUp>` should be spelled `<Hangup>`\n"
    assert "in 1 file" in captured.err


@needs_fifo
def test_a_fifo_run_as_a_process_ends(tmp_path):
    os.mkfifo(tmp_path / "pipe.flexml")
    result = subprocess.run([sys.executable, "-m", "flexml_ls", "lint", str(tmp_path / "pipe.flexml"), str(tmp_path)],
                            capture_output=True, timeout=60)
    assert result.returncode == 2 and b"not a regular file" in result.stderr


@needs_fifo
@pytest.mark.timeout(60)
def test_fifos_named_as_templates_and_json_or_read_by_flow_or_as_config_never_hang(tmp_path, capsys):
    for name in ("x.callflow.json", "t.flexml.j2", "app.py", "cfg.toml"):
        os.mkfifo(tmp_path / name)
    (tmp_path / "bad.flexml.j2").write_text('<Response>\n  <HangUp/>{{ x }}\n</Response>\n')
    for name in ("x.callflow.json", "t.flexml.j2"):
        assert main(["lint", "--fix", str(tmp_path / name)]) == 2
        assert capsys.readouterr().err == (f"flexml: error: {tmp_path / name}: not a regular file\n"
                                           "No problems in 0 files, but 1 I/O error (above).\n")
        assert main(["flow", str(tmp_path / name)]) == 2
        assert capsys.readouterr().err == f"flexml: error: {tmp_path / name}: not a regular file\n"
    assert main(["lint", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'bad.flexml.j2'}:2:4: FX103 warning: `<HangUp>` should be spelled `<Hangup>`\n"
    assert main(["lint", "--config", str(tmp_path / "cfg.toml"), str(tmp_path / "bad.flexml.j2")]) == 2
    assert capsys.readouterr().err == f"flexml: error: {tmp_path / 'cfg.toml'}: not a regular file\n"
    # `flexml flow` over the folder reads its templates and Python modules: not the FIFOs among them.
    result = subprocess.run([sys.executable, "-m", "flexml_ls", "flow", str(tmp_path)], capture_output=True, timeout=50)
    assert result.returncode == 0 and b"Traceback" not in result.stderr


# -- 6. an unreadable subdirectory was skipped silently ---------------------------------------------------

def test_an_unreadable_subdirectory_is_an_io_error_and_the_rest_is_still_reported(tmp_path, capsys, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.flexml").write_text(GOOD)
    (tmp_path / "open.flexml").write_text('<Response>\n  <HangUp/>\n</Response>\n')
    scandir = os.scandir

    def refusing(path="."):  # as for a directory without read permission (the tests may run as root)
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)
    monkeypatch.setattr(os, "scandir", refusing)
    assert main(["lint", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{tmp_path / 'open.flexml'}:2:4: FX103")
    assert f"flexml: error: {tmp_path / 'locked'}: cannot read directory: Permission denied" in captured.err
    assert "All checks passed" not in captured.err


@pytest.fixture
def shared_folder():
    """A folder another user can reach (pytest's tmp_path is its own user's alone)."""
    import shutil
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="flexml-faults-"))
    folder.chmod(0o755)
    yield folder
    for inner in [folder, *folder.rglob("*")]:
        if inner.is_dir() and not inner.is_symlink():
            inner.chmod(0o755)
    shutil.rmtree(folder)


needs_permissions = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="no POSIX permissions")


# As root: the command runs as nobody (65534), in a process that has imported, as root, all that it
# may need (by fixing a copy of each kind of file), since nobody may not reach this interpreter's files.
_AS_NOBODY = """
import contextlib, io, os, shutil, sys, tempfile
from flexml_ls import cli, config
scratch = tempfile.mkdtemp()
for name, text in [("a.flexml", "<Response><HangUp/></Response>"), ("b.flexml.j2", "<Response><HangUp/>{{ x }}</Response>"),
                   ("c.callflow.json", '{"flow": {"a": {"module": "Play"}}}'), ("pyproject.toml", "[tool.flexml]")]:
    with open(os.path.join(scratch, name), "w") as handle:
        handle.write(text)
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    cli.main(["lint", "--fix", scratch, os.path.join(scratch, "nothing")])
shutil.rmtree(scratch)
config.clear_cache()
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
sys.exit(cli.main(sys.argv[1:]))
"""


def as_a_user(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """`flexml ARGUMENTS` as a user permissions apply to (root may read and write anything)."""
    command = ["-c", _AS_NOBODY] if os.geteuid() == 0 else ["-m", "flexml_ls"]
    return subprocess.run([sys.executable, *command, *arguments], cwd=cwd, capture_output=True, timeout=60, text=True)


@needs_permissions
def test_folders_and_files_without_permission_are_io_errors_and_the_rest_is_reported(shared_folder):
    """For real: no stand-in for the operating system's refusals."""
    (shared_folder / "locked").mkdir()
    (shared_folder / "locked" / "hidden.flexml").write_text(GOOD)
    (shared_folder / "open.flexml.j2").write_text('<Response>\n  <HangUp/>{{ x }}\n</Response>\n')
    (shared_folder / "unreadable.callflow.json").write_text("{}")
    (shared_folder / "unreadable.callflow.json").chmod(0)
    (shared_folder / "locked").chmod(0)
    result = as_a_user(["lint", "."], shared_folder)
    assert result.returncode == 2
    assert result.stdout == "open.flexml.j2:2:4: FX103 warning: `<HangUp>` should be spelled `<Hangup>`\n"
    assert result.stderr == ("flexml: error: ./locked: cannot read directory: Permission denied\n"
                             "flexml: error: unreadable.callflow.json: Permission denied\n"
                             "Found 1 problem (0 errors, 1 other) in 1 file; 1 fixable with --fix.\n")
    # Named: the folder itself, and a file in it (its config cannot be looked for there either).
    result = as_a_user(["lint", "locked", "locked/hidden.flexml"], shared_folder)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("flexml: error: locked: cannot read directory: Permission denied\n"
                             "flexml: error: locked/hidden.flexml: Permission denied\n"
                             "No problems in 0 files, but 2 I/O errors (above).\n")


# -- 7. tracebacks instead of exit 2 ----------------------------------------------------------------------

def test_closed_stdin_is_exit_2_with_a_message():
    result = subprocess.run([sys.executable, "-m", "flexml_ls", "lint", "-"], capture_output=True, timeout=60,
                            preexec_fn=lambda: os.close(0))
    assert result.returncode == 2
    assert result.stderr.decode().startswith("flexml: error: -: standard input is closed")
    assert b"Traceback" not in result.stderr


def test_a_report_that_cannot_be_written_is_exit_2_with_a_message(tmp_path):
    (tmp_path / "bad.flexml").write_text('<Response>\n  <HangUp/>\n</Response>\n')
    (tmp_path / "good.flexml").write_text(GOOD)
    command = [sys.executable, "-m", "flexml_ls", "lint"]
    closed = subprocess.run([*command, str(tmp_path / "bad.flexml")], capture_output=True, timeout=60,
                            preexec_fn=lambda: os.close(1))
    assert (closed.returncode, closed.stderr) == (2, b"flexml: error: cannot write the output: standard output is closed\n")
    quiet = subprocess.run([*command, "-q", str(tmp_path / "good.flexml")], capture_output=True, timeout=60,
                           preexec_fn=lambda: os.close(1))
    assert (quiet.returncode, quiet.stderr) == (0, b"")                   # nothing to write: nothing wrong
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            result = subprocess.run([*command, str(tmp_path / "bad.flexml")], stdout=full, stderr=subprocess.PIPE,
                                    timeout=60)
        assert (result.returncode, result.stderr) == (2, b"flexml: error: cannot write the output: No space left on device\n")


@pytest.mark.parametrize("content, message", [
    (b"[tool]\nflexml = 3\n", "[tool.flexml] must be a table, not an integer"),
    (b'tool = "x"\n', "[tool] must be a table, not a string"),
    (b"[tool.flexml]\nselect = [\"FX1\"]\n# caf\xe9\n", "not UTF-8 (byte 0xE9 at offset 36); TOML files are UTF-8"),
    (b"[tool.flexml.severity]\nFX201 = [1]\n", "severity of FX201 must be error, warning or info, not [1]"),
    (b"[[tool.flexml]]\n", "[tool.flexml] must be a table, not an array"),
])
def test_a_bad_pyproject_is_exit_2_with_a_message(tmp_path, capsys, content, message):
    (tmp_path / "pyproject.toml").write_bytes(content)
    (tmp_path / "a.flexml").write_text(GOOD)
    (tmp_path / "b.flexml.j2").write_text("<Response>{{ x }}</Response>\n")
    (tmp_path / "c.callflow.json").write_text('{"flow": {}}\n')
    for arguments in (["lint", str(tmp_path)], ["lint", str(tmp_path / "b.flexml.j2")],
                      ["lint", str(tmp_path / "c.callflow.json")], ["flow", str(tmp_path)]):
        assert main(arguments) == 2, arguments
        # (`flexml flow` read the file a second way: a traceback for the first two, another message)
        assert capsys.readouterr().err.endswith(f"flexml: error: {tmp_path / 'pyproject.toml'}: {message}\n")


# -- 9. after a failed write ------------------------------------------------------------------------------

BAD = '<Response>\n  <HangUp/>\n  <Say loop="x">Hi</Say>\n</Response>\n'


def deleted_after_reading(monkeypatch):
    read = cli.read_file

    def read_then_delete(path):
        data = read(path)
        os.unlink(path)
        return data
    monkeypatch.setattr(cli, "read_file", read_then_delete)


def read_only_folder(monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)


@pytest.mark.parametrize("failure, why", [(deleted_after_reading, "No such file or directory"),
                                          (read_only_folder, "Permission denied")])
def test_a_failed_write_says_what_was_not_written_and_reports_the_files_problems(tmp_path, capsys, monkeypatch,
                                                                                 failure, why):
    target = tmp_path / "doc.flexml"
    target.write_text(BAD)
    expected = [f"{target}:{d.line}:{d.column}: {d.code}" for d in lint_text(BAD)]
    failure(monkeypatch)
    assert main(["lint", "--fix", str(target)]) == 2
    captured = capsys.readouterr()
    assert [line.split(" ", 1)[0] + " " + line.split(" ")[1] for line in captured.out.splitlines()] == \
        [f"{e.rsplit(' ', 1)[0]} {e.rsplit(' ', 1)[1]}" for e in expected]
    assert len(expected) == 3                                       # the HangUp fix among them
    assert f"flexml: error: {target}: 1 fix not written: {why}" in captured.err
    assert "fixed" not in captured.err and "All checks passed" not in captured.err


@pytest.mark.parametrize("data", [b"<Response>\n  <Say>caf\xe9</Say>\n  <HangUp/>\n</Response>\n",
                                  b'<?xml version="1.0" encoding="rot13"?>\n<Response><HangUp/></Response>'])
def test_fix_from_stdin_passes_on_what_it_cannot_decode_byte_for_byte(data):
    result = subprocess.run([sys.executable, "-m", "flexml_ls", "lint", "--fix", "-"], input=data,
                            capture_output=True, timeout=60)
    assert result.returncode == 2 and b"not fixed" in result.stderr
    assert result.stdout == data


@needs_permissions
@pytest.mark.parametrize("name, text", [
    ("doc.flexml", BAD), ("doc.flexml.j2", BAD.replace("Hi", "{{ greeting }}")),
    ("flow.callflow.json", (ROOT / "fixtures/callflows/FX602/capitalised-play.callflow.json").read_text()),
])
def test_fix_in_a_read_only_folder_or_on_a_read_only_file_writes_nothing_and_says_so(shared_folder, name, text):
    """For real: a read-only folder; a file its user may not write, in a folder they may (replacing
    it, as the atomic write does, would get round its permissions and take it from its owner)."""
    for folder, folder_mode, file_mode in (("ro-folder", 0o555, 0o666), ("ro-file", 0o777, 0o444)):
        (shared_folder / folder).mkdir()
        target = shared_folder / folder / name
        target.write_text(text)
        target.chmod(file_mode)
        (shared_folder / folder).chmod(folder_mode)
        expected = [f"{folder}/{name}:{d.line}:{d.column}: {d.code}" for d in lint_text(text, name)]
        result = as_a_user(["lint", "--fix", f"{folder}/{name}"], shared_folder)
        assert result.returncode == 2
        assert [" ".join(line.split(" ")[:2]) for line in result.stdout.splitlines()] == expected
        assert f"flexml: error: {folder}/{name}: 1 fix not written: Permission denied\n" in result.stderr
        assert "fixed" not in result.stderr and "Traceback" not in result.stderr
        assert target.read_text() == text and sorted(os.listdir(target.parent)) == [name]


def test_fix_through_a_symbolic_or_hard_link_fixes_the_file_and_keeps_the_links(tmp_path, capsys):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "doc.flexml"
    real.write_text(BAD)
    (tmp_path / "link.flexml").symlink_to(real)
    os.link(real, tmp_path / "hard.flexml")
    assert main(["lint", "--fix", str(tmp_path / "link.flexml")]) == 1
    fixed = BAD.replace("HangUp", "Hangup")
    assert (tmp_path / "link.flexml").is_symlink() and real.read_text() == fixed
    assert (tmp_path / "hard.flexml").read_text() == fixed and os.stat(real).st_nlink == 2
    assert "fixed 1" in capsys.readouterr().err


# -- 11. an unterminated XML declaration ------------------------------------------------------------------

def test_an_unterminated_declaration_is_a_syntax_error_at_the_declaration():
    found = lint_text('<?xml version="1.0">\n<Response>\n  <Hangup/>\n</Response>\n')
    assert [(d.line, d.column, d.code, d.message) for d in found] == [
        (1, 20, "FX001", "Not well-formed XML: Blank needed here")]


def test_every_truncated_declaration_is_one_syntax_error_on_its_line():
    declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    for length in range(2, len(declaration)):
        found = lint_text(declaration[:length] + "\n<Response>\n  <Hangup/>\n</Response>\n")
        assert [d.code for d in found] == ["FX001"], declaration[:length]
        assert found[0].line <= 2 or length < len("<?xml"), declaration[:length]  # (`<?x`: a PI, never ended)
    # With nothing after it, it is still a syntax error (beside the empty document).
    assert [d.code for d in lint_text('<?xml version="1.0"')] == ["FX002", "FX001"]
    assert [d.code for d in lint_text('<?xml version="1.0"?>\n<!-- only -->\n')] == ["FX002"]
