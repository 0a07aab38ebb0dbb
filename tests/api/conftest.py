"""The real HTTP service for the API tests: uvicorn on a free loopback port, in a thread, one
per test module, with its own output directory and SQLite ledger, and two users (alice and
bob) with a key each."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from studio.config import Settings, get_settings, reset_settings_cache
from tests.conftest import REPO

if TYPE_CHECKING:
    import httpx


@dataclass
class Server:
    url: str
    settings: Settings
    keys: dict[str, str]

    def client(self, user: str | None = "alice", *, key: str | None = None) -> httpx.Client:
        """A client with `user`'s key (or `key`; none when both are None)."""
        import httpx

        key = key or (self.keys[user] if user else None)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(settings: Settings, **app_options: object) -> Iterator[Server]:
    """The real service for `settings` on a free loopback port, with users alice and bob."""
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    uvicorn = pytest.importorskip("uvicorn")

    from studio import service
    from studio.api import create_app

    if not hasattr(service, "create_key"):
        pytest.skip("studio.accounts is not there yet")
    keys = {}
    known = {u.name for u in service.list_users(settings)}  # a restart on the same ledger
    for user in ("alice", "bob"):
        if user not in known:
            service.add_user(settings, user)
        keys[user] = service.create_key(settings, user)[1]
    port = _free_port()
    app = create_app(settings, **app_options)  # type: ignore[arg-type]
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", settings, keys)
    finally:
        uv.should_exit = True
        thread.join(30)


@contextmanager
def embedded_server(folder: Path, *, keep: tuple[str, ...] = (), **env: str) -> Iterator[Server]:
    """The embedded service (briefs on two threads of the server's process) with its output
    in `folder`, no other STUDIO_* setting than `env` (and the variables named in `keep`)."""
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("STUDIO_") and key not in keep:
                mp.delenv(key)
        mp.setenv("STUDIO_OUTPUT_DIR", str(folder / "out"))
        mp.setenv("STUDIO_PROMPTS_DIR", str(REPO / "prompts"))
        for key, value in env.items():
            mp.setenv(key, value)
        reset_settings_cache()
        try:
            with serving(get_settings(), threads=2) as running:
                yield running
        finally:
            reset_settings_cache()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The embedded mode: briefs on two threads of the server's process."""
    with embedded_server(tmp_path_factory.mktemp("api")) as running:
        yield running


def wait_until_ended(client: httpx.Client, brief_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        view = client.get(f"/v1/briefs/{brief_id}").json()
        if view["state"] in ("succeeded", "failed", "refused", "cancelled"):
            return view
        assert time.monotonic() < deadline, f"brief still {view['state']}"
        time.sleep(0.2)


__all__ = ["Path", "Server", "serving", "wait_until_ended"]
