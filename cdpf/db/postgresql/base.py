"""Django's PostgreSQL backend with a health check that costs no query (issue 16 item 1).

CONN_HEALTH_CHECKS makes Django check a kept connection before each request uses it, so that a
connection the server dropped (a restart, a failover, an idle timeout) is opened again instead
of answering a 500. Django checks with ``SELECT 1``: a round trip on every request, 6 % of a web
worker's time under load. A server that ends a connection first sends its reason and closes
the socket, so an idle connection with something to read is the one to check: this backend
looks at the socket without waiting, and asks the server (``SELECT 1``) only then. A
connection psycopg knows is closed or broken is unusable at once.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq

Database = base.Database


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return super().is_usable() if readable else True

    def prepared_cursor(self):
        """A cursor whose statements the server binds, and keeps prepared once one has run
        ``prepare_threshold`` times on this connection (decision 0290): for the fixed reads of
        every request (cdpf.plain_reads), whose plans do not depend on their values. The ORM's
        cursors keep client-side binding and are planned for their values every time: a list
        filter's generic plan was up to six times slower than its own (benchmarks/README.md).
        Without a threshold (DB_PREPARED_STATEMENTS=0) it is Django's own cursor."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        if self.connection.prepare_threshold is None:
            return self.cursor()
        with self.wrap_database_errors:
            factory = self.connection.cursor_factory
            self.connection.cursor_factory = base.ServerBindingCursor
            try:
                cursor = self.create_cursor()  # Django's, with its time-zone loader
            finally:
                self.connection.cursor_factory = factory
            return self._prepare_cursor(cursor)
