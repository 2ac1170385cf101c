"""Stories: one wire story's copies and versions across outlets (issue 13).

`similarity.py` is pure (no Django, no ORM): the band keys an article is filed under, so that copies
and versions of one story find each other through an indexed table, and the comparison that decides
whether a candidate is the same story, as a copy (the same text, allowing for cuts and site
furniture) or a version (the text changed).
"""
