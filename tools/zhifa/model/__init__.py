"""The standards as data: the metamodel, the repository reader (MyST, YAML), the outline on a date (numbers,
status, names), text fingerprints, procedures, template fields and law texts. Imports nothing above it."""
