"""Contract fuzzing: every operation of the COMMITTED openapi/openapi.json, in process over ASGI.

schemathesis reads the committed document (not the live app's schema, so a drift
between the two fails here as well as in test_openapi) and generates requests for
every operation in its three phases: the documented examples, the coverage phase
(boundary values, missing and extra parameters, wrong types, unsupported methods)
and the fuzzing phase, both schema-valid and schema-violating (negative) data. The
app is ``create_app(Settings())``, its lifespan run once, reached through
schemathesis' ASGI transport. Each response must:

- not be a 5xx (``not_a_server_error``);
- have a documented status code, content type and a body matching the documented
  schema, problem details included (``status_code_conformance``,
  ``content_type_conformance``, ``response_schema_conformance``);
- reject schema-violating requests with a 4xx (``negative_data_rejection``), list
  the right methods in ``Allow`` and answer undocumented methods with 405;
- carry the security headers, and ``no-store`` when it is an error (ours, below);
- arrive within 2 s (a hang detector, not a benchmark).

- accept every schema-valid request (``positive_data_acceptance``): the document states
  every rule the server enforces that a schema can state (patterns, formats, enums,
  bounds, closed bodies); what it cannot state, whether a well-formed value names
  something the data has (a currency the ECB did not publish on that date, an unknown
  rule id), is a documented 404, as the reference rates API Frankfurter answers it.

Every check schemathesis registers runs (``--checks all``): none is excluded, and
``test_no_check_is_left_out`` fails if a schemathesis upgrade adds one this file
does not run.

Stateful testing does not apply: the API is read-only, its operations create
nothing and the document declares no links between them (checked below, so that a
link added later gets a stateful test rather than being ignored).

Budget: ``WAGECALC_FUZZ_EXAMPLES`` fuzzing examples per operation (default 50,
derandomized: the same requests on every run, about a minute in all). Set it higher
to search more widely; the run is then randomized and keeps hypothesis' example
database, so a failure it finds is replayed first next time:

    WAGECALC_FUZZ_EXAMPLES=2000 python3 -m pytest -p no:cacheprovider tests/test_fuzz_contract.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import CHECKS, CheckFunction, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok

from wagecalc.api import create_app
from wagecalc.config import Settings

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"
DEFAULT_EXAMPLES = 50
_env = os.environ.get("WAGECALC_FUZZ_EXAMPLES", "").strip()
EXAMPLES = int(_env) if _env else DEFAULT_EXAMPLES
#: The CI budget is fixed and derandomized; a larger one explores new ground each run.
DERANDOMIZE = not _env
#: A hang detector, not a benchmark: generous, so that a machine busy with other work (CI's
#: other Pythons, a helper's build) does not fail it. A hang is minutes; a slow answer here
#: was at most 4.3 s, on a machine with a load average of 10.
HANG_SECONDS = 15.0

#: Every check stays on; one is told of the single documented 5xx: oEmbed 1.0 (section 2.3.4)
#: requires 501 Not Implemented for a format the provider does not serve (``format=xml``).
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-path": "/oembed",
                "checks": {
                    "not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "501"]}
                },
            }
        ]
    }
)
schema = schemathesis.openapi.from_path(COMMITTED, config=CONFIG)
schema.app = create_app(Settings())

load_all_checks()
#: ``--checks all``: every check schemathesis has, built in or registered.
ALL_CHECKS = cast(list[CheckFunction], list(CHECKS.get_all()))

CaseTest = Callable[[Case[Any]], None]
parametrize = cast(Callable[[CaseTest], CaseTest], schema.parametrize())


def headers_and_timing(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Security headers on every answer, no-store on errors, no server banner, no hang."""
    headers = {name.lower(): values for name, values in response.headers.items()}
    assert headers.get("x-content-type-options") == ["nosniff"], headers
    assert "default-src 'none'" in headers.get("content-security-policy", [""])[0], headers
    assert headers.get("referrer-policy") == ["no-referrer"], headers
    assert "server" not in headers, headers
    if response.status_code >= 400:
        assert headers.get("cache-control") == ["no-store"], headers
        if response.status_code != 405 or case.method.upper() != "HEAD":
            assert headers.get("content-type") == ["application/problem+json"], headers
    assert response.elapsed < HANG_SECONDS, f"{case.method} {case.path} took {response.elapsed}s"
    return None


@parametrize
@settings(
    max_examples=EXAMPLES,
    derandomize=DERANDOMIZE,
    database=None if DERANDOMIZE else settings().database,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_operation_honours_the_contract(case: Case[Any]) -> None:
    """Every check: documented status, headers, content type and body; schema-valid input
    accepted (or a documented 404), schema-violating input refused with a 4xx; no 5xx."""
    case.call_and_validate(checks=ALL_CHECKS, additional_checks=[headers_and_timing])


def test_no_check_is_left_out() -> None:
    """The run uses every check schemathesis registers, including positive_data_acceptance."""
    names = {check.__name__ for check in ALL_CHECKS}
    assert {"positive_data_acceptance", "negative_data_rejection", "not_a_server_error"} <= names
    assert names >= set(CHECKS.get_all_names())


def test_every_operation_is_fuzzed() -> None:
    """The fuzzer sees every operation the document declares, and the document has no links."""
    document: dict[str, Any] = schema.raw_schema
    declared = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "head", "post", "put", "patch", "delete"}
    }
    seen = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        seen.add((result.ok().method.upper(), result.ok().path))
    assert seen == declared
    assert declared
    links = [
        (path, method, status)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for status, response in operation.get("responses", {}).items()
        if response.get("links")
    ]
    assert links == [], "links were added: add a stateful test (schema.as_state_machine())"
