"""The years the site accepts (the models' check constraints and the admin's forms)."""

MIN_YEAR = 2000
MAX_YEAR = 2100
