from studio.domain import (
    Asset,
    Attachment,
    Brief,
    BriefOptions,
    Change,
    Composition,
    Fact,
    JobResult,
    JobSpec,
    Manifest,
    Plan,
    State,
    TemplateRef,
)


def _manifest() -> Manifest:
    fact = Fact(
        key="revenue",
        label="Revenue",
        value=4.82e9,
        unit="USD",
        display="$4.82 billion",
        period="Q3 FY2026",
        change=Change(yoy_pct=18.0),
        page=1,
        quote="Revenue for the third quarter was $4.82 billion",
        document="ab" * 32,
    )
    brief = Brief(
        text="An infographic",
        documents=[
            Attachment(
                kind="document",
                path="/x/r.pdf",
                name="r.pdf",
                sha256="ab" * 32,
                bytes=10,
                pages=2,
                password="secret",
            )
        ],
        options=BriefOptions(aspect="16:9", seed=7),
    )
    job = JobSpec(
        id=f"{brief.id}-j00",
        brief_id=brief.id,
        template_id="t",
        template_version="v",
        prompt="p",
        width=64,
        height=64,
        seed=7,
        params={"steps": 2, "style": "photo"},
    )
    comp = Composition(
        id=f"{brief.id}-c00",
        layout="infographic",
        output="x.png",
        width=1920,
        height=1080,
        inputs=[job.id],
        facts=[fact],
        data={"highlights": [{"text": "t"}]},
    )
    plan = Plan(
        brief_id=brief.id,
        template_id="t",
        template_version="v",
        jobs=[job],
        compositions=[comp],
        facts=[fact],
        variables={"count": 8, "moments": ["a", "b"]},
    )
    return Manifest(
        studio_version="0",
        brief=brief,
        plan=plan,
        templates=[TemplateRef(id="t", version="v")],
        jobs=[JobResult(job_id=job.id, state=State.succeeded, generator="offline", seeds=[7])],
        assets=[
            Asset(
                path="x.png", kind="deliverable", sha256="0" * 64, bytes=1, width=1920, height=1080
            )
        ],
        state=State.succeeded,
        timings={"compose_s": 0.1},
    )


def test_every_model_round_trips_through_json_without_loss() -> None:
    manifest = _manifest()
    again = Manifest.model_validate_json(manifest.model_dump_json())
    assert again == manifest.model_copy(update={"brief": again.brief})  # password excluded
    assert again.plan.facts[0].change.yoy_pct == 18.0
    assert again.plan.compositions[0].facts[0].quote.startswith("Revenue")
    assert again.model_dump_json() == manifest.model_dump_json()


def test_passwords_are_never_serialised() -> None:
    text = _manifest().model_dump_json()
    assert "secret" not in text


def test_terminal_states() -> None:
    assert State.succeeded.terminal and State.refused.terminal and not State.running.terminal
