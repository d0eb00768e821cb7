"""The web desk in a real browser: `captions serve` on a free loopback port over a catalogue of
examples/, driven by headless Chromium through selenium.  Run by `.ci/browser` (pytest -m browser);
skipped, with the reason, only where no browser or driver can be found."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from captions.cli import app

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _find_browser() -> tuple[str, str]:
    browser = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    driver = shutil.which("chromedriver") or next(
        (p for p in ("/usr/lib/chromium/chromedriver", "/usr/bin/chromedriver") if os.path.exists(p)), None
    )
    if browser is None or driver is None:
        pytest.skip("no Chromium and chromedriver found: run .ci/browser (apt-get install chromium chromium-driver)")
    return browser, driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    db = tmp_path / "desk.db"
    shutil.copytree(EXAMPLES, tmp_path / "examples")  # stored as examples/..., as a reader would
    result = CliRunner().invoke(app, ["ingest", "examples", "--db", str(db)])
    assert result.exit_code == 0, result.output
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "captions", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("captions serve did not start: " + process.stdout.read().decode())
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_filter_by_agency_and_open_an_image(server, tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed: run .ci/browser")
    from selenium.webdriver.common.by import By

    browser, driver_path = _find_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1100",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    try:
        driver.get(server + "/")
        assert "Catalogue" in driver.find_element(By.TAG_NAME, "h1").text
        agency = driver.find_element(By.NAME, "agency")
        agency.send_keys("KCNA")
        agency.submit()
        rows = driver.find_elements(By.CSS_SELECTOR, "table.images tbody tr")
        assert rows and all("KCNA" in row.text for row in rows)
        assert "agency=KCNA" in driver.current_url
        # the image whose chain runs through the most hands
        link = max(rows, key=lambda row: row.text.count("→")).find_element(By.CSS_SELECTOR, "td a")
        link.click()
        chain = driver.find_element(By.ID, "chain").text
        assert chain.startswith("KCNA →"), chain
        reasons = driver.find_element(By.ID, "reasons").text
        assert "state-controlled" in reasons
        first = driver.find_element(By.CSS_SELECTOR, "#chain a")
        assert first.get_attribute("href").endswith("/?agency=KCNA")
        shot = tmp_path / "image-page.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        if os.environ.get("CAPTIONS_SCREENSHOT"):  # README's picture: CAPTIONS_SCREENSHOT=docs/x.png
            shutil.copy(shot, os.environ["CAPTIONS_SCREENSHOT"])
    finally:
        driver.quit()
