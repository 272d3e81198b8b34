"""Local accounts and what each role may do, enforced in the core."""
