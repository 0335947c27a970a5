"""Rules for the tests themselves (issue 18): a `pytest.raises` of a validation error or a
refusal names the error it means, by its code or its message. A bare
`pytest.raises(ValidationError)` passes on any error, so a test can pass for the wrong reason."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CHECKED = {"ValidationError", "PermissionDenied"}


def _exception_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_raises(call: ast.expr) -> bool:
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "raises"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "pytest"
    )


def _reads_value(body: list[ast.stmt], name: str) -> bool:
    """Whether the statements after the `with` read `name.value` (its code, message, …)."""
    for statement in body:
        for node in ast.walk(statement):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "value"
                and isinstance(node.value, ast.Name)
                and node.value.id == name
            ):
                return True
    return False


def bare_raises(source: str) -> list[int]:
    """Line numbers of `pytest.raises(ValidationError|PermissionDenied)` that assert neither a
    `match=` nor anything read from the caught error's `.value` later in the same block."""
    tree = ast.parse(source)
    bare = []
    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody", "handlers"):
            statements = getattr(parent, field, None)
            if not isinstance(statements, list):
                continue
            for index, statement in enumerate(statements):
                if not isinstance(statement, (ast.With, ast.AsyncWith)):
                    continue
                for item in statement.items:
                    call = item.context_expr
                    if not _is_raises(call) or not call.args:
                        continue
                    if _exception_name(call.args[0]) not in CHECKED:
                        continue
                    if any(k.arg == "match" for k in call.keywords):
                        continue
                    target = item.optional_vars
                    if isinstance(target, ast.Name) and _reads_value(
                        statements[index + 1 :], target.id
                    ):
                        continue
                    bare.append(call.lineno)
    # pytest.raises used outside a `with` (as a call taking the function) has no `.value` to read
    for node in ast.walk(tree):
        if _is_raises(node) and len(node.args) > 1:
            if _exception_name(node.args[0]) in CHECKED and not any(
                k.arg == "match" for k in node.keywords
            ):
                bare.append(node.lineno)
    return sorted(bare)


def test_the_scan_finds_a_bare_raises_and_passes_a_named_one():
    bare = (
        "def test_a():\n"
        "    with pytest.raises(ValidationError):\n"
        "        f()\n"
        "    with pytest.raises(PermissionDenied) as e:\n"
        "        f()\n"
        "    with pytest.raises(ValidationError, match='late'):\n"
        "        f()\n"
        "    with pytest.raises(ValidationError) as caught:\n"
        "        f()\n"
        "    assert caught.value.code == 'late'\n"
        "    with pytest.raises(ValueError):\n"
        "        f()\n"
    )
    assert bare_raises(bare) == [2, 4]


def test_every_raises_of_a_validation_error_or_refusal_names_it():
    found = []
    for path in sorted(TESTS.rglob("test_*.py")):
        for line in bare_raises(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(TESTS.parent)}:{line}")
    assert not found, (
        "pytest.raises(ValidationError/PermissionDenied) without match= or an assert on the "
        "caught error's .value (say which error the test means):\n" + "\n".join(found)
    )
