"""The curated store: the one owner of its layout, its lock, its journal and its listing.

``layout`` names every path; ``lock`` is the writer lock; ``journal`` rolls back a killed
commit; ``store.CuratedStore`` lists and reads published editions and opens a
``transaction.StoreTransaction``, the only way anything is written.
"""
