"""行政执法规范即代码: the standards as objects in a git repository, checked, published and examined.

Domains, lowest first (a folder imports only from folders above it in this list):
- ``model/``: the metamodel, the repository reader, and the facts of the standards, each computed once:
  ``model.outline`` (第X章/第X条, status on a date, how a clause is named, the number a repealed clause had),
  ``model.status``, ``model.fingerprint`` (the one text normalisation), ``model.yamlfile`` (the one YAML reader).
- ``bank/``: questions; ``bank.rules`` holds each question's normalised answer, whether it may be published and
  its own version; blueprint, papers, exports and results read them.
- ``amend/``: 修订对照表, history, releases, the re-review lock.
- ``docx/``: every Word file.
- ``checks/``: the fast checker (no Sphinx).
- ``flowchart/``: Mermaid charts rendered at build time.
- ``sphinx/``: the Sphinx extension; it reads the model and the bank, it computes no fact of its own.
- ``publish/``: the build command and the output guard; ``cli.py`` dispatches the commands.
"""
