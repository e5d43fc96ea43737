"""Walk folders: regular files come out in order; everything that is not read is reported.

An unreadable subfolder, a dangling symbolic link, a link loop and a FIFO, socket or device each
become a ReadError naming the path: never silently skipped, and a FIFO is never opened (opening one
blocks until something writes to it). Hidden entries (``.git``, ``.DS_Store``) are skipped on purpose.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from dyad.model import ReadError


def display(path: str | Path) -> str:
    """A path as text that can always be printed and stored (undecodable bytes as ``\\xNN``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def not_a_file(path: Path, mode: int) -> ReadError:
    """The ReadError for a path that is neither a regular file nor a folder."""
    return ReadError(
        display(path),
        f"{file_kind(mode)}, not a regular file; Dyad reads files and folders "
        "(pipe a stream to standard input with '-' instead)",
        "not_a_file",
    )


def missing(path: Path) -> ReadError:
    """The ReadError for a path that does not exist, or a symbolic link whose target does not."""
    if path.is_symlink():
        try:
            target = display(os.readlink(path))
        except OSError:
            target = "?"
        return ReadError(
            display(path),
            f"dangling symbolic link: its target {target} does not exist; fix or remove the link",
            "broken_link",
        )
    return ReadError(display(path), "no such file or folder; check the path", "not_found")


def _listing(folder: Path) -> list[str] | ReadError:
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries)
    except OSError as error:
        return ReadError(
            display(folder),
            f"cannot list the folder ({error.strerror}); none of its files were read: check its permissions",
            "unreadable",
        )


def is_dyad_store(folder: Path) -> bool:
    """Whether ``folder`` is a Dyad event store (its ``SCHEMA_VERSION`` file and ``manifests/``)."""
    return (folder / "SCHEMA_VERSION").is_file() and (folder / "manifests").is_dir()


def _store_skipped(folder: Path) -> ReadError:
    return ReadError(
        display(folder),
        "a Dyad event store, not input: not read (query it with dyad events/sql --store, or export it)",
        "dyad_store",
    )


def walk(folder: Path) -> Iterator[Path | ReadError]:
    """Regular files under ``folder`` (sorted by name, depth first), and a ReadError for the rest.

    Symbolic links are followed; a folder reached twice (a link loop, or two links to one folder)
    is read once and reported the second time. A Dyad store is never read as input ("dyad ingest .
    --store dyad-data" would otherwise read the store's own files back in): it is reported instead.
    The walk keeps a stack, not a recursion, so depth is not limited by Python's recursion limit.
    """
    if is_dyad_store(folder):
        yield _store_skipped(folder)
        return
    info = folder.stat()
    seen = {(info.st_dev, info.st_ino): display(folder)}
    first = _listing(folder)
    if isinstance(first, ReadError):
        yield first
        return
    stack: list[tuple[Path, Iterator[str]]] = [(folder, iter(first))]
    while stack:
        parent, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        if name.startswith("."):
            continue
        path = parent / name
        try:
            info = path.stat()
        except FileNotFoundError:
            yield missing(path)
            continue
        except OSError as error:  # a link loop (ELOOP), a name too long, a permission on the way
            yield ReadError(display(path), f"cannot read: {error.strerror}", "unreadable")
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen:
                yield ReadError(
                    display(path),
                    f"folder already read as {seen[key]} (a symbolic link leads back to it); not read twice",
                    "duplicate_folder",
                )
                continue
            seen[key] = display(path)
            if is_dyad_store(path):
                yield _store_skipped(path)
                continue
            listing = _listing(path)
            if isinstance(listing, ReadError):
                yield listing
            else:
                stack.append((path, iter(listing)))
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield not_a_file(path, info.st_mode)
