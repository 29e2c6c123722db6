"""The load of issue #35, for locust: 70 % anonymous pages, 25 % members' pages, 5 % offers of
help and messages in offer conversations (each queues an email). Run by benchmarks/load_test.py,
which prepares the accounts (LOAD_ACCOUNTS: "email:password" pairs, comma-separated) and the
URLs (LOAD_PAGES, LOAD_NEEDS: need ids).

FastHttpUser (geventhttpclient) rather than HttpUser (requests): locust shares the machine's two
cores with the server, and costs it about a fifth of the CPU this way."""

import itertools
import os
import random
import re

from locust import FastHttpUser, constant_throughput, task

PAGES = os.environ["LOAD_PAGES"].split(",")
ACCOUNTS = itertools.cycle(pair.split(":", 1) for pair in os.environ["LOAD_ACCOUNTS"].split(","))
NEEDS = [int(need) for need in os.environ["LOAD_NEEDS"].split(",")]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OFFER = re.compile(r"/espace/offres/(\d+)/")


class Visitor(FastHttpUser):
    """An anonymous visitor: a page of the site, once a second."""

    weight = 70
    wait_time = constant_throughput(1)

    @task
    def page(self):
        self.client.get(random.choice(PAGES), name="anonymous page")


class Member(FastHttpUser):
    """A logged-in expert: their space, their offers, and now and then an offer of help or a
    message (one in six of their requests, its form read first: 5 % of all requests)."""

    weight = 30
    wait_time = constant_throughput(1)

    def on_start(self):
        self.email, password = next(ACCOUNTS)
        page = self.client.get("/compte/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/compte/login/",
            {"login": self.email, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": self.client.base_url + "/compte/login/"},
            name="login",
        )
        self.offers = []
        self.needs = random.sample(NEEDS, len(NEEDS))

    def csrf(self, url, name):
        response = self.client.get(url, name=name)
        match = CSRF.search(response.text)
        return match.group(1) if match else ""

    @task(2)
    def my_space(self):
        response = self.client.get("/espace/", name="member: my space")
        self.offers = sorted(set(OFFER.findall(response.text)))

    @task(2)
    def an_offer(self):
        if self.offers:
            self.client.get(f"/espace/offres/{random.choice(self.offers)}/", name="member: offer")
        else:
            self.client.get("/espace/profil/", name="member: profile")

    @task(1)
    def write(self):
        if self.offers and random.random() < 0.5:
            offer = random.choice(self.offers)
            url = f"/espace/offres/{offer}/"
            token = self.csrf(url, "member: offer")
            self.client.post(
                url,
                {"body": "Je vous envoie l’étude ce soir.", "csrfmiddlewaretoken": token},
                headers={"Referer": self.client.base_url + url},
                name="member: message",
            )
        elif self.needs:
            need = self.needs.pop()
            url = f"/espace/besoins/{need}/aider/"
            token = self.csrf(url, "member: offer form")
            self.client.post(
                url,
                {
                    "kind": "skills",
                    "message": "Je peux aider sur ce projet.",
                    "hours": "10",
                    "csrfmiddlewaretoken": token,
                },
                headers={"Referer": self.client.base_url + url},
                name="member: offer of help",
            )
