"""行政执法规范即代码: content model, checker, Sphinx extension and CLI."""

__version__ = "0.1.0"
