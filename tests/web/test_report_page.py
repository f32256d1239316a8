"""The cohort report as a supervisor opens it: headless Chromium, 1400 px wide."""

import json

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SAMPLES = ROOT / "transcripts" / "samples"


def test_the_html_report_opens_on_the_per_candidate_summary(browser, cli, tmp_path):
    out = tmp_path / "cohort.html"
    assert cli("report", SAMPLES, "--format", "html", "-o", out).returncode == 0
    expected = list(json.loads(cli("report", SAMPLES, "--format", "json").stdout)["candidates"])
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(out.as_uri())
        headings = page.locator("h2").all_inner_texts()
        assert headings[0] == "Candidates" and headings[1] == "Calls"
        summary = page.locator("#candidate-summary")
        box = summary.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900  # seen without scrolling
        assert box["width"] <= 1400
        rows = summary.locator("tr").all_inner_texts()
        assert rows[0].split("\t")[:5] == ["candidate", "calls", "passed", "best", "latest"]
        assert [r.split("\t")[0] for r in rows[1:]] == expected  # best fit first
        # every column of the calls is on screen at 1400 px: nothing to scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 1400
        for table in page.locator("table").all():
            box = table.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 1400 - 32
        calls = page.locator("table.calls").first.locator("tr").all_inner_texts()
        header = calls[0].split("\t")
        assert header[-1] == "problems"
        location = next(r.split("\t") for r in calls if "c-105 Emery\tunreachable" in r)
        assert location[header.index("Empathy")] == "n/a"  # no debtor reached: no empathy
        provenance = page.locator(".provenance").inner_text()
        assert provenance.startswith("rubric default (sha256 ") and "as of 2026-11-07" in provenance
        page.screenshot(path=str(tmp_path / "report.png"))
    finally:
        page.close()
