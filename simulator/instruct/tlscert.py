"""The hub's self-signed TLS certificate, made on the instructor's machine by ``cryptography``.

A classroom has no certificate authority and often no internet, so the hub
makes its own certificate (EC P-256, valid for a year, for the names and
addresses it serves) and keeps it in a folder of its own. Stations trust it
because the join code pins its fingerprint (see ``protocol``), and they show
the fingerprint so the instructor can compare it with the one the hub prints.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
from pathlib import Path

from simulator.instruct.protocol import fingerprint

CERT_FILE = "hub-cert.pem"
KEY_FILE = "hub-key.pem"


def make_certificate(folder: Path, names: list[str]) -> tuple[Path, Path]:
    """Write a fresh self-signed certificate and its key into ``folder`` (the key readable by its owner only)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "deescalate instructor hub")])
    alt: list[x509.GeneralName] = []
    for name in dict.fromkeys(names):
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alt.append(x509.DNSName(name))
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def certificate_fingerprint(cert_path: Path) -> str:
    """The SHA-256 fingerprint of the certificate in ``cert_path`` (PEM)."""
    der = ssl.PEM_cert_to_DER_cert(cert_path.read_text(encoding="ascii"))
    return fingerprint(der)


def server_context(folder: Path, names: list[str]) -> tuple[ssl.SSLContext, str]:
    """The hub's TLS context and its certificate's fingerprint; the certificate is made once and reused."""
    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    if not (cert_path.exists() and key_path.exists()):
        cert_path, key_path = make_certificate(folder, names)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert_path, key_path)
    return ctx, certificate_fingerprint(cert_path)


def client_context() -> ssl.SSLContext:
    """A station's TLS context: encrypted, and the certificate is checked by its fingerprint in the signed handshake.

    Hostname and CA checks are off because a self-signed certificate has no CA; the
    handshake refuses any certificate other than the hub's own (``protocol``).
    """
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # no CA store to load: the fingerprint is the check
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx
