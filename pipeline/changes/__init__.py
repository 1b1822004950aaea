"""What changed between two editions: the diff (with rename matching by content similarity)
and its readable reports."""
