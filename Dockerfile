# The Studio image every service of docker-compose.yml runs: the library, the workers and
# the template library. EXTRAS picks the optional dependencies (pyproject.toml):
#   workers            Celery + Redis client + boto3 (S3) + psycopg (PostgreSQL)
#   workers,monitor    ... and Flower
#   workers,diffusion  ... and torch/diffusers for the gpu worker (torch wheels bring CUDA;
#                      the host needs the NVIDIA driver and container toolkit)
FROM python:3.11-slim

ARG EXTRAS=workers
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STUDIO_PROMPTS_DIR=/app/prompts

WORKDIR /app
COPY pyproject.toml README.md ./
COPY studio ./studio
COPY workers ./workers
COPY prompts ./prompts
RUN pip install ".[${EXTRAS}]" \
 && useradd --create-home --uid 10001 studio
USER studio
CMD ["studio", "--help"]
