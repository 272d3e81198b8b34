"""The trainer's window: rehearsals, scenarios, debriefs and the go-live checklist."""
