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

#: What editors write: every role adds and changes it; publishing and deleting need a Redaktør.
CONTENT = (
    ("projects", "project"),
    ("projects", "highlight"),
    ("challenges", "projectchallenge"),
    ("challenges", "challengerecord"),
    ("resources", "resource"),
    ("resources", "advice"),
)
#: What the content refers to: a Skribent reads it, a Redaktør keeps it.
REFERENCE = (
    ("projects", "region"),
    ("projects", "municipality"),
    ("projects", "domain"),
    ("projects", "organisation"),
    ("projects", "fundinground"),
    ("challenges", "challengearea"),
    ("challenges", "challenge"),
    ("challenges", "measurement"),
    ("challenges", "areafinding"),
)
#: The readers' error reports (they may carry a reader's e-mail address).
READERS_DATA = (("temperatur", "feedback"),)


def _codenames(models, actions):
    return {f"{app}.{action}_{model}" for app, model in models for action in actions}


#: group → every permission (``app_label.codename``) it has, exactly
PERMISSIONS = {
    REDAKTOER: frozenset(
        _codenames(CONTENT + REFERENCE, ("add", "change", "delete", "view"))
        | _codenames(CONTENT, ("publish",))
        | _codenames(READERS_DATA, ("view", "change", "delete"))
    ),
    SKRIBENT: frozenset(
        _codenames(CONTENT, ("add", "change", "view")) | _codenames(REFERENCE, ("view",))
    ),
}
