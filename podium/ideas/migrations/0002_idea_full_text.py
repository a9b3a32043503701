"""Full-text search of ideas on SQLite: an FTS5 index of titles and descriptions, kept in step
with ideas_idea by triggers. PostgreSQL searches with to_tsvector at query time (nothing to
create here)."""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE ideas_idea_fts USING fts5(title, description, content='ideas_idea', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER ideas_idea_fts_insert AFTER INSERT ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(rowid, title, description) "
    "VALUES (new.id, new.title, new.description); END",
    "CREATE TRIGGER ideas_idea_fts_delete AFTER DELETE ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(ideas_idea_fts, rowid, title, description) "
    "VALUES ('delete', old.id, old.title, old.description); END",
    "CREATE TRIGGER ideas_idea_fts_update AFTER UPDATE OF title, description ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(ideas_idea_fts, rowid, title, description) "
    "VALUES ('delete', old.id, old.title, old.description); "
    "INSERT INTO ideas_idea_fts(rowid, title, description) "
    "VALUES (new.id, new.title, new.description); END",
    "INSERT INTO ideas_idea_fts(ideas_idea_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS ideas_idea_fts_insert",
    "DROP TRIGGER IF EXISTS ideas_idea_fts_delete",
    "DROP TRIGGER IF EXISTS ideas_idea_fts_update",
    "DROP TABLE IF EXISTS ideas_idea_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
