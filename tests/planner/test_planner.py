import pytest

from studio.config import Settings
from studio.domain import Brief, BriefOptions
from studio.errors import SizeError
from studio.planner import make_plan
from studio.prompts import Library
from tests.conftest import REPO

LIB = Library(REPO / "prompts")
SETTINGS = Settings(prompts_dir=REPO / "prompts")
CASABLANCA = "A Polaroid storyboard of Casablanca: at least 8 key moments pinned to a cork board"


def plan(text: str, **options):  # noqa: ANN201
    return make_plan(
        Brief(text=text, options=BriefOptions(**options)), library=LIB, settings=SETTINGS
    )


def test_storyboard_brief_becomes_one_job_per_panel_plus_a_board() -> None:
    p = plan(CASABLANCA)
    assert p.template_id == "polaroid-storyboard" and p.planner == "offline"
    assert p.variables["subject"] == "Casablanca" and p.variables["count"] == 8
    assert len(p.jobs) == 8 and {j.role for j in p.jobs} == {"panel"}
    assert len({j.seed for j in p.jobs}) == 8 and len({j.prompt for j in p.jobs}) == 8
    (board,) = p.compositions
    assert board.layout == "polaroid_board" and board.inputs == [j.id for j in p.jobs]
    assert len(board.captions) == 8 and all(board.captions)
    assert board.title == "Casablanca"
    assert any("count 8" in r for r in p.rationale)


def test_counts_are_clamped_to_the_template_limits() -> None:
    p = plan("Pin 40 polaroid photos of the key scenes of The Godfather on a corkboard")
    assert len(p.jobs) == 16 and any("clamped" in r for r in p.rationale)


def test_explicit_moments_become_captions() -> None:
    p = plan(
        "Polaroid storyboard of our trip: arriving in Lisbon; tram 28; pastel de nata; sunset at Belém"
    )
    assert p.compositions[0].captions == [
        "arriving in Lisbon",
        "tram 28",
        "pastel de nata",
        "sunset at Belém",
    ]
    assert "tram 28" in p.jobs[1].prompt


def test_template_override_and_sizes() -> None:
    p = plan("anything at all", template="whiteboard-explainer", width=1000, height=562)
    assert p.template_id == "whiteboard-explainer"
    assert (p.compositions[0].width, p.compositions[0].height) == (1000, 562)
    assert p.jobs[0].width % 8 == 0 and p.jobs[0].height % 8 == 0
    p = plan(CASABLANCA, aspect="16:9")
    assert (p.compositions[0].width, p.compositions[0].height) == (1920, 1080)


@pytest.mark.parametrize(
    "options",
    [
        dict(width=0, height=0),
        dict(width=100000, height=100000),
        dict(aspect="16:0"),
        dict(aspect="wide"),
    ],
)
def test_impossible_sizes_are_refused(options) -> None:
    with pytest.raises(SizeError):
        plan(CASABLANCA, **options)


def test_unmatched_brief_gets_a_generic_plan() -> None:
    p = plan("zxqv plorb")
    assert p.template_id == "generic-image" and len(p.jobs) == 1
    assert p.compositions[0].layout == "single"


def test_whiteboard_brief() -> None:
    p = plan("a whiteboard that explains how diffusion models work")
    assert p.template_id == "whiteboard-explainer"
    assert "diffusion models" in p.jobs[0].prompt


def test_variations_become_separate_jobs_and_a_contact_sheet() -> None:
    p = plan("four variations of a photoreal fashion portrait of a woman in a red coat")
    assert p.template_id == "fashion-portrait" and len(p.jobs) == 4
    assert len({j.seed for j in p.jobs}) == 4
    layouts = [c.layout for c in p.compositions]
    assert layouts == ["single"] * 4 + ["contact_sheet"]
    assert p.compositions[-1].inputs == [j.id for j in p.jobs]


def test_plans_over_budget_are_refused_before_anything_runs() -> None:
    from studio.errors import BudgetError

    priced = Settings(prompts_dir=REPO / "prompts", prices={"offline": 0.5})
    brief = Brief(text=CASABLANCA, options=BriefOptions(max_cost=1.0))
    with pytest.raises(BudgetError, match=r"\$4.00, over the limit of \$1.00"):
        make_plan(brief, library=LIB, settings=priced)
    ok = make_plan(
        Brief(text=CASABLANCA, options=BriefOptions(max_cost=5.0)), library=LIB, settings=priced
    )
    assert ok.estimated_cost_usd == 4.0


def test_the_generator_choice_and_its_reason_are_recorded() -> None:
    p = plan(CASABLANCA)
    assert {j.generator for j in p.jobs} == {"offline"}
    assert "offline" in p.jobs[0].route and any(r.startswith("generator:") for r in p.rationale)
    p = plan(CASABLANCA, generator="offline")
    assert p.jobs[0].route == "offline chosen by --generator"
