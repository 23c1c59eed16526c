"""The committed contract through tools nobody here wrote: Redocly lint, openapi-typescript and
tsc, openapi-python-client, each over every operation the document declares.

The npm tools come from ``contract/`` (``npm ci --prefix contract``, which .ci/run runs).
Without ``contract/node_modules`` these tests skip locally, saying why, and FAIL in CI
(``CI=true``), so that a CI run can never pass them by not running them.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import json
import os
import re
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.servers import free_port, start_server, wait_ready
from tests.test_contract import OPERATIONS, _example_request
from wagecalc.api import create_app
from wagecalc.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "openapi" / "openapi.json"
TOOLS = ROOT / "contract"
#: No telemetry, no update checks: nothing leaves the machine.
QUIET = {
    **os.environ,
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "NO_UPDATE_NOTIFIER": "1",
}


def _tool(name: str) -> Path:
    path = TOOLS / "node_modules" / ".bin" / name
    if not path.exists():
        reason = f"{path.relative_to(ROOT)} is missing: run `npm ci --prefix contract`"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _run(*command: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=QUIET,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_redocly_lint_recommended_has_no_errors_or_warnings() -> None:
    result = _run(
        _tool("redocly"),
        "lint",
        CONTRACT,
        "--config",
        TOOLS / "redocly.yaml",
        "--format=json",
    )
    report = json.loads(result.stdout)
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, result.stdout[:4000]


def _schema_type(schema: dict[str, Any]) -> str | None:
    """The TypeScript type of a JSON answer's schema: ``S["X"]`` or ``S["X"][]``."""
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
    if not isinstance(ref, str):
        return None
    name = ref.rsplit("/", 1)[-1]
    return f'S["{name}"]' + ("[]" if "items" in schema else "")


def _recorded_answers() -> Iterator[tuple[str, str, Any]]:
    """(name, TypeScript type, answer) for every GET and POST operation with a JSON answer:
    its example request's 200, a repeated parameter's 422, and each operation's 404."""
    with TestClient(app=create_app(Settings())) as client:
        for number, (method, path, operation) in enumerate(OPERATIONS):
            if method == "head":
                continue
            ok = operation["responses"]["200"].get("content", {}).get("application/json")
            problem_type = 'S["Problem"]'
            if method == "post":
                media = operation["requestBody"]["content"]["application/json"]
                body = media["schema"]["examples"][0]
                answer = client.post(path, json=body)
                assert answer.status_code == 200, answer.text[:300]
                typed = _schema_type(ok["schema"]) if ok else None
                if typed:
                    yield f"op{number}_ok", typed, answer.json()
                bad = client.post(path, json={**body, "currency": "usd"})
                yield f"op{number}_422", problem_type, bad.json()
                continue
            query, _ = _example_request(operation)
            answer = client.get(path, params=query)
            assert answer.status_code == 200, (path, answer.text[:300])
            typed = _schema_type(ok["schema"]) if ok else None
            if typed:
                yield f"op{number}_ok", typed, answer.json()
            repeated = client.get(f"{path}?x=1&x=2")
            assert repeated.status_code == 422
            if not _problem_json(operation, "422"):
                continue  # an embed page: its errors are pages a frame can show, not JSON
            yield f"op{number}_422", problem_type, repeated.json()
            if "404" in operation["responses"]:
                missing = _not_found(client, path, operation)
                yield f"op{number}_404", problem_type, missing


def _problem_json(operation: dict[str, Any], status: str) -> bool:
    """Whether the operation documents its ``status`` answer as a problem document."""
    content = operation["responses"].get(status, {}).get("content", {})
    return "application/problem+json" in content


def _not_found(client: TestClient[Any], path: str, operation: dict[str, Any]) -> Any:
    """A well-formed request the data has nothing for: an undefined currency code."""
    query, _ = _example_request(operation)
    for parameter in operation.get("parameters", []):
        if parameter["schema"].get("pattern") == "^(?:[A-Z]{3})$":
            query[parameter["name"]] = "ZZZ"
            break
    else:
        if "url" in query:  # /oembed: a URL that is no embed page of this service
            query["url"] = "http://127.0.0.1:8000/not-an-embed"
        else:
            query["a"] = "1 ZZZ/year"
    answer = client.get(path, params=query)
    assert answer.status_code == 404, (path, answer.text[:300])
    return answer.json()


def test_typescript_types_compile_against_recorded_answers(tmp_path: Path) -> None:
    """openapi-typescript's types, and the service's real answers typed against them, pass
    ``tsc --strict`` (object literals: a field the contract does not declare is an error)."""
    generated = _run(_tool("openapi-typescript"), CONTRACT, "-o", tmp_path / "api.ts")
    assert generated.returncode == 0, generated.stderr
    lines = ['import type { components } from "./api";', 'type S = components["schemas"];']
    count = 0
    for name, typed, answer in _recorded_answers():
        lines.append(f"export const {name}: {typed} = {json.dumps(answer, indent=1)};")
        count += 1
    assert count >= len([o for o in OPERATIONS if o[0] == "get"])
    (tmp_path / "answers.ts").write_text("\n".join(lines) + "\n")
    compiled = _run(
        _tool("tsc"),
        "--strict",
        "--noEmit",
        "--exactOptionalPropertyTypes",
        "--target",
        "ES2022",
        "--module",
        "ES2022",
        "--moduleResolution",
        "bundler",
        tmp_path / "answers.ts",
        cwd=tmp_path,
    )
    assert compiled.returncode == 0, compiled.stdout[:4000] + compiled.stderr[:2000]


# --- openapi-python-client ------------------------------------------------------------


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The client openapi-python-client generates from the committed document, imported."""
    out = tmp_path_factory.mktemp("client")
    generator = Path(sys.executable).with_name("openapi-python-client")
    # The generator reads JSON, text and octet-stream bodies; an SVG card is bytes to it.
    config = out / "config.yaml"
    config.write_text(
        "content_type_overrides:\n"
        "  image/svg+xml: application/octet-stream\n"
        "  image/png: application/octet-stream\n"
    )
    result = _run(
        generator,
        "generate",
        "--path",
        CONTRACT,
        "--config",
        config,
        "--meta",
        "none",
        "--output-path",
        out / "wagecalc_client",
        cwd=out,
    )
    assert (out / "wagecalc_client" / "client.py").exists(), result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("wagecalc_client")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("wagecalc_client")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    port = free_port()
    process = start_server(port)
    try:
        wait_ready(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _convert(value: str, annotation: Any) -> Any:
    """A documented example (text) as the generated function's argument type."""
    for option in typing.get_args(annotation) or (annotation,):
        if isinstance(option, type) and issubclass(option, enum.Enum):
            return option(value)
        if option is dt.date:
            return dt.date.fromisoformat(value)
        if option is bool:
            return value == "true"
    return value


def _operation_module(
    client_package: Any, method: str, path: str, operation: dict[str, Any]
) -> Any:
    """The generated module of an operation: its operationId in snake case, under its tag."""
    tag = operation["tags"][0]
    stem = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", operation["operationId"]).lower()
    return importlib.import_module(f"{client_package.__name__}.api.{tag}.{stem}")


def _arguments(function: Any, query: dict[str, str]) -> dict[str, Any]:
    hints = typing.get_type_hints(function)
    wire = {p["name"]: p for _, _, o in OPERATIONS for p in o.get("parameters", [])}
    arguments = {}
    for name in hints:
        if name in ("client", "return", "body"):
            continue
        # The generator renames a parameter that clashes with its own names (url → url_query).
        spelled = "from" if name == "from_" else name.removesuffix("_query")
        if spelled in query:
            arguments[name] = _convert(query[spelled], hints[name])
    assert wire  # the document has parameters at all
    return arguments


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [o for o in OPERATIONS if o[0] != "head"],
    ids=[f"{m.upper()} {p}" for m, p, _ in OPERATIONS if m != "head"],
)
def test_generated_python_client_calls_every_operation(
    generated_client: Any, base_url: str, method: str, path: str, operation: dict[str, Any]
) -> None:
    """Valid input (the examples), the answer's ETag back (304), invalid input (422) and
    unknown data (404): every answer is a documented status parsed into its model, never
    UnexpectedStatus."""
    module = _operation_module(generated_client, method, path, operation)
    with generated_client.Client(base_url=base_url, raise_on_unexpected_status=True) as client:
        _call_every_way(generated_client, module, client, method, operation)


def _call_every_way(
    generated_client: Any, module: Any, client: Any, method: str, operation: dict[str, Any]
) -> None:
    content = operation["responses"]["200"].get("content", {})
    json_answer = "application/json" in content
    if method == "post":
        models = importlib.import_module(f"{generated_client.__name__}.models")
        example = operation["requestBody"]["content"]["application/json"]["schema"]["examples"][0]
        body = models.CompareIn.from_dict(example)
        answer = module.sync_detailed(client=client, body=body)
        assert answer.status_code == 200 and answer.parsed is not None
        wrong = models.CompareIn.from_dict({**example, "currency": "usd"})
        bad = module.sync_detailed(client=client, body=wrong)
        assert bad.status_code == 422 and type(bad.parsed).__name__ == "Problem"
        return
    query, _ = _example_request(operation)
    arguments = _arguments(module.sync_detailed, query)
    answer = module.sync_detailed(client=client, **arguments)
    assert answer.status_code == 200
    if json_answer:
        assert answer.parsed is not None
    etag = answer.headers["etag"]
    again = module.sync_detailed(client=client, **arguments, if_none_match=etag)
    assert again.status_code == 304
    patterned = [
        p
        for p in operation.get("parameters", [])
        if p["in"] == "query" and "pattern" in p["schema"] and p["name"] in query
    ]
    if patterned:
        name = "from_" if patterned[0]["name"] == "from" else patterned[0]["name"]
        bad = module.sync_detailed(client=client, **{**arguments, name: "!"})
        # A problem, or on an embed page the page a frame shows (text: str to the client).
        expected = "Problem" if _problem_json(operation, "422") else "str"
        assert bad.status_code == 422 and type(bad.parsed).__name__ == expected
    if "404" in operation["responses"]:
        currency = next(
            (p["name"] for p in operation.get("parameters", [])
             if p["schema"].get("pattern") == "^(?:[A-Z]{3})$"),
            None,
        )  # fmt: skip
        if currency is not None:
            name = "from_" if currency == "from" else currency
            missing = module.sync_detailed(client=client, **{**arguments, name: "ZZZ"})
            expected = "Problem" if _problem_json(operation, "404") else "str"
            assert missing.status_code == 404 and type(missing.parsed).__name__ == expected
