"""Search and red-flag matching over the directory: lay words, typos and partial words."""
