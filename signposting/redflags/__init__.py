"""Red-flag recognition: callers' words mapped to concepts, protocols as rules over concepts.

The engine (``recogniser``), its knowledge (``content/``: the thesaurus and the example protocol
set) and its evaluation corpus (``corpus/``: a tuning half and a held-out half) live together
here. Nothing in this package imports Qt.
"""
