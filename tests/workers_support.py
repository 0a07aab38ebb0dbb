"""Real Redis and real Celery worker processes for the worker tests: a private redis-server
(own port, own AOF directory, so a test can restart it), workers started as
`celery -A workers.app worker` or `studio worker` subprocesses in their own process groups
(so a test can SIGKILL one, children included), and small plans built with the real planner.
Everything started here is killed at teardown."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from studio.domain import Brief, BriefOptions, Plan, State

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
REDIS_SERVER = shutil.which("redis-server")
TERMINAL = {State.succeeded, State.failed, State.refused, State.cancelled}

# Short limits so recovery takes seconds: a whole-worker SIGKILL is noticed after the
# visibility timeout, which must stay above job time limit + longest retry delay.
FAST = {
    "STUDIO_JOB_TIME_LIMIT_S": "6",
    "STUDIO_VISIBILITY_TIMEOUT_S": "10",
    "STUDIO_RETRY_BACKOFF_S": "0.1",
    "STUDIO_RETRY_BACKOFF_MAX_S": "1",
    "STUDIO_MAX_JOB_ATTEMPTS": "3",
    "STUDIO_TEST_GENERATORS": "1",
    # a lost runner's lease runs out in seconds, and the workers sweep every second
    "STUDIO_LEASE_S": "3",
    "STUDIO_SWEEP_INTERVAL_S": "1",
}


def need_redis_and_celery() -> None:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    pytest.importorskip("celery")
    pytest.importorskip("redis")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str, interval: float = 0.05):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")


class RedisServer:
    """redis-server with AOF persistence in `folder`, restartable on the same port."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        args = [
            REDIS_SERVER,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--appendonly",
            "yes",
            "--dir",
            str(self.folder),
            "--save",
            "",
            "--maxmemory-policy",
            "noeviction",
        ]
        log = open(self.folder / "redis.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True)
        _wait(self.ping, 10, "redis-server to answer")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
        except Exception:
            return False

    def stop(self) -> None:
        """Graceful (SIGTERM: Redis writes its AOF out and exits), like a service restart."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@dataclass
class Worker:
    name: str
    proc: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes (its whole process group)."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        # children may outlive a dead parent for a moment; the group is gone only when they are
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def tail(self, n: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-n:])


@dataclass
class Cluster:
    """Redis + worker processes + the settings, context and Celery client of this process."""

    folder: Path
    redis: RedisServer
    env: dict[str, str]
    workers: list[Worker] = field(default_factory=list)
    counter: int = 0

    @property
    def settings(self):  # noqa: ANN201
        from studio.config import Settings

        values = {
            k.removeprefix("STUDIO_").lower(): v
            for k, v in self.env.items()
            if k.startswith("STUDIO_")
        }
        return Settings(_env_file=None, **values)

    def context(self):  # noqa: ANN201
        from studio.context import open_context
        from studio.events import RedisEvents

        if not hasattr(self, "_ctx"):
            self._ctx = open_context(self.settings, events=[RedisEvents(self.redis.url)])
        return self._ctx

    def celery(self):  # noqa: ANN201
        if not hasattr(self, "_celery"):
            from workers.config import make_app

            self._celery = make_app(self.settings)
        return self._celery

    # -- workers ----------------------------------------------------------------------------
    def start_worker(self, *, studio_cli: bool = False) -> Worker:
        self.counter += 1
        name = f"w{self.counter}"
        if studio_cli:
            cmd = [
                str(VENV_BIN / "studio"),
                "worker",
                "--queues",
                "gpu,api,cpu",
                "--concurrency",
                "1",
                "--hostname",
                f"{name}@%h",
                "--loglevel",
                "info",
            ]
        else:
            cmd = [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workers.app",
                "worker",
                "-Q",
                "gpu,api,cpu",
                "-c",
                "1",
                "-n",
                f"{name}@%h",
                "--loglevel",
                "info",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ]
        log = self.folder / f"{name}.log"
        with open(log, "wb") as fh:
            proc = subprocess.Popen(
                cmd,
                stdout=fh,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.folder,
                start_new_session=True,
            )
        worker = Worker(name, proc, log)
        self.workers.append(worker)
        return worker

    def wait_ready(self, workers: Iterable[Worker], timeout: float = 60) -> None:
        for w in workers:
            try:
                _wait(
                    lambda w=w: " ready." in w.log.read_text(errors="replace") or not w.alive(),
                    timeout,
                    f"worker {w.name}",
                )
            except TimeoutError as exc:
                raise AssertionError(f"{exc}\n{w.tail()}") from exc
            assert w.alive(), f"worker {w.name} exited:\n{w.tail()}"

    def ensure_workers(self, n: int, *, studio_cli_first: bool = False) -> None:
        self.workers = [w for w in self.workers if w.alive()]
        new = [
            self.start_worker(studio_cli=studio_cli_first and i == 0 and not self.workers)
            for i in range(n - len(self.workers))
        ]
        self.wait_ready(new)

    def shutdown(self) -> None:
        for w in self.workers:
            w.kill()
        self.redis.kill()

    def logs(self) -> str:
        return "\n".join(f"--- {w.name} ---\n{w.tail()}" for w in self.workers)

    # -- briefs -----------------------------------------------------------------------------
    def submit(self, brief: Brief, plan: Plan) -> str:
        from workers.client import submit

        submit(self.context(), brief, plan, celery=self.celery())
        return brief.id

    def wait(self, brief_ids: list[str], timeout: float = 60) -> dict[str, object]:
        ledger = self.context().ledger

        def done():  # noqa: ANN202
            rows = {b: ledger.get(b) for b in brief_ids}
            return rows if all(r.state in TERMINAL for r in rows.values()) else None

        try:
            return _wait(done, timeout, f"briefs {brief_ids}", interval=0.1)
        except TimeoutError as exc:
            states = {
                b: (
                    r.state.value,
                    r.stage,
                    [(j.id[-3:], j.state.value, j.attempts) for j in r.jobs],
                )
                for b in brief_ids
                for r in [ledger.get(b)]
            }
            raise AssertionError(f"{exc}\n{states}\n{self.logs()}") from exc


def on_postgres() -> bool:
    """STUDIO_TEST_DATABASE=postgresql: the CLI and worker suites run on PostgreSQL ledgers
    (`make test` runs them a second time that way), so a PostgreSQL-only failure shows."""
    return os.environ.get("STUDIO_TEST_DATABASE", "").lower() in ("postgres", "postgresql")


def ledger_url_for_test(folder: Path) -> str:
    """The ledger URL for a test: a fresh PostgreSQL database in PostgreSQL mode (skipped when
    there is none), else SQLite in `folder`."""
    if on_postgres():
        import secrets

        url = postgres_url(f"studio_test_{secrets.token_hex(5)}")
        if url is None:
            pytest.skip("STUDIO_TEST_DATABASE=postgresql but no PostgreSQL at 127.0.0.1:5432")
        return url
    return f"sqlite:///{folder / 'ledger.db'}"


def make_cluster(folder: Path, extra_env: dict[str, str]) -> Cluster:
    if on_postgres() and extra_env.get("STUDIO_DATABASE_URL", "sqlite").startswith("sqlite"):
        extra_env = {**extra_env, "STUDIO_DATABASE_URL": ledger_url_for_test(folder)}
    redis = RedisServer(folder / "redis")
    redis.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDIO_", "AWS_"))}
    env |= (
        FAST
        | {
            "STUDIO_REDIS_URL": redis.url,
            "STUDIO_OUTPUT_DIR": str(folder / "out"),
            "STUDIO_PROMPTS_DIR": str(REPO / "prompts"),
            "PYTHONUNBUFFERED": "1",
        }
        | extra_env
    )
    return Cluster(folder=folder, redis=redis, env=env)


# -- plans ------------------------------------------------------------------------------------
STORYBOARD = "A Polaroid storyboard of Casablanca: {n} key moments pinned to a cork board"


def storyboard(
    settings,
    *,
    panels: int = 8,
    seed: int = 7,
    generator: str | None = None,  # noqa: ANN001
    params: dict | None = None,
    panel_size: int = 160,
) -> tuple[Brief, Plan]:
    """The real planner's storyboard, shrunk (small panels, small board) so tests run fast."""
    from studio.generators.testing import register_all
    from studio.planner import make_plan
    from studio.prompts import Library

    register_all()
    brief = Brief(
        text=STORYBOARD.format(n=panels),
        owner=settings.user,
        options=BriefOptions(seed=seed, generator=generator, width=640, height=480),
    )
    plan = make_plan(brief, library=Library(settings.prompts_dir), settings=settings)
    jobs = [
        j.model_copy(
            update={
                "width": panel_size,
                "height": panel_size,
                "params": {**j.params, **(params or {})},
            }
        )
        for j in plan.jobs
    ]
    return brief, plan.model_copy(update={"jobs": jobs})


def with_generator(plan: Plan, index: int, generator: str, **params: object) -> Plan:
    jobs = [
        j.model_copy(update={"generator": generator, "params": {**j.params, **params}})
        if j.index == index
        else j
        for j in plan.jobs
    ]
    return plan.model_copy(update={"jobs": jobs})


def postgres_url(name: str) -> str | None:
    """A fresh database on the PostgreSQL at 127.0.0.1:5432 (None when it is not there)."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres",
            autocommit=True,
            connect_timeout=2,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception:
        return None
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    from studio import ledger

    with ledger._engines_lock:
        for url in [u for u in ledger._engines if u.endswith(f"/{name}")]:
            ledger._engines.pop(url).dispose()
    try:
        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres",
            autocommit=True,
            connect_timeout=2,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:
        pass
