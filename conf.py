# Project settings only; everything derived from the metamodel is set by the zhifa extension.
project = "行政执法规范即代码"
author = "县司法局（示范）"
copyright = "示范文本，供行政执法培训使用"
language = "zh_CN"
extensions = ["myst_parser", "sphinx_needs", "zhifa.sphinx"]
source_suffix = {".md": "markdown"}
root_doc = "index"
html_theme = "furo"
html_title = "行政执法规范即代码"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
