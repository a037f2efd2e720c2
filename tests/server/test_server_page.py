"""The web page, driven in a real headless Chromium (the system's package) with Selenium.

`python3 tasks.py test` installs Chromium and chromedriver with apt-get when they are
missing (CI runs as root on Debian). Without them these tests fail, saying what to
install; they skip only when COMPLAINTCODE_NO_BROWSER=1 is set on purpose.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from complaintcode.cli import main

from .conftest import Service

pytestmark = pytest.mark.slow  # starts a browser

ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "examples" / "messy.csv"
COLUMNS = ROOT / "examples" / "columns.toml"


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[WebDriver]:
    """Headless Chromium from the system's packages, through its packaged chromedriver."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        if os.environ.get("COMPLAINTCODE_NO_BROWSER") == "1":
            pytest.skip("COMPLAINTCODE_NO_BROWSER=1: browser tests skipped on purpose")
        pytest.fail(
            "the browser tests need Chromium and chromedriver on PATH: run "
            "`python3 tasks.py test` as root on Debian (it installs them), or "
            "`apt-get install chromium chromium-driver`"
        )
    options = Options()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=en-GB",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(options=options, service=DriverService(executable_path=driver_path))
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _set(browser: WebDriver, element_id: str, value: str) -> None:
    browser.execute_script(
        "document.getElementById(arguments[0]).value = arguments[1];", element_id, value
    )


def test_the_calculator_skips_the_coronation(browser: WebDriver, service: Service) -> None:
    """Received Friday 2023-05-05: acknowledgement due Monday 2023-05-15, the 8th skipped."""
    browser.get(service.base + "/")
    _set(browser, "received", "2023-05-05")
    browser.find_element(By.CSS_SELECTOR, "form[action='/deadlines'] button").click()
    result = browser.find_element(By.ID, "result")
    rows = result.find_elements(By.CSS_SELECTOR, "tbody tr")
    acknowledge = rows[0].text
    assert "Acknowledge by" in acknowledge
    assert "Monday 15 May 2023" in acknowledge
    assert "Coronation of Charles III" in acknowledge
    assert "2022 Code 4.1" in acknowledge
    assert "Tuesday 30 May 2023" in rows[1].text  # the spring bank holiday skipped too


def test_the_calculator_lists_its_errors_and_links_to_the_field(
    browser: WebDriver, service: Service
) -> None:
    """Without a date received, the page says so at the top and beside the field."""
    browser.get(service.base + "/deadlines?received=&stage=1")
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    link = summary.find_element(By.CSS_SELECTOR, "a")
    assert (link.get_attribute("href") or "").endswith("#received")
    assert "Enter the date the complaint was received" in summary.text
    field = browser.find_element(By.ID, "received")
    assert field.get_attribute("aria-invalid") == "true"
    assert browser.switch_to.active_element == summary  # focus moved to the errors


def _cli_counts(tmp_path: Path, export: Path = MESSY, columns: Path = COLUMNS) -> Counter[str]:
    """What `complaintcode check` says about an export (the messy example), by result."""
    out = tmp_path / "cli.csv"
    options = ["--columns", str(columns), "--as-of", "2024-06-28", "--format", "csv"]
    main(["check", str(export), *options, "--output", str(out)])
    with out.open(encoding="utf-8") as f:
        return Counter(row["result"] for row in csv.DictReader(f))


def _page_count(browser: WebDriver, name: str) -> int:
    text = browser.find_element(By.CSS_SELECTOR, f"[data-count='{name}']").text
    return int(text.replace(",", ""))


def test_an_uploaded_messy_export_gives_the_same_counts_as_check(
    browser: WebDriver, service: Service, downloads: Path, tmp_path: Path
) -> None:
    """The page's counts, rejected rows and CSV agree with the command line on one file."""
    expected = _cli_counts(tmp_path)
    browser.get(service.base + "/")
    browser.find_element(By.ID, "export").send_keys(str(MESSY))
    browser.find_element(By.ID, "columns").send_keys(str(COLUMNS))
    _set(browser, "as_of", "2024-06-28")
    _set(browser, "year", "2024")
    browser.find_element(By.CSS_SELECTOR, "form[action='/check'] button").click()
    assert browser.find_element(By.ID, "results-title").text == "Your export, checked"

    def count(name: str) -> int:
        return _page_count(browser, name)

    assert count("rejected") == expected["rejected"] > 0
    assert count("no_findings") == expected["compliant"]
    assert count("with_breaches") == expected["breach"]
    assert count("advisory_only") == expected["advisory"]
    assert count("rows") == sum(expected.values())
    rejected_rows = browser.find_elements(By.CSS_SELECTOR, "#rejected tbody tr")
    assert len(rejected_rows) == expected["rejected"]
    assert all(row.find_elements(By.TAG_NAME, "td")[3].text for row in rejected_rows)
    assert browser.find_elements(By.CSS_SELECTOR, "#queue tbody tr")
    assert "Annual table: 2024-25" in browser.find_element(By.ID, "annual-title").text

    browser.find_element(By.ID, "download").click()
    target = downloads / "complaintcode-results.csv"
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = target.read_text(encoding="utf-8-sig")
    results = Counter(row["result"] for row in csv.DictReader(io.StringIO(text)))
    assert results == expected


def test_an_uploaded_messy_workbook_gives_the_same_counts_as_check(
    browser: WebDriver, service: Service, messy_workbook: tuple[Path, Path], tmp_path: Path
) -> None:
    """A .xlsx (known by its content, its sheet and header row from the map) as on the CLI."""
    book, columns = messy_workbook
    expected = _cli_counts(tmp_path, book, columns)
    browser.get(service.base + "/")
    browser.find_element(By.ID, "export").send_keys(str(book))
    browser.find_element(By.ID, "columns").send_keys(str(columns))
    _set(browser, "as_of", "2024-06-28")
    browser.find_element(By.CSS_SELECTOR, "form[action='/check'] button").click()
    assert browser.find_element(By.ID, "results-title").text == "Your export, checked"
    assert _page_count(browser, "rejected") == expected["rejected"] > 0
    assert _page_count(browser, "no_findings") == expected["compliant"] > 0
    assert _page_count(browser, "with_breaches") == expected["breach"] > 0
    assert _page_count(browser, "advisory_only") == expected["advisory"]
    assert _page_count(browser, "rows") == sum(expected.values())
    rejected = browser.find_elements(By.CSS_SELECTOR, "#rejected tbody tr")
    assert len(rejected) == expected["rejected"]
    # Rows are numbered as the spreadsheet shows them: the title and header come first.
    assert rejected[0].find_elements(By.TAG_NAME, "td")[0].text == "5"


def test_the_page_is_usable_with_the_keyboard_alone(browser: WebDriver, service: Service) -> None:
    """Tab to the date field, type it, tab to the button, press Enter: the deadlines show."""
    browser.get(service.base + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Skip to the content"
    for _ in range(40):
        active = browser.switch_to.active_element
        if active.get_attribute("id") == "received":
            break
        active.send_keys(Keys.TAB)
    else:
        pytest.fail("the date field cannot be reached with Tab")
    browser.switch_to.active_element.send_keys("05052023")
    for _ in range(80):
        active = browser.switch_to.active_element
        if active.tag_name == "button":
            break
        active.send_keys(Keys.TAB)
    else:
        pytest.fail("the button cannot be reached with Tab")
    active.send_keys(Keys.ENTER)
    result = browser.find_element(By.ID, "result")
    assert "Monday 15 May 2023" in result.text
    assert browser.switch_to.active_element == result  # focus moves to the answer


def test_every_control_has_a_label_and_the_page_fits_a_phone(
    browser: WebDriver, service: Service
) -> None:
    """Each input and select is named by a label; at 375 px nothing scrolls sideways."""
    browser.get(service.base + "/")
    unlabelled = browser.execute_script(
        "return Array.from(document.querySelectorAll('input, select'))"
        ".filter(e => !document.querySelector(`label[for='${e.id}']`)).map(e => e.name);"
    )
    assert unlabelled == []
    browser.set_window_size(375, 800)
    try:
        width = browser.execute_script("return document.documentElement.scrollWidth;")
        viewport = browser.execute_script("return window.innerWidth;")
        assert width <= viewport
    finally:
        browser.set_window_size(1280, 1000)


def test_the_page_loads_nothing_from_elsewhere(browser: WebDriver, service: Service) -> None:
    """Offline by design: every script and stylesheet comes from the service itself."""
    browser.get(service.base + "/")
    sources = browser.execute_script(
        "return Array.from(document.querySelectorAll('script[src], link[href], img[src]'))"
        ".map(e => e.src || e.href);"
    )
    assert sources
    assert all(s.startswith(service.base) for s in sources)
