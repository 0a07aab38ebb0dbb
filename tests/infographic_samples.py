"""Sample earnings compositions for the infographic layout, reusable by other tests
(verification, planner, bench). The company and its figures are made up.

    rich()    every section: headline figures (a net loss), GAAP + non-GAAP EPS, margins,
              four segments, cash flow, guidance, two drivers, one risk
    sparse()  revenue and net income only
"""

from __future__ import annotations

from typing import Any

from studio.domain import Change, Composition, Fact

DOCUMENT = "acme_q3.pdf"


def fact(
    key: str,
    label: str,
    value: float | None,
    display: str,
    page: int,
    *,
    unit: str = "USD",
    yoy: float | None = None,
    qoq: float | None = None,
    segment: str | None = None,
    low: float | None = None,
    high: float | None = None,
) -> Fact:
    return Fact(
        key=key,
        label=label,
        value=value,
        unit=unit,
        display=display,
        period="Q3 FY2024",
        change=Change(yoy_pct=yoy, qoq_pct=qoq),
        segment=segment,
        low=low,
        high=high,
        page=page,
        quote=f"{label} was {display}.",
    )


def composition(
    facts: list[Fact],
    *,
    width: int = 1920,
    height: int = 1080,
    seed: int = 7,
    highlights: list[dict[str, Any]] | None = None,
) -> Composition:
    return Composition(
        id="infographic-0",
        layout="infographic",
        output="infographic.png",
        width=width,
        height=height,
        title="Acme Corp — Q3 FY2024 results",
        subtitle="Quarter ended September 30, 2024 · figures as reported, with page references",
        source_line=f"Source: Acme Corp Q3 FY2024 press release ({DOCUMENT}), pages 1–4",
        seed=seed,
        facts=facts,
        data={
            "company": "Acme Corp",
            "period": "Q3 FY2024",
            "document": DOCUMENT,
            "highlights": highlights or [],
        },
    )


def rich_facts() -> list[Fact]:
    return [
        fact("revenue", "Revenue", 180.2e9, "$180.2 billion", 1, yoy=12.6, qoq=3.1),
        fact("operating_income", "Operating income", 42.4e9, "$42.4 billion", 1, yoy=-3.1),
        fact("net_income", "Net loss", -1.2e9, "-$1.2 billion", 1, yoy=-48.0),
        fact("eps_diluted", "Diluted EPS", -0.34, "-$0.34", 2, unit="USD/share"),
        fact(
            "eps_diluted_non_gaap",
            "Non-GAAP diluted EPS",
            1.26,
            "$1.26",
            2,
            unit="USD/share",
            yoy=9.6,
        ),
        fact("gross_margin_pct", "Gross margin", 44.5, "44.5%", 2, unit="pct"),
        fact("operating_cash_flow", "Operating cash flow", 31.6e9, "$31.6 billion", 3, yoy=7.4),
        fact("free_cash_flow", "Free cash flow", 18.9e9, "$18.9 billion", 3, yoy=-2.0),
        fact(
            "segment_revenue",
            "Cloud revenue",
            72.4e9,
            "$72.4 billion",
            3,
            segment="Cloud",
            yoy=28.1,
        ),
        fact(
            "segment_revenue",
            "Devices revenue",
            51.0e9,
            "$51.0 billion",
            3,
            segment="Devices",
            yoy=-4.2,
        ),
        fact(
            "segment_revenue",
            "Advertising revenue",
            38.3e9,
            "$38.3 billion",
            3,
            segment="Advertising",
            yoy=6.0,
        ),
        fact(
            "segment_revenue",
            "Other bets revenue",
            18.5e9,
            "$18.5 billion",
            3,
            segment="Other bets",
            yoy=0.0,
        ),
        fact(
            "guidance_revenue",
            "Q4 revenue outlook",
            188.0e9,
            "$185.0 billion to $191.0 billion",
            4,
            low=185.0e9,
            high=191.0e9,
        ),
    ]


RICH_HIGHLIGHTS: list[dict[str, Any]] = [
    {
        "kind": "driver",
        "page": 1,
        "text": "Cloud revenue grew 28% as enterprise customers expanded their AI workloads.",
    },
    {
        "kind": "driver",
        "page": 2,
        "text": "Advertising benefited from higher engagement across our video and search products.",
    },
    {
        "kind": "risk",
        "page": 4,
        "text": "Supply constraints on advanced chips may limit device shipments in the fourth quarter.",
    },
]


def rich(**kwargs: Any) -> Composition:
    return composition(rich_facts(), highlights=RICH_HIGHLIGHTS, **kwargs)


def sparse_facts() -> list[Fact]:
    return [
        fact("revenue", "Revenue", 180.2e9, "$180.2 billion", 1, yoy=12.6),
        fact("net_income", "Net income", 24.1e9, "$24.1 billion", 1),
    ]


def sparse(**kwargs: Any) -> Composition:
    return composition(sparse_facts(), **kwargs)


SIZES = {"16:9": (1920, 1080), "3:4": (1500, 2000)}
