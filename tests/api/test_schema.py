"""Schemathesis against the live service: requests generated from /openapi.json, with a valid
key, a bounded number per operation; the service must never answer with a 5xx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import Server, embedded_server

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

EXAMPLES = 12  # per operation


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("schema")
    with embedded_server(folder, STUDIO_API_RATE_PER_MINUTE="0") as running:
        yield running


def test_no_request_gets_a_5xx(live: Server) -> None:
    """Every operation of /openapi.json, EXAMPLES generated requests each (derandomized)."""
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    headers = {"Authorization": f"Bearer {live.keys['alice']}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            derandomize=True,
            database=None,
        )
        @hypothesis.given(case=operation.as_strategy())
        def run(case) -> None:  # noqa: ANN001
            response = case.call(base_url=live.url, headers=headers, timeout=30)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{case.body!r:.300}"
                )

        run()
    assert operations >= 10
    assert not failures, "\n".join(failures[:20])
