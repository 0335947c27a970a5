"""Every stored document is signed (PAdES, pyHanko) with the federation's certificate, so any
change to the file shows in a PDF reader (decision 0133). One signer is loaded per process."""

from __future__ import annotations

import datetime
import io
import logging
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)

FIELD_NAME = "FederationSignature"


def generate_self_signed(
    *, key_file: Path, cert_file: Path, common_name: str, days: int = 3650
) -> None:
    """A self-signed RSA certificate for the demo and the tests (never for production)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


@lru_cache(maxsize=1)
def _kept_key_signer_class():
    from pyhanko.sign import signers  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)
    from pyhanko.sign.general import get_pyca_cryptography_hash  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)

    class KeptKeySigner(signers.SimpleSigner):
        """pyHanko's SimpleSigner reads (and checks) the private key again for every signature,
        about 200 ms of RSA checks; this one signs with the key it read once."""

        kept_key = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if self.kept_key is None or mechanism.signature_algo != "rsassa_pkcs1v15":
                return super().sign_raw(data, digest_algorithm)
            return self.kept_key.sign(
                data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
            )

    return KeptKeySigner


@lru_cache(maxsize=1)
def _signer(key_file: str, cert_file: str, passphrase: str):
    from pyhanko.sign import signers  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)

    key_path, cert_path = Path(key_file), Path(cert_file)
    if not (key_path.exists() and cert_path.exists()):
        if not settings.DOCUMENT_SIGNING_AUTOGENERATE:
            raise ImproperlyConfigured(
                f"The document signing key {key_path} or certificate {cert_path} is missing; "
                "set DOCUMENT_SIGNING_KEY_FILE and DOCUMENT_SIGNING_CERT_FILE."
            )
        log.warning("Generating a self-signed demo signing certificate at %s", cert_path)
        generate_self_signed(
            key_file=key_path, cert_file=cert_path, common_name=settings.DOCUMENT_SIGNER_NAME
        )
    signer = signers.SimpleSigner.load(
        key_file, cert_file, key_passphrase=passphrase.encode() if passphrase else None
    )
    if signer is None:
        raise ImproperlyConfigured(f"Cannot read the document signing key {key_path}.")
    kept = _kept_key_signer_class()(
        signing_cert=signer.signing_cert,
        signing_key=signer.signing_key,
        cert_registry=signer.cert_registry,
    )
    kept.kept_key = serialization.load_der_private_key(signer.signing_key.dump(), password=None)
    return kept


def signer():
    return _signer(
        str(settings.DOCUMENT_SIGNING_KEY_FILE),
        str(settings.DOCUMENT_SIGNING_CERT_FILE),
        settings.DOCUMENT_SIGNING_KEY_PASSPHRASE,
    )


def signing_certificate_pem() -> bytes:
    return Path(settings.DOCUMENT_SIGNING_CERT_FILE).read_bytes()


def sign_pdf(content: bytes, *, reason: str = "") -> bytes:
    """The PDF with an invisible PAdES signature over the whole file (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)
    from pyhanko.sign import fields, signers  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)
    from pyhanko.sign.fields import SigSeedSubFilter  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)

    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        reason=reason or None,
        location=settings.DOCUMENT_SIGNER_NAME,
        name=settings.DOCUMENT_SIGNER_NAME,
    )
    fields.append_signature_field(writer, fields.SigFieldSpec(FIELD_NAME))
    out = io.BytesIO()
    # a fixed reservation spares pyHanko a trial signature to measure the size (half the cost);
    # an RSA-2048 CMS with one certificate takes about 2 KB of the 8 KB
    signers.PdfSigner(meta, signer=signer()).sign_pdf(writer, output=out, bytes_reserved=8192)
    return out.getvalue()


def validate(content: bytes) -> dict:
    """pyHanko's validation of the signature against the configured certificate as trust root:
    intact (the signed bytes unchanged), valid (the signature checks out), and whether it
    covers the whole file."""
    from asn1crypto import pem, x509  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)

    der = signing_certificate_pem()
    if pem.detect(der):
        _, _, der = pem.unarmor(der)
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    if not reader.embedded_signatures:
        return {"signed": False, "intact": False, "valid": False, "trusted": False}
    status = validate_pdf_signature(reader.embedded_signatures[0], context)
    return {
        "signed": True,
        "intact": status.intact,
        "valid": status.valid,
        "trusted": status.trusted,
        "whole_file": status.coverage.name == "ENTIRE_FILE",
        "signer": status.signing_cert.subject.human_friendly,
    }
