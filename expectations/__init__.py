"""The data-quality suites, one Great Expectations 1.x suite per curated table, as JSON.

They are data, reviewed like code: each expectation's ``meta`` names it (``check``), says
whether its failure quarantines the edition (``severity``: ``critical``) or only publishes
with a warning (``warning``), and why it holds for a catalog (``why``). ``docs/quality.md``
lists them all; ``pipeline.quality.suites`` loads them (as package data, through
``importlib.resources``, so this file only makes the folder a package).
"""
