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
