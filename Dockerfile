# syntax=docker/dockerfile:1
# The sheetsync service as one image: `web` (gunicorn, the default), `worker`, or any CLI command.
#   docker build -t sheetsync .
#   docker run -p 8080:8080 -e SHEETSYNC_CLIENT_ID=... sheetsync            # web
#   docker run sheetsync worker                                              # queue-mode worker
#   docker run -v "$PWD:/work" -w /work sheetsync refresh --workbook shop.xlsx   # the CLI
# BASE_IMAGE needs python3 (3.11+) with its venv module; scripts/container-check.sh builds on a
# Debian base made locally with debootstrap. See docs/deploy.md.
ARG BASE_IMAGE=python:3.11-slim-bookworm

# --- build: every dependency as a wheel, then one virtualenv installed from those wheels only ---
FROM ${BASE_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
# A C compiler (and Python's headers, where the base lacks them) for the xlsx scanner, in this
# stage only: the runtime gets the built module with the virtualenv. Without them (no apt, no
# mirror) the package still builds, and calamine reads workbooks alone, slower.
RUN set -eu; \
    headers=$(python3 -c 'import os, sysconfig; print(os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'); \
    if ! command -v gcc >/dev/null && command -v apt-get >/dev/null; then \
        extra=""; if [ "$headers" = False ]; then extra="python3-dev"; fi; \
        { apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev $extra \
          && rm -rf /var/lib/apt/lists/*; } || echo "no C compiler: the xlsx scanner is left out"; \
    fi
COPY . .
# The pinned constraints file, when the project has one, fixes every version in the image. A CA
# bundle for a TLS-inspecting proxy may be lent to pip as the build secret pip_ca (never stored).
RUN --mount=type=secret,id=pip_ca,required=false \
    set -eu; \
    if [ -s /run/secrets/pip_ca ]; then export PIP_CERT=/run/secrets/pip_ca; fi; \
    constraints=""; \
    if [ -f requirements/constraints.txt ]; then constraints="--constraint requirements/constraints.txt"; fi; \
    python3 -m venv /opt/build; \
    /opt/build/bin/pip wheel --wheel-dir /wheels $constraints ".[server,queue]"; \
    python3 -m venv /opt/sheetsync; \
    /opt/sheetsync/bin/pip install --no-index --find-links /wheels "sheetsync[server,queue]"; \
    /opt/sheetsync/bin/pip uninstall --yes pip; \
    ln -s /var/lib/sheetsync /opt/sheetsync/var

# --- runtime: the base, the virtualenv, two entry files, and a user that is not root ---
# The embedded mode's SQLite file lands in the app's instance folder, under /opt/sheetsync/var:
# a link to the user's home, the volume.
FROM ${BASE_IMAGE} AS runtime
ARG UID=10001
RUN set -eu; \
    useradd --uid "$UID" --user-group --home-dir /var/lib/sheetsync --create-home \
        --shell /usr/sbin/nologin sheetsync; \
    mkdir -p /app
COPY --from=build /opt/sheetsync /opt/sheetsync
COPY gunicorn.conf.py server.py /app/
COPY scripts/container-entrypoint.sh /usr/local/bin/sheetsync-entrypoint
ENV PATH=/opt/sheetsync/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PORT=8080
WORKDIR /app
USER sheetsync
VOLUME ["/var/lib/sheetsync"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["sheetsync-entrypoint", "healthcheck"]
ENTRYPOINT ["sheetsync-entrypoint"]
CMD ["web"]
