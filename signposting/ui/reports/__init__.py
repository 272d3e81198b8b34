"""The practice manager's reports: savings dashboard, record export, clinical codes."""
