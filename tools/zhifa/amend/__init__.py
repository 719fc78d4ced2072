"""Amending the standards: the 修订对照表 and impact (compare), each clause's history from git, releases and the
ID registry, and the re-review lock of questions whose clauses changed."""
