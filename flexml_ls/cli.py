"""`flexml`: the command line. Formats, config, files and exit codes; the engine does the rest.

Kept light on purpose: no pygls, lsprotocol or xmlschema here (each costs 0.3-0.8 s to import).
Exit status: 0 no error-severity diagnostic, 1 at least one, 2 usage or I/O error.
"""
from __future__ import annotations

import argparse
import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from . import config as config_module
from .config import Config, ConfigError
from .diagnostics import Severity
from .source import NotRegularFile, read_file

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _codes(value: str) -> list[str]:
    from .rules import unknown_selectors
    codes = [code.strip().upper() for code in value.split(",") if code.strip()]
    unknown = unknown_selectors(codes)
    if unknown:
        raise argparse.ArgumentTypeError(f"no rule has the code or prefix {', '.join(unknown)} (`flexml rules` lists them)")
    return codes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="flexml", description="Lint CarrierX FlexML documents, or serve them to an editor.")
    parser.add_argument("--version", action="version", version=f"flexml-ls {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    lint = commands.add_parser("lint", help="lint files, directories, or stdin (-)")
    lint.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                      help="files (linted whatever their extension), directories (searched for *.flexml, "
                           "*.flexml.xml and configured patterns), or - for stdin")
    lint.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text")
    lint.add_argument("--select", type=_codes, help="only these rules (codes or prefixes, comma-separated)")
    lint.add_argument("--extend-select", type=_codes, help="add rules to the configured selection")
    lint.add_argument("--ignore", type=_codes, help="skip these rules (codes or prefixes)")
    lint.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    lint.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    lint.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    lint.add_argument("--stdin-filename", help="the path stdin stands for (config lookup, output)")
    lint.add_argument("--config", type=Path, help="use this pyproject.toml or .flexml.toml instead of searching")
    lint.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    lint.add_argument("--template", choices=["auto", "django", "jinja2", "none"],
                      help="read {{ }}/{%% %%} as Django or Jinja2 template syntax (auto: by name and content), "
                           "or not at all (none); default: [tool.flexml] template, else auto")
    lint.add_argument("--only-flexml", action="store_true",
                      help="skip named files that are not FlexML: neither *.flexml, *.flexml.xml, *.flexml.j2... (or "
                           "an include pattern) nor XML or a template whose root, or whose base's root, is <Response> "
                           "(pre-commit passes every XML file)")

    rule = commands.add_parser("rule", help="explain a rule")
    rule.add_argument("code", help="a rule code (FX201) or name (invalid-value)")

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text",
                       help="markdown is docs/rules.md")

    flow = commands.add_parser("flow", help="the app's call flow: documents and the URLs between them, checked and drawn")
    flow.add_argument("paths", nargs="*", default=[], metavar="PATH",
                      help="source to read (Flask, Django, FastAPI/Starlette apps, templates, FlexML files); "
                           "default: the current directory, unless --app or --url (with them, the source that "
                           "gives the crawl's findings their positions; --app: the current directory)")
    flow.add_argument("--start", help="the URL CarrierX requests first (or [tool.flexml.flow] start); for a "
                      "JSON list of call flows, the uuid, name or extension of the one to draw")
    flow.add_argument("--base-url", help="the app's public origin, so absolute URLs to it count as its own")
    flow.add_argument("--app", metavar="MODULE:NAME",
                      help="crawl this WSGI or ASGI app in process (MODULE imported from the current directory)")
    flow.add_argument("--url", help="crawl a running app over HTTP, starting at this URL")
    flow.add_argument("--method", type=str.upper, choices=["POST", "GET"],
                      help="the method of a crawl's first request, as the DID's `method` (or [tool.flexml.flow] "
                           "method; default: POST, or GET when the start's route takes only GET)")
    flow.add_argument("--max-requests", type=int, help="most requests a crawl makes (default 500)")
    flow.add_argument("--max-depth", type=int, help="most transfers a crawl follows from the start (default 25)")
    flow.add_argument("--format", choices=["text", "json", "sarif", "github", "mermaid", "dot", "html"], default="text")
    flow.add_argument("--focus", metavar="URL", help="only the part of the flow around this document (for a "
                      "flow too big to draw): what sends the call there and where it goes, with their findings")
    flow.add_argument("--depth", type=int, default=2, help="with --focus: how many transfers away (default 2)")
    flow.add_argument("--select", type=_codes, help="only these rules (codes or prefixes, comma-separated)")
    flow.add_argument("--ignore", type=_codes, help="skip these rules (codes or prefixes)")
    flow.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    flow.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    schema = commands.add_parser("schema", help="print the path of the FlexML XSD (or of a JSON format's schema)")
    schema.add_argument("format", nargs="?", default="flexml", choices=["flexml", "callflow", "carrierx", "exotel"],
                        help="callflow, carrierx, exotel: the JSON Schema of yay.com call flows, CarrierX or "
                             "Exotel call requests")

    server = commands.add_parser("server", help="run the language server over stdio")
    server.add_argument("--stdio", action="store_true", help="accepted for editors that pass it; stdio is the default")
    return parser


class _ClosedOutput:
    """Stands for standard output or error when the process was started without it (`>&-`): writing
    raises an OSError (which `main` reports), where None would raise an AttributeError."""

    def __init__(self, name: str):
        self.name = name
        self.buffer = self

    def write(self, data) -> int:
        if data:
            raise OSError(9, f"{self.name} is closed")
        return 0

    def flush(self) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    if sys.stdout is None:
        sys.stdout = _ClosedOutput("standard output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # (nowhere to say anything: the exit status still tells)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "lint":
            return run_lint(args)
        if args.command == "rule":
            return show_rule(args.code)
        if args.command == "rules":
            return list_rules(args.format)
        if args.command == "flow":
            return run_flow(args)
        if args.command == "schema":
            from .catalog import xsd_path
            if args.format != "flexml":
                from .callflow.facts import schema_path
                print(schema_path(args.format))
                return EXIT_OK
            print(xsd_path())
            return EXIT_OK
        if args.command == "server":
            from .server import serve  # imported only here: pygls is heavy
            return serve()
        parser.print_help()
        return EXIT_USAGE
    except (UsageError, ConfigError) as error:
        print(f"flexml: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:  # the report cannot be written (standard output closed, disk full...)
        try:
            # (an error with a file name is about that file: one no check above foresaw)
            what = f"{error.filename}" if error.filename else "cannot write the output"
            print(f"flexml: error: {what}: {error.strerror or error}", file=sys.stderr)
        except OSError:
            pass
        return EXIT_USAGE


def run_flow(args) -> int:
    """`flexml flow`: build the flow (from source, or by crawling the app), check it, print it."""
    from .flow import settings as flow_settings
    from .flow.checks import check
    if args.app and args.url:
        raise UsageError("give --app or --url, not both")
    if args.depth < 0:
        raise UsageError("--depth must be at least 0")
    for name in ("max_requests", "max_depth"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1")
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
        if not path.is_dir() and not path.is_file():  # a FIFO or a device: reading it may never end
            raise UsageError(f"{path}: not a regular file")
    if len(paths) == 1 and paths[0].is_file() and paths[0].name.lower().endswith(".json"):
        # A JSON call flow: its modules, checked by the FX6xx rules.
        from .callflow.drawing import NotACallFlow, flow_of_file
        config = config_module.for_path(str(paths[0])).with_overrides(select=args.select, ignore=args.ignore)
        try:
            flow, warnings = flow_of_file(paths[0], config, args.start)
        except NotACallFlow as error:
            raise UsageError(str(error)) from None
        return _print_flow(args, flow, warnings)
    table, settings_file = flow_settings.find(paths[0] if paths else Path.cwd())
    if settings_file is not None:  # `routes` files are relative to the settings' folder
        table["routes"] = {url: str(settings_file.parent / target) if (settings_file.parent / target).is_file()
                           else target for url, target in table.get("routes", {}).items()}
    start = args.start or table.get("start")
    app = args.app or (table.get("app") if not args.url and not paths else None)
    limits = {"max_requests": args.max_requests or table.get("max-requests", 500),
              "max_depth": args.max_depth or table.get("max-depth", 25), "method": args.method or table.get("method")}
    if app or args.url:
        from .flow import live
        from .flow.static import StaticOptions, attach_sources, static_flow
        source = None
        if app or paths:  # the source beside the app (or named with --url): positions for what the crawl finds
            try:
                source = static_flow(paths or [Path(".")], StaticOptions(base_url=args.base_url))
            except (OSError, ValueError, RecursionError):
                pass
        try:
            if app:
                flow = live.crawl_app(app, start or "/", **limits)
            else:
                if source is not None and not limits["method"]:  # (the app's own table says it with --app)
                    limits["method"] = live.method_from_source(source, args.url)
                flow = live.crawl_url(args.url, **limits)
        except live.CrawlError as error:
            raise UsageError(str(error)) from None
        if source is not None:
            attach_sources(flow, source)
    else:
        from .flow.static import StaticOptions, static_flow
        options = StaticOptions(start=start, base_url=args.base_url or table.get("base-url"),
                                routes=table.get("routes", {}))
        flow = static_flow(paths or [Path(".")], options)
        if start and flow.start not in flow.nodes:
            print(f"flexml: warning: the start {start} is served by no route or file found", file=sys.stderr)
        elif not start and not args.quiet:
            print("flexml: note: no start URL (--start, or [tool.flexml.flow] start), so FX504 (unreachable) "
                  "is not checked", file=sys.stderr)
    config = config_module.for_path(str(paths[0] if paths else Path.cwd()))
    check(flow, args.select or config.select, (args.ignore or []) + list(config.ignore), config.severity)
    return _print_flow(args, flow, [])


def _print_flow(args, flow, warnings: list[str]) -> int:
    """Print or draw a checked flow in the chosen format; the exit status its findings give."""
    from .flow.emit import FORMATS, mermaid_warnings
    if args.focus:
        if args.focus not in flow.nodes:
            raise UsageError(f"--focus {args.focus}: no such document in the flow (its URLs are as the text "
                             "output and the JSON's `nodes` show them)")
        flow = flow.around(args.focus, args.depth)
    output = FORMATS[args.format](flow)
    sys.stdout.write(output)
    if args.format == "mermaid":
        warnings = warnings + mermaid_warnings(flow, output)
    for warning in warnings:
        print(f"flexml: warning: {warning}", file=sys.stderr)
    errors = sum(f.severity == "error" for f in flow.findings)
    if not args.quiet and args.format == "text":
        noun = "module" if flow.dialect == "callflow" else "document"
        places = sum(n.kind == noun and not n.data.get("sentinel") and n.data.get("serves_flexml", True)
                     for n in flow.nodes.values())  # (a route answering JSON is no document of the call)
        summary = f"{places} {noun}{'s' if places != 1 else ''}, {len(flow.edges)} transfer" \
                  f"{'s' if len(flow.edges) != 1 else ''}: "
        summary += f"{len(flow.findings)} problem{'s' if len(flow.findings) != 1 else ''} ({errors} error" \
                   f"{'s' if errors != 1 else ''})." if flow.findings else "no problems."
        print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if errors and not args.exit_zero else EXIT_OK


def show_rule(key: str) -> int:
    from .rules import by_name_or_code
    rule = by_name_or_code(key)
    if rule is None:
        raise UsageError(f"unknown rule {key!r}; `flexml rules` lists them")
    print(f"# {rule.code} {rule.name} ({rule.severity.value}{', fixable' if rule.fixable else ''})\n")
    print(rule.documentation())
    return EXIT_OK


def list_rules(fmt: str) -> int:
    from .rules import RULES
    if fmt == "markdown":
        sys.stdout.write(rules_markdown())
    elif fmt == "json":
        import json
        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value, "fixable": r.fixable,
                           "summary": r.summary()} for r in RULES.values()], indent=2))
    else:
        for rule in RULES.values():
            print(f"{rule.code}  {rule.name:<26} {rule.severity.value:<8} {'fix ' if rule.fixable else '    '}{rule.summary()}")
    return EXIT_OK


def rules_markdown() -> str:
    """docs/rules.md: the rule table, then each rule's documentation (its docstring)."""
    from .rules import RULES
    out = ["# flexml-ls rules\n\n",
           "Generated by `flexml rules --format markdown` from the rule registry; do not edit by hand.\n\n",
           "| code | name | severity | fix | summary |\n|---|---|---|---|---|\n"]
    for rule in RULES.values():
        fix = "safe" if rule.fixable and "Safe" in rule.documentation() else ("unsafe" if rule.fixable else "")
        out.append(f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | {rule.name} | {rule.severity.value} | {fix} | {rule.summary()} |\n")
    for rule in RULES.values():
        body = rule.documentation().split("\n", 1)[1].strip().replace("## ", "### ")
        out.append(f"\n## {rule.code} {rule.name}\n\n{rule.summary()} Default severity: {rule.severity.value}.\n\n{body}\n")
    return "".join(out)


class _Configs:
    """The config for each file: found upward from its directory, with the command line's overrides;
    worked out once per directory (a directory may hold thousands of files)."""

    def __init__(self, args):
        self.args = args
        self._by_directory: dict[str, Config] = {}

    def for_directory(self, directory: str) -> Config:
        found = self._by_directory.get(directory)
        if found is None:
            args = self.args
            if args.config is not None:
                base = config_module.load_file(args.config) or Config(path=args.config)
            else:
                base = config_module.for_path(directory)
            found = self._by_directory[directory] = base.with_overrides(
                select=args.select, ignore=args.ignore, extend_select=args.extend_select,
                template=getattr(args, "template", None))
        return found

    def for_file(self, path: str | None) -> Config:
        return self.for_directory(os.path.dirname(os.path.abspath(path)) if path else os.getcwd())


def collect_files(paths: list[str], args, errors: list[str], configs: _Configs) -> list[tuple[str, str | None, Config]]:
    """(display path, file, its config) triples; file None means stdin. (Paths stay strings: a Path
    object per file costs more than reading the file.)"""
    found: list[tuple[str, str | None, Config]] = []
    for raw in paths:
        if raw == "-":
            found.append((args.stdin_filename or "-", None, configs.for_file(args.stdin_filename)))
            continue
        path = Path(raw)
        try:
            mode = os.stat(raw).st_mode
        except FileNotFoundError:
            errors.append(f"{raw}: no such file or directory")
            continue
        except OSError as error:  # (in a directory that cannot be searched, say)
            errors.append(f"{raw}: {error.strerror or error}")
            continue
        if stat.S_ISDIR(mode):
            walk_config = configs.for_directory(os.path.abspath(raw))

            def unreadable(error: OSError) -> None:  # (os.walk passes over what it cannot list)
                errors.append(f"{error.filename}: cannot read directory: {error.strerror or error}")
            for directory, subdirs, files in os.walk(path, onerror=unreadable):
                here = Path(directory)
                kept = walk_config.files_in(here)
                subdirs[:] = sorted(d for d in subdirs if kept(d))
                config = configs.for_directory(os.path.abspath(directory))
                prefix = str(here / "_")[:-1]  # as `here / name` spells it ("./" and "//" left out), once
                for name in filter(walk_config.files_taken(here), sorted(files)):
                    file = prefix + name
                    found.append((file, file, config))
        elif not stat.S_ISREG(mode):  # a FIFO or a device would hang the read or never end it
            errors.append(f"{raw}: not a regular file")
        else:
            found.append((raw, raw, configs.for_file(raw)))
    return found


def linted(files: list, size: int = 64):
    """Batches of ((display, path, config), LintResult or the OSError reading the file), the files in order.

    Files are read and linted a batch at a time (see engine.lint_many): a system call between two lints
    costs the interpreter its warm caches (measured: reading and linting file by file took 19 % longer
    than the same reads and lints in batches; bench/bench_lint.py)."""
    from .engine import lint_many
    for first in range(0, len(files), size):
        chunk = files[first:first + size]
        contents: list = []
        for _, path, _ in chunk:
            try:
                contents.append(read_stdin() if path is None else read_file(path))
            except OSError as error:
                contents.append(error)
        results = iter(lint_many([(data, item[2], item[0]) for item, data in zip(chunk, contents)
                                  if data.__class__ is bytes]))
        yield [(item, next(results) if data.__class__ is bytes else data) for item, data in zip(chunk, contents)]


def read_stdin() -> bytes:
    """Standard input's bytes; closed (`<&-`) or missing, an OSError (so: exit 2, with a message)."""
    stream = sys.stdin
    if stream is None or getattr(stream, "buffer", None) is None:
        raise OSError(0, "standard input is closed")
    try:
        return stream.buffer.read()
    except ValueError:  # a closed file object
        raise OSError(0, "standard input is closed") from None


def run_lint(args) -> int:
    if args.unsafe_fixes and not args.fix:
        raise UsageError("--unsafe-fixes needs --fix")
    if args.paths.count("-") > 1:
        raise UsageError("stdin (-) can be given once")
    io_errors: list[str] = []
    files = collect_files(args.paths, args, io_errors, _Configs(args))
    with _fewer_collections():
        return _lint_files(args, files, io_errors)


@contextmanager
def _fewer_collections():
    """The cyclic garbage collector, asked less often while a batch runs: linting makes no reference
    cycles (tests/test_engine.py checks), yet each batch keeps thousands of young objects alive, and
    the default (a collection every 700 of them) costs a long run about 2 % (bench/bench_lint.py)."""
    import gc
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 100_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _root_name(result) -> str | None:
    """The document's root element's name; for a template that extends a base, the base's."""
    if result.template is not None and result.template.extends:
        return result.template.base_root
    root = result.document.root
    return None if root is None else root.name


def _lint_files(args, files: list, io_errors: list[str]) -> int:
    from .catalog import load
    from .engine import lint, lint_bytes
    from .fixes import fix_text
    from .formats import FORMATS

    reports = []
    fixed_total = 0
    for batch in linted(files):
        for (display, path, config), result in batch:
            if isinstance(result, NotRegularFile):
                continue  # found in a directory: not a file to lint (a named one is refused earlier)
            if isinstance(result, OSError):
                io_errors.append(f"{display}: {result.strerror or result}")
                continue
            if args.only_flexml and path is not None and not config.is_included(Path(path)) \
                    and _root_name(result) not in load().roots:
                continue
            if args.fix:
                if result.decoded.error:
                    io_errors.append(f"{display}: not fixed: {result.decoded.error}")
                    if path is None:
                        sys.stdout.buffer.write(result.decoded.data)  # passed on unchanged, byte for byte
                else:
                    new_text, count = fix_text(result.text, lambda t: lint(t, config, filename=display).diagnostics, args.unsafe_fixes,
                                               result.diagnostics)
                    written = result.decoded.encode(new_text)
                    if path is None:
                        sys.stdout.buffer.write(written)
                    elif count:
                        try:
                            _write_atomically(Path(path), written)
                        except OSError as error:
                            # Nothing written: the file's own problems are the ones to report.
                            io_errors.append(f"{display}: {count} fix{'es' if count != 1 else ''} not written: "
                                             f"{error.strerror or error}")
                            count = 0
                    if count:
                        fixed_total += count
                        # The report is of the bytes written, read as the next run will read them.
                        result = lint_bytes(written, config, filename=display)
            reports.append((display, result.diagnostics))

    stdout_taken = args.fix and any(path is None for _, path, _ in files)
    output = FORMATS[args.format](reports)
    if stdout_taken:
        sys.stderr.write(output)
    else:
        sys.stdout.write(output)
    sys.stdout.flush()  # (a full disk or a closed stdout raises here, where main reports it)
    for error in io_errors:
        print(f"flexml: error: {error}", file=sys.stderr)

    all_diagnostics = [d for _, diagnostics in reports for d in diagnostics]
    errors = sum(d.severity is Severity.ERROR for d in all_diagnostics)
    if not args.quiet and args.format == "text":
        _summary(len(reports), all_diagnostics, errors, fixed_total, args.fix, len(io_errors))  # (files linted)
    if io_errors:
        return EXIT_USAGE
    if errors and not args.exit_zero:
        return EXIT_PROBLEMS
    return EXIT_OK


def _summary(file_count: int, diagnostics, errors: int, fixed: int, fixing: bool, io_errors: int = 0) -> None:
    warnings = len(diagnostics) - errors
    parts = []
    if fixed:
        parts.append(f"fixed {fixed}")
    if diagnostics:
        fixable = sum(1 for d in diagnostics if d.fix is not None and d.fix.safe)
        line = f"Found {len(diagnostics)} problem{'s' if len(diagnostics) != 1 else ''} " \
               f"({errors} error{'s' if errors != 1 else ''}, {warnings} other) in {file_count} file{'s' if file_count != 1 else ''}"
        if fixable and not fixing:
            line += f"; {fixable} fixable with --fix"
        parts.append(line)
    elif io_errors:  # (not "All checks passed": some were not made)
        parts.append(f"No problems in {file_count} file{'s' if file_count != 1 else ''}, but "
                     f"{io_errors} I/O error{'s' if io_errors != 1 else ''} (above)")
    else:
        parts.append(f"All checks passed ({file_count} file{'s' if file_count != 1 else ''})")
    print("; ".join(parts) + ".", file=sys.stderr)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same directory (a failure leaves the file as it was),
    keeping the file's mode and, where allowed, its owner. A symbolic link's target is written (the
    link stays a link); a file with other hard links is written in place (a new file would leave
    them the old text); a file its user may not write is not written (replacing it, which a writable
    folder allows, would get round that)."""
    import tempfile
    target = Path(os.path.realpath(path))
    status = target.stat()
    if not os.access(target, os.W_OK):
        raise PermissionError(13, "Permission denied", str(path))
    if status.st_nlink > 1:
        with open(target, "r+b") as out:
            out.write(data)
            out.truncate()
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".flexml-tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, status.st_mode & 0o7777)
        if hasattr(os, "chown") and (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.chown(temporary, status.st_uid, status.st_gid)
            except OSError:
                pass  # (only root may give a file away: the file is then the user's, as any editor's save)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise

if __name__ == "__main__":
    sys.exit(main())
