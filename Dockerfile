# The web service: Python 3.11 slim, gunicorn, whitenoise serving compressed, hashed static files.
# `docker compose up` runs it with PostgreSQL; docs/deployment.md says how to run it elsewhere.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHON=python
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# collectstatic runs with production settings, so whitenoise's manifest storage writes the hashed,
# compressed copies; the key is thrown away with the build step.
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --create-home --uid 10001 archive \
    && mkdir -p /app/var/import-staging \
    && chown -R archive /app/var

# The code stays root-owned and read-only to the service; it writes only to /app/var (the admin
# import's staging folder; mount a volume there when several containers serve one site).
USER archive
EXPOSE 8000
CMD ["bin/start"]
