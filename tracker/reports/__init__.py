"""Reports: one query module, drawn as pages, PDFs and exports."""
