"""Pieces every area's views and forms share: Jalali form fields, keyset paging, the end of a write."""
