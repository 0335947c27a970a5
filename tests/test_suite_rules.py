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


def offending_lines(paths, scan) -> list[str]:
    """`path:line` of every line `scan` (source -> line numbers) finds in the files."""
    return [
        f"{path.relative_to(TESTS.parent)}:{line}"
        for path in sorted(paths)
        for line in scan(path.read_text(encoding="utf-8"))
    ]


def test_every_raises_of_a_validation_error_or_refusal_names_it():
    found = offending_lines(TESTS.rglob("test_*.py"), bare_raises)
    assert not found, (
        "pytest.raises(ValidationError/PermissionDenied) without match= or an assert on the "
        "caught error's .value (say which error the test means):\n" + "\n".join(found)
    )


# Browser tests (the CI failure of 2026-12-01): a click returns before the page it leads to has
# loaded, and `is_visible()` answers at once, so both raced the page. Steps go through
# `tests.browser.helpers.follow`; visibility is asserted with `expect(...).to_be_visible()`.
BROWSER = TESTS / "browser"
STEP_ROLES = {"button", "link"}
INSTANT_CHECKS = {"is_visible", "is_hidden"}


def _clicks_a_step(node: ast.AST) -> bool:
    """`….get_by_role("button"|"link", …)….click()` (not through follow)."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "click"
    ):
        return False
    for inner in ast.walk(node.func.value):
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr == "get_by_role"
            and inner.args
            and isinstance(inner.args[0], ast.Constant)
            and inner.args[0].value in STEP_ROLES
        ):
            return True
    return False


def racing_steps(source: str) -> list[int]:
    """Line numbers of clicks on a link or button not made through follow(), and of asserts
    on is_visible()/is_hidden()."""
    tree = ast.parse(source)
    found = [node.lineno for node in ast.walk(tree) if _clicks_a_step(node)]
    for statement in ast.walk(tree):
        if isinstance(statement, ast.Assert):
            found += [
                node.lineno
                for node in ast.walk(statement.test)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in INSTANT_CHECKS
            ]
    return sorted(found)


def test_the_scan_finds_a_racing_step_and_passes_a_followed_one():
    source = (
        "def test_a(page):\n"
        "    page.get_by_role('button', name='登录').click()\n"
        "    assert page.get_by_role('alert').is_visible()\n"
        "    follow(page.get_by_role('link', name='首页'))\n"
        "    expect(page.get_by_role('alert')).to_be_visible()\n"
        "    page.get_by_label('同意').click()\n"
        "    page.locator('#t').get_by_role('link', name='1').first.click()\n"
    )
    assert racing_steps(source) == [2, 3, 7]


def test_browser_steps_wait_for_the_page_they_lead_to():
    found = offending_lines(BROWSER.glob("test_*.py"), racing_steps)
    assert not found, (
        "A click on a link or button outside follow(), or an assert on is_visible(): use "
        "tests.browser.helpers.follow(locator) and expect(locator).to_be_visible():\n"
        + "\n".join(found)
    )
