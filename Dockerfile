FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 \
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
COPY . .
RUN SECRET_KEY=build-only DEBUG=0 STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput
RUN useradd --system --home /app cdpf && mkdir -p /var/lib/cdpf && chown cdpf /var/lib/cdpf
USER cdpf
ENV STATIC_ROOT=/app/staticfiles CDPF_VAR_DIR=/var/lib/cdpf
EXPOSE 8000
CMD ["gunicorn", "cdpf.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
