"""Persian-language and Jalali-calendar helpers: digits, text, dates, validators, working days.

Pure functions with no Flask or database imports; import the submodules directly.
"""
