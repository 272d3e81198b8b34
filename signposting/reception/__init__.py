"""What the reception desk does, without Qt: search, record, undo, tally, card, flag."""
