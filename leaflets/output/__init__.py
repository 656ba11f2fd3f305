"""Output: the reading-order PDF bytes of typesetting in, the files for their readers out.

impose puts the pages onto the sides of printed sheets (tri-fold, booklet) and gives back PDF
bytes, with links, outline and metadata following the pages; writer writes a file atomically.
"""
