"""`dyad serve`: binds 127.0.0.1 by default, serves the store, takes the token from DYAD_TOKEN."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

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
