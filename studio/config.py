"""One Settings object, read from the environment and `.env`. Every variable is prefixed
`STUDIO_` (e.g. STUDIO_OUTPUT_DIR). Provider keys keep their standard names
(OPENAI_API_KEY, GOOGLE_API_KEY) and are read by the generators that need them, never
stored here, logged or written into manifests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent


def _default_prompts_dir() -> Path:
    # A source checkout keeps prompts/ beside the package; an installed wheel can point
    # STUDIO_PROMPTS_DIR at its own copy.
    return REPO_ROOT / "prompts"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="STUDIO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Where things live
    output_dir: Path = Field(
        Path("studio-output"), description="Deliverables root (OUT/<brief-id>/)"
    )
    prompts_dir: Path = Field(default_factory=_default_prompts_dir, description="Template library")
    database_url: str | None = Field(
        None,
        description="Ledger: sqlite:///path or postgresql+psycopg://user@host/db "
        "(default: SQLite file studio.db inside output_dir)",
    )
    user: str = Field("local", description="Owner recorded on briefs made from this CLI")
    pdf_password: SecretStr | None = Field(
        None,
        description="Password of encrypted PDFs when --password is not given (kept out of "
        "`ps`; never logged or written into manifests)",
    )

    # Planning and generation defaults
    planner: str = Field("offline", description="offline, or provider:model for the agent")
    planner_max_steps: int = Field(
        12, ge=1, description="Most model calls the planner agent may make per brief"
    )
    planner_max_tokens: int = Field(
        60_000, ge=100, description="Most tokens (in + out) the planner agent may use per brief"
    )
    planner_timeout_s: float = Field(
        120.0, gt=0, description="Wall time the planner agent may take per brief"
    )
    planner_token_prices: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {
            "gpt-4.1-mini": {"in": 0.4, "out": 1.6},
            "gemini-2.5-flash": {"in": 0.3, "out": 2.5},
        },
        description="USD per 1M tokens by planner model (unlisted models, e.g. ollama: 0)",
    )
    generator: str = Field("auto", description="auto, or a generator name (offline, ...)")
    generator_order: str = Field(
        "diffusers,openai,gemini",
        description="Preference among configured generators when STUDIO_GENERATOR=auto",
    )
    fallback: str = Field(
        "failure",
        pattern="^(never|failure|failure_or_refusal)$",
        description="Try the next generator when one fails (failure) or also when it refuses",
    )
    prices: dict[str, float] = Field(
        default_factory=lambda: {
            "offline": 0.0,
            "diffusers": 0.0,
            "openai:gpt-image-2": 0.053,  # 1024x1024, medium quality
            "openai:gpt-image-1": 0.042,
            "openai:gpt-image-1-mini": 0.011,
            "gemini:gemini-2.5-flash-image": 0.039,
            "gemini:imagen-4.0-generate-001": 0.04,
        },
        description='USD per image by "generator" or "generator:model" (JSON in the environment)',
    )
    max_cost: float | None = Field(None, description="Refuse plans estimated above this (USD)")
    brand: str = Field("default", description="Brand kit id from prompts/brands/")
    default_seed: int = Field(1234, description="Seed when a brief gives none")

    # Local diffusion (pip install 'studio[diffusion]'): studio/generators/diffusion/
    diffusers_model: str | None = Field(
        None, description="A diffusers model folder, or a hub id already in the local cache"
    )
    diffusers_variant: str | None = Field(None, description='Weight files to load, e.g. "fp16"')
    diffusers_download: bool = Field(
        False, description="Let a worker download a hub id missing from the cache (GBs)"
    )
    diffusers_device: str = Field("auto", pattern=r"^(auto|cpu|mps|cuda(:\d+)?)$")
    diffusers_dtype: str = Field(
        "auto",
        pattern="^(auto|float32|float16|bfloat16)$",
        description="auto: bfloat16 (or float16) on CUDA, float16 on MPS, float32 on CPU",
    )
    diffusers_sdpa: bool = Field(True, description="PyTorch scaled-dot-product attention")
    diffusers_channels_last: bool = Field(False, description="channels_last UNet/VAE memory")
    diffusers_compile: bool = Field(False, description="torch.compile the denoiser (slow start)")
    diffusers_vae_tiling: bool = Field(
        False, description="Decode in tiles: big images, less memory"
    )
    diffusers_cpu_offload: str = Field(
        "none",
        pattern="^(none|model|sequential)$",
        description="Keep weights in RAM and move them to the GPU when used (less VRAM, slower)",
    )
    diffusers_cache_size: int = Field(2, ge=1, description="Pipelines kept loaded per process")
    diffusers_steps: int = Field(30, ge=1, le=500, description="Steps when the job gives none")
    diffusers_guidance: float = Field(6.5, ge=0, description="Guidance when the job gives none")

    # Hosted image models (keys stay in OPENAI_API_KEY / GOOGLE_API_KEY, never here)
    openai_image_model: str = Field(
        "gpt-image-2", description="OpenAI image model (gpt-image-2, gpt-image-2.5-flare, ...)"
    )
    openai_image_quality: str = Field(
        "medium", pattern="^(auto|low|medium|high|xhigh|max)$", description="gpt-image quality"
    )
    openai_image_background: str = Field(
        "auto", pattern="^(auto|opaque|transparent)$", description="gpt-image background"
    )
    openai_output_format: str = Field(
        "png",
        pattern="^(png|jpeg|webp)$",
        description="Format the provider returns (kept as the original)",
    )
    openai_moderation: str = Field(
        "auto", pattern="^(auto|low)$", description="gpt-image moderation level"
    )
    openai_token_prices: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {
            "gpt-image-2": {"text_in": 5.0, "image_in": 8.0, "image_out": 30.0}
        },
        description="USD per 1M tokens by OpenAI model: actual cost from the response's usage "
        "(models not listed are priced per image from STUDIO_PRICES)",
    )
    gemini_image_model: str = Field(
        "gemini-2.5-flash-image", description="Gemini image model, or imagen-* (Vertex mode only)"
    )
    gemini_image_size: str | None = Field(
        None, pattern="^(1K|2K|4K)$", description="Gemini image_size (models that support it)"
    )
    hosted_timeout_s: float = Field(
        180.0, gt=0, description="Seconds one hosted image call may take"
    )

    # Content Credentials (pip install 'studio[c2pa]'): every output and deliverable signed
    # with this chain and key (studio/credentials.py); unset, nothing is signed
    c2pa_cert: Path | None = Field(
        None, description="PEM certificate chain, signing certificate first (C2PA signer)"
    )
    c2pa_key: Path | None = Field(
        None, description="PEM private key of the signing certificate (never logged or copied)"
    )
    c2pa_alg: str = Field(
        "es256",
        pattern="^(es256|es384|es512|ps256|ps384|ps512|ed25519)$",
        description="Signing algorithm, matching the key",
    )
    c2pa_tsa_url: str | None = Field(
        None, description="RFC 3161 time stamp authority for signatures (off by default)"
    )
    c2pa_trust_anchors: Path | None = Field(
        None, description="PEM root certificates `studio verify` trusts (and signing checks)"
    )

    # Limits
    max_width: int = Field(4096, ge=64)
    max_height: int = Field(4096, ge=64)
    min_side: int = Field(64, ge=8)
    max_images_per_brief: int = Field(48, ge=1)
    max_brief_chars: int = Field(4000, ge=10)
    pdf_max_bytes: int = Field(50 * 1024 * 1024, description="Largest PDF accepted")
    max_upload_bytes: int = Field(
        50 * 1024 * 1024, ge=1, description="Largest file accepted by an upload (API)"
    )
    pdf_max_pages: int = Field(300)
    pdf_max_chars: int = Field(2_000_000, description="Most extracted characters kept")
    pdf_timeout_s: float = Field(30.0, description="Wall time for parsing one PDF")
    pdf_max_memory_mb: int = Field(1024, description="Address-space limit of the parser process")

    # The HTTP service: requests per minute per API key (0: no limit), and whether webhooks may
    # go to private, loopback or link-local addresses (a receiver on this host, in tests)
    api_rate_per_minute: int = Field(600, ge=0, description="Requests per minute per API key")
    webhook_allow_private: bool = Field(
        False, description="Let webhooks go to private and loopback addresses"
    )

    # Distributed execution (workers/): Redis, shared storage, delivery and retries
    redis_url: str | None = Field(
        None,
        description="Broker and result backend of the workers (redis://host:6379/0); setting it "
        "switches on `studio run --queue` and `studio worker`",
    )
    storage_url: str | None = Field(
        None,
        description="Asset store: a directory, or s3://bucket/prefix (AWS_* variables, "
        "AWS_ENDPOINT_URL for MinIO and other S3-compatible stores); default: output_dir",
    )
    job_time_limit_s: int = Field(
        3600,
        ge=2,
        description="Longest one job (or one composition) may run on a worker; at 90% "
        "the job is interrupted (and retried), at 100% its worker process is killed",
    )
    visibility_timeout_s: int = Field(
        7200,
        ge=10,
        description="Seconds before Redis hands an unacknowledged task to another "
        "worker; above the longest job and the longest retry delay",
    )
    max_job_attempts: int = Field(
        5,
        ge=1,
        description="Most times a job is started (crashes, lost workers and transient "
        "errors all count) before it is failed",
    )
    lease_s: float = Field(
        30.0,
        ge=2,
        description="A job's (or an in-process brief's) lease: its runner renews it every "
        "third of this; a runner silent for longer is taken to be lost and its work is taken "
        "over by the recovery sweep",
    )
    sweep_interval_s: float = Field(
        10.0,
        gt=0,
        description="How often a worker looks for lost jobs and stuck briefs (one sweeper "
        "acts at a time)",
    )
    fair_share_step: int = Field(
        2,
        ge=1,
        le=1000,
        description="Fair share on the queues: each owner's queued jobs step down one "
        "priority level (of 10) every this many, so one user's batch cannot starve "
        "another's single brief",
    )
    retry_backoff_s: float = Field(
        2.0, gt=0, description="First retry delay after a transient error"
    )
    retry_backoff_max_s: float = Field(300.0, gt=0, description="Longest retry delay")
    test_generators: bool = Field(
        False,
        description="Register the test generators (delay, fail, flaky, poison); never in production",
    )

    @model_validator(mode="after")
    def _delivery_limits(self) -> Settings:
        # A retried job waits (unacknowledged) for its delay and then runs: both must fit.
        longest = self.job_time_limit_s + self.retry_backoff_max_s
        if self.visibility_timeout_s <= longest:
            raise ValueError(
                f"STUDIO_VISIBILITY_TIMEOUT_S ({self.visibility_timeout_s}) must be above "
                f"STUDIO_JOB_TIME_LIMIT_S + STUDIO_RETRY_BACKOFF_MAX_S ({longest:g} s), or Redis "
                "would hand a running job to a second worker"
            )
        return self

    @property
    def ledger_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.output_dir / 'studio.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests and the CLI call this after changing the environment."""
    get_settings.cache_clear()
