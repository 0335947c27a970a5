"""The register's invariants (issue 12, part 2), checked after every step of random sequences
of every business type, step, role and district, transfers both ways and replays included.

A step that a service refuses (ValidationError, PermissionDenied) is part of the sequence: the
invariants must hold whatever was tried. Any other exception fails the test."""

import datetime
import hashlib
import os
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from cdpf import roles
from cdpf.models import GeneratedDocument, Region
from certificates import flows, pdf, services
from certificates.attachments import attachment_store
from certificates.models import (
    Application,
    Assessment,
    Certificate,
    Doctor,
    Handover,
    Hospital,
    Person,
)
from certificates.services.common import OPEN_STATES
from tests.factories import TODAY, id_number, make_user, store_photo

pytestmark = pytest.mark.django_db(transaction=False)

DISTRICTS = ("130408", "130403")
ROLES = (roles.OFFICE, roles.CHAIRMAN, roles.CERTIFICATE_ROOM, roles.SUPERVISOR)
PEOPLE = [
    (id_number("19850315", "001"), "王喆"),
    (id_number("19700101", "012"), "李明"),
    (id_number("19920606", "023", region="130403"), "张丽"),
    (id_number("19660909", "034", region="110105"), "孙悟"),  # from outside the deployment
]
KINDS = ["renewal", "loss", "damaged", "change", "transfer_out", "cancel"]
CANCEL_REASONS = ["死亡", "户籍注销", "不符合标准", "其他：复评"]
REFUSED = (ValidationError, PermissionDenied)
MADE = ("new", "change", "loss", "transfer_in")  # kinds whose approval creates a row


TRIED: list[str] = []


def _try(call):
    try:
        with transaction.atomic():
            result = call()
            TRIED.append("ok")
            return result
    except REFUSED as exc:
        TRIED.append(getattr(exc, "code", None) or type(exc).__name__)
        return None


class Register(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.today = TODAY
        self.users = {
            (code, role): make_user(f"{code}_{role}", code, role)
            for code in DISTRICTS
            for role in ROLES
        }
        self.doctors = {}
        for code in DISTRICTS:
            hospital = Hospital.objects.create(region=Region.objects.get(code=code), name="医院")
            self.doctors[code] = Doctor.objects.create(hospital=hospital, name="医生")
        self.documents: dict[int, str] = {}

    @initialize()
    def two_holders(self):
        """Two certificates issued the proper way, so that every business type is reachable."""
        for who, code in ((0, "130408"), (2, "130403")):
            number, name = PEOPLE[who]
            office, chair = self.users[(code, roles.OFFICE)], self.users[(code, roles.CHAIRMAN)]
            person = services.person_register(
                actor=office, region=office.region, id_number=number, name=name,
                community="东街村", address="东街1号", today=self.today,
            )  # fmt: skip
            store_photo(person, office)
            app = services.application_new(actor=office, person=person, materials=[],
                                           requested_category=4, on=self.today)  # fmt: skip
            services.assessment_record(
                actor=office, application=app, mode="hospital", doctor=self.doctors[code],
                parts=[(4, 2)], assessed_on=self.today,
            )  # fmt: skip
            services.notice_publish(actor=office, region=office.region, community="东街村",
                                    applications=[app], starts_on=self.today)  # fmt: skip
            app.refresh_from_db()
            services.notice_end(actor=office, application=app,
                                on=app.notice_ends_on + datetime.timedelta(days=1))  # fmt: skip
            services.application_approve(actor=chair, application=app, on=self.today)
            room = self.users[(code, roles.CERTIFICATE_ROOM)]
            services.certificate_print(actor=room, application=app)
            services.certificate_hand_over(actor=room, application=app, received_by=name,
                                           receiver_id_number=number,
                                           id_checked=True, on=self.today)  # fmt: skip

    def teardown(self):
        if os.environ.get("REGISTER_STATS"):
            with open(os.environ["REGISTER_STATS"], "a") as out:
                counts = {k: Application.objects.filter(kind=k, certificate__isnull=False).count()
                          for k in Application.Kind.values}  # fmt: skip
                out.write(f"{counts} {Application.objects.count()} {TRIED}\n")
        TRIED.clear()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _user(self, district, role):
        """Any role (0–3), or (4–7) the office, which receives every application."""
        chosen = ROLES[role] if role < len(ROLES) else roles.OFFICE
        return self.users[(DISTRICTS[district], chosen)]

    def _actor(self, app, role, step_name):
        """Any role (0–3), or (4–7) the role that the flows table gives this step."""
        if role < len(ROLES):
            return self.users[(app.region.code, ROLES[role])]
        for step in flows.FLOWS[app.kind].steps:
            if step.starts_from(app.state) and step.name == step_name:
                return self.users[(app.region.code, step.roles[0])]
        return self.users[(app.region.code, roles.OFFICE)]

    def _app(self, index, **filters):
        apps = list(Application.objects.filter(**filters).order_by("pk"))
        return apps[index % len(apps)] if apps else None

    def _certificate(self, index):
        rows = list(Certificate.objects.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    # ---- steps -------------------------------------------------------------------------
    @rule(days=st.integers(1, 20))
    def wait(self, days):
        self.today += datetime.timedelta(days=days)

    @rule(who=st.integers(0, 3), district=st.integers(0, 1), role=st.integers(0, 7),
          category=st.integers(1, 6))  # fmt: skip
    def apply_new(self, who, district, role, category):
        number, name = PEOPLE[who]
        actor = self._user(district, role)

        def receive():
            person = services.person_for_application(
                actor=actor, region=actor.region, id_number=number, today=self.today,
                name=name, community="东街村", address="东街1号",
                guardian_name="监护人", guardian_id_number=id_number("19600101", "099"),
            )  # fmt: skip
            if not person.attachments.exists():
                store_photo(person, actor)
            return services.application_new(
                actor=actor, person=person, materials=["身份证"], requested_category=category,
                on=self.today,
            )  # fmt: skip

        _try(receive)

    @rule(i=st.integers(0, 30), role=st.integers(0, 7), category=st.integers(1, 6),
          grade=st.integers(1, 4), meets=st.booleans(), direct=st.booleans())  # fmt: skip
    def assess(self, i, role, category, grade, meets, direct):
        app = self._app(i, state="received", kind__in=["new", "change"])
        if app is None:
            return
        actor = self._actor(app, role, "assess")
        code = app.region.code
        signers = [self.users[(code, r)] for r in ROLES[:3]] if direct else []
        _try(lambda: services.assessment_record(
            actor=actor, application=app, mode="direct" if direct else "hospital",
            doctor=None if direct else self.doctors[code], signers=signers,
            parts=[(category, grade)], assessed_on=self.today, meets_standard=meets,
        ))  # fmt: skip

    @rule(i=st.integers(0, 30))
    def sign(self, i):
        assessment = Assessment.objects.filter(complete=False).order_by("pk")
        rows = list(assessment)
        if rows:
            target = rows[i % len(rows)]
            for signer in target.signers.all():
                _try(lambda s=signer: services.assessment_sign(
                    actor=s, assessment=target, password="Test-pass-2026!"
                ))  # fmt: skip

    @rule(i=st.integers(0, 30), role=st.integers(0, 7))
    def notice(self, i, role):
        app = self._app(i, state="assessed", kind="new")
        if app is None:
            return
        actor = self._actor(app, role, "publish_notice")
        _try(lambda: services.notice_publish(
            actor=actor, region=app.region, community=app.person.community, applications=[app],
            starts_on=self.today,
        ))  # fmt: skip

    @rule(i=st.integers(0, 30), role=st.integers(0, 7),
          step=st.sampled_from(["end_notice", "to_review", "skip_notice", "transfer_review",
                                "approve", "print"]))  # fmt: skip
    def step(self, i, role, step):
        app = self._app(i, state__in=OPEN_STATES)
        if app is None:
            return
        actor = self._actor(app, role, step)
        calls = {
            "end_notice": lambda: services.notice_end(
                actor=actor, application=app, on=self.today + datetime.timedelta(days=30)
            ),
            "to_review": lambda: services.application_to_review(
                actor=actor, application=app, on=self.today
            ),
            "skip_notice": lambda: services.application_skip_notice(
                actor=actor, application=app, on=self.today
            ),
            "transfer_review": lambda: services.transfer_in_to_review(
                actor=actor, application=app, on=self.today
            ),
            "approve": lambda: services.application_approve(
                actor=actor, application=app, on=self.today
            ),
            "print": lambda: services.certificate_print(actor=actor, application=app),
        }
        _try(calls[step])

    @rule(i=st.integers(0, 30), scan=st.booleans())
    def progress(self, i, scan):
        """The next forward step of an open application, by the role that holds it."""
        app = self._app(i, state__in=OPEN_STATES)
        if app is None:
            return
        everyone = SimpleNamespace(is_authenticated=True, role_names=set(ROLES))
        forward = [s for s in flows.flow_of(app).available(everyone, app)
                   if s.name not in ("return", "withdraw")]  # fmt: skip
        if not forward:
            return
        step = forward[0]
        actor = self.users[(app.region.code, step.roles[0])]
        later = self.today + datetime.timedelta(days=30)
        calls = {
            "assess": lambda: services.assessment_record(
                actor=actor, application=app, mode="hospital",
                doctor=self.doctors[app.region.code], parts=[(app.requested_category or 1, 3)],
                assessed_on=self.today,
            ),
            "publish_notice": lambda: services.notice_publish(
                actor=actor, region=app.region, community=app.person.community,
                applications=[app], starts_on=self.today,
            ),
            "skip_notice": lambda: services.application_skip_notice(
                actor=actor, application=app, on=self.today),
            "end_notice": lambda: services.notice_end(actor=actor, application=app, on=later),
            "to_review": lambda: services.application_to_review(
                actor=actor, application=app, on=self.today),
            "transfer_review": lambda: services.transfer_in_to_review(
                actor=actor, application=app, on=self.today),
            "approve": lambda: services.application_approve(
                actor=actor, application=app, on=self.today),
            "print": lambda: services.certificate_print(actor=actor, application=app),
            "hand_over": lambda: services.certificate_hand_over(
                actor=actor, application=app, receiver_id_number=app.person.id_number,
                received_by=app.person.name, id_checked=True,
                on=self.today),
        }  # fmt: skip
        if step.name == "transfer_review" and scan:
            upload = SimpleUploadedFile("qy.pdf", b"%PDF-1.4\n%%EOF\n",
                                        content_type="application/pdf")  # fmt: skip
            attachment_store(actor=actor, person=app.person, upload=upload, kind="transfer",
                             application=app)  # fmt: skip
        _try(calls[step.name])

    @rule(i=st.integers(0, 30), role=st.integers(0, 7), receiver=st.integers(0, 1))
    def hand_over(self, i, role, receiver):
        app = self._app(i, state="printed")
        if app is None:
            return
        actor = self._actor(app, role, "hand_over")
        stranger = id_number("19700707", "077")
        _try(lambda: services.certificate_hand_over(
            actor=actor, application=app, received_by="某人", id_checked=True,
            receiver_id_number=app.person.id_number if receiver else stranger,
            on=self.today,
        ))  # fmt: skip

    @rule(i=st.integers(0, 30), role=st.integers(0, 7), withdraw=st.booleans())
    def give_back(self, i, role, withdraw):
        app = self._app(i, state__in=OPEN_STATES)
        if app is None:
            return
        actor = self._actor(app, role, "withdraw" if withdraw else "return")
        service = services.application_withdraw if withdraw else services.application_return
        _try(lambda: service(actor=actor, application=app, reason="材料不实", on=self.today))

    @rule(i=st.integers(0, 30), district=st.integers(0, 1), role=st.integers(0, 7),
          kind=st.sampled_from(KINDS), reason=st.sampled_from(CANCEL_REASONS))  # fmt: skip
    def apply_on_certificate(self, i, district, role, kind, reason):
        certificate = self._certificate(i)
        if certificate is None:
            return
        if role >= len(ROLES):  # the office of the certificate's district
            district = DISTRICTS.index(certificate.region.code)
        actor = self._user(district, role)
        _try(lambda: services.certificate_application_new(
            actor=actor, certificate=certificate, kind=kind, on=self.today, reason=reason,
            transfer_place="邢台市残联" if kind == "transfer_out" else "",
        ))  # fmt: skip

    @rule(i=st.integers(0, 30), district=st.integers(0, 1), role=st.integers(0, 7))
    def transfer_in_within(self, i, district, role):
        """Receive a 迁出's 迁移证明 (any, so also one already received: a replay)."""
        out = self._app(i, kind="transfer_out")
        if out is None:
            return
        actor = self._user(district, role)
        _try(lambda: services.transfer_in_new(
            actor=actor, transfer_number=out.transfer_number or "X", on=self.today
        ))  # fmt: skip

    @rule(who=st.integers(0, 3), district=st.integers(0, 1), role=st.integers(0, 7),
          suffix=st.sampled_from(["11", "42", "31B1"]), scan=st.booleans(),
          place=st.sampled_from(["北京市朝阳区残联", "邯郸市永年区残疾人联合会"]))  # fmt: skip
    def transfer_in_outside(self, who, district, role, suffix, scan, place):
        number, name = PEOPLE[who]
        actor = self._user(district, role)

        def receive():
            person = services.person_for_application(
                actor=actor, region=actor.region, id_number=number, today=self.today,
                name=name, community="东街村", address="东街1号",
            )  # fmt: skip
            app = services.transfer_in_from_outside(
                actor=actor, person=person, incoming_number=number + suffix,
                transfer_place=place, on=self.today,
            )  # fmt: skip
            if scan:
                upload = SimpleUploadedFile("qy.pdf", b"%PDF-1.4\n%%EOF\n",
                                            content_type="application/pdf")  # fmt: skip
                attachment_store(actor=actor, person=person, upload=upload, kind="transfer",
                                 application=app)  # fmt: skip

        _try(receive)

    @rule(i=st.integers(0, 30), guardian=st.sampled_from(["adult", "minor", "self"]),
          category=st.integers(1, 6))  # fmt: skip
    def correct(self, i, guardian, category):
        app = self._app(i, state__in=OPEN_STATES)
        if app is None:
            return
        guardian_id = {
            "adult": id_number("19600101", "099"),
            "minor": id_number("20150101", "098"),
            "self": app.person.id_number,
        }[guardian]
        _try(lambda: services.application_correct(
            actor=self.users[(app.region.code, roles.OFFICE)], application=app, on=self.today,
            reason="更正", guardian_name="监护人", guardian_id_number=guardian_id,
            requested_category=category,
        ))  # fmt: skip

    @invariant()
    def guardians_are_adults_and_not_the_applicant(self):
        for person in Person.objects.exclude(guardian_id_number=""):
            assert person.guardian_id_number != person.id_number
            assert int(person.guardian_id_number[6:10]) <= 2008

    @rule(i=st.integers(0, 30))
    def print_form(self, i):
        app = self._app(i)
        if app is not None and len(self.documents) < 2:  # rendering is slow: a few suffice
            document = pdf.application_form(actor=app.received_by, application=app)
            self.documents[document.pk] = document.sha256

    # ---- invariants --------------------------------------------------------------------
    @invariant()
    def one_valid_certificate_per_person(self):
        doubled = (
            Certificate.objects.filter(status="valid")
            .values("person").annotate(n=Count("id")).filter(n__gt=1)
        )  # fmt: skip
        assert not doubled.exists()

    @invariant()
    def closed_files_have_no_valid_certificate(self):
        assert not Certificate.objects.filter(
            status="valid", person__closed_on__isnull=False
        ).exists()

    @invariant()
    def valid_certificates_have_an_assessment_and_the_chairman(self):
        for certificate in Certificate.objects.filter(status="valid"):
            assert _decided(certificate), certificate.number

    @invariant()
    def valid_certificates_match_the_latest_assessment(self):
        for certificate in Certificate.objects.filter(status="valid"):
            latest = (
                Assessment.objects.filter(
                    application__person=certificate.person,
                    application__certificate__isnull=False,
                    application__kind__in=["new", "change"],
                ).order_by("-application__decided_on", "-pk").first()
            )  # fmt: skip
            if latest is not None:
                assert (certificate.category, certificate.grade) == (
                    latest.category, latest.grade,
                )  # fmt: skip

    @invariant()
    def a_file_is_in_one_district_where_its_valid_certificate_is(self):
        for person in Person.objects.select_related("region"):
            assert person.region.level == Region.Level.DISTRICT
            valid = person.certificates.filter(status="valid").first()
            assert valid is None or valid.region_id == person.region_id

    @invariant()
    def cards_go_to_the_holder_their_guardian_or_an_authorised_agent(self):
        for handover in Handover.objects.select_related("certificate__person"):
            person = handover.certificate.person
            assert handover.receiver_id_number in (person.id_number, person.guardian_id_number) \
                or handover.authorisation_id is not None

    @invariant()
    def stored_documents_never_change(self):
        for pk, sha in self.documents.items():
            document = GeneratedDocument.objects.get(pk=pk)
            assert hashlib.sha256(bytes(document.content)).hexdigest() == sha == document.sha256


def _decided(certificate, depth=0) -> bool:
    """The certificate's history has an assessment and the chairman's approval, or it came
    by transfer or loss from one that had, or from outside with the chairman's review."""
    if depth > 10:
        return False
    made = Application.objects.filter(certificate=certificate, kind__in=MADE).first()
    if made is None:
        return False
    chairman_approved = made.events.filter(
        to_state="approved", actor__groups__name=roles.CHAIRMAN
    ).exists()
    if made.kind in ("new", "change"):
        assessment = getattr(made, "assessment", None)
        return assessment is not None and assessment.complete and chairman_approved
    if made.kind == "loss" or made.source_application_id:
        return _decided(made.old_certificate, depth + 1)
    return chairman_approved and made.attachments.filter(kind="transfer").exists()


def test_the_register_invariants_hold_for_random_sequences(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run_state_machine_as_test(
        Register,
        settings=settings_for_machine(),
    )


def settings_for_machine():
    return settings(
        max_examples=15,
        stateful_step_count=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        derandomize=True,
    )
