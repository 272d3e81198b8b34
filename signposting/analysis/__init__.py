"""The savings analysis, and figures read from clinical-system reports."""
