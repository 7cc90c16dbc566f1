"""The layout's rule (issue 16): no Python module outside the migrations is over 400 lines,
so that each stays one idea a reader can hold."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("temperatur", "projects", "challenges", "resources", "tests")
LIMIT = 400


def test_no_module_outside_the_migrations_is_over_400_lines():
    modules = [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    ]
    assert len(modules) > 100  # the walk found the project
    too_long = {
        str(path.relative_to(ROOT)): count
        for path in modules
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
