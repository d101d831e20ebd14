"""What each list holds: one filter object and one select() per kind of record, and the select boxes' lists.

The web pages, the API, the exports and the ledger all read these, so the same filter
gives the same rows at every door. The package sits low (models, extensions, persian)
so that every area and the reports can import it.
"""
