"""Studio: briefs in, verified image assets and manifests out."""

__version__ = "0.1.0"
