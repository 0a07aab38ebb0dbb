"""docker-compose.yml, checked without a Docker engine: the services a one-host deployment
needs, Redis that keeps and never evicts queued jobs, a GPU reservation, and every command
and variable the file names exists in the code (entry points, CLI options, the Celery app,
Settings, .env.example)."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from studio.config import Settings

REPO = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
OURS = {name: s for name, s in SERVICES.items() if "build" in s}  # built from this repository


def test_one_host_has_every_service_and_nothing_else() -> None:
    assert set(SERVICES) == {
        "redis",
        "postgres",
        "minio",
        "minio-init",
        "worker-gpu",
        "worker-api",
        "worker-cpu",
        "api",
        "flower",
    }
    assert set(OURS) == {"worker-gpu", "worker-api", "worker-cpu", "api", "flower"}
    for name, service in SERVICES.items():
        assert "image" in service, f"{name} has no image"
        words = " ".join(
            str(w) for w in [*(service.get("command") or []), *(service.get("entrypoint") or [])]
        )
        assert not re.search(r"\b(sleep|tail -f|true)\b", words), f"{name} looks like a placeholder"


def test_redis_persists_and_never_evicts() -> None:
    command = SERVICES["redis"]["command"]
    joined = " ".join(command)
    assert "--appendonly yes" in joined and "--maxmemory-policy noeviction" in joined
    assert any(v.endswith(":/data") for v in SERVICES["redis"]["volumes"])


def test_the_gpu_worker_reserves_an_nvidia_gpu_and_serves_only_the_gpu_queue() -> None:
    gpu = SERVICES["worker-gpu"]
    devices = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert any(d["driver"] == "nvidia" and "gpu" in d["capabilities"] for d in devices)
    assert gpu["command"][gpu["command"].index("--queues") + 1] == "gpu"
    assert "diffusion" in gpu["build"]["args"]["EXTRAS"]
    queues = {
        s["command"][s["command"].index("--queues") + 1]
        for s in OURS.values()
        if "--queues" in s["command"]
    }
    assert queues == {"gpu", "api", "cpu"}  # every queue has a worker; cpu runs the fan-ins


def test_depends_on_and_volumes_refer_to_what_exists() -> None:
    for name, service in SERVICES.items():
        for dep in service.get("depends_on", {}) or {}:
            assert dep in SERVICES, f"{name} depends on unknown {dep}"
        for volume in service.get("volumes", []) or []:
            source = volume.split(":", 1)[0]
            assert source in COMPOSE["volumes"], f"{name} mounts undeclared volume {source}"


def test_images_build_from_the_dockerfile_with_extras_pyproject_may_declare() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "ARG EXTRAS" in dockerfile and '".[${EXTRAS}]"' in dockerfile
    for name in ("studio", "workers", "prompts", "pyproject.toml"):
        assert f"COPY {name}" in dockerfile and (REPO / name).exists()
    for service in OURS.values():
        assert service["build"]["context"] == "."
        assert set(service["build"]["args"]["EXTRAS"].split(",")) <= {
            "workers",
            "monitor",
            "diffusion",
            "api",
        }


@pytest.mark.parametrize("service", sorted(OURS))
def test_every_command_is_a_real_entry_point(service: str) -> None:
    command = [str(c) for c in SERVICES[service]["command"]]
    if command[0] == "studio":
        # the console script exists, and the CLI accepts these exact arguments
        scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
        assert scripts["studio"] == "studio.cli:main"
        import typer

        from studio.cli import app

        click_app = typer.main.get_command(app)
        sub = click_app.get_command(None, command[1])  # type: ignore[arg-type]
        assert sub is not None, f"studio has no command {command[1]!r}"
        sub.make_context(command[1], command[2:])  # raises on an unknown option or bad value
    else:
        # `celery -A workers.app <worker|flower> ...`: the module exists and defines `app`
        assert command[:3] == ["celery", "-A", "workers.app"]
        assert command[3] in ("worker", "flower")
        assert importlib.util.find_spec("workers.app") is not None
        source = (REPO / "workers" / "app.py").read_text()
        assert re.search(r"^app = make_app\(\)", source, re.M)
        if command[3] == "worker":  # every option is one of celery worker's own
            from celery.bin.worker import worker

            known = {opt for param in worker.params for opt in param.opts}
            given = {arg.split("=", 1)[0] for arg in command[4:] if arg.startswith("-")}
            assert given <= known, given - known


def _compose_variables() -> set[str]:
    text = (REPO / "docker-compose.yml").read_text()
    names = set(re.findall(r"\$\{(STUDIO_[A-Z0-9_]+)", text))
    for service in SERVICES.values():
        env = service.get("environment") or {}
        names |= {k for k in env if k.startswith("STUDIO_")}
    return names


def test_every_studio_variable_exists_in_settings_and_env_example() -> None:
    names = _compose_variables()
    assert {"STUDIO_REDIS_URL", "STUDIO_DATABASE_URL", "STUDIO_STORAGE_URL"} <= names
    fields = {f"STUDIO_{n.upper()}" for n in Settings.model_fields}
    example = (REPO / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*(STUDIO_[A-Z0-9_]+)=", example, re.M))
    assert names <= fields, names - fields
    assert names <= listed, names - listed
    distributed = {
        "STUDIO_REDIS_URL",
        "STUDIO_STORAGE_URL",
        "STUDIO_DATABASE_URL",
        "STUDIO_JOB_TIME_LIMIT_S",
        "STUDIO_VISIBILITY_TIMEOUT_S",
        "STUDIO_MAX_JOB_ATTEMPTS",
        "STUDIO_RETRY_BACKOFF_S",
        "STUDIO_RETRY_BACKOFF_MAX_S",
        "STUDIO_TEST_GENERATORS",
    }
    assert distributed <= fields and distributed <= listed, distributed - listed


def test_the_workers_share_one_ledger_store_and_broker() -> None:
    envs = [s["environment"] for s in OURS.values()]
    for key in (
        "STUDIO_REDIS_URL",
        "STUDIO_DATABASE_URL",
        "STUDIO_STORAGE_URL",
        "AWS_ENDPOINT_URL",
    ):
        assert len({e[key] for e in envs}) == 1
    env = envs[0]
    assert env["STUDIO_REDIS_URL"].startswith("redis://redis:")
    assert (
        env["STUDIO_DATABASE_URL"].startswith("postgresql+psycopg://studio:")
        and "@postgres:5432/" in env["STUDIO_DATABASE_URL"]
    )
    assert env["STUDIO_STORAGE_URL"].startswith("s3://")
    # no secret has a default: compose refuses to start without them
    assert (
        ":?" in env["AWS_SECRET_ACCESS_KEY"]
        and ":?" in SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"]
    )
