"""Settings from `[tool.flexml]` in pyproject.toml, or `.flexml.toml`, found upward from a file."""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .diagnostics import Severity
from .source import read_file



def _toml():
    """tomllib, imported only when a config file is read."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib

DEFAULT_INCLUDE = ("*.flexml", "*.flexml.xml", "*.flexml.j2", "*.flexml.jinja", "*.flexml.jinja2",
                   "*.callflow.json")
TEMPLATE_SETTINGS = ("auto", "django", "jinja2", "none")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox")


class ConfigError(Exception):
    pass


@dataclass
class Config:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    severity: dict[str, Severity] = field(default_factory=dict)
    path: Path | None = None      # the file it came from
    template: str = "auto"        # auto | django | jinja2 | none: how `{{ }}`/`{% %}` are read
    template_dirs: list[str] = field(default_factory=list)   # where an `extends` base is looked for
    # Glob (a file name, or a path under the config's folder) -> codes or prefixes ignored in such files.
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)

    @property
    def root(self) -> Path | None:
        return self.path.parent if self.path else None

    def with_overrides(self, select=None, ignore=None, extend_select=None, template=None) -> Config:
        merged = Config(self.select, list(self.ignore), list(self.include), list(self.exclude),
                        dict(self.severity), self.path, self.template, list(self.template_dirs),
                        self.per_file_ignores)
        if template is not None:
            merged.template = template
        if select is not None:
            merged.select = list(select)
        if extend_select:
            merged.select = None if merged.select is None else merged.select + list(extend_select)
        if ignore:
            merged.ignore.extend(ignore)
        return merged

    def for_file(self, filename: str | None) -> Config:
        """This config with the `per-file-ignores` that match the file (itself when none match)."""
        if not self.per_file_ignores or not filename:
            return self
        path = Path(filename)
        names = [path.name, path.as_posix()]
        if self.root is not None:
            try:
                names.append(path.resolve().relative_to(self.root.resolve()).as_posix())
            except (OSError, ValueError):
                pass
        extra = [code for pattern, codes in self.per_file_ignores.items()
                 if any(fnmatch.fnmatchcase(name, pattern) for name in names) for code in codes]
        return self.with_overrides(ignore=extra) if extra else self

    def is_included(self, path: Path) -> bool:
        return self.included_names()(path.name) is not None

    def included_names(self):
        """A test of a file's name: a match when an `include` pattern takes it, else None."""
        return _name_pattern(tuple(self.include)).match

    def is_excluded(self, path: Path) -> bool:
        return self.files_in(path.parent)(path.name) is None

    def files_taken(self, directory: Path):
        """A test for the files of one directory: name -> truthy when an `include` pattern takes it and
        no `exclude` pattern drops it (is_included and not is_excluded; one regular expression when
        no path under the config's root needs matching)."""
        excluded, prefix = self._place_of(directory)
        if excluded:
            return _none
        if prefix is None:
            return _taken_pattern(tuple(self.include), tuple(self.exclude)).match
        included, exclude = self.included_names(), _Exclusion.of(tuple(self.exclude))
        return lambda name: included(name) and exclude.name_kept(name) and exclude.relative_kept(prefix + name)

    def files_in(self, directory: Path):
        """A test for the files of one directory: name -> the name if it is not excluded, else None.
        What concerns the directory (its parts, its place under the config's root) is worked out once,
        here, not once per file (a directory may hold thousands)."""
        excluded, prefix = self._place_of(directory)
        if excluded:
            return _none
        exclude = _Exclusion.of(tuple(self.exclude))
        if prefix is None:
            return exclude.name_kept
        return lambda name: exclude.name_kept(name) and exclude.relative_kept(prefix + name)

    def _place_of(self, directory: Path) -> tuple[bool, str | None]:
        """(whether an `exclude` pattern names one of the directory's parts, the directory's path under
        the config's root as a prefix for its files' names: "" at the root, None when not under it)."""
        if _Exclusion.of(tuple(self.exclude)).parts.intersection(directory.parts):
            return True, None
        if self.root is None:
            return False, None
        try:
            relative = directory.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return False, None
        return False, "" if relative == "." else relative + "/"


@lru_cache(maxsize=64)
def _taken_pattern(include: tuple[str, ...], exclude: tuple[str, ...]) -> re.Pattern:
    """One expression for `files_taken`: a name an include pattern takes, unless an exclude pattern
    (as a glob, or literally) drops it."""
    stripped = [pattern.rstrip("/") for pattern in exclude]
    dropped = "|".join([f"(?:{fnmatch.translate(p)})" for p in stripped] + [re.escape(p) + r"\Z" for p in stripped])
    taken = _name_pattern(include).pattern
    return re.compile(f"(?!{dropped})(?:{taken})" if dropped else taken)


def _none(name: str) -> None:
    return None


@lru_cache(maxsize=64)
def _name_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    """One expression for several glob patterns (fnmatch's own translation of each)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or "(?!)")


class _Exclusion:
    """`exclude` patterns, compiled once: a pattern (without a trailing `/`) excludes a path that has a
    part equal to it, whose name matches it, or whose path relative to the config's root matches it
    or lies under it."""

    def __init__(self, patterns: tuple[str, ...]):
        stripped = tuple(pattern.rstrip("/") for pattern in patterns)
        self.parts = frozenset(stripped)
        self._names = _name_pattern(stripped).match
        self._under = tuple(pattern + "/" for pattern in stripped)

    @staticmethod
    @lru_cache(maxsize=64)
    def of(patterns: tuple[str, ...]) -> _Exclusion:
        return _Exclusion(patterns)

    def name_kept(self, name: str) -> str | None:
        return None if name in self.parts or self._names(name) else name

    def relative_kept(self, relative: str) -> str | None:
        return None if self._names(relative) or relative.startswith(self._under) else relative


def parse_table(table: dict, path: Path | None) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.flexml] must be a table, not {_toml_type(table)}")
    def strings(key: str) -> list[str] | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: `{key}` must be a list of strings")
        return value

    known = {"select", "ignore", "extend-select", "include", "extend-include", "exclude",
             "extend-exclude", "severity", "template", "template-dirs",
             "per-file-ignores", "flow"}  # (`flow`: read by flexml_ls.flow.settings)
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) in [tool.flexml]: {', '.join(unknown)}")
    from .rules import unknown_selectors
    for key in ("select", "extend-select", "ignore"):
        unknown = unknown_selectors(strings(key) or [])
        if unknown:
            raise ConfigError(f"{path}: `{key}` names no rule: {', '.join(unknown)}")
    config = Config(path=path)
    config.select = strings("select")
    if strings("extend-select") and config.select is not None:
        config.select += strings("extend-select")
    config.ignore = strings("ignore") or []
    config.include = strings("include") or list(DEFAULT_INCLUDE)
    config.include += strings("extend-include") or []
    config.exclude = strings("exclude") or list(DEFAULT_EXCLUDE)
    config.exclude += strings("extend-exclude") or []
    template = table.get("template", "auto")
    if template not in TEMPLATE_SETTINGS:
        raise ConfigError(f"{path}: `template` must be one of {', '.join(TEMPLATE_SETTINGS)}, not {template!r}")
    config.template = template
    # Relative folders are relative to the config file's folder.
    config.template_dirs = [str(path.parent / each) if path is not None else each
                            for each in strings("template-dirs") or []]
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict) or not all(
            isinstance(codes, list) and all(isinstance(c, str) for c in codes) for codes in per_file.values()):
        raise ConfigError(f"{path}: `per-file-ignores` must be a table of \"glob\" = [\"CODE\", ...]")
    for pattern, codes in per_file.items():
        unknown = unknown_selectors(codes)
        if unknown:
            raise ConfigError(f"{path}: `per-file-ignores` {pattern!r} names no rule: {', '.join(unknown)}")
    config.per_file_ignores = {pattern: [c.upper() for c in codes] for pattern, codes in per_file.items()}
    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        raise ConfigError(f"{path}: `severity` must be a table of CODE = \"error|warning|info\"")
    from .rules import RULES
    for code, value in severities.items():
        if code.upper() not in RULES:
            raise ConfigError(f"{path}: unknown rule code {code!r} in [tool.flexml.severity]")
        try:
            config.severity[code.upper()] = Severity(value)
        except (ValueError, TypeError):
            raise ConfigError(f"{path}: severity of {code} must be error, warning or info, not {value!r}") from None
    return config


def load_file(path: Path) -> Config | None:
    """The config in this file, or None when it has no flexml section."""
    table = flexml_table(path)
    return None if table is None else parse_table(table, path)


def flexml_table(path: Path) -> dict | None:
    """A pyproject.toml's [tool.flexml] table (None when it has none), or a .flexml.toml's whole
    table; ConfigError, with a message, when it cannot be read or is not a table. (Also what
    flexml_ls.flow.settings reads [tool.flexml.flow] from.)"""
    tomllib = _toml()
    try:
        data = tomllib.loads(read_file(path).decode("utf-8"))  # (read_file: a FIFO would never end)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 (byte 0x{error.object[error.start]:02X} at offset {error.start}); "
                          "TOML files are UTF-8") from None
    except OSError as error:
        raise ConfigError(f"{path}: {error.strerror or error}") from None
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: [tool] must be a table, not {_toml_type(tool)}")
    table = tool.get("flexml")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.flexml] must be a table, not {_toml_type(table)}")
    return table


def _toml_type(value) -> str:
    """What a TOML value is, in TOML's words."""
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array"}
    return names.get(type(value), "a date or time")


@lru_cache(maxsize=256)
def _find(directory: str) -> Config:
    current = Path(directory)
    while True:
        for name in (".flexml.toml", "pyproject.toml"):
            candidate = current / name
            # (os.path.isfile: False, not PermissionError, in a directory that cannot be searched;
            # the file walk reports that directory)
            if os.path.isfile(candidate):
                config = load_file(candidate)
                if config is not None:
                    return config
        if current.parent == current:
            return Config()
        current = current.parent


def for_path(path: str | os.PathLike | None) -> Config:
    """The config that applies to a file (or directory), searching upward from it."""
    if path is None:
        return Config()
    absolute = Path(os.path.abspath(path))
    return _find(str(absolute if os.path.isdir(absolute) else absolute.parent))


def clear_cache() -> None:
    _find.cache_clear()
