"""The waiting-room page in headless Chromium against a real `floodgate serve` on loopback.

Run by Tests/browser/run.sh (from `make test`). Every step waits for what a shopper would see
(the page's `data-state`, a position) with a bounded wait, never a fixed sleep, and saves a
screenshot of each state in the artifacts directory. Exit status 0 when every check passed.
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ADMIN = "browser-admin-token"


def solve(challenge, difficulty):
    """The proof of work as the daemon checks it: SHA-256(challenge + nonce) with `difficulty` leading zero bits."""
    nonce = 0
    while True:
        digest = hashlib.sha256((challenge + str(nonce)).encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - difficulty) == 0:
            return str(nonce)
        nonce += 1


class Daemon:
    """`floodgate serve` with an embedded Redis in a scratch directory; restartable on the same port."""

    def __init__(self, binary, scratch):
        self.binary = binary
        self.data = os.path.join(scratch, "data")
        self.log_path = os.path.join(scratch, "daemon.log")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data, "--admin-token", ADMIN,
             "--log-level", "warning", "--checkout-per-token", "100"],
            stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the daemon died at start:\n" + self.log())
            try:
                with urllib.request.urlopen(self.base + "/ready", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError("the daemon is not ready:\n" + self.log())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self):
        with open(self.log_path) as log:
            return log.read()[-4000:]

    def call(self, method, path, body=None, token=ADMIN, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


class Run:
    def __init__(self, args):
        self.args = args
        self.scratch = tempfile.mkdtemp(prefix="floodgate-browser.")
        self.daemon = Daemon(args.bin, self.scratch)
        self.failures = []
        self.driver = None

    def browser(self, javascript=True, width=800, height=1000):
        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                     "--lang=en-US", "--user-data-dir=" + tempfile.mkdtemp(dir=self.scratch)]:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
        if not javascript:
            options.add_argument("--disable-javascript")
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2,
                                                      "intl.accept_languages": "en-US,en"})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.binary_location = shutil.which("chromium")
        return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))

    def check(self, condition, message):
        if not condition:
            self.failures.append(message)
            print("FAIL:", message)
        else:
            print("ok:", message)

    def shot(self, name, driver=None):
        path = os.path.join(self.args.artifacts, name + ".png")
        (driver or self.driver).save_screenshot(path)

    def state(self, driver=None):
        return (driver or self.driver).find_element(By.ID, "fg-state").get_attribute("data-state")

    def wait_state(self, wanted, seconds, driver=None):
        driver = driver or self.driver
        try:
            WebDriverWait(driver, seconds, poll_frequency=0.2).until(lambda d: self.state(d) == wanted)
            return True
        except Exception:
            return False

    def text(self, element_id, driver=None):
        return (driver or self.driver).find_element(By.ID, element_id).text

    def create_sale(self, definition):
        status, body = self.daemon.call("POST", "/admin/sales", definition)
        assert status == 201, f"creating {definition['id']}: {status} {body}"

    def register(self, sale, user):
        request = {"sale_id": sale, "user_id": user}
        status, challenge = self.daemon.call("GET", f"/queue/challenge?sale_id={sale}", token=None)
        if status == 200 and challenge["difficulty"] > 0:
            request["pow"] = {"challenge": challenge["challenge"], "nonce": solve(challenge["challenge"], challenge["difficulty"])}
        status, body = self.daemon.call("POST", "/queue/register", request, token=None)
        assert status in (200, 201), f"registering {user}: {status} {body}"
        return body["token"]

    def api_state(self, token, wanted, seconds=20):
        """Waits until the daemon's status for `token` is `wanted` (its view follows Redis a few times a second)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.daemon.call("GET", "/queue/status", token=token)[1]["state"] == wanted:
                return
            time.sleep(0.1)
        raise AssertionError(f"the daemon's status never became {wanted}")

    def accessible(self, label):
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run(options='{"resultTypes": ["violations"]}')
        serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        self.check(not serious, f"axe-core finds no serious violations on the {label} page"
                   + ("" if not serious else ": " + axe.report(serious)))

    # The scenarios, each on its own sale.

    def queue_and_admission(self):
        """Proof of work, registration, position, reload, pause, admission, the demo purchase,
        then the daemon stopped (offline) and started again (recovery)."""
        self.create_sale({"id": "fifo", "name": "Sneaker drop", "skus": [{"sku": "RED-42", "stock": 50}, {"sku": "RED-43", "stock": 50}],
                          "admit_per_second": 0.05, "per_user_limit": 2, "pow_difficulty": 10, "admission_factor": 100})
        crowd = [self.register("fifo", f"crowd-{index}") for index in range(4)]
        self.daemon.call("POST", "/admin/sales/fifo/throttle", {"admit_per_second": 0.05})
        self.driver.get(self.daemon.base + "/wait/fifo")
        self.check(self.wait_state("waiting", 60), "the page solves the proof of work, registers and shows the queue")
        position = self.text("fg-position")
        self.check(position == "5", f"the position is shown ({position!r}, 5 expected: four registered before)")
        self.check(self.text("fg-ahead").isdigit(), "the people ahead are shown")
        self.shot("waiting")
        self.accessible("waiting")
        refused = [entry["message"] for entry in self.driver.get_log("browser") if "Content Security Policy" in entry["message"]]
        self.check(not refused, f"the page's content security policy refuses none of its own parts {refused[:2]}")
        queue = self.daemon.call("GET", "/admin/sales/fifo")[1]["queue_length"]
        self.driver.refresh()
        self.check(self.wait_state("waiting", 20), "after a reload the page shows the queue again")
        self.check(self.text("fg-position") == position, "a reload keeps the same position")
        self.check(self.daemon.call("GET", "/admin/sales/fifo")[1]["queue_length"] == queue, "a reload registers nobody new")

        self.daemon.call("POST", "/admin/sales/fifo/pause", {})
        self.api_state(crowd[-1], "paused")
        self.driver.refresh()
        self.check(self.wait_state("paused", 20), "a paused sale shows paused")
        self.check("kept" in self.text("fg-body"), "paused says the place is kept")
        self.shot("paused")
        self.daemon.call("POST", "/admin/sales/fifo/resume", {})
        self.api_state(crowd[-1], "waiting")
        self.driver.refresh()
        self.check(self.wait_state("waiting", 20), "after resume the page shows the queue again")

        self.daemon.call("POST", "/admin/sales/fifo/throttle", {"admit_per_second": 1000})
        self.check(self.wait_state("admitted", 45), "the page moves to admitted when the cursor passes it (no reload)")
        self.shot("admitted")
        self.accessible("admitted")
        self.driver.find_element(By.CSS_SELECTOR, "#fg-buy button[type=submit]").click()
        WebDriverWait(self.driver, 15).until(lambda d: "Reserved" in self.text("fg-buy-message", d))
        self.check("Reserved 1" in self.text("fg-buy-message"), "the demo form reserves")
        buy = [b for b in self.driver.find_elements(By.CSS_SELECTOR, "#fg-buy button") if b.text == "Buy now"][0]
        for _ in range(5):  # the demo sale's simulated gateway declines none, but a decline is a retry
            buy.click()
            WebDriverWait(self.driver, 20).until(lambda d: any(w in self.text("fg-buy-message", d) for w in ("Paid", "declined", "failed")))
            if "Paid" in self.text("fg-buy-message"):
                break
        self.check("order number" in self.text("fg-buy-message"), "the demo form buys and shows the order")
        self.shot("bought")

        self.daemon.stop()
        self.check(self.wait_state("offline", 30), "with the daemon stopped the page shows the offline state")
        self.check("Your place is kept" in self.text("fg-body") and "Retrying in" in self.text("fg-body"), "offline says the place is kept and when it retries")
        self.shot("offline")
        self.daemon.start()
        self.check(self.wait_state("admitted", 90), "when the daemon is back the page recovers by itself")

    def sold_out_and_closed(self):
        self.create_sale({"id": "tiny", "name": "Last pair", "skus": [{"sku": "ONE", "stock": 1}], "admit_per_second": 1000})
        token = self.register("tiny", "buyer")
        for _ in range(100):
            if self.daemon.call("GET", "/queue/status", token=token)[1]["state"] == "admitted":
                break
            time.sleep(0.1)
        status, reservation = self.daemon.call("POST", "/checkout/reserve", {"sku": "ONE", "qty": 1}, token=token)
        assert status == 201, reservation
        self.api_state(token, "admitted")  # the sale is sold out (nothing available) once the tick sees it
        for _ in range(100):
            if self.daemon.call("GET", "/admin/sales/tiny")[1]["state"] == "sold_out":
                break
            time.sleep(0.1)
        self.driver.get(self.daemon.base + "/wait/tiny")
        self.check(self.wait_state("sold_out", 30), "a sold-out sale shows sold_out with the waitlist")
        self.check("waitlist" in self.text("fg-body"), "sold_out offers the waitlist")
        self.shot("sold_out")
        status, _ = self.daemon.call("POST", "/checkout/cancel", {"reservation_id": reservation["reservation_id"]}, token=token)
        assert status == 200
        self.check(self.wait_state("admitted", 30), "when a unit comes back the waitlist lets the shopper in (no reload)")
        self.daemon.call("POST", "/admin/sales/tiny/close", {})
        self.api_state(token, "closed")
        self.driver.refresh()
        self.check(self.wait_state("closed", 20), "a closed sale shows closed")
        self.shot("closed")

    def expiry(self):
        self.create_sale({"id": "brief", "name": "Short window", "skus": [{"sku": "B", "stock": 10}], "admit_per_second": 1000,
                          "admission_window_seconds": 10})
        self.driver.get(self.daemon.base + "/wait/brief")
        self.check(self.wait_state("admitted", 30), "a shopper is admitted at once")
        self.check(self.wait_state("expired", 40), "an admission window that passes unused shows expired")
        self.shot("expired")

    def pre_registration(self):
        start = datetime.now(timezone.utc) + timedelta(minutes=30)
        self.create_sale({"id": "lottery", "name": "Lottery drop", "skus": [{"sku": "L", "stock": 10}], "fairness": "lottery",
                          "starts_at": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          "prequeue_opens_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})
        self.driver.get(self.daemon.base + "/wait/lottery")
        self.check(self.wait_state("pre_registered", 30), "before the start the page shows pre_registered")
        body = self.text("fg-body")
        self.check("starts in" in body and "min" in body, f"pre_registered counts down to the start ({body!r})")
        self.check("hash" in body, "a lottery publishes its seed hash before the start")
        self.shot("pre_registered")

    def narrow_and_dark(self):
        narrow = self.browser(width=600, height=900)
        try:
            narrow.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 320, "height": 900, "deviceScaleFactor": 1, "mobile": True})
            narrow.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
            narrow.get(self.daemon.base + "/wait/fifo?lang=de")
            self.check(self.wait_state("admitted", 30, narrow) or self.wait_state("waiting", 5, narrow), "the page works at 320 px in German")
            overflow = narrow.execute_script("return document.documentElement.scrollWidth")
            widest = narrow.execute_script(
                "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 320).map(e => e.tagName + '#' + e.id).slice(0, 5)")
            self.check(overflow <= 320, f"nothing is wider than 320 px ({overflow}; {widest})")
            self.shot("narrow-dark-de", narrow)
        finally:
            narrow.quit()

    def without_javascript(self):
        self.create_sale({"id": "plain", "name": "No-script drop", "skus": [{"sku": "P", "stock": 10}], "admit_per_second": 0.01})
        for index in range(2):
            self.register("plain", f"ahead-{index}")
        plain = self.browser(javascript=False)
        try:
            plain.get(self.daemon.base + "/wait/plain")
            plain.find_element(By.CSS_SELECTOR, "form.join button").click()
            WebDriverWait(plain, 20).until(lambda d: "token=" in d.current_url)
            self.check(self.state(plain) == "waiting", "without JavaScript the joined page shows the queue")
            self.check(self.text("fg-position", plain) == "3", f"without JavaScript the position is shown ({self.text('fg-position', plain)!r})")
            self.shot("no-javascript", plain)
        finally:
            plain.quit()

    def high_demand_page(self):
        out = os.path.join(self.scratch, "export")
        subprocess.run([self.args.bin, "page", "export", "--sale", "fifo", "--out", out], check=True, capture_output=True)
        self.driver.get("file://" + out + "/index.html")
        self.check("High demand" in self.driver.page_source, "the exported page says high demand")
        self.shot("high-demand")

    def main(self):
        self.daemon.start()
        self.driver = self.browser()
        scenarios = [self.queue_and_admission, self.sold_out_and_closed, self.expiry, self.pre_registration, self.narrow_and_dark,
                     self.without_javascript, self.high_demand_page]
        try:
            for scenario in scenarios:
                print(f"-- {scenario.__name__}")
                try:
                    scenario()
                except Exception:
                    self.failures.append(f"{scenario.__name__} raised")
                    traceback.print_exc()
                    self.shot(f"failure-{scenario.__name__}")
        finally:
            self.driver.quit()
            self.daemon.stop()
        if self.failures:
            print(f"browser: {len(self.failures)} check(s) failed; screenshots in {self.args.artifacts}; daemon log tail:\n{self.daemon.log()}")
            return 1
        shutil.rmtree(self.scratch, ignore_errors=True)
        print(f"browser: every check passed; screenshots in {self.args.artifacts}")
        return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--artifacts", required=True)
    sys.exit(Run(parser.parse_args()).main())
