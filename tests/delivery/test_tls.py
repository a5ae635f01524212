"""STARTTLS and implicit TLS with authentication, against aiosmtpd with a certificate made in the test."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlmodel import select

from core.errors import DeliveryError
from models import session_scope
from models.tables import Delivery
from pipeline.delivery.deliver import deliver_briefing
from pipeline.delivery.subscribers import add_subscriber
from tests.delivery.conftest import DAY, store_briefing, with_smtp
from tests.delivery.smtpd import Collector

USER, PASSWORD = "desk", "p@ss:w/rd"
QUOTED = "desk:p%40ss%3Aw%2Frd"


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1: (server context, CA file the client trusts)."""
    x509 = pytest.importorskip("cryptography.x509", reason="the cryptography package makes the test certificate")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file


class SecureCollector(Collector):
    """Also notes whether each message came over TLS from an authenticated client."""

    def __init__(self):
        super().__init__()
        self.sessions: list[tuple[bool, bool]] = []

    async def handle_DATA(self, server, session, envelope):
        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.sessions.append((encrypted, bool(session.authenticated)))
        return await super().handle_DATA(server, session, envelope)


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def _one_subscriber(settings) -> None:
    store_briefing(settings.db_url)
    with session_scope(settings.db_url) as session:
        add_subscriber(session, "ana@example.com")


def test_starttls_with_login(sqlite_settings, smtp_server, certificate):
    context, cafile = certificate
    handler = SecureCollector()
    server = smtp_server(
        handler, tls_context=context, require_starttls=True, authenticator=_authenticator, auth_required=True
    )
    settings = with_smtp(sqlite_settings, server.url(userinfo=QUOTED, query=f"starttls=true&cafile={cafile}"))
    _one_subscriber(settings)
    with session_scope(settings.db_url) as session:
        report = deliver_briefing(session, settings, DAY, retry_delays=())
    assert report.counts() == {"sent": 1}
    assert handler.sessions == [(True, True)]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_implicit_tls_with_login(sqlite_settings, smtp_server, certificate):
    context, cafile = certificate
    handler = SecureCollector()
    # aiosmtpd only counts STARTTLS as TLS when deciding to offer AUTH; on an implicit-TLS port it must be told.
    server = smtp_server(
        handler, ssl_context=context, authenticator=_authenticator, auth_required=True, auth_require_tls=False
    )
    settings = with_smtp(sqlite_settings, server.url("smtps", userinfo=QUOTED, query=f"cafile={cafile}"))
    _one_subscriber(settings)
    with session_scope(settings.db_url) as session:
        assert deliver_briefing(session, settings, DAY, retry_delays=()).counts() == {"sent": 1}
    assert handler.sessions == [(True, True)]


def test_a_wrong_password_stops_the_run_without_losing_the_recipient(sqlite_settings, smtp_server, certificate):
    context, cafile = certificate
    handler = SecureCollector()
    server = smtp_server(
        handler, tls_context=context, require_starttls=True, authenticator=_authenticator, auth_required=True
    )
    settings = with_smtp(
        sqlite_settings, server.url(userinfo="desk:wrong-secret", query=f"starttls=true&cafile={cafile}")
    )
    _one_subscriber(settings)
    with session_scope(settings.db_url) as session, pytest.raises(DeliveryError) as caught:
        deliver_briefing(session, settings, DAY, retry_delays=())
    assert "password" in str(caught.value) and "wrong-secret" not in str(caught.value)
    with session_scope(settings.db_url) as session:
        assert session.exec(select(Delivery.status)).all() == ["pending"]
    assert handler.received == []


def test_an_untrusted_certificate_is_refused(sqlite_settings, smtp_server, certificate):
    context, _cafile = certificate
    server = smtp_server(Collector(), tls_context=context, require_starttls=True)
    settings = with_smtp(sqlite_settings, server.url(query="starttls=true&timeout=5"))
    _one_subscriber(settings)
    with session_scope(settings.db_url) as session, pytest.raises(DeliveryError, match="TLS"):
        deliver_briefing(session, settings, DAY, retry_delays=())
