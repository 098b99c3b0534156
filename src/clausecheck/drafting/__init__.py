"""What goes to the vendor once the contract is checked (library layer; reads findings and
the document's text, never a file):

    wording  the rules' model clauses in the contract's party names, comment texts, the
             numbering of an inserted clause, the gaps in the order a buyer raises them
    ooxml    WordprocessingML edits: comments, tracked insertions, the package rewritten
             with every other part as it was
    redline  which comment and insertion go where, and writing them into the DOCX
    letter   the request for amendments and the due-diligence questions (Markdown, DOCX)
    diff     two drafts item by item: fixed, new gap, weakened, improved, unchanged
"""
