# The 残联通 image: web (gunicorn), worker (db_worker), migrate and backup all run it
# (docker-compose.yml). Build: docker compose build --build-arg CDPF_VERSION=$(git describe --always)
FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Fonts and WeasyPrint's libraries for the printed documents; the PostgreSQL 15 client tools
# (pg_dump, pg_restore) for manage.py backup/restore, matching the postgres:15 server.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY cdpf cdpf
COPY duties duties
COPY certificates certificates
COPY employment_quota employment_quota
COPY levy_relief levy_relief
COPY massage_licensing massage_licensing
COPY supervision supervision
RUN pip install --no-cache-dir .
# .dockerignore keeps .env, var/, .venv, .git, tests and certificates out of the image.
COPY . .
RUN SECRET_KEY=build-only DEBUG=0 STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput
# Data lives in volumes: /var/lib/cdpf (private files) and /backups; folders only for cdpf.
RUN useradd --system --home /app cdpf \
 && mkdir -p /var/lib/cdpf/private /backups \
 && chown -R cdpf /var/lib/cdpf /backups \
 && chmod 0700 /var/lib/cdpf /var/lib/cdpf/private /backups
USER cdpf
ARG CDPF_VERSION=""
ENV STATIC_ROOT=/app/staticfiles CDPF_VAR_DIR=/var/lib/cdpf CDPF_VERSION=${CDPF_VERSION}
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "cdpf.wsgi:application"]
