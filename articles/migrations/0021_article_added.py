# Every article, last added first: what a search's Atom feed reads (selectors/search_page.last_added, the
# matches last imported). Without it the archive-wide feed with group=none sorted every article by import
# time for 50 rows: about 60 ms at 16,949 articles and growing with the archive (docs/benchmarks.md, "Counts
# and feeds: stop 27"). Both engines scan a B-tree backwards for "-created_at, -id". Kept out of the model's
# Meta like 0019's (articles/models/archive.py is at its 500 lines).

from django.db import migrations

FORWARD = "CREATE INDEX IF NOT EXISTS article_added ON articles_article (created_at, id)"
REVERSE = "DROP INDEX IF EXISTS article_added"


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_importbatch_file_count")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
