"""Word -> weighted services, stored so that a whole word's scores are one vector operation.

numpy is imported when an index is made (in the background, as a desk starts), not with the
module: a program that never searches does not load it.
"""

from __future__ import annotations

from array import array
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatVector = npt.NDArray[np.float32]


class Postings:
    """Each service has a slot (a position in score vectors); each word maps slots to weights.

    Edits go to plain dicts; the numpy arrays a search reads are rebuilt lazily per word.
    """

    def __init__(self) -> None:
        import numpy  # noqa: F401, PLC0415 - loaded here rather than on the first search

        self._slot_of: dict[int, int] = {}
        self._id_of: list[int] = []
        self._free: list[int] = []
        self._weights: dict[str, dict[int, float]] = {}
        self._arrays: dict[str, tuple[npt.NDArray[np.int32], FloatVector]] = {}
        #: Word -> (slots as int32, weights as float64) bytes, from a saved index, until the
        #: word is first edited.
        self._packed: dict[str, tuple[bytes, bytes]] = {}

    def __getstate__(self) -> dict[str, object]:
        """The postings packed word by word, without the vectors made from them (saved with a
        prebuilt index): a few thousand byte strings load far faster than a dict per word."""
        packed = dict(self._packed)
        for word, posting in self._weights.items():
            packed[word] = (array("i", posting).tobytes(), array("d", posting.values()).tobytes())
        return {**self.__dict__, "_weights": {}, "_arrays": {}, "_packed": packed}

    def _posting(self, word: str) -> dict[int, float] | None:
        """The word's slots and weights, unpacked for editing if need be."""
        posting = self._weights.get(word)
        if posting is None and word in self._packed:
            slots, weights = self._packed.pop(word)
            posting = self._weights[word] = dict(
                zip(array("i", slots), array("d", weights), strict=True)
            )
        return posting

    @property
    def size(self) -> int:
        """Length of a score vector (slots in use and free)."""
        return len(self._id_of)

    def service_at(self, slot: int) -> int:
        return self._id_of[slot]

    def frequency(self, word: str) -> int:
        """How many services have the word."""
        packed = self._packed.get(word)
        if packed is not None:
            return len(packed[0]) // 4
        return len(self._weights.get(word, ()))

    def add(self, service_id: int, weights: dict[str, float]) -> None:
        """Index one service's words; it must not be present already."""
        slot = self._free.pop() if self._free else len(self._id_of)
        if slot == len(self._id_of):
            self._id_of.append(service_id)
        else:
            self._id_of[slot] = service_id
        self._slot_of[service_id] = slot
        postings = self._weights
        for word, weight in weights.items():
            posting = postings.get(word) if word not in self._packed else self._posting(word)
            if posting is None:
                postings[word] = {slot: weight}
            else:
                posting[slot] = weight
        if self._arrays:
            for word in weights:
                self._arrays.pop(word, None)

    def remove(self, service_id: int, words: AbstractSet[str]) -> None:
        slot = self._slot_of.pop(service_id, None)
        if slot is None:
            return
        for word in words:
            posting = self._posting(word)
            if posting is not None:
                posting.pop(slot, None)
                self._arrays.pop(word, None)
        self._id_of[slot] = -1
        self._free.append(slot)

    def scores(self, expansions: list[tuple[str, float]]) -> FloatVector:
        """Per slot, the best ``weight x strength`` over the words a typed word may mean."""
        import numpy as np  # noqa: PLC0415

        vector = np.zeros(self.size, dtype=np.float32)
        for word, strength in expansions:
            arrays = self._array(word)
            if arrays is None:
                continue
            slots, weights = arrays
            np.maximum.at(vector, slots, weights * np.float32(strength))
        return vector

    def _array(self, word: str) -> tuple[npt.NDArray[np.int32], FloatVector] | None:
        arrays = self._arrays.get(word)
        if arrays is None:
            import numpy as np  # noqa: PLC0415

            packed = self._packed.get(word)
            if packed is not None:
                slots = np.frombuffer(packed[0], dtype=np.int32)
                weights = np.frombuffer(packed[1], dtype=np.float64).astype(np.float32)
                arrays = self._arrays[word] = (slots, weights)
                return arrays
            posting = self._weights.get(word)
            if not posting:
                return None
            slots = np.fromiter(posting.keys(), dtype=np.int32, count=len(posting))
            weights = np.fromiter(posting.values(), dtype=np.float32, count=len(posting))
            arrays = self._arrays[word] = (slots, weights)
        return arrays
