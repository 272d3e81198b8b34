"""The reception desk: search box, red-flag banner, results, service card and recording."""
