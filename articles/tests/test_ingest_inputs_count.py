"""The total a folder's import counts up to (the command's progress bar) is what the walk reads (stop 26).

A folder of 20,000 pages and a README.md read "20,005/20,006 files" at its end: the count took every file,
the walk skips notes and hidden files.
"""

from __future__ import annotations

from articles.ingest.inputs import count_documents, open_inputs


def test_a_folder_counts_what_its_walk_reads(tmp_path):
    folder = tmp_path / "pages"
    (folder / "a").mkdir(parents=True)
    (folder / ".git").mkdir()
    for name in ("one.txt", "a/two.txt", "README.md", "LICENSE", ".hidden.txt", ".git/config", "a/notes.md"):
        (folder / name).write_text(" date 2024-03-01 A headline\n\nA body of text.\n")
    (folder / "a" / "empty.txt").write_bytes(b"")
    (folder / "nowhere").symlink_to(tmp_path / "missing")

    documents = list(open_inputs([folder]))
    assert count_documents([folder]) == len(documents) == 4  # one.txt, a/two.txt, a/empty.txt, the dead link
