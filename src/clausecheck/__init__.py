"""clausecheck: check a software contract for the clauses that protect the buyer."""

__version__ = "0.1.0"
