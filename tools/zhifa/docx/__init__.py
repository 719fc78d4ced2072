"""Word files: one page set-up and run helpers (layout) for the document templates, the standards, exam papers
and the 修订对照表."""
