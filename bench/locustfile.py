"""Readers of the archive for locust: a search and browse mix over URLs that exist in the database.

Run by bench/load.py, which picks the URLs (LOAD_URLS names its JSON file) and starts gunicorn; to run
it by hand against a server of your own:

    LOAD_URLS=urls.json bench/.venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 50 -t 60s \
        --host http://127.0.0.1:8000
"""

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["LOAD_URLS"]) as file:
    URLS = json.load(file)
THINK = float(os.environ.get("LOAD_THINK", "1"))


class Reader(HttpUser):
    # A reader reads a page for a moment before the next click; LOAD_THINK=0 asks as fast as possible.
    wait_time = between(THINK / 2, THINK * 1.5)

    def visit(self, name: str):
        url = random.choice(URLS[name])
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url} answered {response.status_code}")
            elif not response.content:
                response.failure(f"{url} answered an empty page")

    @task(1)
    def home(self):
        self.visit("home")

    @task(4)
    def search_words(self):
        self.visit("search words")

    @task(3)
    def search_filters(self):
        self.visit("search with filters")

    @task(3)
    def article(self):
        self.visit("article")

    @task(2)
    def topic_or_place(self):
        self.visit("topic or place")

    @task(1)
    def date_archive(self):
        self.visit("date archive")

    @task(1)
    def export(self):
        self.visit("export")
