"""The service directory and red-flag protocols: queries, demo content, upkeep."""
