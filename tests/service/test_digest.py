"""`POST /v1/digest`: ten articles in one bilingual digest (HTML index, Markdown, JSON); big ones as jobs."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from models.engine import Engine
from tests.service.conftest import running_app, wait_until

ARABIC = (
    "قال الوزير إن المحادثات ستستمر الأسبوع المقبل. وأضاف أن الوفدين اتفقا على جدول الأعمال. "
    "وختم بالقول إن النتائج مشجعة."
)
ENGLISH = (
    "The minister said the talks will continue next week. Both sides agreed on an agenda. "
    "Results are encouraging."
)


def articles(count: int = 10) -> list[dict[str, str]]:
    out = []
    for number in range(count):
        article = {"text": ARABIC if number % 2 else ENGLISH, "title": f"Story {number}"}
        if number < 5:
            article |= {"url": f"https://news.example/{number}", "date": f"2026-12-0{number + 1}"}
        out.append(article)
    if count < 10:
        return out
    out[9] = {"html": f"<html><body><article><h1>Page nine</h1><p>{ENGLISH}</p><p>{ENGLISH}</p></article>"}
    return out


@pytest.fixture(scope="module")
def client(service_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    jobs = tmp_path_factory.mktemp("digest-jobs")
    with running_app(service_engine, jobs_dir=jobs, digest_job_chars=5_000) as c:
        yield c


def test_html_digest_of_ten_articles_has_an_index_dates_and_sources(client: TestClient) -> None:
    answer = client.post("/v1/digest", json={"articles": articles(), "summary_sentences": 1})
    assert answer.status_code == 200, answer.text
    page = answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert page.count('<article class="entry"') == 10
    assert all(f'href="#entry-{n}"' in page and f'id="entry-{n}"' in page for n in range(1, 11))
    assert "2026-12-01" in page and "news.example" in page
    assert 'href="https://news.example/0"' in page


def test_markdown_and_json_digests(client: TestClient) -> None:
    md = client.post("/v1/digest", json={"articles": articles(3), "format": "markdown", "summary_words": 12})
    assert md.status_code == 200 and md.text.startswith("# Briefings digest")
    assert "## 1. [" in md.text and "(https://news.example/0)" in md.text
    answer = client.post("/v1/digest", json={"articles": articles(4), "format": "json", "summary_words": 8})
    data = answer.json()
    assert data["counts"]["articles"] == 4 and len(data["articles"]) == 4
    assert {a["source_lang"] for a in data["articles"]} == {"ar", "en"}
    for article in data["articles"]:
        assert set(article["summary"]) == {"ar", "en"}
        assert len(article["summary"]["en"]) >= 1
        # whole sentences within the budget, or the one first sentence
        assert (
            len(article["summary"]["en"]) == 1 or sum(len(s.split()) for s in article["summary"]["en"]) <= 8
        )
    assert data["articles"][0]["source"]["url"] == "https://news.example/0"


def test_a_large_digest_is_a_job(client: TestClient) -> None:
    big = [{"text": ENGLISH * 6, "title": f"Long {n}"} for n in range(8)]
    answer = client.post("/v1/digest", json={"articles": big, "format": "markdown", "summary_sentences": 1})
    assert answer.status_code == 202, answer.text
    job = answer.json()
    status: dict[str, object] = {}

    def done() -> bool:
        nonlocal status
        status = client.get(f"/v1/jobs/{job['id']}").json()
        return status["status"] in ("done", "failed")

    wait_until(done, 120, "the digest job")
    assert status["status"] == "done", status
    result = client.get(f"/v1/jobs/{job['id']}/result")
    assert result.status_code == 200 and result.text.count("## ") == 8
    assert client.get(f"/v1/documents/{job['id']}").status_code == 404  # not a document job


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"articles": []}, "articles"),
        ({"articles": [{"text": "x", "html": "<p>x</p>"}]}, "exactly one of text or html"),
        ({"articles": [{"text": "   "}]}, "empty"),
        ({"articles": [{"text": ENGLISH}], "format": "pdf"}, "format"),
        ({"articles": [{"text": ENGLISH}], "summary_sentences": 2, "summary_words": 20}, "not both"),
        ({"articles": [{"text": ENGLISH, "extra": 1}]}, "extra"),
        ({"articles": [{"text": None, "html": "<p>x</p>"}]}, "must not be null"),
        ({"articles": [{}]}, "exactly one of text or html"),
    ],
)
def test_bad_digest_requests(client: TestClient, body: dict[str, object], fragment: str) -> None:
    answer = client.post("/v1/digest", json=body)
    assert answer.status_code == 422, answer.text
    assert fragment in answer.json()["error"]["message"].lower() or fragment in json.dumps(answer.json())


def test_an_article_without_text_names_itself(client: TestClient) -> None:
    answer = client.post(
        "/v1/digest", json={"articles": [{"text": ENGLISH}, {"html": "<html><body></body></html>"}]}
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "no_main_text"  # the code /v1/briefing gives the same page
    assert "articles[1]" in answer.json()["error"]["message"]
