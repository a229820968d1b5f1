"""The API's query parameters, checked against their description in openapi.json.

Each view checks its parameters against the document before anything else, so the
document and the behaviour cannot drift apart: a value the document allows is
accepted (a well-formed slug that names nothing simply matches nothing), and any
other value is a 400 that says what was expected.
"""

import re


def _describe(name, schema):
    if "enum" in schema:
        return f"{name} must be one of: {', '.join(schema['enum'])}."
    if schema["type"] == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        limits = f"from {low} to {high}" if high is not None else f"{low} or more"
        return f"{name} must be a whole number, {limits}."
    if schema["type"] == "boolean":
        return f"{name} must be true or false."
    if "pattern" in schema:
        return f"{name} must be {schema.get('x-shape', 'well formed')}."
    return f"{name} must be at most {schema['maxLength']} characters."


def _conforms(value, schema):
    if "enum" in schema:
        return value in schema["enum"]
    if schema["type"] == "integer":
        if re.fullmatch(r"-?[0-9]{1,18}", value) is None:
            return False
        number = int(value)
        return schema.get("minimum", number) <= number <= schema.get("maximum", number)
    if schema["type"] == "boolean":
        return value in ("true", "false")
    if len(value) > schema.get("maxLength", len(value)):
        return False
    return "pattern" not in schema or re.search(schema["pattern"], value) is not None


def query_problem(request, operation) -> str | None:
    """What is wrong with the request's query string for `operation`, or None."""
    documented = {p["name"]: p["schema"] for p in operation.get("parameters", ())}
    for name, values in request.GET.lists():
        schema = documented.get(name)
        if schema is None:
            continue  # parameters the document does not name are ignored, as on the web
        if len(values) > 1:
            return f"{name} must be given once."
        if not _conforms(values[0], schema):
            return _describe(name, schema)
    return None
