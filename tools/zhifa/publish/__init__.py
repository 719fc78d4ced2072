"""Publishing: the site build around Sphinx, and where any command may write (outputs)."""
