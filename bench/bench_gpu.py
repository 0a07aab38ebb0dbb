"""The GPU path, measured: an SDXL-architecture pipeline with random weights at full size (no
download: diffusers' and transformers' own classes with SDXL's configuration, seeded random
initialisation), bf16, SDPA, channels_last, optionally torch.compile.

    .venv/bin/python bench/bench_gpu.py [--compile] [--steps 30] [--size 1024]
        [--batches 1,4,8] [--jobs 40] [--worker-threads 2] [--peak-tflops N] [--json PATH]
    .venv/bin/python bench/bench_gpu.py --tiny     # the same code path on CPU, in seconds

1. build: UNet2DConditionModel (320/640/1280 channels, [1, 2, 10] transformer layers, cross
   attention 2048, text_time added conditioning), AutoencoderKL (128/256/512/512), CLIP
   ViT-L and OpenCLIP bigG text encoders, a byte-level tokenizer built locally
2. FLOPs: one UNet step counted with torch.utils.flop_counter.FlopCounterMode (one image with
   classifier-free guidance: a UNet batch of 2; attention through the math kernel, whose
   matmuls the counter sees on every device)
3. per batch size: one short warm-up call, then `steps` steps at size x size; seconds per
   image, images per second, peak memory, and the UNet's share of the GPU's bf16 peak:
   FLOPs per image-step x steps x batch / time inside UNet calls (CUDA events) / peak
4. Studio: the pipeline saved with save_pretrained to a temporary folder, a private
   redis-server, one worker on the gpu queue (two task threads sharing the GPU line, as a GPU
   worker runs: studio/executor/pipeline.py; --worker-threads 1 for the sequential design),
   `jobs` one-image jobs on the `diffusers` generator through the real executor:
       duty cycle = jobs x (seconds per image at batch 1, step 3) / wall (submit -> last job)

Without a CUDA device it exits 2 with "no CUDA device: ..." (--tiny runs on CPU). The peak
table knows H200, H100 (SXM, PCIe, NVL), A100, L40S, L4 and RTX 4090 by device name; others
need --peak-tflops. Sized to finish in under 8 minutes on one H100/H200 (without --compile).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: bench/ and tests/ import from the repo root
    sys.path.insert(0, str(REPO))

# dense bf16 tensor-core peak, TFLOP/s (vendor data sheets, no sparsity); first match wins
PEAK_BF16_TFLOPS = [
    (r"H200", 989.0),
    (r"H100.*PCIe", 756.0),
    (r"H100.*NVL", 835.0),
    (r"H100", 989.0),
    (r"A100", 312.0),
    (r"L40S", 362.0),
    (r"\bL4\b", 121.0),
    (r"4090", 165.2),
]
GUIDANCE = 5.0
PROMPT = "a lighthouse on a cliff at dawn, film photograph"

# SDXL base 1.0's configuration (stabilityai/stable-diffusion-xl-base-1.0, */config.json)
SDXL: dict[str, dict[str, Any]] = {
    "unet": dict(
        sample_size=128,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        block_out_channels=(320, 640, 1280),
        layers_per_block=2,
        transformer_layers_per_block=(1, 2, 10),
        attention_head_dim=(5, 10, 20),
        cross_attention_dim=2048,  # CLIP-L 768 + bigG 1280, side by side
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=256,
        projection_class_embeddings_input_dim=2816,  # 6 time ids x 256 + 1280 pooled
        norm_num_groups=32,
    ),
    "vae": dict(
        block_out_channels=(128, 256, 512, 512),
        layers_per_block=2,
        latent_channels=4,
        norm_num_groups=32,
        sample_size=1024,
        scaling_factor=0.13025,
        force_upcast=True,
    ),
    "text": dict(
        hidden_size=768,
        intermediate_size=3072,
        num_attention_heads=12,
        num_hidden_layers=12,
        hidden_act="quick_gelu",
        projection_dim=768,
        vocab_size=49408,
    ),
    "text_2": dict(
        hidden_size=1280,
        intermediate_size=5120,
        num_attention_heads=20,
        num_hidden_layers=32,
        hidden_act="gelu",
        projection_dim=1280,
        vocab_size=49408,
    ),
}
# the same architecture, a few channels wide (diffusers' test sizes): --tiny
TINY: dict[str, dict[str, Any]] = {
    "unet": SDXL["unet"]
    | dict(
        sample_size=8,
        block_out_channels=(8, 16, 32),
        layers_per_block=1,
        transformer_layers_per_block=(1, 1, 2),
        attention_head_dim=(2, 4, 8),
        cross_attention_dim=64,
        addition_time_embed_dim=8,
        projection_class_embeddings_input_dim=6 * 8 + 32,
        norm_num_groups=4,
    ),
    "vae": SDXL["vae"]
    | dict(block_out_channels=(4, 8, 8, 8), layers_per_block=1, norm_num_groups=2, sample_size=64),
    "text": dict(hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2),
    "text_2": dict(
        hidden_size=32,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        projection_dim=32,
    ),
}


def peak_tflops(device_name: str) -> float | None:
    return next((v for pat, v in PEAK_BF16_TFLOPS if re.search(pat, device_name)), None)


def build_pipeline(spec: dict[str, dict[str, Any]], *, device: str, dtype: Any, seed: int = 0):  # noqa: ANN201
    """StableDiffusionXLPipeline from `spec`, randomly initialised on `device` (seeded)."""
    import torch
    from diffusers import (
        AutoencoderKL,
        EulerDiscreteScheduler,
        StableDiffusionXLPipeline,
        UNet2DConditionModel,
    )
    from diffusers.models.attention_processor import AttnProcessor2_0
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    from tests.generators.tiny_pipeline import build_tokenizer

    with tempfile.TemporaryDirectory() as folder:
        tokenizer = build_tokenizer(Path(folder))
    ids = dict(
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        max_position_embeddings=77,
    )
    vocab = {"vocab_size": len(tokenizer)}
    torch.manual_seed(seed)
    with torch.device(device):  # initialised where it runs: seconds, not minutes, at full size
        unet = UNet2DConditionModel(**spec["unet"])
        vae = AutoencoderKL(
            down_block_types=("DownEncoderBlock2D",) * 4,
            up_block_types=("UpDecoderBlock2D",) * 4,
            **spec["vae"],
        )
        text = CLIPTextModel(CLIPTextConfig(**(vocab | spec["text"] | ids)))
        text_2 = CLIPTextModelWithProjection(CLIPTextConfig(**(vocab | spec["text_2"] | ids)))
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        steps_offset=1,
        timestep_spacing="leading",
    )
    pipe = StableDiffusionXLPipeline(
        vae=vae,
        text_encoder=text,
        text_encoder_2=text_2,
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet,
        scheduler=scheduler,
        force_zeros_for_empty_prompt=True,
    ).to(device, dtype)
    pipe.unet.set_attn_processor(AttnProcessor2_0())  # SDPA
    pipe.unet.to(memory_format=torch.channels_last)
    pipe.vae.to(memory_format=torch.channels_last)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def unet_flops_per_image_step(pipe: Any, *, size: int, images: int = 1) -> float:
    """FLOPs of one UNet step for `images` images with guidance (UNet batch 2 x images)."""
    import torch
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode

    unet, batch, side = pipe.unet, 2 * images, size // pipe.vae_scale_factor
    p = next(unet.parameters())
    text_dim = pipe.text_encoder_2.config.projection_dim
    with torch.no_grad(), sdpa_kernel(SDPBackend.MATH), FlopCounterMode(display=False) as counter:
        unet(
            torch.randn(batch, unet.config.in_channels, side, side, device=p.device, dtype=p.dtype),
            torch.tensor(500, device=p.device),
            encoder_hidden_states=torch.randn(
                batch, 77, unet.config.cross_attention_dim, device=p.device, dtype=p.dtype
            ),
            added_cond_kwargs={
                "text_embeds": torch.randn(batch, text_dim, device=p.device, dtype=p.dtype),
                "time_ids": torch.tensor([[size, size, 0, 0, size, size]] * batch, device=p.device),
            },
        )
    return counter.get_total_flops() / images


class UNetClock:
    """Time spent inside UNet calls: CUDA events around each forward (no sync per step), or
    the wall clock on CPU."""

    def __init__(self, unet: Any, cuda: bool) -> None:
        import torch

        self.cuda, self.marks = cuda, []
        self._now = (lambda: torch.cuda.Event(enable_timing=True)) if cuda else None
        self._hooks = [
            unet.register_forward_pre_hook(lambda *_: self._mark()),
            unet.register_forward_hook(lambda *_: self._mark()),
        ]

    def _mark(self) -> None:
        if self.cuda:
            event = self._now()
            event.record()
            self.marks.append(event)
        else:
            self.marks.append(time.perf_counter())

    def seconds(self) -> float:
        pairs = zip(self.marks[::2], self.marks[1::2], strict=True)
        if self.cuda:
            return sum(a.elapsed_time(b) for a, b in pairs) / 1000
        return sum(b - a for a, b in pairs)

    def close(self) -> None:
        for hook in self._hooks:
            hook.remove()


def time_batch(pipe: Any, *, batch: int, steps: int, size: int, cuda: bool) -> dict[str, float]:
    import torch

    def call(n_steps: int) -> None:
        pipe(
            prompt=[PROMPT] * batch,
            height=size,
            width=size,
            num_inference_steps=n_steps,
            guidance_scale=GUIDANCE,
            generator=torch.Generator("cpu").manual_seed(0),
            output_type="np",
        )

    call(2)  # warm-up: kernels chosen, allocator grown, (--compile) graphs built
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    clock = UNetClock(pipe.unet, cuda)
    t0 = time.perf_counter()
    call(steps)
    if cuda:
        torch.cuda.synchronize()
    wall = time.perf_counter() - t0
    clock.close()
    peak = (
        torch.cuda.max_memory_allocated()
        if cuda
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    )
    return {"batch": batch, "seconds": wall, "unet_seconds": clock.seconds(), "peak_bytes": peak}


def no_cuda_reason() -> str | None:
    try:
        import torch
    except ImportError:
        return "torch is not installed (pip install 'studio[diffusion]')"
    if not torch.cuda.is_available():
        return f"torch {torch.__version__} sees none (torch.cuda.is_available() is False)"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", "--dry-run", action="store_true", help="tiny config on CPU")
    parser.add_argument("--compile", action="store_true", help="torch.compile the UNet")
    parser.add_argument("--steps", type=int)
    parser.add_argument("--size", type=int)
    parser.add_argument("--batches", help="comma-separated batch sizes (default 1,4,8)")
    parser.add_argument("--jobs", type=int, help="Studio jobs for the duty cycle (default 40)")
    parser.add_argument("--worker-threads", type=int, default=2, help="task threads per worker")
    parser.add_argument("--no-workers", action="store_true", help="skip the Studio phase")
    parser.add_argument("--peak-tflops", type=float, help="the device's bf16 peak, TFLOP/s")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.tiny and (why := no_cuda_reason()):
        print(f"no CUDA device: {why}; `--tiny` runs the same path on CPU", file=sys.stderr)
        return 2
    import torch

    cuda = not args.tiny
    steps = args.steps or (2 if args.tiny else 30)
    size = args.size or (64 if args.tiny else 1024)
    batches = [int(b) for b in (args.batches or ("1,2" if args.tiny else "1,4,8")).split(",")]
    device, dtype = ("cuda", torch.bfloat16) if cuda else ("cpu", torch.float32)
    name = torch.cuda.get_device_name() if cuda else f"CPU ({os.cpu_count()} cores)"
    peak = args.peak_tflops or (peak_tflops(name) if cuda else None)

    # 1. build, 2. count
    t0 = time.perf_counter()
    pipe = build_pipeline(TINY if args.tiny else SDXL, device=device, dtype=dtype)
    params = sum(p.numel() for p in pipe.unet.parameters())
    flops = unet_flops_per_image_step(pipe, size=size)
    print(
        f"{name}; torch {torch.__version__}; {'tiny' if args.tiny else 'SDXL'} pipeline, "
        f"UNet {params / 1e6:,.1f} M parameters, {str(dtype).split('.')[-1]}, SDPA, "
        f"channels_last{', torch.compile' if args.compile else ''}; built in "
        f"{time.perf_counter() - t0:.1f} s; UNet {flops / 1e9:.3f} GFLOP per image-step "
        f"(guidance: batch 2); peak {f'{peak:g} TFLOP/s' if peak else 'unknown (--peak-tflops)'}"
    )
    if args.compile:
        unet = pipe.unet
        unet.compile_repeated_blocks(fullgraph=True) if hasattr(
            unet, "compile_repeated_blocks"
        ) else unet.compile()

    # 3. batches
    rows = []
    for batch in batches:
        row = time_batch(pipe, batch=batch, steps=steps, size=size, cuda=cuda)
        row["mfu"] = (
            flops * steps * batch / row["unet_seconds"] / (peak * 1e12)
            if peak and row["unet_seconds"]
            else None
        )
        rows.append(row)
        print(
            f"batch {batch:2d}  {size}x{size} x {steps} steps   {row['seconds'] / batch:7.3f} "
            f"s/image   {batch / row['seconds']:7.3f} images/s   peak memory "
            f"{row['peak_bytes'] / 2**30:6.2f} GiB   UNet {row['unet_seconds']:7.3f} s, "
            + (
                f"{row['mfu'] * 100:.3g}% of bf16 peak"
                if row["mfu"] is not None
                else "peak unknown"
            )
        )
    figures: dict[str, Any] = {"device": name, "flops_per_image_step": flops, "batches": rows}

    # 4. Studio workers
    if not args.no_workers:
        from bench.bench_gpu_workers import run_workers

        figures["workers"] = run_workers(
            pipe,
            jobs=args.jobs or (4 if args.tiny else 40),
            steps=steps,
            size=size,
            seconds_per_image=rows[0]["seconds"] / rows[0]["batch"],
            threads=args.worker_threads,
            tiny=args.tiny,
            compile_=args.compile,
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
    sys.exit(130)
