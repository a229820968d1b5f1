"""Read title candidates in order of static score (see search.search).

A search's title candidates are the title matches with the best ``prior``, read
from an index on it that covers them; the index on ``shuffle`` no longer needs to
carry the title vector and the static score.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0006_search_sample'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='searchentry',
            name='search_entry_shuffle',
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['shuffle'], include=('id', 'type', 'source', 'chapter', 'pillars', 'topics'), name='search_entry_shuffle'),
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['-prior', 'shuffle'], include=('id', 'title_match', 'type', 'source', 'chapter', 'pillars', 'topics'), name='search_entry_prior'),
        ),
    ]
