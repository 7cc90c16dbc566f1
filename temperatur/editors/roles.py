"""The editors' two roles, declared once (README, "Editor accounts").

»Redaktør« adds, changes, deletes and publishes content, approves changes waiting for
review, keeps the reference data and handles the readers' error reports. »Skribent« adds
and changes content, which waits for a Redaktør, and reads the reference data. Neither
manages users or groups.

The migrations set the groups up (``resources/migrations/0004_editor_groups.py`` and the
later ones that grant what came after); each writes its permissions out, because a
migration keeps meaning what it meant. :data:`PERMISSIONS` is what they add up to, and a
test keeps the two the same; ``make_editor`` gives a user a role by :data:`ROLES`.
"""

REDAKTOER = "Redaktør"
SKRIBENT = "Skribent"

#: ``make_editor --role`` value → group
ROLES = {"redaktoer": REDAKTOER, "skribent": SKRIBENT}

#: What editors write, by app: every role adds and changes it; publishing and deleting need a
#: Redaktør.
CONTENT = {
    "projects": ("project", "highlight"),
    "challenges": ("projectchallenge", "challengerecord"),
    "resources": ("resource", "advice"),
}
#: What the content refers to, by app: a Skribent reads it, a Redaktør keeps it.
REFERENCE = {
    "projects": ("region", "municipality", "domain", "organisation", "fundinground"),
    "challenges": ("challengearea", "challenge", "measurement", "areafinding"),
}
#: The readers' error reports (they may carry a reader's e-mail address).
READERS_DATA = {"temperatur": ("feedback",)}


def _codenames(actions, *tables):
    """``app.action_model`` for every action and every model of the ``tables``."""
    return {
        f"{app}.{action}_{model}"
        for table in tables
        for app, models in table.items()
        for model in models
        for action in actions
    }


#: group → every permission (``app_label.codename``) it has, exactly
PERMISSIONS = {
    REDAKTOER: frozenset(
        _codenames(("add", "change", "delete", "view"), CONTENT, REFERENCE)
        | _codenames(("publish",), CONTENT)
        | _codenames(("view", "change", "delete"), READERS_DATA)
    ),
    SKRIBENT: frozenset(
        _codenames(("add", "change", "view"), CONTENT) | _codenames(("view",), REFERENCE)
    ),
}
