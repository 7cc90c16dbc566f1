"""Every command of the project answers ``--help`` with its usage, as an operator types it
first on a new machine."""

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_APPS = ("temperatur", "projects", "challenges", "resources")
OURS = sorted(name for name, app in get_commands().items() if app.split(".")[0] in PROJECT_APPS)


def test_the_project_has_commands():
    assert {"seed", "generate_demo_data"} <= set(OURS)


@pytest.mark.parametrize("name", OURS)
def test_help_prints_the_usage(name, capsys):
    command = load_command_class(get_commands()[name], name)
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(["manage.py", name, "--help"])
    assert exited.value.code == 0
    assert f"manage.py {name}" in capsys.readouterr().out
