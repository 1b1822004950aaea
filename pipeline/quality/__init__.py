"""The quality gate: check frames, the expectation suites (``expectations/*.json``), the Great
Expectations runner (imported only when validating) and the generated documentation."""
