"""bench/bench_gpu.py must be ready for the first GPU: its tiny mode runs the same code path
on CPU (build, FLOP count, batches, Studio workers), and without CUDA it says so and exits 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "bench" / "bench_gpu.py"

pytest.importorskip("diffusers")
torch = pytest.importorskip("torch")


def test_without_cuda_it_exits_2_and_says_why() -> None:
    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present: the full benchmark would run")
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.startswith("no CUDA device: ")
    assert "--tiny" in done.stderr and done.stdout == ""


@pytest.mark.timeout(300)
def test_tiny_mode_runs_every_step_on_cpu(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    args = ["--tiny", "--peak-tflops", "1", "--jobs", "3", "--json", str(out)]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=280
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(out.read_text())
    assert figures["flops_per_image_step"] > 0
    assert [row["batch"] for row in figures["batches"]] == [1, 2]
    for row in figures["batches"]:
        assert 0 < row["unet_seconds"] < row["seconds"]  # the UNet is part of the call
        assert row["peak_bytes"] > 0
        expected = figures["flops_per_image_step"] * 2 * row["batch"] / row["unet_seconds"] / 1e12
        assert row["mfu"] == pytest.approx(expected)
    assert "s/image" in done.stdout and "of bf16 peak" in done.stdout
    if shutil.which("redis-server"):  # the Studio phase: jobs through a real worker
        workers = figures["workers"]
        assert workers["jobs"] == 3 and workers["wall"] > 0 and workers["duty_cycle"] > 0
        assert "duty cycle" in done.stdout


def test_flop_count_follows_the_workload() -> None:
    """Per image, the count does not depend on how many images share the call; and past the
    part that does not grow with the image (time and text embeddings), a side twice as long
    costs at least four times as much more (convolutions 4x, self-attention 16x)."""
    from bench.bench_gpu import TINY, build_pipeline, unet_flops_per_image_step

    pipe = build_pipeline(TINY, device="cpu", dtype=torch.float32)
    f64, f128, f256 = (unet_flops_per_image_step(pipe, size=s) for s in (64, 128, 256))
    assert unet_flops_per_image_step(pipe, size=64, images=3) == pytest.approx(f64)
    assert 0 < f64 < f128 < f256
    assert f256 - f128 >= 4 * (f128 - f64)


def test_peak_table_by_device_name() -> None:
    from bench.bench_gpu import peak_tflops

    assert peak_tflops("NVIDIA H200") == 989.0
    assert peak_tflops("NVIDIA H100 80GB HBM3") == 989.0
    assert peak_tflops("NVIDIA H100 PCIe") == 756.0
    assert peak_tflops("NVIDIA A100-SXM4-80GB") == 312.0
    assert peak_tflops("NVIDIA L4") == 121.0
    assert peak_tflops("NVIDIA L40S") == 362.0  # not L4's
    assert peak_tflops("NVIDIA GeForce RTX 4090") == 165.2
    assert peak_tflops("Some Future GPU") is None
