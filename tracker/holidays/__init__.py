"""National holidays: kept by the install's operator from the command line, read by every district."""
