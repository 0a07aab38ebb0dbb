"""Verification reads the finished image back with OCR: a figure that reads as drawn passes;
a figure that differs from the fact (value or sign) fails with the reason."""

import pytest

from studio.compose import compose_with_boxes
from studio.prompts import Library
from studio.verify import check_facts

from .conftest import REPO
from .infographic_samples import rich, sparse

pytest.importorskip("rapidocr_onnxruntime")
BRAND = Library(REPO / "prompts").brand("default")


@pytest.fixture(scope="module")
def drawn():
    comp = rich()
    image, boxes = compose_with_boxes(comp, [], BRAND)
    return comp, image, boxes


def test_every_figure_reads_back(drawn) -> None:
    comp, image, boxes = drawn
    report = check_facts(image, comp.facts, boxes)
    assert report["status"] == "verified", report["reason"]
    assert [f["status"] for f in report["facts"]] == ["ok"] * len(comp.facts)
    assert report["engine"].startswith("rapidocr")


def test_a_figure_that_differs_from_the_fact_fails(drawn) -> None:
    comp, image, boxes = drawn
    facts = list(comp.facts)
    facts[0] = facts[0].model_copy(update={"display": "$180.7 billion"})  # not what is drawn
    report = check_facts(image, facts, boxes)
    assert report["status"] == "unverified"
    assert report["facts"][0]["status"] == "mismatch" and "180.7" in report["reason"]
    assert all(f["status"] == "ok" for f in report["facts"][1:])


def test_a_flipped_sign_fails(drawn) -> None:
    comp, image, boxes = drawn
    i = next(i for i, f in enumerate(comp.facts) if f.display.startswith("-"))
    facts = list(comp.facts)
    facts[i] = facts[i].model_copy(update={"display": facts[i].display.lstrip("-")})
    report = check_facts(image, facts, boxes)
    assert report["status"] == "unverified" and report["facts"][i]["status"] == "mismatch"


def test_without_boxes_the_whole_page_is_read() -> None:
    comp = sparse(width=960, height=540)
    image, _ = compose_with_boxes(comp, [], BRAND)
    report = check_facts(image, comp.facts, None)
    assert report["status"] == "verified", report["reason"]


def test_signs_read_with_any_currency_symbol() -> None:
    from studio.verify import _matches

    assert _matches("-£2.77", "-2.77") and _matches("-€1,109 million", "-€1,109 million")
    assert not _matches("-£2.77", "2.77") and not _matches("£2.77", "-2.77")
    assert _matches("-£1,109 million", "-f1,109 million")  # OCR reads £ as f
