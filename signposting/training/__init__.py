"""Training mode: a separate training database, caller scenarios, scored rehearsals, debriefs
and the go-live readiness checklist."""
