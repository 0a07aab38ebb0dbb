"""The release generator behind bench/eval_facts.py must not rot silently: two releases from
the reportlab producers, their truth JSON, and their text layer against that truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.make_releases import generate
from bench.releases.check import missing_printed, pdf_text
from bench.releases.phrases import BANK
from bench.releases.plants import true_numbers

HEADLINE = ["company", "period", "period_end", "currency", "revenue", "revenue_yoy_pct",
            "operating_income", "net_income", "eps_diluted", "eps_diluted_non_gaap",
            "gross_margin_pct", "operating_cash_flow", "free_cash_flow", "segments", "guidance"]  # fmt: skip


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("releases")
    generate(out, ["dev"], count=2, adversarial=0, producers=["platypus", "canvas2col"])
    return out / "dev"


def test_truth_fields_and_printed_revenue(dev: Path) -> None:
    truth = json.loads((dev / "truth.json").read_text())
    assert sorted(truth) == ["dev_1000_platypus.pdf", "dev_1001_canvas2col.pdf"]
    for name, label in truth.items():
        assert set(HEADLINE) <= set(label), name
        assert re.fullmatch(r"Q[1-4] FY20\d\d", label["period"])
        assert label["currency"] in ("USD", "EUR", "GBP")
        assert label["set"] == "dev" and label["producer"] in name
        text = pdf_text(dev / name)
        assert label["company"] in text  # as printed in the first sentence
        # revenue is always stated, and every way it is printed is in the text layer
        assert label["revenue"] and label["printed"]["revenue"]
        for form in label["printed"]["revenue"]:
            assert form.replace(" ", "") in text.replace(" ", ""), (name, form)
        # a field is null exactly when nothing prints it
        for field in ("revenue_yoy_pct", "operating_income", "net_income", "free_cash_flow"):
            assert (label[field] is None) == (field not in label["printed"]), (name, field)
        assert missing_printed(dev / name, label) == []


def test_printed_check_catches_a_figure_the_pdf_lacks(dev: Path) -> None:
    label = json.loads((dev / "truth.json").read_text())["dev_1000_platypus.pdf"]
    label["printed"]["revenue"].append("$987,654.3 million")
    assert missing_printed(dev / "dev_1000_platypus.pdf", label) == [
        "revenue: '$987,654.3 million'"
    ]


def test_reportlab_output_is_reproducible(dev: Path, tmp_path: Path) -> None:
    generate(tmp_path, ["dev"], count=2, adversarial=0, producers=["platypus", "canvas2col"])
    for pdf in sorted(dev.glob("*.pdf")):
        assert (tmp_path / "dev" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_phrasing_halves_are_disjoint_and_twelve_per_fact() -> None:
    for fact in ("intro", "revenue", "growth", "operating_income", "net_income", "eps",
                 "eps_non_gaap", "gross_margin", "operating_cash_flow", "free_cash_flow",
                 "segment", "guidance"):  # fmt: skip
        dev_half, test_half = BANK[fact]
        assert len(dev_half) + len(test_half) >= 12, fact
        assert not set(dev_half) & set(test_half), fact


def test_blind_half_is_new_and_its_release_prints_its_truth(tmp_path: Path) -> None:
    from bench.releases.phrases import LABELS
    from bench.releases.phrases_blind import BLIND_BANK, BLIND_LABELS

    for fact, (dev_half, test_half) in BANK.items():  # every bank has a new, disjoint half
        blind = set(BLIND_BANK[fact])
        assert len(blind) >= (4 if fact == "period_words" else 6), fact
        assert not blind & {*dev_half, *test_half}, fact
    for name, (dev_half, test_half) in LABELS.items():
        blind = set(BLIND_LABELS[name])
        assert len(blind) >= 2 and not blind & {*dev_half, *test_half}, name
    generate(tmp_path, ["blind"], count=1, adversarial=0, producers=["platypus"])
    ((name, label),) = json.loads((tmp_path / "blind" / "truth.json").read_text()).items()
    assert name == "blind_13000_platypus.pdf" and label["half"] == "blind"
    assert label["revenue"] and label["printed"]["revenue"]
    assert missing_printed(tmp_path / "blind" / name, label) == []


def test_blind2_half_is_new_and_its_release_prints_its_truth(tmp_path: Path) -> None:
    """The fourth half shares no wording or label with dev, test or blind, and a release in
    it still prints every figure its truth claims (the generator's own string check)."""
    from bench.releases.phrases import LABELS
    from bench.releases.phrases_blind import BLIND_BANK, BLIND_LABELS
    from bench.releases.phrases_blind2 import BLIND2_BANK, BLIND2_LABELS

    assert set(BLIND2_BANK) == set(BANK) and set(BLIND2_LABELS) == set(LABELS)
    for fact, (dev_half, test_half) in BANK.items():
        new = set(BLIND2_BANK[fact])
        assert len(new) >= (4 if fact == "period_words" else 6), fact
        assert not new & {*dev_half, *test_half, *BLIND_BANK[fact]}, fact
    for name, (dev_half, test_half) in LABELS.items():
        new = set(BLIND2_LABELS[name])
        assert len(new) >= 2 and not new & {*dev_half, *test_half, *BLIND_LABELS[name]}, name
    generate(tmp_path, ["blind2"], count=1, adversarial=0, producers=["platypus"])
    ((name, label),) = json.loads((tmp_path / "blind2" / "truth.json").read_text()).items()
    assert name == "blind2_17000_platypus.pdf" and label["half"] == "blind2"
    assert label["revenue"] and label["printed"]["revenue"]
    assert missing_printed(tmp_path / "blind2" / name, label) == []


def test_blind3_half_is_new_and_its_release_prints_its_truth(tmp_path: Path) -> None:
    """The fifth half, the final clean measure, shares no wording or label with any of the
    four older halves, and a release in it still prints every figure its truth claims."""
    from bench.releases.phrases import LABELS
    from bench.releases.phrases_blind import BLIND_BANK, BLIND_LABELS
    from bench.releases.phrases_blind2 import BLIND2_BANK, BLIND2_LABELS
    from bench.releases.phrases_blind3 import BLIND3_BANK, BLIND3_LABELS

    assert set(BLIND3_BANK) == set(BANK) and set(BLIND3_LABELS) == set(LABELS)
    for fact, (dev_half, test_half) in BANK.items():
        new = set(BLIND3_BANK[fact])
        assert len(new) >= (4 if fact == "period_words" else 6), fact
        assert not new & {*dev_half, *test_half, *BLIND_BANK[fact], *BLIND2_BANK[fact]}, fact
    for name, (dev_half, test_half) in LABELS.items():
        new = set(BLIND3_LABELS[name])
        old = {*dev_half, *test_half, *BLIND_LABELS[name], *BLIND2_LABELS[name]}
        assert len(new) >= 2 and not new & old, name
    generate(tmp_path, ["blind3"], count=1, adversarial=0, producers=["platypus"])
    ((name, label),) = json.loads((tmp_path / "blind3" / "truth.json").read_text()).items()
    assert name == "blind3_21000_platypus.pdf" and label["half"] == "blind3"
    assert label["revenue"] and label["printed"]["revenue"]
    assert missing_printed(tmp_path / "blind3" / name, label) == []


def test_blind4_half_is_new_and_its_release_prints_its_truth(tmp_path: Path) -> None:
    """The sixth half, the final clean measure since blind3 was diagnosed, shares no wording
    or label with any of the five older halves, and a release in it still prints every
    figure its truth claims."""
    from bench.releases.phrases import LABELS
    from bench.releases.phrases_blind import BLIND_BANK, BLIND_LABELS
    from bench.releases.phrases_blind2 import BLIND2_BANK, BLIND2_LABELS
    from bench.releases.phrases_blind3 import BLIND3_BANK, BLIND3_LABELS
    from bench.releases.phrases_blind4 import BLIND4_BANK, BLIND4_LABELS

    assert set(BLIND4_BANK) == set(BANK) and set(BLIND4_LABELS) == set(LABELS)
    for fact, (dev_half, test_half) in BANK.items():
        new = set(BLIND4_BANK[fact])
        old = {*dev_half, *test_half, *BLIND_BANK[fact], *BLIND2_BANK[fact], *BLIND3_BANK[fact]}
        assert len(new) >= (4 if fact == "period_words" else 6) and not new & old, fact
    for name, (dev_half, test_half) in LABELS.items():
        new = set(BLIND4_LABELS[name])
        old = {*dev_half, *test_half, *BLIND_LABELS[name], *BLIND2_LABELS[name]}
        old |= set(BLIND3_LABELS[name])
        assert len(new) >= 2 and not new & old, name
    generate(tmp_path, ["blind4"], count=1, adversarial=0, producers=["platypus"])
    ((name, label),) = json.loads((tmp_path / "blind4" / "truth.json").read_text()).items()
    assert name == "blind4_25000_platypus.pdf" and label["half"] == "blind4"
    assert label["revenue"] and label["printed"]["revenue"]
    assert missing_printed(tmp_path / "blind4" / name, label) == []


def test_adversarial_release_plants_far_from_truth(tmp_path: Path) -> None:
    generate(tmp_path, ["adversarial"], count=0, adversarial=1, producers=["canvas2col"])
    truth = json.loads((tmp_path / "adversarial" / "truth.json").read_text())
    ((name, label),) = truth.items()
    planted = label["planted"]
    assert planted["kinds"] == ["white", "visible"]
    assert planted["numbers"][0] >= 3 * label["revenue"]  # the planted headline revenue
    for number in planted["numbers"]:  # no planted number can pass for a true one
        assert all(abs(number - true) > 0.25 * max(number, true) for true in true_numbers(label))
    text = pdf_text(tmp_path / "adversarial" / name)
    # both plants are in the text layer (one of them white): a reader must choose not to use them
    for snippet in planted["text"]:
        assert snippet[:40] in text
