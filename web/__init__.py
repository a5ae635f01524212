"""The archive web app: briefings, signals, stories, organizations, sources and Run now."""
