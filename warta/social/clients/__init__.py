"""One small client per platform API, each on a base URL from settings (tests use a local fake)."""
