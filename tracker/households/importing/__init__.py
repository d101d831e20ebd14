"""Household import (درون‌ریزی خانوارها): a CSV or XLSX list, checked in a dry run, then stored in batches.

files.py reads the file, columns.py matches its headers and cell values to household fields,
service.py classifies and stores the rows through the households service, report.py holds the
row-by-row report and its XLSX, store.py keeps an upload between the web steps.
"""
