"""The reads that pages, feeds and exports share, each a function that runs its queries when called and
returns values (the HackSoftware Styleguide's selectors).

    search_page.py   one search: read the query string, count, fetch a page, facets, timeline, chips
    results.py       a page of results as shown: links, highlighted titles, snippets, tags
    paging.py        which page of a list to show
    cache.py         the archive's version, and the cache of searches and home counts keyed on it
    collections.py   a collection's page of articles, and how the search it was saved from differs now
"""
