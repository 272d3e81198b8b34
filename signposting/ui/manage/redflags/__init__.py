"""The clinician's red-flag tools: protocols as rules over concepts, the thesaurus, a pane to try
a phrase, and the impact of every draft on all examples before sign-off."""
