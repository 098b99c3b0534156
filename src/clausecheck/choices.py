"""The choices the command line offers that belong to one command's code, declared here
(and imported by that code) so that the command line lists them without importing every
command's modules: a check loads none of compare's, diff's, letter's or eval's."""

COMPARE_FORMATS = ("table", "json", "csv", "html", "markdown")  # report.compare
DIFF_FORMATS = ("table", "json", "markdown", "html")  # report.diff
EVAL_FORMATS = ("table", "json", "markdown")  # report.evaluation
LETTER_FORMATS = ("md", "docx")  # letter and questions
BANK_SPLITS = ("all", "tune", "check")  # evaluation.bank: eval --split
BANK_MIN_CLAUSES = 15  # evaluation.bank: eval --min-clauses
