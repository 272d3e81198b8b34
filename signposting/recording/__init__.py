"""Recording signposts: one committed row per call outcome."""
