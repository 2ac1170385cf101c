# The web service: Python 3.11, gunicorn, whitenoise. Hardened further in the production issue.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --create-home archive && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && chown -R archive /app
USER archive
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_demo && gunicorn newsarchive.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
