"""`signaldesk serve`: the archive web app under uvicorn."""

from __future__ import annotations


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="serve the archive web app (briefings, signals, stories, Run now)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.set_defaults(handler=_serve)


def _serve(args) -> int:
    import uvicorn

    from cli.context import open_store
    from web.app import create_app

    settings = open_store()
    app = create_app(settings)
    print(f"Signaldesk archive on http://{args.host}:{args.port}/ (store: {_redact(settings.db_url)})", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=False)
    return 0


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
