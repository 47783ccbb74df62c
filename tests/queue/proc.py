"""A web or worker process of the multi-process test, with Google's URLs routed to the fake.

    python -m tests.queue.proc web --fake http://127.0.0.1:P --port 8123
    python -m tests.queue.proc worker --fake http://127.0.0.1:P

Settings come from the environment (SHEETSYNC_QUEUE_URL, SHEETSYNC_DATABASE_URL, ...), as in
production; only Google is replaced.
"""

from __future__ import annotations

import argparse
import sys

from tests.queue.fakehttp import route_google


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["web", "worker"])
    parser.add_argument("--fake", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    route_google(args.fake)
    from sheetsync.service.http import create_app

    if args.role == "web":
        app = create_app({"SCHEDULER": False})
        app.run(host="127.0.0.1", port=args.port, threaded=True, use_reloader=False)
        return
    from sheetsync.service.jobs import worker

    worker.run(create_app({"SCHEDULER": False}), scheduler=False)


if __name__ == "__main__":
    main(sys.argv[1:])
