"""Tiny, randomly initialised diffusion pipelines saved as real diffusers folders, so tests load
them through the same `from_pretrained` code that loads real weights (no hub, no GPU).

Components follow diffusers' own tests (`block_out_channels=(4, 8)`, a few channels per block)
and are seeded, so the same call writes the same weights. The CLIP tokenizer is built here from
a byte-level vocabulary without merges: one token per character, which makes a "long prompt"
(more than CLIP's 77 tokens) easy to write.

    build_sd(path)     StableDiffusionPipeline: one CLIP text encoder (SD 1.x / 2.x layout)
    build_sdxl(path)   StableDiffusionXLPipeline: two text encoders, pooled embeddings
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

START, END = "<|startoftext|>", "<|endoftext|>"


def _byte_symbols() -> list[str]:
    """The 256 printable stand-ins CLIP's byte-level BPE uses for raw bytes (GPT-2's table)."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1)]
    printable += range(ord("®"), ord("ÿ") + 1)
    extra = (b for b in range(256) if b not in printable)
    table = dict(zip(printable, printable, strict=True))
    table.update((b, 256 + n) for n, b in enumerate(extra))
    return [chr(table[b]) for b in range(256)]


def build_tokenizer(path: Path):
    """A CLIPTokenizer with 514 tokens: every byte, every byte ending a word, start and end."""
    from transformers import CLIPTokenizer

    path.mkdir(parents=True, exist_ok=True)
    symbols = _byte_symbols()
    vocab = {s: i for i, s in enumerate([*symbols, *(s + "</w>" for s in symbols), START, END])}
    (path / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (path / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
    (path / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "model_max_length": 77,
                "bos_token": START,
                "eos_token": END,
                "pad_token": END,
                "unk_token": END,
            }
        ),
        encoding="utf-8",
    )
    return CLIPTokenizer.from_pretrained(path)


def _text_config(tokenizer, **extra):
    from transformers import CLIPTextConfig

    return CLIPTextConfig(
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        max_position_embeddings=77,
        layer_norm_eps=1e-05,
        **extra,
    )


def _vae():
    from diffusers import AutoencoderKL

    # four blocks: latents 1/8 of the image, like real Stable Diffusion VAEs, so that the
    # UNet's attention stays small for full-size panels (768x768 -> 96x96 latents)
    return AutoencoderKL(
        block_out_channels=(4, 8, 8, 8),
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        latent_channels=4,
        norm_num_groups=2,
    )


def _scheduler():
    from diffusers import DDIMScheduler

    return DDIMScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        clip_sample=False,
        set_alpha_to_one=False,
        steps_offset=1,
    )


def build_sd(path: Path, *, seed: int = 0) -> Path:
    """Write a tiny SD 1.x-layout pipeline to `path`; returns `path`."""
    import torch
    from diffusers import StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextModel

    torch.manual_seed(seed)
    with tempfile.TemporaryDirectory() as source:
        tokenizer = build_tokenizer(Path(source))
    unet = UNet2DConditionModel(
        block_out_channels=(4, 8),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
        attention_head_dim=2,
        norm_num_groups=2,
    )
    pipe = StableDiffusionPipeline(
        vae=_vae(),
        text_encoder=CLIPTextModel(_text_config(tokenizer)),
        tokenizer=tokenizer,
        unet=unet,
        scheduler=_scheduler(),
        safety_checker=None,
        feature_extractor=None,
        image_encoder=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(path)
    return path


def build_sdxl(path: Path, *, seed: int = 0) -> Path:
    """Write a tiny SDXL-layout pipeline (two text encoders, pooled text embeds) to `path`."""
    import torch
    from diffusers import StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    torch.manual_seed(seed)
    with tempfile.TemporaryDirectory() as source:
        tokenizer = build_tokenizer(Path(source))
    unet = UNet2DConditionModel(
        block_out_channels=(4, 8),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        attention_head_dim=(2, 4),
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        transformer_layers_per_block=(1, 1),
        projection_class_embeddings_input_dim=80,  # 6 time ids x 8 + 32 pooled text dims
        cross_attention_dim=64,  # the two encoders' hidden states side by side: 32 + 32
        norm_num_groups=2,
    )
    pipe = StableDiffusionXLPipeline(
        vae=_vae(),
        text_encoder=CLIPTextModel(_text_config(tokenizer)),
        text_encoder_2=CLIPTextModelWithProjection(_text_config(tokenizer, projection_dim=32)),
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet,
        scheduler=_scheduler(),
        force_zeros_for_empty_prompt=True,
    )
    pipe.save_pretrained(path)
    return path
