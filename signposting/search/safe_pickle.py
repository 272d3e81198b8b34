"""Reading the index's own pickled data back, naming nothing but the index's own classes.

A saved index lives in the user's data folder; a damaged or planted file must not be able to
run code, so the unpickler refuses every global outside this list.
"""

from __future__ import annotations

import io
import pickle

#: The only classes (and functions) saved index data may name.
ALLOWED = frozenset(
    {
        ("collections", "OrderedDict"),
        ("re", "_compile"),
        ("signposting.domain", "ServiceStatus"),
        ("signposting.domain", "Urgency"),
        ("signposting.redflags.annotate", "ConceptIndex"),
        ("signposting.redflags.annotate", "_Node"),
        ("signposting.redflags.lexicon", "is_common_word"),
        ("signposting.redflags.protocol", "RedFlagEntry"),
        ("signposting.redflags.recogniser", "Recogniser"),
        ("signposting.redflags.rules", "Modifier"),
        ("signposting.redflags.rules", "Rule"),
        ("signposting.redflags.thesaurus", "Concept"),
        ("signposting.redflags.thesaurus", "Thesaurus"),
        ("signposting.search.engine", "SearchEngine"),
        ("signposting.search.entries", "ServiceEntry"),
        ("signposting.search.entry_terms", "EntryReader"),
        ("signposting.search.matcher", "TokenMatcher"),
        ("signposting.search.postings", "Postings"),
        ("signposting.search.ranking", "stem"),
        ("signposting.search.service_index", "ServiceIndex"),
        ("signposting.search.service_table", "ServiceTable"),
        ("signposting.search.vocabulary", "Vocabulary"),
    }
)


class IndexUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"saved index data may not name {module}.{name}")
        return super().find_class(module, name)


def loads(data: bytes) -> object:
    """Unpickle ``data``, refusing anything outside ``ALLOWED``."""
    return IndexUnpickler(io.BytesIO(data)).load()


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
