"""Test helpers: real loopback servers and store fixtures (no mocks of our own database or mail server)."""
