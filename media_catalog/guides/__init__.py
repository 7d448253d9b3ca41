"""Discussion guides for screening hosts: drafted from the catalog, edited section by section,
shown per reader, and printed as HTML, PDF and Markdown."""
