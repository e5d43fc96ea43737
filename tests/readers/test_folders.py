"""Folders: what is not read is reported (unreadable folders, dangling links, FIFOs), never skipped."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from dyad.model import Article, ReadError
from dyad.readers import read_path

TEXT = "date 2024-01-01 Kenya hosted talks."


def _summary(folder: Path) -> list[tuple[str, str]]:
    """(path relative to the folder, article id or error kind) per item."""
    out = []
    for item in read_path(folder):
        where = item.origin.removeprefix(f"{folder}/")
        out.append((where, item.id if isinstance(item, Article) else item.kind))
    return out


def test_dangling_links_fifos_and_sockets_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "c.jsonl")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "d.csv"))
        (tmp_path / "e.txt").symlink_to(tmp_path / "a.txt")
        opened: list[str] = []
        real_open = os.open

        def recording_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            opened.append(os.fsdecode(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", recording_open)
        summary = _summary(tmp_path)
    assert summary == [
        ("a.txt", "a"),
        ("b.txt", "broken_link"),
        ("c.jsonl", "not_a_file"),
        ("d.csv", "not_a_file"),
        ("e.txt", "e"),
    ]
    assert str(tmp_path / "c.jsonl") not in opened, "a FIFO is never opened (opening one blocks)"


def test_fifo_named_directly_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    (item,) = read_path(fifo)  # a blocking open() would hang here: there is no writer
    assert isinstance(item, ReadError) and item.kind == "not_a_file" and "FIFO" in item.reason
    assert "'-'" in item.reason


def test_dangling_link_named_directly(tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    (item,) = read_path(tmp_path / "link.txt")
    assert isinstance(item, ReadError) and item.kind == "broken_link" and "gone.txt" in item.reason


def test_unreadable_subfolder_is_reported_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "b-locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root ignores permissions: refuse the listing the way the kernel would
        real_scandir = os.scandir

        def scandir(path):  # type: ignore[no-untyped-def]
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        summary = _summary(tmp_path)
    finally:
        locked.chmod(0o755)
    assert summary == [("a.txt", "a"), ("b-locked", "unreadable"), ("c.txt", "c")]


def test_link_loops_are_read_once_and_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "back").symlink_to(tmp_path)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    assert _summary(tmp_path) == [("a.txt", "a"), ("back", "duplicate_folder"), ("self", "unreadable")]


def test_sorted_by_name_depth_first_and_hidden_entries_skipped(tmp_path: Path) -> None:
    for name in ("b/d.txt", "b/c.txt", "a.txt", "c.txt", ".git/x.txt", "b/.hidden.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    assert [i for _, i in _summary(tmp_path)] == ["a", "c", "d", "c"]


def test_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    # pathlib's mkdir(parents=True) and shutil.rmtree recurse too: build and remove level by level
    levels = [tmp_path]
    for _ in range(1200):
        levels.append(levels[-1] / "d")
        levels[-1].mkdir()
    (levels[-1] / "bottom.txt").write_text(TEXT, encoding="utf-8")
    try:
        (item,) = read_path(tmp_path)
    finally:
        (levels[-1] / "bottom.txt").unlink()
        for level in reversed(levels[1:]):
            level.rmdir()
    assert isinstance(item, Article) and item.id == "bottom"


def test_undecodable_file_name_is_printable(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as out:
        out.write(TEXT.encode())
    (item,) = read_path(tmp_path)
    assert isinstance(item, Article)
    assert item.id == "caf\\xe9" and item.origin.endswith("caf\\xe9.txt")
    item.origin.encode("utf-8")


def test_files_without_a_known_suffix_need_a_format(tmp_path: Path) -> None:
    (tmp_path / "SCHEMA_VERSION").write_text("3\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert _summary(tmp_path) == [("SCHEMA_VERSION", "unknown_format"), ("a.txt", "a")]


def test_a_fifo_swapped_in_after_the_walk_is_not_opened_for_reading(tmp_path: Path) -> None:
    """The open itself never blocks (O_NONBLOCK) and refuses what is not a regular file."""
    from dyad.readers.files import _open_regular

    fifo = tmp_path / "late.jsonl"
    os.mkfifo(fifo)
    refused = _open_regular(fifo, str(fifo))
    assert isinstance(refused, ReadError) and refused.kind == "not_a_file"
