"""The domain facts, each computed here once and outside Sphinx; every output reads them.

- ``outline``: the standards as they stand on a date: standard → chapter → clause, each clause's status,
  its number (第X条, only clauses in force are numbered), the number a repealed clause last had, and how
  a clause is named wherever it is cited.
- ``bank``: the question bank: each question's record with its answer normalised once, whether it may be
  published (reviewed, its set reviewed, testing no repealed clause) and its own version (a digest of
  what a trainee sees and is scored on).
- ``..fingerprint``: the one normalisation of a clause's text, for the 对照表, fingerprints, history and
  the re-review gate.
- ``..status``: a dated object's status on a date.
"""
