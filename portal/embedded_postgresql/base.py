"""Django's PostgreSQL backend, starting the embedded server on the first connection.

Settings only describe the embedded server (its socket lives in its data directory),
so importing them starts no process: ``manage.py check``, ``makemigrations`` and a
settings import in a test stay free of side effects.
"""

from django.db.backends.postgresql import base

from portal import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        embedded_db.ensure_running()
        return super().get_new_connection(conn_params)
