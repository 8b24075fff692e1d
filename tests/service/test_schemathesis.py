"""The OpenAPI schema says what the service accepts: schemathesis, every check on, against the
in-process app (tiny models). Bounded: a few examples per operation, positive and negative."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.core.failures import FailureGroup

from models.engine import Engine
from models.terminology.normalize import fold
from tests.service.conftest import running_app

EXAMPLES = 10  # per operation and generation mode


def _glossary_file(rows: list[tuple[str, str]]) -> bytes:
    return "".join(f"{source},{target}\n" for source, target in rows).encode()


# What a glossary upload's `file` (text/csv) is: source,target lines with the JSON body's term rules.
_ROWS = st.lists(
    st.tuples(
        st.from_regex(r"\A[A-Za-z0-9\u0621-\u063a]{1,12}\Z"),
        st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9 ]{0,12}\Z"),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda row: fold(row[0]),
).filter(lambda rows: rows[0][0].lower() != "source")
schemathesis.openapi.media_type("text/csv", _ROWS.map(_glossary_file))


def _checks() -> list[Any]:
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    return [CHECKS.get_one(name) for name in CHECKS.get_all_names()]


# The refusals a schema cannot foresee: they depend on a page's or an uploaded file's content or name.
_CONTENT_REFUSALS = {
    # /v1/clean cleans the same way as /v1/briefing does before composing, and refuses the same page.
    ("/v1/briefing", 422, "no_main_text"): "a page with no article text in it",
    ("/v1/clean", 422, "no_main_text"): "a page with no article text in it",
    ("/v1/digest", 422, "no_main_text"): "an article page with no article text in it (as /v1/briefing)",
    ("/v1/documents", 415, "unsupported_format"): "a file name without a known extension",
    ("/v1/documents", 422, "corrupt_document"): "a file that is not the format its name says",
    ("/v1/documents", 422, "no_main_text"): "a document with no text in it",
    ("/v1/documents/text", 415, "unsupported_format"): "a file name without a known extension",
    ("/v1/documents/text", 422, "corrupt_document"): "a file that is not the format its name says",
    ("/v1/documents/text", 422, "no_main_text"): "a document with no text in it",
    ("/translate_file", 415, "unsupported_format"): "a file name without a known extension",
    ("/translate_file", 422, "corrupt_document"): "a file that is not the format its name says",
    ("/translate_file", 422, "no_main_text"): "a document with no text in it",
    ("/v1/jobs", 422, "corrupt_document"): "an upload that is not a zip",
}


def _content_refusal(case: Any, response: Any) -> bool:
    if response.status_code not in (415, 422):
        return False
    code = response.json()["error"]["code"]
    return (case.path, response.status_code, code) in _CONTENT_REFUSALS


def _failures(client: TestClient) -> dict[str, str]:
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    checks = _checks()
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
                report_multiple_bugs=False,
            )
            def run(case: Any) -> None:
                response = case.call()
                chosen = checks
                if _content_refusal(case, response):
                    # Schema-valid, refused for its content (see _CONTENT_REFUSALS): only that check is off.
                    chosen = [check for check in checks if check.__name__ != "positive_data_acceptance"]
                case.validate_response(response, checks=chosen)

            try:
                run()
            except Unsatisfiable:  # no negative example exists (an operation without inputs)
                continue
            except (Exception, FailureGroup) as exc:  # collect every operation's failure
                failures[f"{operation.label} ({mode.value})"] = str(exc)[:1500]
    return failures


def test_every_operation_keeps_its_contract(service_engine: Engine) -> None:
    with running_app(service_engine, cache="none") as client:
        failures = _failures(client)
    assert not failures, "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())
