import pytest

from pipeline.errors import ConfigError
from pipeline.netguard import check_public_url


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:8000/feed", "loopback"),
    ("http://localhost/feed", "loopback"),
    ("http://[::1]/feed", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://10.0.0.5/rss", "private"),
    ("http://192.168.1.10/rss", "private"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://0.0.0.0/", "unspecified"),
])
def test_internal_addresses_are_refused_with_the_reason(url, reason):
    with pytest.raises(ConfigError, match=reason):
        check_public_url(url, resource="src-x")


def test_public_address_literals_pass_and_settings_can_allow_private():
    check_public_url("https://93.184.216.34/feed")
    check_public_url("http://127.0.0.1:8000/feed", allow_private=True)


def test_non_http_schemes_are_refused():
    with pytest.raises(ConfigError, match="not an absolute http"):
        check_public_url("file:///etc/passwd")
