"""The practice manager's and clinician's directory and red-flag management."""
