"""Flowcharts: the Mermaid source of a procedure, read, checked against its steps, composed with
the steps' own titles (escaped) and rendered to SVG at build time by the Mermaid CLI."""
