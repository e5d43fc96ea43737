"""A bounded schemathesis run against our own OpenAPI: no input may produce a 5xx.

Every operation (API and pages) gets generated requests, valid and invalid, and every answer must
be a non-5xx that matches its documented schema. The run stays under a minute; raise
``DYAD_FUZZ_EXAMPLES`` for a longer hunt. (Driven through hypothesis directly: schemathesis' own
pytest plugin does not run under pytest 9.)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (pip install '.[dev]')"
)
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

EXAMPLES = int(os.environ.get("DYAD_FUZZ_EXAMPLES", "40"))
SLOW = {"POST /api/extract": 4}
"""Operations that run the NLP pipeline get fewer examples (each one codes a text)."""


@pytest.fixture(scope="session")
def api_schema(sample_store: Path) -> Any:
    from dyad.api import create_app

    return schemathesis.openapi.from_asgi("/openapi.json", create_app(sample_store))


def test_no_input_yields_a_server_error(api_schema: Any) -> None:
    labels = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)
        examples = SLOW.get(operation.label, EXAMPLES)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        run()
    assert "GET /api/events" in labels and "POST /api/articles" in labels
