"""`dyad serve`: binds 127.0.0.1 by default, serves the store, takes the token from DYAD_TOKEN."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_on_localhost_with_the_env_token(sample_store: Path) -> None:
    port = free_port()
    env = {**os.environ, "DYAD_TOKEN": "from-env"}
    process = subprocess.Popen(
        [sys.executable, "-m", "dyad.cli", "serve", "--store", str(sample_store), "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/counts", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("dyad serve did not answer within 60 s")
                time.sleep(0.2)
        assert answer.status_code == 200 and answer.json()["events"] > 0
        denied = httpx.post(
            f"http://127.0.0.1:{port}/api/articles",
            json={"text": "x"},
            headers={"Authorization": "Bearer wrong"},
        )
        assert denied.status_code == 403  # a token is configured (from DYAD_TOKEN), and this is not it
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dyad.cli", "serve", "--store", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no event store here" in result.stderr


# -- binding and the token -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("10.0.0.1", False),
        ("no-such-host.invalid", False),
    ],
)
def test_only_this_machine_is_loopback(host: str, loopback: bool) -> None:
    from dyad.cli.serve_commands import is_loopback

    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("host", "token", "insecure", "allowed"),
    [
        ("127.0.0.1", None, False, True),
        ("0.0.0.0", None, False, False),
        ("0.0.0.0", "t0ken", False, True),
        ("0.0.0.0", None, True, True),
        ("192.168.1.20", None, False, False),
    ],
)
def test_a_public_bind_needs_a_token_or_insecure(
    host: str, token: str | None, insecure: bool, allowed: bool
) -> None:
    import typer

    from dyad.cli.serve_commands import check_bind

    if allowed:
        check_bind(host, token, insecure)
    else:
        with pytest.raises(typer.BadParameter, match="DYAD_TOKEN"):
            check_bind(host, token, insecure)


def _serve(*args: str, env: dict[str, str] | None = None) -> Any:
    from typer.testing import CliRunner

    from dyad.cli import app

    return CliRunner().invoke(app, ["serve", *args], env={"DYAD_TOKEN": "", **(env or {})})


def said(result: Any) -> str:
    """What a command printed, with rich's error box and its line wrapping taken out."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())


def test_serve_refuses_a_public_host_without_a_token(sample_store: Path) -> None:
    result = _serve("--store", str(sample_store), "--host", "0.0.0.0")
    assert result.exit_code == 2
    for advice in ("DYAD_TOKEN", "--token-file", "--insecure", "127.0.0.1"):
        assert advice in said(result)


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "cannot read"), ("", "is empty"), ("  \n", "is empty")],
)
def test_a_bad_token_file_is_a_usage_error(tmp_path: Path, content: str | None, words: str) -> None:
    path = tmp_path / "token"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = _serve("--store", str(tmp_path), "--token-file", str(path))
    assert result.exit_code == 2
    assert words in said(result)


def test_token_and_token_file_together_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("abc\n", encoding="utf-8")
    result = _serve("--token", "abc", "--token-file", str(path))
    assert result.exit_code == 2 and "one way" in said(result)


def test_token_on_the_command_line_warns_that_ps_shows_it(tmp_path: Path) -> None:
    result = _serve("--store", str(tmp_path / "no-store"), "--token", "abc")
    assert "visible to every user" in said(result) and "DYAD_TOKEN" in said(result)
    assert result.exit_code != 0  # and then it stops: there is no store there


@pytest.mark.parametrize(("mode", "warned"), [(0o644, True), (0o600, False)])
def test_a_token_file_others_can_read_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: int, warned: bool
) -> None:
    from dyad.cli.serve_commands import read_token_file

    path = tmp_path / "token"
    path.write_text("abc\n", encoding="utf-8")
    path.chmod(mode)
    assert read_token_file(path) == "abc"
    assert ("chmod 600" in capsys.readouterr().err) is warned


def test_serve_takes_the_token_from_a_file_and_keeps_it_out_of_ps(sample_store: Path, tmp_path: Path) -> None:
    secret = "from-a-file-9f2c"
    path = tmp_path / "token"
    path.write_text(secret + "\n", encoding="utf-8")
    path.chmod(0o600)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DYAD_TOKEN"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dyad.cli",
            "serve",
            "--store",
            str(sample_store),
            "--port",
            str(port),
            "--token-file",
            str(path),
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(url, process)
        denied = httpx.post(
            f"{url}/api/articles", json={"text": 7}, headers={"Authorization": "Bearer wrong"}
        )
        assert denied.status_code == 403
        # the right token gets past the token check to the body check (nothing is written)
        invalid = httpx.post(
            f"{url}/api/articles", json={"text": 7}, headers={"Authorization": f"Bearer {secret}"}
        )
        assert invalid.status_code == 422
        command_line = Path(f"/proc/{process.pid}/cmdline")
        if command_line.exists():
            assert secret.encode() not in command_line.read_bytes()
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for(url: str, process: Any) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{url}/api/counts", timeout=2)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("dyad serve did not answer within 60 s")
            time.sleep(0.2)
