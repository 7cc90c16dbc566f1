"""Developer tools that span the apps: synthetic demo data and the benchmark."""
