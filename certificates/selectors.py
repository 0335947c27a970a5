"""Reads of the certificate register, always scoped to the user's region."""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Count, F, Q, QuerySet, Window
from django.http import Http404
from django.utils import timezone

from cdpf import plain_reads
from cdpf.crypto import blind_index, certificate_index
from cdpf.models import Region
from cdpf.selectors import scope_region_ids, scope_to_user
from certificates import names, rules
from certificates.flows import FINAL_STATES
from certificates.models import (
    Application,
    ApplicationEvent,
    Attachment,
    Certificate,
    CertificateEvent,
    Doctor,
    NameGram,
    NoticeBatch,
    Person,
)

# An open application (申请中), as the partial index one_open_application states it, in
# words: a prepared read's generic plan uses that index only for its own condition written
# out, not for `state IN (…)` of the open states given as values (decision 0310).
OPEN_SQL = f"NOT (t.state IN ({', '.join(repr(s) for s in sorted(FINAL_STATES))}))"

# Who may see a whole ID number on the record page (others see it masked everywhere).
FULL_ID_ROLES = ("office", "certificate_room", "chairman")


def people_for(user) -> QuerySet:
    return scope_to_user(Person.objects.all(), user)


def _named(qs: QuerySet, key: str, name: str, user, text: str) -> QuerySet:
    """`qs` narrowed to rows whose holder (`key`, its key; `name`, its name) has every pair of
    characters of `text` in the name-piece index in the user's regions, with the whole name
    checked when `text` is longer than one pair (names.search_pieces); none if it has no pair."""
    pieces, check_name = names.search_pieces(text)
    if not pieces:
        return qs.none()
    scope = scope_region_ids(user)
    for piece in pieces:
        having = NameGram.objects.filter(gram=piece, region__in=scope).values("person_id")
        qs = qs.filter(**{f"{key}__in": having})
    return qs.filter(**{f"{name}__contains": text}) if check_name else qs


def holders_named(user, text: str) -> QuerySet:
    """Holders in the user's regions whose name contains `text` (two characters or more):
    those having each of its pairs of characters, from the name-piece index (names.py)."""
    return _named(Person.objects.all(), "pk", "name", user, text)


def with_holder_named(qs: QuerySet, user, text: str) -> QuerySet:
    """Rows of `qs` (certificates or applications, joined to their holder) whose holder's name
    contains `text`. The same rows as ``person__in=holders_named(…)``, with the holder read
    once (issue 16: the nested form read each holder twice and took PostgreSQL 1.5 ms to
    plan)."""
    return _named(qs, "person_id", "person__name", user, text)


def certificates_for(user) -> QuerySet:
    return scope_to_user(Certificate.objects.select_related("person"), user)


def applications_for(user) -> QuerySet:
    return scope_to_user(Application.objects.select_related("person", "certificate"), user)


def notices_for(user) -> QuerySet:
    return scope_to_user(NoticeBatch.objects.all(), user)


def doctors_for(user) -> QuerySet:
    """Doctors of designated hospitals in the user's region, or in a region above it."""
    region = user.region
    codes = [r.code for r in region.ancestors()]
    return (
        Doctor.objects.select_related("hospital", "hospital__region")
        .filter(active=True, hospital__active=True)
        .filter(
            Q(hospital__region__code__startswith=region.scope_prefix)
            | Q(hospital__region__code__in=codes)
        )
    )


# A name search's rows carry the number of all its rows under this name (search_certificates).
ROW_TOTAL = "whole"


def search_certificates(user, *, filters: dict, with_total: bool = False) -> QuerySet:
    """The certificate list: ID or certificate number exact, name in part, and filters.
    `with_total`: a name search's rows each carry ``ROW_TOTAL``, the number of all its rows
    (``COUNT(*) OVER ()``): its rows are all read to sort them anyway, so a list page needs no
    second query to count them (cdpf/paginator.py ``count_from``)."""
    qs = certificates_for(user)
    query = (filters.get("q") or "").strip().upper()
    if query:
        if _looks_like_id_number(query):
            qs = qs.by_id_number(query, field="person__id_number")
        elif rules.CERTIFICATE_PATTERN.fullmatch(query):
            qs = qs.by_number(query)
        else:
            qs = with_holder_named(qs, user, filters["q"].strip())
            if with_total:
                qs = qs.annotate(**{ROW_TOTAL: Window(Count("id"))})
    for field in ("category", "grade"):
        if filters.get(field):
            qs = qs.filter(**{field: filters[field]})
    status = filters.get("status")
    if status:
        # a valid certificate past its expiry date is expired, whatever its stored status
        today = timezone.localdate()
        if status == Certificate.Status.VALID:
            qs = qs.filter(status=status, expiry_date__gte=today)
        elif status == Certificate.Status.EXPIRED:
            # stored "expired" is written only once the date has passed (the registry import),
            # so the expired are the valid and expired past their date: one range of the
            # expiry index (decision 0260)
            qs = qs.filter(
                status__in=[Certificate.Status.VALID, Certificate.Status.EXPIRED],
                expiry_date__lt=today,
            )
        else:
            qs = qs.filter(status=status)
    if filters.get("region"):
        qs = qs.filter(region__in=_region_ids_under(filters["region"]))
    if filters.get("expires_before"):
        qs = qs.filter(expiry_date__lte=filters["expires_before"])
    if status == Certificate.Status.EXPIRED or filters.get("expires_before"):
        # A list picked by its expiry is read in expiry order, latest first (decision 0260):
        # the expired are the oldest certificates, so the issue-date order walked every newer
        # one first (104,687 rows read to list 50 in a district, issue 16); sorting all the
        # matches instead cost a city 1.6–2.2 s. The expiry index gives the page directly.
        return qs.order_by("-expiry_date", "-id")
    return qs.order_by("-issue_date", "-id")


def filtered_list(user, filters: dict, count_limit: int) -> plain_reads.Listing | None:
    """The list without a search text, by its filters (status, category, grade, region, expiry;
    two requests in ten): ``search_certificates``'s rows in the same order, read in plain
    queries (cdpf/plain_reads.py ``Listing``: compiling the ORM's count, keys and rows cost
    more Python than the page's template). None when a text is searched."""
    if (filters.get("q") or "").strip():
        return None
    connection = connections[router.db_for_read(Certificate)]
    scope = scope_region_ids(user)
    terms = [lambda a: plain_reads.one_of(f"{a}.region_id", scope)]
    params: list = list(scope)
    for field in ("category", "grade"):
        if filters.get(field):
            terms.append(lambda a, field=field: f"{a}.{field} = %s")
            params.append(filters[field])
    status = filters.get("status")
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    if status == Certificate.Status.VALID:
        terms.append(lambda a: f"{a}.status = %s AND {a}.expiry_date >= %s")
        params += [status, today]
    elif status == Certificate.Status.EXPIRED:  # as search_certificates: decision 0260
        terms.append(lambda a: f"{a}.status IN (%s, %s) AND {a}.expiry_date < %s")
        params += [Certificate.Status.VALID, Certificate.Status.EXPIRED, today]
    elif status:
        terms.append(lambda a: f"{a}.status = %s")
        params.append(status)
    if filters.get("region"):
        ids = _region_ids_under(filters["region"])
        terms.append(lambda a: plain_reads.one_of(f"{a}.region_id", ids) if ids else "1 = 0")
        params += ids
    if filters.get("expires_before"):
        terms.append(lambda a: f"{a}.expiry_date <= %s")
        params.append(connection.ops.adapt_datefield_value(filters["expires_before"]))
    if not scope:
        terms = [lambda a: "1 = 0"]  # as scope_to_user's none(): a user without a region
        params = []
    by_expiry = status == Certificate.Status.EXPIRED or filters.get("expires_before")
    return plain_reads.Listing(
        Certificate,
        lambda a: " AND ".join(f"({term(a)})" for term in terms),
        params,
        order=("expiry_date DESC", "id DESC") if by_expiry else ("issue_date DESC", "id DESC"),
        related="person",
        count_limit=count_limit,
    )


def _region_ids_under(code: str) -> list[int]:
    """The chosen region and the regions below it: a province or city code covers them."""
    prefix = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
    return list(Region.objects.filter(code__startswith=prefix).values_list("id", flat=True))


def _searched_alone(filters: dict) -> str | None:
    """The search text when no other filter is set, else None (the plain reads' case)."""
    if any(filters.get(f) for f in ("category", "grade", "status", "region", "expires_before")):
        return None
    return (filters.get("q") or "").strip()


def _looks_like_id_number(query: str) -> bool:
    return len(query) == 18 and query[:17].isdigit()


def exact_lookup(user, filters: dict) -> tuple[list, list] | None:
    """A whole ID number or certificate number and no other filter (three searches in ten):
    the certificates of the list and the open applications, as ``search_certificates`` and
    ``open_applications_matching`` give them, in two plain queries (cdpf/plain_reads.py: the
    ORM's compiling of these joins cost more than both queries). None for any other search."""
    text = _searched_alone(filters)
    if text is None:
        return None
    query = text.upper()
    people = Person._meta.db_table
    if _looks_like_id_number(query):
        holder = f"t.person_id IN (SELECT id FROM {people} WHERE id_number_index = %s)"
        key = blind_index(query)
    elif rules.CERTIFICATE_PATTERN.fullmatch(query):
        holder, key = "t.number_index = %s", certificate_index(query)
    else:
        return None
    scope = scope_region_ids(user)
    if not scope:
        return [], []
    in_scope = plain_reads.one_of("t.region_id", scope)
    certificates = plain_reads.rows(
        Certificate,
        f"{in_scope} AND {holder}",
        [*scope, key],
        order_by="t.issue_date DESC, t.id DESC",
        related="person",
    )
    if holder.startswith("t.number_index"):
        return certificates, []
    applying = plain_reads.rows(
        Application,
        f"{in_scope} AND {OPEN_SQL} AND {holder}",
        [*scope, key],
        order_by="t.received_on, t.id",
        related="person",
    )[:50]
    return certificates, applying


def first_name_page(user, filters: dict, per_page: int) -> tuple[list, list] | None:
    """A part of a name and no other filter, its first page (two searches in ten): the first
    ``per_page + 1`` certificates of ``search_certificates(…, with_total=True)``, each with
    ``ROW_TOTAL``, and ``open_applications_matching``'s applicants, in two plain queries
    (cdpf/plain_reads.py): compiling the ORM's form of these joins cost more Python than a
    name page's whole template. None for any other search."""
    text = _searched_alone(filters)
    if text is None:
        return None
    query = text.upper()
    if _looks_like_id_number(query) or rules.CERTIFICATE_PATTERN.fullmatch(query):
        return None
    pieces, check_name = names.search_pieces(text)
    scope = scope_region_ids(user)
    if not pieces or not scope:
        return None
    connection = connections[router.db_for_read(Certificate)]
    grams, people = NameGram._meta.db_table, Person._meta.db_table
    in_scope = plain_reads.one_of("region_id", scope)
    in_gram = f"SELECT person_id FROM {grams} WHERE gram = %s AND {in_scope}"

    def named(key: str, name: str) -> tuple[str, list]:
        """The condition on a holder's key (and, if needed, name column) and its values."""
        sql = " AND ".join(f"{key} IN ({in_gram})" for _ in pieces)
        values = [v for piece in pieces for v in (piece, *scope)]
        if check_name:  # as the ORM's name__contains
            sql += f" AND {name} {connection.operators['contains'] % '%s'}"
            values.append(f"%{connection.ops.prep_for_like_query(text)}%")
        return sql, values

    # The page's keys and the count of all matches first, from the indexes alone (the pairs'
    # and cert_person_region, decision 0310), then the page's rows.
    where, values = named("c.person_id", "p.name")
    holder = f" JOIN {people} p ON p.id = c.person_id" if check_name else ""
    table = Certificate._meta.db_table
    keys = (
        f"SELECT c.id, COUNT(*) OVER () AS whole FROM {table} c{holder} "
        f"WHERE {plain_reads.one_of('c.region_id', scope)} AND {where} "
        f"ORDER BY c.issue_date DESC, c.id DESC LIMIT {int(per_page) + 1}"
    )
    found = plain_reads.rows_with(
        Certificate,
        "TRUE",
        [*scope, *values],
        keys=keys,
        order_by="t.issue_date DESC, t.id DESC",
        related="person",
        values=("k.whole",),
    )
    certificates = []
    for certificate, (whole,) in found:
        setattr(certificate, ROW_TOTAL, whole)
        certificates.append(certificate)
    where, values = named("t.person_id", "r.name")
    applying = plain_reads.rows(
        Application,
        f"{plain_reads.one_of('t.region_id', scope)} AND {OPEN_SQL} AND {where}",
        [*scope, *values],
        order_by="t.received_on, t.id",
        related="person",
        limit=50,
    )
    return certificates, applying


def holder_record(user, pk: int) -> Person:
    """A holder of the user's regions, for their record page, in plain queries
    (cdpf/plain_reads.py): the person with their region; `.cards`, their certificates (newest
    first) each with `.history`, its events and who did them; `.open_files`, their applications
    (newest first); `.files`, their attachments with who uploaded them. Another region's holder
    is a 404, as for every record."""
    scope = scope_region_ids(user)
    if not 0 < pk < 2**63:  # what no row can have (SQLite refuses a larger integer)
        raise Http404("No such holder in the user's regions.")
    where = f"t.id = %s AND {plain_reads.one_of('t.region_id', scope)}"
    found = plain_reads.rows(Person, where, [pk, *scope], related="region") if scope else []
    if not found:
        raise Http404("No such holder in the user's regions.")
    person = found[0]
    person.cards = plain_reads.rows(
        Certificate, "t.person_id = %s", [pk], order_by="t.issue_date DESC, t.id DESC"
    )
    by_card = {c.pk: c for c in person.cards}
    for card in person.cards:
        card.person = person
        card.history = []
    if by_card:
        events = plain_reads.rows(
            CertificateEvent,
            plain_reads.one_of("t.certificate_id", by_card),
            list(by_card),
            order_by="t.at, t.id",
            related="actor",
        )
        for event in events:
            by_card[event.certificate_id].history.append(event)
    person.open_files = plain_reads.rows(
        Application, "t.person_id = %s", [pk], order_by="t.received_on DESC, t.id DESC"
    )
    person.files = plain_reads.rows(
        Attachment, "t.person_id = %s", [pk], order_by="t.uploaded_at DESC, t.id DESC",
        related="uploaded_by",
    )  # fmt: skip
    return person


def open_applications_matching(user, text: str) -> list:
    """Applicants with an open application (申请中) by whole ID number or part of the name:
    people not yet holding a certificate are found too."""
    query = (text or "").strip()
    if not query or rules.CERTIFICATE_PATTERN.fullmatch(query.upper()):
        return []  # a certificate number names no applicant
    # the holder only: the list shows no certificate (one join less to plan)
    qs = scope_to_user(Application.objects.select_related("person"), user).exclude(
        state__in=FINAL_STATES
    )
    if _looks_like_id_number(query):
        qs = qs.by_id_number(query, field="person__id_number")
    elif len(query) >= 2:
        qs = with_holder_named(qs, user, query)
    else:
        return []
    return list(qs.order_by("received_on", "id")[:50])


def work_queue(user, state: str) -> QuerySet:
    return applications_for(user).filter(state=state).order_by("received_on", "id")


def notice_candidates(user, community: str | None = None) -> QuerySet:
    # a 通办 application is published by its residence (tongban, docs/decisions/0180)
    qs = work_queue(user, "assessed").filter(
        Q(tongban__isnull=True) | Q(tongban__residence_region=F("region")),
        assessment__meets_standard=True,
        assessment__complete=True,
    )
    if community:
        qs = qs.filter(person__community=community)
    return qs


def yearly_summary(region, year: int) -> tuple[list[dict], dict]:
    """Certificates issued in a year by category and grade, and applications decided by type."""
    issued = (
        Certificate.objects.filter(
            region__code__startswith=region.scope_prefix, issue_date__year=year
        )
        .values_list("category", "grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    table = {(c, g): n for c, g, n in issued}
    rows = []
    for category, name in rules.CATEGORIES.items():
        counts = [table.get((category, grade), 0) for grade in rules.GRADES]
        rows.append({"name": name, "counts": counts, "total": sum(counts)})
    totals_row = [sum(r["counts"][i] for r in rows) for i in range(len(rules.GRADES))]
    rows.append({"name": "合计", "counts": totals_row, "total": sum(totals_row)})

    in_region = Application.objects.filter(region__code__startswith=region.scope_prefix)
    approved = dict(
        in_region.filter(decided_on__year=year, certificate__isnull=False)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    # 办结: handed over, or (迁出, 注销) transferred out / cancelled, within the year
    completed = dict(
        ApplicationEvent.objects.filter(application__in=in_region, to_state="closed", at__year=year)
        .values_list("application__kind")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )
    labels = dict(Application.Kind.choices)
    totals = {str(labels[k]): (approved.get(k, 0), completed.get(k, 0)) for k in labels}
    return rows, totals


def expiring(user, *, until) -> QuerySet:
    """Valid certificates that expire by `until`, soonest first."""
    return (
        certificates_for(user)
        .filter(status=Certificate.Status.VALID, expiry_date__lte=until)
        .order_by("expiry_date", "id")
    )
