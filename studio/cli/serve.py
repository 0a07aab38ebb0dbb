"""`studio serve`: the HTTP service (FastAPI under uvicorn; the `api` extra). Briefs run on
a thread pool in this process, or on the workers when STUDIO_REDIS_URL is set."""

from __future__ import annotations

from typing import Annotated

import typer

from studio.cli.common import app, out
from studio.config import get_settings


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    threads: Annotated[
        int,
        typer.Option(
            "--threads",
            min=1,
            max=64,
            help="Briefs run at once in this process (no Redis); taken fairly across users.",
        ),
    ] = 2,
) -> None:
    """Run the HTTP API until stopped (docs at /docs, OpenAPI at /openapi.json)."""
    from studio import service

    shown = f"[{host}]" if ":" in host else host
    out.print(f"Studio API on http://{shown}:{port} (docs: /docs)", highlight=False)
    service.serve(get_settings(), host=host, port=port, threads=threads)
