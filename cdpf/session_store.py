"""Django's database sessions, read in one plain query (settings.SESSION_ENGINE; issue 16
item 1: the session is read on every request, cdpf/plain_reads.py)."""

from django.contrib.sessions.backends import db

from cdpf import plain_reads


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = plain_reads.rows(
            self.model,
            "t.session_key = %s AND t.expire_date > %s",
            [self.session_key, plain_reads.adapt_now(self.model)],
        )
        if not found:
            self._session_key = None
            return None
        return found[0]
