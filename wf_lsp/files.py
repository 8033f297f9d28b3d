"""Files on disk: finding workflow files, reading them, writing them back, and the config
file that applies to each.

Everything that touches the file system for a lint is here, so that the command line,
the language server (workspace lint, config files) and `wf_lsp.lint_paths` share one
behaviour: the same folders skipped (hidden ones, `node_modules`, what `.gitignore` and
`.ignore` files exclude), the same encodings refused with the same messages,
the same nearest-config-wins search (as ruff does), the same folders a config's
`exclude` prunes, the same atomic write.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from wf_lsp.config import Config, ConfigError
from wf_lsp.findings import path_text
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import record, replace
from wf_lsp.settings import from_mapping

YAML_SUFFIXES = (".yaml", ".yml")
# Folders never walked: other tools' and version control's. Hidden folders neither (as
# ruff, ripgrep): `.git`, `.venv`, caches.
SKIP_DIRS = {"node_modules", "venv", "__pycache__"}
# Ignore files, in rising precedence within a folder (ripgrep's and ruff's order): a
# `.ignore` is for search tools only, and wins over `.gitignore`. A `.gitignore` counts
# inside a git work tree only, as in ruff (outside one, git ignores it too).
IGNORE_FILES = (".gitignore", ".ignore")
CONFIG_FILES = ("wf-lsp.toml", ".wf-lsp.toml", "pyproject.toml")


class FileError(OSError):
    """A file that cannot be read as workflow text, said so that a user can act on it.

    An `OSError`, as any other failure to read a file: a caller that catches those gets
    this one too, with a message fit to show.

    `guess`, of a file that is not UTF-8: its text decoded only to tell what it is (by its
    BOM or zero bytes as UTF-16 or UTF-32, else as UTF-8 with U+FFFD for the bad bytes),
    and what it is instead ("UTF-16 LE", "byte 0xe9 on line 4"); never linted or written
    (`unread_report`).
    """

    def __init__(self, message: str, guess: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.guess = guess


# -- workflow files --------------------------------------------------------------------------

@record
class Discovery:
    """What walking the given paths found: YAML files, paths that do not exist, and what
    was passed over (with why, for `--verbose`)."""

    files: tuple[str, ...]
    missing: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]  # (path, reason); a folder's path ends with `/`
    # Folders the walk could not list, (path ending with `/`, why): what is in them was
    # not checked, which a lint must not call a pass; and links named that lead nowhere.
    unreadable: tuple[tuple[str, str], ...] = ()
    # (path, the path before it of the same file): a symlink or hard link, found by the
    # walk (and passed over) or given by name (and kept).
    same_files: tuple[tuple[str, str], ...] = ()
    # The folders not walked because the walk had looked at its `limit` of files and
    # folders (each path ending with `/`): what is in them was not looked for.
    cut_short: tuple[str, ...] = ()


def discover(paths: Iterable[str], *, ignore_files: bool = True,
             config_of: Callable[[str], Config] | None = None,
             apart: Callable[[str], bool] | None = None,
             limit: int | None = None) -> Discovery:
    """YAML files under the given paths, without hidden folders, `node_modules` and the
    like, the folders a config's `exclude` names (`_excluded_folder`), and (with
    `ignore_files`) what `.gitignore` and `.ignore` files exclude. A path given by name is
    always taken, whatever its name (a file's own config may exclude it: the lint says
    so); a file found by the walk only when it is a regular file (reading a FIFO would
    wait forever, a device is no workflow). One file is linted once, under one of its
    paths (`_one_path_per_file`). `config_of`: a folder's config (`find_config`, unless
    the command line names one). `apart`: whether a folder is not walked, being a project
    of its own (when one project's files are looked for). `limit`: how many files and
    folders the walks may look at in all; past it, the folders not entered yet are left
    out (`Discovery.cut_short`)."""
    config_of = config_of or find_config
    files: list[str] = []
    named: set[str] = set()
    missing: list[str] = []
    skipped: list[tuple[str, str]] = []
    unreadable: list[tuple[str, str]] = []
    cut_short: list[str] = []
    budget = [limit]
    for path in paths:
        if os.path.isdir(path):
            _walk(path, _Ignores.above(path) if ignore_files else None, config_of, files,
                  skipped, unreadable, apart, budget, cut_short)
        elif os.path.exists(path):
            files.append(path)
            named.add(os.path.normpath(path))
        elif why := broken_link(path):
            # A link named that leads nowhere was "no such file or folder", though `ls`
            # lists it: it is said as the walk says it, with where it leads.
            unreadable.append((path, why))
        else:
            missing.append(path)
    seen: set[str] = set()
    unique = [f for f in map(os.path.normpath, files) if not (f in seen or seen.add(f))]
    kept, same = _one_path_per_file(unique, named)
    # The holder as given: shown relative, `/abs/y.yaml` read "the same file as y.yaml".
    skipped.extend((path, f"the same file as {path_text(first)}") for path, first in same)
    return Discovery(tuple(kept), tuple(missing), tuple(skipped), tuple(unreadable), tuple(same),
                     tuple(cut_short))


def _one_path_per_file(paths: list[str], named: set[str]
                       ) -> tuple[list[str], list[tuple[str, str]]]:
    """The paths without those of a file that another path holds, and each path left out
    as (path, the path holding its file). A file is held under the first of its paths
    given by name (as the user wrote it), else its own path (not a link's), else the
    first found. A file linted twice had its findings and fixes counted twice, and two
    patches in `--diff`."""
    identities = {path: file_identity(path) or os.path.realpath(path) for path in paths}
    first: dict[tuple[int, int] | str, str] = {}
    preferred = sorted(paths, key=lambda path: (
        path not in named, path not in named and os.path.realpath(path) != os.path.abspath(path)))
    for path in preferred:
        first.setdefault(identities[path], path)
    kept, same = [], []
    for path in paths:
        holder = first[identities[path]]
        if holder == path:
            kept.append(path)
        else:
            same.append((path, holder))
    return kept, same


def file_identity(path: str) -> tuple[int, int] | None:
    """What two paths of one file share (device and inode, links followed); None when the
    file cannot be looked at."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def find_workflow_files(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """YAML files under the given paths (files given by name always count), and the paths
    that do not exist (`discover`, for callers that need no reasons)."""
    found = discover(paths)
    return list(found.files), list(found.missing)


def walked(path: str, tops: Iterable[str], is_dir: bool = False) -> bool:
    """Whether walking the folders `tops` (as `discover` walks them) reaches `path`, a YAML
    file (or, `is_dir`, a folder): it is under one of them, in no folder the walk passes
    over (hidden, `node_modules`, ...), and no ignore file excludes it. Whether it exists
    is not looked at: the server asks of files just created, changed or deleted."""
    path = os.path.abspath(path)
    if not is_dir and not path.endswith(YAML_SUFFIXES):
        return False
    for top in map(os.path.abspath, tops):
        if path == top:
            return is_dir
        if not path.startswith(os.path.join(top, "")):
            continue
        *folders, name = os.path.relpath(path, top).split(os.sep)
        if any(_never_walked(folder) for folder in folders) or is_dir and _never_walked(name):
            continue
        # As `_walk`: each folder's ignore files, entered on the way down, judge what is in
        # it, and the config of the folder above it whether `exclude` names it.
        ignores, here = _Ignores.above(top).entering(top), top
        for folder in folders:
            here = os.path.join(here, folder)
            if ignores.why_ignored(here, is_dir=True) or _excluded_folder(here, find_config):
                break
            ignores = ignores.entering(here)
        else:
            if not (ignores.why_ignored(path, is_dir=is_dir)
                    or is_dir and _excluded_folder(path, find_config)):
                return True
    return False


def _walk(top: str, ignores: _Ignores | None, config_of: Callable[[str], Config],
          files: list[str], skipped: list[tuple[str, str]],
          unreadable: list[tuple[str, str]], apart: Callable[[str], bool] | None = None,
          budget: list[int | None] | None = None, cut_short: list[str] | None = None
          ) -> None:
    """Walk `top` into `files`. `budget`: `[how many files and folders may still be looked
    at]` (`[None]`: any number), shared by the walks of one `discover`; when it runs out,
    the folders not entered yet go to `cut_short`."""
    def cannot_list(exc: OSError) -> None:
        # os.walk passes over a folder it cannot list without a word: say which, and why.
        folder = os.path.normpath(exc.filename or top) + os.sep
        unreadable.append((folder, f"cannot read the folder: {exc.strerror or exc}"))

    by_folder = {os.path.abspath(top): ignores}
    if budget is not None and budget[0] is not None and budget[0] <= 0:
        cut_short.append(os.path.normpath(top) + os.sep)
        return
    for folder, dirs, names in os.walk(top, onerror=cannot_list):
        here = by_folder.pop(os.path.abspath(folder))
        if here is not None:
            here = here.entering(folder)
        kept = []
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            why = (_never_walked(name) or (here and here.why_ignored(path, is_dir=True))
                   or _excluded_folder(path, config_of)
                   or (apart is not None and apart(path) and "a project of its own"))
            if why:
                skipped.append((os.path.normpath(path) + os.sep, why))
            else:
                kept.append(name)
                by_folder[os.path.abspath(path)] = here
        dirs[:] = kept
        for name in sorted(names):
            if not name.endswith(YAML_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            why = here and here.why_ignored(path, is_dir=False) or _not_regular(path)
            if why:
                skipped.append((os.path.normpath(path), why))
            else:
                files.append(path)
        if budget is not None and budget[0] is not None:
            budget[0] -= 1 + len(dirs) + len(names)
            if budget[0] <= 0:
                # A project root holding thousands of folders (a data set's, a monorepo)
                # was walked whole for one document, for minutes: the rest is left out.
                cut_short.extend(os.path.normpath(path) + os.sep for path in by_folder)
                dirs[:] = []
                break


def _excluded_folder(folder: str, config_of: Callable[[str], Config]) -> str | None:
    """Why the config of the folder above `folder` has `exclude` name it, or None. The
    walk asks before it enters a folder, as ruff's does, so that a root config's
    `exclude = ["vendor/"]` prunes vendor/ even where a folder below has a config file of
    its own: that file is never read (a broken one does not stop the run), and its files,
    whose nearest config it is, are not linted."""
    try:
        config = config_of(os.path.dirname(os.path.abspath(folder)))
    except ConfigError:
        return None  # a bad config file: the lint of the files it governs says what is wrong
    if not config.excludes_folder(folder):
        return None
    return f"excluded by `exclude` in {path_text(shown_path(config.path))}" if config.path \
        else "excluded by configuration"


def _not_regular(path: str) -> str | None:
    """Why `path` is not read as a file (a FIFO, a socket, a device, a symlink to nothing),
    or None. Another path that cannot be looked at is kept: reading it says why, as for a
    file named."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        # A link left behind by a moved file is no workflow, as a FIFO is none: the walk
        # passes over it (it failed the whole run), and names it only with --verbose.
        return broken_link(path) if exc.errno in (errno.ENOENT, errno.ELOOP) else None
    return None if stat.S_ISREG(mode) else _not_regular_why(mode)


def broken_link(path: str) -> str | None:
    """"a broken symbolic link (to …)" when `path`, which cannot be followed, is a link."""
    if not os.path.islink(path):
        return None
    return f"a broken symbolic link (to {path_text(os.readlink(path))})"


def _not_regular_why(mode: int) -> str:
    for test, what in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"not a regular file: {what}"
    return "not a regular file"


# Opening never waits: a FIFO opened for reading waits for a writer, and a file found
# regular may have been replaced by one since. O_BINARY: Windows' text mode would turn
# CRLF into LF under the linter.
_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


def read_bytes(path: str | os.PathLike) -> bytes:
    """A regular file's bytes. Anything else (a FIFO, a socket, a device) raises
    `FileError` saying what it is, without being opened if it can be helped (opening a
    device may do something) and without waiting if it was swapped in after the check;
    other failures raise OSError."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise FileError(_not_regular_why(mode))
    fd = os.open(path, _READ_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileError(_not_regular_why(mode))
        # O_NONBLOCK changes nothing for a regular file's reads (POSIX).
        with os.fdopen(fd, "rb") as handle:
            fd = -1  # the handle closes it
            return handle.read()
    finally:
        if fd >= 0:
            os.close(fd)


def _never_walked(name: str) -> str | None:
    if name.startswith("."):
        return "a hidden folder"
    if name in SKIP_DIRS:
        return f"`{name}` folders are not walked"
    return None


def passed_over(path: str, root: str) -> str | None:
    """The folder of the file `path` when the walk of the project `root` does not reach
    it, a folder on the way being passed over (hidden, `node_modules`, ...:
    `_never_walked`); else None. Walked too for what is linted there: workflows kept in
    `.h2o/workflows/` were not in their own project, and each call of one named
    (pre-commit) or opened in the editor was a WF602 for the callee beside it. Its own
    folder, not the one passed over: a file opened in `.venv/` or `node_modules/` would
    have all of it read."""
    path, root = os.path.abspath(path), os.path.abspath(root)
    if not path.startswith(os.path.join(root, "")):
        return None
    *folders, _ = os.path.relpath(path, root).split(os.sep)
    return os.path.dirname(path) if any(map(_never_walked, folders)) else None


@record
class _IgnoreFile:
    """One ignore file's patterns, for the paths below its folder."""

    folder: str  # absolute: where its patterns are rooted
    shown: str  # its path as messages name it
    git: bool  # git's own (`.gitignore`, `.git/info/exclude`): for one work tree only
    lines: tuple[str, ...]
    spec: object  # a pathspec.GitIgnoreSpec

    @classmethod
    def read(cls, path: str, folder: str, git: bool) -> _IgnoreFile | None:
        try:
            text = read_bytes(path).decode("utf-8", errors="replace")
        except OSError:
            return None  # none, unreadable or no file: as git, go on without it
        if not any(line.strip() and not line.startswith("#") for line in text.splitlines()):
            return None  # only comments (`git init`'s exclude file): nothing to import for
        import pathspec  # only when a walked folder has an ignore file with a pattern

        # An empty line becomes a comment, so that a pattern's index is its line's.
        lines = tuple(line or "#" for line in text.splitlines())
        return cls(os.path.abspath(folder), shown_path(path), git, lines,
                   pathspec.GitIgnoreSpec.from_lines(lines))

    def verdict(self, path: str, is_dir: bool) -> str | bool | None:
        """Why this file ignores `path`; False when its last matching pattern re-includes
        it (`!pattern`); None when no pattern matches."""
        rel = os.path.relpath(os.path.abspath(path), self.folder).replace(os.sep, "/")
        result = self.spec.check_file(rel + "/" if is_dir else rel)
        if not result.include:
            return result.include
        return f"ignored by {self.shown}:{result.index + 1} (`{self.lines[result.index].strip()}`)"


@record
class _Ignores:
    """The ignore files that apply in a folder, nearest (and strongest) first."""

    files: tuple[_IgnoreFile, ...] = ()
    in_git: bool = False  # inside a git work tree: `.gitignore` files count

    @classmethod
    def above(cls, top: str) -> _Ignores:
        """What the folders above `top` say, as if the walk had started at the top of the
        file system: `.ignore` files from all of them, git's from the work tree's top."""
        chain = list(upward(os.path.abspath(top)))
        # git's files start over at the innermost work tree's top, so those above it are
        # never read: a repository inside another (or in a home folder under git) would
        # otherwise read, and parse, ignore files whose patterns are dropped at its top.
        work_tree = next((i for i, f in enumerate(chain) if _is_work_tree(f)), len(chain))
        ignores = cls()
        for depth in range(len(chain) - 1, 0, -1):
            ignores = ignores.entering(chain[depth], git=depth <= work_tree)
        if ignores.why_ignored(top, is_dir=True):
            # A folder named that the files above exclude: walked all the same (as a file
            # named is linted), without them, since their patterns would exclude all of it.
            return cls((), ignores.in_git)
        return ignores

    def entering(self, folder: str, git: bool = True) -> _Ignores:
        """These, with the ignore files of `folder` in front (git's only when `git`)."""
        files, in_git = self.files, self.in_git
        if git and _is_work_tree(folder):
            # A work tree's top (or a nested repository's): git's files start over here.
            in_git = True
            files = tuple(f for f in files if not f.git)
            exclude = _IgnoreFile.read(os.path.join(folder, ".git", "info", "exclude"),
                                       folder, git=True)
            files = (exclude,) + files if exclude else files
        for name in IGNORE_FILES:  # each in front of the one before: `.ignore` wins
            is_git = name == ".gitignore"
            path = os.path.join(folder, name)
            if (in_git and git or not is_git) and os.path.isfile(path):
                found = _IgnoreFile.read(path, folder, is_git)
                files = (found,) + files if found else files
        return _Ignores(files, in_git)

    def why_ignored(self, path: str, is_dir: bool) -> str | None:
        """Why `path` is ignored, or None: the nearest file with a pattern that matches
        decides, by its last such pattern (git's rule)."""
        for ignore in self.files:
            verdict = ignore.verdict(path, is_dir)
            if verdict is not None:
                return verdict or None
        return None


def upward(folder: str) -> Iterator[str]:
    """`folder` (absolute) and each folder above it, up to the file system's root."""
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def repository_root() -> str:
    """The folder that reports for a repository (GitLab Code Quality, SARIF) name files
    from: the top of the git work tree this command runs in, as CI runs from its checkout;
    else the working folder."""
    here = os.getcwd()
    return next((folder for folder in upward(here) if _is_work_tree(folder)), here)


def repository_path(path: str, root: str) -> str | None:
    """`path` relative to `root` with `/` separators, however it was spelt (`y.yaml`,
    `$PWD/y.yaml`, `../repo/y.yaml`); None when the file is outside `root`. Folders are
    compared with their links resolved, as the working folder comes; the file's own link
    is kept: a link in the repository is named as it is there."""
    folder, name = os.path.split(os.path.abspath(path))
    try:
        relative = os.path.relpath(os.path.join(os.path.realpath(folder), name),
                                   os.path.realpath(root))
    except ValueError:  # on another drive (Windows)
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def repository_name(path: str, root: str) -> str:
    """How a report for the repository at `root` names a file: relative to it
    (`repository_path`), else (a file outside it) by its absolute path, `/`-separated."""
    return repository_path(path, root) or os.path.abspath(path).replace(os.sep, "/")


def _is_work_tree(folder: str) -> bool:
    """Whether `folder` is a git work tree's top (`.git` is a folder, or a file in a
    worktree or submodule)."""
    return os.path.exists(os.path.join(folder, ".git"))


def shown_path(path: str) -> str:
    """A path as outputs and messages name it: relative to the working folder when below
    it (as paths are given), else as it is."""
    relative = os.path.relpath(path)
    return path if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def read_text(path: str) -> str:
    """The file as text (a UTF-8 BOM is kept: the linter sees and restores it); a file that
    cannot be read, or is not UTF-8, raises `FileError` saying why."""
    try:
        data = read_bytes(path)
    except FileError:
        raise
    except OSError as exc:
        raise FileError(f"cannot read: {exc.strerror or exc}") from None
    return decode_text(data)


def decode_text(data: bytes) -> str:
    """UTF-8 bytes as text (a BOM kept); `FileError` saying where they are not (a file's, or
    standard input's), with the text guessed (`FileError.guess`)."""
    wide = _wide_encoding(data)
    if wide:
        name, codec = wide  # ("UTF-16 LE", "utf-16"): that codec drops the BOM
        # Named as the skip of another tool's names it ("not UTF-8 (UTF-16 LE), and not a
        # workflow"), and as a Latin-1 file's error is ("not UTF-8 (byte 0xe9 on line 4)").
        raise FileError(f"not UTF-8 ({name}): save the file as UTF-8",
                        (data.decode(codec, errors="replace"), name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        where = f"byte 0x{data[exc.start]:02x} on line {line}"
        raise FileError(f"not UTF-8 ({where}): save the file as UTF-8",
                        (data.decode("utf-8", errors="replace"), where)) from None


# UTF-32's first: its little-endian BOM starts with UTF-16's.
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 LE", "utf-32"),
         (b"\x00\x00\xfe\xff", "UTF-32 BE", "utf-32"),
         (b"\xff\xfe", "UTF-16 LE", "utf-16"), (b"\xfe\xff", "UTF-16 BE", "utf-16"))


def _wide_encoding(data: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 ("UTF-16 LE", and the codec that reads it), when YAML's detection
    of the encoding (YAML 1.2, 5.2) finds it in a stream's first bytes: a BOM, or the zero
    bytes of an ASCII character (`i` is `i` and a zero byte in UTF-16LE). Without a BOM
    such text decodes as UTF-8 too, a zero byte beside each character: read so, it is no
    workflow, and a lint would pass it over without a word. A zero byte or three that only
    start the text (UTF-8 text after a stray NUL) are no such pattern: most of the first
    characters must show it, else the text is UTF-8 and its NUL a syntax error with a
    place, as the editor shows it."""
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            return name, codec
    sample = data[:32]
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        units = [sample[i:i + width] for i in range(0, len(sample) - width + 1, width)]
        if not units or units[0] == bytes(width):
            continue
        # The zero high bytes of an ASCII character: first (big-endian) or last (little).
        for zeros, order in ((slice(0, width - 1), "BE"), (slice(1, width), "LE")):
            if units[0][zeros] == bytes(width - 1) and \
                    2 * sum(unit[zeros] == bytes(width - 1) for unit in units) > len(units):
                return f"{name} {order}", f"{name}-{order}".lower()
    return None


def unread_report(path: str, error: FileError, config: Config):
    """The `Report` of a file that could not be read: its error; or skipped, as another
    tool's file is, when it is not UTF-8 (a UTF-16 Kubernetes manifest from Windows
    PowerShell's `>`, a Latin-1 file) and its guessed text is no workflow, nor one being
    started, or the config excludes it. A workflow's stays an error: the engine reads
    UTF-8."""
    from wf_lsp.linter import EXCLUDED, Report, why_not_linted

    why = None if error.guess is None else why_not_linted(error.guess[0], path=path,
                                                         config=config)
    if why is None:
        return Report(path, error=str(error))
    if why != EXCLUDED:
        why = f"not UTF-8 ({error.guess[1]}), and not a workflow: {why}"
    return Report(path, skipped=why)


def write_atomically(path: str, text: str) -> None:
    """Write `text` (UTF-8) to `path` so that a failure never leaves half a file, and so
    that the file stays what it was: a symlink is written through to its target, hard
    links stay linked, mode and owner are kept. A file the user may not write raises
    PermissionError, even when its folder would let a rename replace it. Ctrl-C, or the
    SIGTERM that stops a lint's worker process, takes effect once the file is whole."""
    import signal

    data = text.encode("utf-8")  # before anything is opened: an error here changes nothing
    with signals_held(signal.SIGINT, signal.SIGTERM):
        _write(path, data)


def _write(path: str, data: bytes) -> None:
    """`write_atomically`, its signals held."""
    import tempfile

    # The link stays a link and its target gets the fixes (as editors, ruff and black do).
    target = os.path.realpath(path)
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None  # a new file (`wf-lsp graph -o`)
    if old is not None:
        if not stat.S_ISREG(old.st_mode):
            raise FileError(_not_regular_why(old.st_mode))
        # A rename needs only the folder's permission: it would replace a read-only file,
        # or another user's, that the user was never allowed to change.
        os.close(os.open(target, _WRITE_FLAGS))
        if old.st_nlink > 1:
            # A rename would give this name a new file and leave the other names with the
            # old text. The user linked them to share one file, so it is rewritten in place,
            # as vim's backupcopy=auto does: not atomic against a crash, but space is reserved
            # first (`_write_in_place`), so a full disk cannot leave it half written.
            _write_in_place(target, data)
            return
    mode = old.st_mode & 0o7777 if old is not None else 0o666 & ~_umask()
    try:
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".wf-lsp-", suffix=".tmp")
    except PermissionError:
        if old is None:
            raise
        # A folder that refuses a new name holding a file the user may write (opened for
        # writing above): "cannot write the fixes" left them no way but to copy the file
        # out and back. It is rewritten in place, as for hard links, its whole new text
        # made and its space reserved first; black and ruff write every file so.
        _write_in_place(target, data)
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if old is not None and not _same_owner(temp, old):
            # Another user's file the user may write (a group's, say): renaming ours over it
            # would change its owner, so it is rewritten in place, as for hard links.
            os.unlink(temp)
            _write_in_place(target, data)
            return
        os.chmod(temp, mode)  # after the chown, which clears set-user-ID bits
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


@contextmanager
def signals_held(*signals: int) -> Iterator[None]:
    """Hold `signals` back while the block runs; those that came act when it ends. Where
    the system cannot hold them (Windows), the block runs as it is."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# Opened for writing without truncating (which waits for nothing: a FIFO without a reader
# fails at once), to ask the system whether the user may write the file itself.
_WRITE_FLAGS = (os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                | getattr(os, "O_BINARY", 0))


def _same_owner(temp: str, old: os.stat_result) -> bool:
    """Give `temp` the owner and group of the file it replaces, where the process may;
    False when it may not (and they differ)."""
    new = os.stat(temp)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid) or not hasattr(os, "chown"):
        return True
    try:
        os.chown(temp, old.st_uid, old.st_gid)
    except PermissionError:
        return False
    return True


def _write_in_place(target: str, data: bytes) -> None:
    """Overwrite a regular file's bytes with `data`, keeping the file (its links, owner,
    mode). The space for a longer text is reserved before the first byte is written."""
    import errno

    fd = os.open(target, _WRITE_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileError(_not_regular_why(st.st_mode))
        if len(data) > st.st_size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(data))
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                    raise  # nothing written yet
                # A file system that cannot reserve space: written all the same.
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask


# -- the workspace of a lint ----------------------------------------------------------------

def project_root(path: str, config_file: str | None = None) -> str | None:
    """The folder whose workflows a file's calls are checked against: the nearest one
    upward with a config file or `.git`, or the folder of `config_file`, a config named on
    the command line; None when there is none below the home folder (or `/`), which is
    never one (`too_wide`)."""
    return project_roots(config_file)(path)


def too_wide() -> Callable[[str], bool]:
    """Whether a folder is too wide to be a project, whose files a lint of one file (or
    the server, for a document opened outside its folders) would walk: the home folder and
    `/` (and what is above the home folder, which a climb from below it never reaches).
    A config file there gives its settings all the same, as a user's dotfiles do to ruff
    or prettier; a `.git` there is a dotfiles repository. Taken for a project, either had
    a file named alone checked against every workflow the user has, after a walk of
    every file (millions, on a real machine: a hang)."""
    home = os.path.expanduser("~")
    homes = {os.path.abspath(home), os.path.realpath(home)}  # as given, and as getcwd says
    return lambda folder: folder in homes or os.path.dirname(folder) == folder


def project_roots(config_file: str | None = None) -> Callable[[str], str | None]:
    """`project_root` for many paths, each folder looked at once (a walk's files share
    their folders)."""
    named = os.path.dirname(os.path.abspath(config_file)) if config_file else None
    wide = too_wide()
    known: dict[str, str | None] = {}

    def root_of(path: str) -> str | None:
        climbed, found = [], None
        for here in upward(os.path.dirname(os.path.abspath(path))):
            if here in known:
                found = known[here]
                break
            if wide(here):
                break
            climbed.append(here)
            if here == named or _is_work_tree(here) or _has_config(here):
                found = here
                break
        known.update(dict.fromkeys(climbed, found))
        return found
    return root_of


def _has_config(folder: str) -> bool:
    try:
        return _config_in(folder) is not None
    except ConfigError:
        return True  # a config file, if a bad one: its lint says what is wrong


def with_fixes(path: str, fixes: list, start: str | None = None):
    """The file's text (a `Source`), then that text with `fixes` applied by the one engine,
    and how many applied. `start` is a text to apply them to instead, which the file's
    own fixes made of it (`--diff`). Raises OSError or UnicodeError when it cannot be read."""
    from wf_lsp.fixes import apply_fixes
    from wf_lsp.parse import Source

    source = Source.from_text(read_text(path))
    text, count = apply_fixes(source if start is None else Source(start, source.had_bom), fixes)
    return source, text, count


def write_fixes(fixes_by_file: dict[str, list]) -> tuple[int, list[str]]:
    """Apply fixes to files other than their findings' (with the one engine, written
    atomically): how many were applied, and what could not be written."""
    applied, errors = 0, []
    for path, fixes in fixes_by_file.items():
        try:
            source, text, count = with_fixes(path, fixes)
            if count:
                write_atomically(path, ("\ufeff" if source.had_bom else "") + text)
        except OSError as exc:
            errors.append(f"{path}: cannot write the fixes: {exc.strerror or exc}")
            continue
        applied += count
    return applied, errors


def index_workspace(paths: Iterable[str], *, members: dict[str, Config] | None = None,
                    texts: dict[str, str] | None = None, ignore_files: bool = True,
                    keep: dict | None = None, indexed: dict[str, tuple] | None = None,
                    project: str | None = None, config_file: str | None = None,
                    limit: int | None = None):
    """The `Workspace` of the YAML files under `paths` (walked as `discover` walks them),
    each file with its project (`project_root`, with `config_file` as it names).

    With `project` (a project's root), the files of another project found under it (a
    repository inside it, a folder with its own config file) are left out: they are that
    project's, whose files do not see these. With `members` (the files a lint checks, by
    absolute path, with their configs), only what can matter to them is parsed: the
    members, and the files whose ids (read off their lines, `linter.sniff_ids`) are
    theirs or are called by them, transitively; when a member calls an id none has, those
    with an id WF602 may guess for it (`typos.may_mean`), and all of them under
    `workflows-complete` (WF602 then names the ids there are, or the one meant). Without,
    every file. `texts` gives members' texts that are not their files'
    (standard input's, whose path is `-`). A file that cannot be read is left out: its
    lint says why. `keep` (`linter.index_text`) receives the members' parses, for their
    lints to start from; `indexed` holds members' entries made already (by absolute path:
    made in parallel).
    A file with several paths (symlinks, hard links) is indexed once, under a member's path
    or else the one the walk keeps; its other paths are the workspace's aliases of it.
    `limit` bounds the walk (`discover`): the folders it left out are `Workspace.unread`."""
    from wf_lsp.linter import index_text, sniff_ids
    from wf_lsp.workspace import Workspace

    members, texts, indexed = members or {}, texts or {}, indexed or {}
    holders: dict[tuple[int, int], str] = {}
    aliases: dict[str, str] = {}
    root_of = project_roots(config_file)
    projects = {path: root_of(path) for path in members}

    def held_elsewhere(path: str) -> bool:
        """Whether the file at `path` is held under another path (then an alias of it)."""
        # Standard input named as a file (`--stdin-filename`) stands for that file: by a
        # link's path, it was a second workflow beside the file (WF601 against itself).
        identity = file_identity(path) if path != "-" else None
        holder = holders.setdefault(identity, path) if identity is not None else path
        if holder != path:
            aliases[path] = holder
        return holder != path

    entries = []
    for path, config in members.items():
        if held_elsewhere(path):
            continue
        if path in indexed:
            entries.extend(indexed[path])
            continue
        try:
            text = texts[path] if path in texts else read_text(path)
        except OSError:
            continue
        entries.extend(index_text(text, path=path, config=config, keep=keep))
    candidates: dict[str, tuple[str, frozenset[str] | None]] = {}
    # Another project's folder is not walked at all: its files would be left out, and a
    # project in /tmp (a config file there) walked every other user's repository in it.
    apart = None if project is None else (
        lambda folder: root_of(os.path.join(folder, "*")) == os.path.abspath(folder))
    found = discover(paths, ignore_files=ignore_files, apart=apart, limit=limit)
    unread = tuple(os.path.abspath(folder) for folder in found.cut_short)
    for path in found.files:
        path = os.path.abspath(path)
        if path in members or path in candidates:
            continue
        projects[path] = root_of(path)
        if project is not None and projects[path] != project or held_elsewhere(path):
            continue
        try:
            text = read_text(path)
        except OSError:
            continue
        ids = sniff_ids(text)
        if ids != frozenset():
            candidates[path] = (text, ids)
    for path, _ in found.same_files:
        held_elsewhere(os.path.abspath(path))

    def index(path: str) -> list:
        text, _ = candidates.pop(path)
        try:
            return list(index_text(text, path=path, config=find_config(path)))
        except ConfigError:
            return []

    if not members:
        for path in list(candidates):
            entries.extend(index(path))
        return replace(Workspace.of(entries, aliases, projects), unread=unread)
    # What the members need: their own ids (a repeated one is WF601), the ids they call,
    # and what those call in turn (a cycle, WF605). A resource name counts by its last part.
    needed: set[str] = set()
    fresh = own = list(entries)
    while fresh:
        wanted = {e.id for e in fresh if e.id is not None} | {
            call.name.rsplit("/", 1)[-1] for e in fresh for call in e.calls}
        wanted -= needed
        needed |= wanted
        fresh = []
        for path, (_, ids) in list(candidates.items()):
            if ids is None or ids & wanted:
                fresh.extend(index(path))
        entries.extend(fresh)
    ids = {entry.id for entry in entries}
    unknown = {call.name.rsplit("/", 1)[-1] for entry in own for call in entry.calls
               if "${{" not in call.name} - ids
    if unknown and any(config.workflows_complete for config in members.values()):
        # An unknown id is then an error whose message names the workflows there are, or
        # the id meant: those of every file, which it would not know parsing only these.
        for path in list(candidates):
            entries.extend(index(path))
    elif unknown:
        # WF602 guesses the id meant among every workflow's (a typo's fix): the files with
        # an id it may guess are read too, or a file named alone (pre-commit) had no guess
        # that `wf-lsp lint .` and the editor make.
        from wf_lsp.typos import may_mean

        for path, (_, sniffed) in list(candidates.items()):
            if any(may_mean(word, known) for word in unknown for known in sniffed or ()):
                entries.extend(index(path))
    return replace(Workspace.of(entries, aliases, projects), unread=unread)


def workspaces_for(paths: list[str], configs: list[Config], *, config_file: str | None = None,
                   texts: dict[str, str] | None = None, ignore_files: bool = True,
                   keep: dict | None = None, indexed: dict[str, tuple] | None = None
                   ) -> tuple[list[str | None], dict]:
    """Each file's project root, and the `Workspace` of each root: the files linted
    there and the workflows of the project that matter to them (under the root, not in a
    project inside it; None: the files outside any project, each other's only). `texts`: what is linted in place of a file (by absolute path, or `-`
    for standard input without a name); `keep` and `indexed`: see `index_workspace`."""
    roots = [project_root(path, config_file) for path in paths]
    groups: dict[str | None, dict[str, Config]] = {}
    for path, config, root in zip(paths, configs, roots):
        groups.setdefault(root, {})[path if path == "-" else os.path.abspath(path)] = config
    workspaces = {root: index_workspace(_tops(root, members), members=members, texts=texts,
                                        ignore_files=ignore_files, keep=keep, indexed=indexed,
                                        project=root, config_file=config_file)
                  for root, members in groups.items()}
    if None in workspaces:  # files outside any project: messages name them as outputs do
        workspaces[None] = replace(workspaces[None], outside=os.path.abspath(os.curdir))
    return roots, workspaces


def _tops(root: str | None, members: dict[str, Config]) -> list[str]:
    """The folders a project's workspace is walked from: its root, and the folders of
    files linted that its walk does not reach (`passed_over`), as `wf-lsp lint` there
    finds their neighbours."""
    if root is None:
        return []
    return list(dict.fromkeys([root, *filter(None, (passed_over(path, root)
                                                    for path in members if path != "-"))]))


# -- config files ----------------------------------------------------------------------------

def load_toml(path: str | os.PathLike) -> dict:
    """A TOML file as a table; a `ConfigError` naming the file when it cannot be."""
    return _read_toml(path)[0]


def _read_toml(path: str | os.PathLike) -> tuple[dict, str]:
    """A TOML file as a table, and its text."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        text = decode_text(read_bytes(path))
    except FileError as exc:  # not a regular file, or not UTF-8
        raise ConfigError(str(exc), str(path)) from None
    except OSError as exc:
        why = _not_regular(os.fspath(path)) or f"cannot read: {exc.strerror or exc}"
        raise ConfigError(why, str(path)) from None
    # tomllib rejects a BOM (Notepad writes one), as TOML 1.0 does not mention it; YAML
    # files with one are read, and so is this.
    try:
        return tomllib.loads(text.removeprefix("\ufeff")), text
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None


def _checked(data: dict, path: str, folder: str, text: str) -> Config:
    """A config file's table as a `Config`; its problems said at their lines."""
    try:
        return from_mapping(data, path, folder)
    except ConfigError as exc:
        start = 0
        if os.path.basename(path) == "pyproject.toml":  # the keys of our table, not ruff's
            ours = re.search(r"""\btool\s*\.\s*["']?wf-lsp\b""", text)
            start = ours.start() if ours else 0
        raise exc.at_lines(lambda key: _key_line(text, key, start)) from None


def _key_line(text: str, key: str, start: int = 0) -> int | None:
    """The line (1-based) where a config key is written in a TOML text, from `start`:
    `select`, `severity.WF203` (`[severity]`, `severity = { WF203 = ... }` too),
    `per-file-ignores."a.yaml"`; None where it is written in a way this does not find."""
    import json

    head, _, tail = key.partition(".")
    found, position = None, start
    for part in (head, tail) if tail else (head,):
        name = json.loads(part) if part.startswith('"') else part
        # The name as a key (bare or quoted) after what can stand before one, and before
        # what can follow it: `=`, a table header's `]`, a dotted key's `.`.
        pattern = re.compile(rf"""(?:^|[\[{{,.\s])\s*(["']?){re.escape(name)}\1\s*[=\].]""",
                             re.MULTILINE)
        # Not in a comment (`# select = [...]`, a line left out above the real one).
        found = next((match for match in pattern.finditer(text, position) if "#" not in
                      text[text.rfind("\n", 0, match.start(1)) + 1:match.start(1)]), None)
        if found is None:
            return None
        position = found.end()
    return text.count("\n", 0, found.start(1)) + 1


def load_config_file(path: str) -> Config:
    """One config file, named by the user: its `[tool.wf-lsp]` table if it is a
    pyproject.toml, else the whole file."""
    data, text = _read_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        ours = _our_table(data, path)
        if ours is None and not (isinstance(tool, dict) and any(map(_MISNAMED.fullmatch, tool))):
            # Named by the user, it held nothing of ours: the lint ran with the defaults, in
            # silence (a misnamed table is said by `_our_table`).
            raise ConfigError("no `[tool.wf-lsp]` table: nothing of wf-lsp's to read", path)
        data = ours or {}
    return _checked(data, path, os.path.dirname(os.path.abspath(path)), text)


def load_config(path: str | os.PathLike) -> Config:
    """The config for `path`: a `.toml` file is read as a config file; a workflow file or a
    folder gets the nearest config upward, or the defaults (as `wf-lsp lint` does)."""
    if os.fspath(path).endswith(".toml"):
        return load_config_file(os.fspath(path))
    return find_config(path)


@lru_cache(maxsize=256)
def _config_in(folder: str) -> Config | None:
    for name in CONFIG_FILES:
        candidate = os.path.join(folder, name)
        if name == "pyproject.toml":
            if not os.path.isfile(candidate) or not _mentions_us(candidate):
                continue  # another tool's file: not worth a TOML parser (4 ms of a start)
        elif not os.path.lexists(candidate):
            continue
        # Whatever stands under our own names is meant as our config: a folder, a FIFO or
        # a broken link there is said by load_toml, as an unreadable file is, not passed by.
        data, text = _read_toml(candidate)
        if name == "pyproject.toml":
            data = _our_table(data, candidate)
            if data is None:
                continue
        config = _checked(data, candidate, folder, text)
        _beside(folder, name)
        return config
    return None


def _beside(folder: str, name: str) -> None:
    """Say, once, the config files of `folder` that the one read, `name`, stands before: a
    `.wf-lsp.toml` beside a `wf-lsp.toml` was passed over in silence, and its edits did
    nothing."""
    later = CONFIG_FILES[CONFIG_FILES.index(name) + 1:]
    unread = [other for other in later if os.path.lexists(os.path.join(folder, other)) and (
        other != "pyproject.toml" or _mentions_us(os.path.join(folder, other)))]
    if unread and folder not in _BESIDE_SAID:
        _BESIDE_SAID.add(folder)
        import logging

        logging.getLogger(__name__).warning(
            "wf-lsp: warning: %s %s not read: %s beside %s is the config (in one folder, %s)",
            " and ".join(path_text(shown_path(os.path.join(folder, other))) for other in unread),
            "are" if len(unread) > 1 else "is", name, "them" if len(unread) > 1 else "it",
            ", then ".join(CONFIG_FILES))


# The folders whose unread config files were said (until `clear_cache`).
_BESIDE_SAID: set[str] = set()


# `[tool.wf-lsp]`, `[tool."wf-lsp"]`, `tool.wf-lsp.select = ...`: how TOML can name our
# table under `tool` (or a `[tool]` table with a `wf-lsp` key, checked apart); and the
# names a user may write for it instead, `wf_lsp` (the module's) and `wflsp`, which are
# read only to be said (`_our_table`).
_OUR_TABLE = LazyPattern(rb"""\btool\s*\.\s*["']?wf[-_]?lsp\b""", re.IGNORECASE)
_OUR_NAME = LazyPattern(rb"wf[-_]?lsp", re.IGNORECASE)
_MISNAMED = LazyPattern(r"wf[-_]?lsp", re.IGNORECASE)


def _mentions_us(pyproject: str) -> bool:
    """Whether a pyproject.toml may hold wf-lsp's settings, under its name or one taken
    for it. A project that only depends on wf-lsp (`"wf-lsp>=0.1"`) or names its script
    has none."""
    try:
        data = read_bytes(pyproject)
    except OSError:
        return True  # load_toml says what is wrong
    return bool(_OUR_TABLE.search(data)) or (b"[tool]" in data and bool(_OUR_NAME.search(data)))


# The pyproject.toml files whose misnamed table was said (until `clear_cache`).
_MISNAMED_SAID: set[str] = set()


def _our_table(data: dict, path: str) -> dict | None:
    """The `[tool.wf-lsp]` table of a pyproject.toml's `data`. Without one, a table named
    as if it were (`[tool.wf_lsp]`, `[tool.wflsp]`) is said once for the file, as a warning
    of the `wf_lsp.files` logger (on stderr when nothing handles it, as in `wf-lsp lint`;
    in the server's log): its settings are not read, and a lint that went on with the
    defaults was silent about it."""
    tool = data.get("tool")
    if not isinstance(tool, dict):
        return None
    if "wf-lsp" in tool:
        return tool["wf-lsp"]
    for name in tool:
        if _MISNAMED.fullmatch(name) and os.path.abspath(path) not in _MISNAMED_SAID:
            _MISNAMED_SAID.add(os.path.abspath(path))
            import logging  # only here: no lint of a well-configured project pays for it

            logging.getLogger(__name__).warning(
                "wf-lsp: warning: %s: `[tool.%s]` is not read: wf-lsp's table is "
                "`[tool.wf-lsp]`", path_text(shown_path(path)), name)
            break
    return None


def find_config(start: str | os.PathLike | None) -> Config:
    """The nearest config upward from `start` (a file or folder), or the defaults."""
    folder = os.path.abspath(start or ".")
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    for candidate in upward(folder):
        found = _config_in(candidate)
        if found is not None:
            return found
    return Config(root=folder)


def clear_cache() -> None:
    """Forget loaded files (the server calls this when a config file changes)."""
    _config_in.cache_clear()
    _MISNAMED_SAID.clear()
    _BESIDE_SAID.clear()
