"""`studio plan --planner openai:...` through the real provider package (langchain-openai,
the OpenAI SDK, HTTP) against a scripted OpenAI-compatible chat endpoint on loopback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("langchain_openai")

MOMENTS = [
    ("Rick's Café Américain at night", "Rick's café opens"),
    ("Ilsa walks into the café", "Ilsa walks in"),
    ("Sam plays As Time Goes By at the piano", "Play it, Sam"),
    ("A flashback to Paris in the rain", "We'll always have Paris"),
    ("The letters of transit hidden in the piano", "The letters of transit"),
    ("La Marseillaise drowns out the Germans", "La Marseillaise"),
    ("Rick and Ilsa in his apartment", "Rick and Ilsa"),
    ("The foggy airport farewell", "Here's looking at you, kid"),
]


def _tool_call(call_id: str, name: str, args: dict) -> dict:
    return {
        "id": f"chatcmpl-{call_id}",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4.1-mini",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": call_id,
                            "type": "function",
                            "function": {"name": name, "arguments": json.dumps(args)},
                        }
                    ],
                },
            }
        ],
        "usage": {"prompt_tokens": 900, "completion_tokens": 120, "total_tokens": 1020},
    }


@pytest.fixture
def chat_endpoint(monkeypatch: pytest.MonkeyPatch):
    answers = [
        _tool_call("c1", "list_templates", {}),
        _tool_call(
            "c2",
            "PlanDraft",
            {
                "template_id": "polaroid-storyboard",
                "variables": [{"name": "subject", "value": "Casablanca"}],
                "panels": [{"text": t, "caption": c} for t, c in MOMENTS],
                "rationale": "A storyboard of the film's eight best-known moments.",
            },
        ),
    ]
    requests: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            requests.append(body)
            payload = answers[min(len(requests), len(answers)) - 1]
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-planner")
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{server.server_address[1]}/v1")
    yield requests
    server.shutdown()


def test_plan_with_an_openai_compatible_planner(cli, chat_endpoint) -> None:
    r = cli(
        "plan",
        "A Polaroid storyboard of Casablanca: at least 8 key moments pinned to a cork board",
        "--planner",
        "openai:gpt-4.1-mini",
        "--generator",
        "offline",
        "--json",
    )
    assert r.code == 0, r.err
    plan = json.loads(r.out)
    assert plan["planner"] == "agent (openai:gpt-4.1-mini)", plan["planner"]
    assert plan["template_id"] == "polaroid-storyboard" and len(plan["jobs"]) == 8
    assert plan["compositions"][0]["captions"] == [c for _, c in MOMENTS]
    assert "letters of transit" in plan["jobs"][4]["prompt"]
    assert plan["planner_usage"]["total_tokens"] == 2040  # usage of both model calls recorded
    # the tool ran and its result went back to the model; the brief travelled as quoted data
    second = chat_endpoint[1]["messages"]
    assert any(m["role"] == "tool" and "polaroid-storyboard" in str(m["content"]) for m in second)
    assert any(t["function"]["name"] == "PlanDraft" for t in chat_endpoint[0]["tools"])
