"""Directory import and export: Open Referral UK (HSDS 3.0) and the project's own CSV."""
