"""The commands, as plain functions: each takes a request (a frozen dataclass of what the
command line said) and returns an exit code (`errors.ExitCode`). They raise a
`ClauseCheckError` for anything the user must fix; `cli` parses the command line into
requests and maps those errors to exit codes. Nothing here imports typer.

    check    clausecheck FILE… / check FILE…     configuration, selection, run, exit code
    compare  clausecheck compare FILE…           vendors side by side
    config   clausecheck config                  the effective settings and their source
    rules    clausecheck rules list|show|validate|test
    eval     clausecheck eval FOLDER             the rules against labelled contracts
    output   where output goes: stdout or a file, notes on stderr, progress, colour, width
"""
