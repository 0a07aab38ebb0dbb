"""Weighted prompts for CLIP-conditioned pipelines, through compel.

Studio's `sd` dialect writes weights the way most Stable Diffusion prompts are written (the
AUTOMATIC1111 syntax): `(polaroid photo:1.2)`, `(film grain)` for x1.1, `[text]` for /1.1,
`\\(` for a literal bracket. compel, the maintained library that turns weights into embeddings,
reads a different syntax, `(polaroid photo)1.2`, and treats `+`/`-` after a word as weights.
So a prompt travels in two steps:

    "(cork board:1.3), C++ poster"
        ──fragments()──► [("cork board", 1.3), (", C++ poster", 1.0)]
        ──to_compel()──► "(cork board)1.3, C plus plus poster"
        ──compel──────► embeddings, 77 tokens per chunk, as many chunks as the prompt needs

compel's long-prompt mode (`truncate_long_prompts=False`, used by CompelForSD/CompelForSDXL)
encodes a prompt of any length in chunks of 77 CLIP tokens instead of cutting it off, and pads
the prompt and negative embeddings to the same length. Pipelines without CLIP-style encoders
(SD3, FLUX, ...) get the prompt with weights removed, through their own encoders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from studio.dialects import strip_weights

ROUND, SQUARE = 1.1, 1 / 1.1  # A1111: (text) and [text] without a number

_TOKENS = re.compile(
    r"""
    \\[()\[\]\\]            # an escaped bracket or backslash: literal text
    | \\                    # a lone backslash: literal
    | \( | \[               # open a group
    | :\s*([+-]?[\d.]+)\s*\)  # close a round group with an explicit weight
    | \) | \]               # close a group
    | [^\\()\[\]:]+         # plain text
    | :                     # a colon that is not a weight
    """,
    re.VERBOSE,
)


def fragments(text: str) -> list[tuple[str, float]]:
    """A1111-weighted text as (text, weight) runs; nesting multiplies weights."""
    runs: list[list[Any]] = []
    round_open: list[int] = []
    square_open: list[int] = []

    def scale(start: int, factor: float) -> None:
        for run in runs[start:]:
            run[1] *= factor

    for match in _TOKENS.finditer(text):
        token, weight = match.group(0), match.group(1)
        if token.startswith("\\"):
            runs.append([token[1:] or "\\", 1.0])
        elif token == "(":
            round_open.append(len(runs))
        elif token == "[":
            square_open.append(len(runs))
        elif weight is not None and round_open:
            try:
                scale(round_open.pop(), float(weight))
            except ValueError:  # "(a:1.2.3)": not a number, keep the text
                runs.append([token, 1.0])
        elif token == ")" and round_open:
            scale(round_open.pop(), ROUND)
        elif token == "]" and square_open:
            scale(square_open.pop(), SQUARE)
        else:
            runs.append([token, 1.0])
    for start in round_open:  # unclosed groups weigh as if closed at the end, like A1111
        scale(start, ROUND)
    for start in square_open:
        scale(start, SQUARE)
    merged: list[tuple[str, float]] = []
    for text_, weight_ in runs:
        if merged and abs(merged[-1][1] - weight_) < 1e-9:
            merged[-1] = (merged[-1][0] + text_, weight_)
        else:
            merged.append((text_, weight_))
    return merged


# compel reads `word+`, `word-`, a lone `+`/`-`/`=` and unescaped brackets as syntax; in an
# A1111 prompt they are plain text, so they are spelled out or escaped before compel sees them.
_PLUS = re.compile(r"\+")
_EQUALS = re.compile(r"=")
_DASH = re.compile(r"(?<!\w)-|-(?!\w)")  # a dash not joining two words ("red-haired" stays)
_BRACKETS = re.compile(r"([()])")
_SPACES = re.compile(r"[ \t]{2,}")
_GROUP_THEN_PUNCT = re.compile(r"(\)[\d.]+) ([,.;:!?])")  # "(a)1.2 , b" -> "(a)1.2, b"


def _literal(text: str) -> str:
    text = text.replace("\\", " ").replace('"', "'")
    text = _PLUS.sub(" plus ", text)
    text = _EQUALS.sub(" equals ", text)
    text = _DASH.sub(" ", text)
    text = _BRACKETS.sub(r"\\\1", text)
    return _SPACES.sub(" ", text)


def _number(weight: float) -> str:
    return f"{max(weight, 0.0):.4f}".rstrip("0").rstrip(".") or "0"


def to_compel(text: str) -> str:
    """'(red:1.5) apple, [blurry]' -> '(red)1.5 apple, (blurry)0.9091'."""
    parts = []
    for run, weight in fragments(text):
        literal = _literal(run)
        if abs(weight - 1.0) < 1e-6 or not literal.strip():
            parts.append(literal)
        else:  # keep the run's outer spaces outside the group: "(a)1.2, b", not "(a, )1.2b"
            core = literal.strip()
            lead = literal[: len(literal) - len(literal.lstrip())]
            tail = literal[len(literal.rstrip()) :]
            parts.append(f"{lead}({core}){_number(weight)}{tail or ' '}")
    return _GROUP_THEN_PUNCT.sub(r"\1\2", _SPACES.sub(" ", "".join(parts))).strip()


# --- encoding --------------------------------------------------------------------------------


@dataclass
class Conditioning:
    """What the pipeline receives instead of prompt strings, and how it was made."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    method: str = "plain"  # compel-sd | compel-sdxl | plain (weights removed)
    tokens: int = 0  # length of the embedding sequence (0 when the pipeline encodes)


def kind(pipe: Any) -> str:
    """Which compel wrapper fits this pipeline: 'sd', 'sdxl' or '' (none)."""
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    parts = getattr(pipe, "components", {})
    if parts.get("transformer") is not None or parts.get("text_encoder_3") is not None:
        return ""  # SD3, FLUX and other transformer pipelines: their own (T5) encoders
    first, second = parts.get("text_encoder"), parts.get("text_encoder_2")
    if isinstance(first, CLIPTextModel) and isinstance(second, CLIPTextModelWithProjection):
        return "sdxl"
    if isinstance(first, CLIPTextModel) and "text_encoder_2" not in parts:
        return "sd"
    return ""


def make_encoder(pipe: Any, device: str) -> Any:
    """The compel wrapper for this pipeline, or None where compel does not apply."""
    from compel import CompelForSD, CompelForSDXL

    found = kind(pipe)
    if found == "sd":
        return CompelForSD(pipe, device=device)
    if found == "sdxl":
        return CompelForSDXL(pipe, device=device)
    return None


def encode(pipe: Any, encoder: Any, prompt: str, negative: str) -> Conditioning:
    """Embeddings for one prompt and its negative (the pipeline repeats them per image)."""
    if encoder is None:
        kwargs = {"prompt": strip_weights(prompt)}
        if negative:
            kwargs["negative_prompt"] = strip_weights(negative)
        return Conditioning(kwargs=kwargs, method="plain")
    positive, negative_c = to_compel(prompt), to_compel(negative)
    if type(encoder).__name__ == "CompelForSDXL":
        # SDXL checkpoints trained with zeroed negatives for an empty negative prompt
        zeros = not negative and getattr(pipe.config, "force_zeros_for_empty_prompt", False)
        out = encoder(positive, negative_prompt=None if zeros else negative_c)
        kwargs = {"prompt_embeds": out.embeds, "pooled_prompt_embeds": out.pooled_embeds}
        if not zeros:
            kwargs["negative_prompt_embeds"] = out.negative_embeds
            kwargs["negative_pooled_prompt_embeds"] = out.negative_pooled_embeds
        return Conditioning(kwargs=kwargs, method="compel-sdxl", tokens=out.embeds.shape[1])
    # SD 1.x/2.x: the negative is always encoded ("" included), so both have the same length
    out = encoder(positive, negative_prompt=negative_c)
    kwargs = {"prompt_embeds": out.embeds, "negative_prompt_embeds": out.negative_embeds}
    return Conditioning(kwargs=kwargs, method="compel-sd", tokens=out.embeds.shape[1])
