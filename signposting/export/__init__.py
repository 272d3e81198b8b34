"""Exports of signpost records for EMIS Web and SystmOne, and the savings analysis."""
