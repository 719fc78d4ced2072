"""The question bank: questions as written (quiz), the rules every output applies (rules: answers, what may be
published, versions), the blueprint, papers, printouts, exports (GIFT, Moodle XML, Anki) and results."""
