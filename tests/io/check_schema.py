#!/usr/bin/env python3
"""docs/scenario.schema.json against the scenario files (run by CTest when python3-jsonschema is installed).

Every valid file (tests/data/{full,minimal,canonical}.json and resources/scenarios/*.json) must pass the
schema. Every tests/data/bad-*.json must fail it, except those whose .expected message comes from the checks
a schema cannot make (host names that refer to hosts, unique names and addresses, duplicate keys)."""
import glob
import json
import os
import sys

import jsonschema

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
with open(os.path.join(root, "docs", "scenario.schema.json"), encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=None)

SEMANTIC = ("expected the name of a host", "is used by another host", "duplicate key",
            "a link must join two different hosts", "are already linked", "cannot connect to itself",
            "the range contains", "cannot attack itself", "is an attacker", "is a router",
            "fragments exist only with the IP layer", "expected the name of a link", "does not join",
            "has no interface on this link", "more than one link is named", "has another interface on")


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=lambda c: float("nan")), None
    except (ValueError, RecursionError) as e:
        return None, e


failures = []
valid = [os.path.join(root, "tests", "data", n) for n in ("full.json", "minimal.json", "canonical.json")]
valid += sorted(glob.glob(os.path.join(root, "resources", "scenarios", "*.json")))
for path in valid:
    doc, err = load(path)
    errors = [err] if err else list(validator.iter_errors(doc))
    if errors:
        failures.append(f"{path}: rejected: {errors[0]}")

for path in sorted(glob.glob(os.path.join(root, "tests", "data", "bad-*.json"))):
    with open(path[:-5] + ".expected", encoding="utf-8") as f:
        message = f.read().strip()
    doc, err = load(path)
    rejected = err is not None or not validator.is_valid(doc)
    should = not any(s in message for s in SEMANTIC)
    if rejected != should:
        failures.append(f"{path}: the schema {'rejects' if rejected else 'accepts'} it ({message})")

for f in failures:
    print(f)
print(f"{len(valid)} valid files, {len(glob.glob(os.path.join(root, 'tests', 'data', 'bad-*.json')))} broken files, "
      f"{len(failures)} problems")
sys.exit(1 if failures else 0)
