"""One Settings object, read from the environment and `.env`. Every variable is prefixed
`STUDIO_` (e.g. STUDIO_OUTPUT_DIR). Provider keys keep their standard names
(OPENAI_API_KEY, GOOGLE_API_KEY) and are read by the generators that need them, never
stored here, logged or written into manifests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
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
    output_dir: Path = Field(Path("studio-output"), description="Deliverables root (OUT/<brief-id>/)")
    prompts_dir: Path = Field(default_factory=_default_prompts_dir, description="Template library")
    database_url: str | None = Field(
        None,
        description="Ledger: sqlite:///path or postgresql+psycopg://user@host/db "
        "(default: SQLite file studio.db inside output_dir)",
    )
    user: str = Field("local", description="Owner recorded on briefs made from this CLI")

    # Planning and generation defaults
    planner: str = Field("offline", description="offline, or provider:model for the agent")
    generator: str = Field("auto", description="auto, or a generator name (offline, ...)")
    brand: str = Field("default", description="Brand kit id from prompts/brands/")
    default_seed: int = Field(1234, description="Seed when a brief gives none")

    # Limits
    max_width: int = Field(4096, ge=64)
    max_height: int = Field(4096, ge=64)
    min_side: int = Field(64, ge=8)
    max_images_per_brief: int = Field(48, ge=1)
    max_brief_chars: int = Field(4000, ge=10)
    pdf_max_bytes: int = Field(50 * 1024 * 1024, description="Largest PDF accepted")
    pdf_max_pages: int = Field(300)
    pdf_max_chars: int = Field(2_000_000, description="Most extracted characters kept")
    pdf_timeout_s: float = Field(30.0, description="Wall time for parsing one PDF")
    pdf_max_memory_mb: int = Field(1024, description="Address-space limit of the parser process")

    @property
    def ledger_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.output_dir / 'studio.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests and the CLI call this after changing the environment."""
    get_settings.cache_clear()
