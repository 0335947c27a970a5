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
        return self._prepare_cursor(self._server_binding_cursor())

    def _server_binding_cursor(self):
        """Django's own cursor (with its time-zone loader), bound by the server."""
        with self.wrap_database_errors:
            factory = self.connection.cursor_factory
            self.connection.cursor_factory = base.ServerBindingCursor
            try:
                return self.create_cursor()
            finally:
                self.connection.cursor_factory = factory

    def fetch_prepared(self, sql: str, params) -> list[tuple]:
        """The rows of one of the fixed reads (``prepared_cursor``'s statements), through one
        cursor kept for this connection instead of a new cursor and Django's wrapper for each
        read: six of them run on every page, and making and wrapping a cursor cost more Python
        than psycopg's round trip (decision 0310). Where Django must see the query (a test's
        captured queries, DEBUG's log, an execute wrapper) or nothing is prepared, it goes the
        ordinary way. Errors are Django's, and mark the connection for its check, as ever."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        logged = self.queries_logged or self.execute_wrappers
        if logged or self.connection.prepare_threshold is None:
            with self.prepared_cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        self.validate_thread_sharing()
        cursor = self._kept_cursor
        if cursor is None or cursor.closed or cursor.connection is not self.connection:
            cursor = self._kept_cursor = self._server_binding_cursor()
        with self.wrap_database_errors:
            cursor.execute(sql, params)
            return cursor.fetchall()

    _kept_cursor = None
