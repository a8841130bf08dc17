"""Settings package: base, dev, test, production. Secrets come only from the environment."""
