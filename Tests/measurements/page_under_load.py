"""The waiting-room page's first load in headless Chromium, timed and weighed (run by page-under-load.sh).

Each cold load is a new browser with a new profile (nothing cached, no token stored): the time from
navigation start to the first state the page shows (a MutationObserver installed before the page's
own script records `performance.now()` when `#fg-state`'s `data-state` first leaves `starting` and
`pow`) and the bytes transferred (Resource Timing's `transferSize` of the page and every resource it
fetched). Each warm load opens the page again in a browser that loaded it once: the static
files come from the cache and the stored token is polled, so only the page and its status poll
should reach the daemon.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from urllib.parse import urlparse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

# Records the first state the page shows (anything but its placeholders) against navigation start.
FIRST_STATE = """
new MutationObserver((changes, observer) => {
  for (const change of changes) {
    const state = change.target.dataset && change.target.dataset.state;
    if (change.target.id === "fg-state" && state && state !== "starting" && state !== "pow") {
      window.fgFirstState = { state, ms: performance.now() };
      observer.disconnect();
      return;
    }
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
"""


def browser(scratch):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=800,1000",
                 "--lang=en-US", "--user-data-dir=" + tempfile.mkdtemp(dir=scratch)]:
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_STATE})
    return driver


def transfers(driver):
    """What the last navigation fetched over the network: (path, transferSize) for the page and each
    resource (Resource Timing; Chromium counts a response's headers as 300 bytes; 0 means cached)."""
    entries = driver.execute_script(
        "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
        ".map(e => [e.name, e.transferSize])")
    return [(urlparse(name).path, size) for name, size in entries if size > 0]


def load(driver, url, seconds):
    """Opens the page and waits for its first state: (state, ms from navigation start, transfers)."""
    driver.get(url)
    WebDriverWait(driver, seconds, poll_frequency=0.05).until(lambda d: d.execute_script("return window.fgFirstState"))
    first = driver.execute_script("return window.fgFirstState")
    time.sleep(0.3)  # lets the last responses finish arriving
    return first["state"], first["ms"], transfers(driver)


def is_static(path):
    return path.startswith("/wait/")


def summary(label, values, unit):
    if not values:
        return f"{label}: none"
    return f"{label}: median {statistics.median(values):,.0f} {unit}, max {max(values):,.0f} {unit} (n={len(values)})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="the page, http://127.0.0.1:PORT/wait/SALE")
    parser.add_argument("--cold", type=int, default=10, help="loads in a new browser profile each")
    parser.add_argument("--warm", type=int, default=3, help="loads again in the last browser, its cache warm")
    parser.add_argument("--seconds", type=float, default=30, help="the longest wait for a first state")
    parser.add_argument("--scratch", help="where the browser profiles go (default: a new temporary directory, removed after)")
    parser.add_argument("--stop-after", type=float, default=3600, help="seconds after which no cold load starts (the load's end)")
    args = parser.parse_args()
    scratch = args.scratch or tempfile.mkdtemp(prefix="floodgate-page-load.")
    os.makedirs(scratch, exist_ok=True)
    cold_ms, cold_static, cold_all, warm_ms, warm_all, states, warm_paths = [], [], [], [], [], {}, set()
    driver = None
    begun = time.monotonic()
    try:
        for index in range(args.cold):
            if index > 0 and time.monotonic() - begun > args.stop_after:
                print(f"cold loads stopped after {index} ({args.stop_after:.0f} s): the rehearsal's load ends soon", flush=True)
                break
            if driver:
                driver.quit()
            driver = browser(scratch)
            state, ms, sent = load(driver, args.url, args.seconds)
            static = sum(size for path, size in sent if is_static(path))
            cold_ms.append(ms)
            cold_static.append(static)
            cold_all.append(sum(size for _, size in sent))
            states[state] = states.get(state, 0) + 1
            print(f"cold {index + 1}: {state} after {ms:.0f} ms; {static:,} bytes of page (HTML, CSS, JS), "
                  f"{cold_all[-1]:,} with the API calls: {', '.join(f'{path} {size:,}' for path, size in sent)}", flush=True)
        for index in range(args.warm):
            state, ms, sent = load(driver, args.url, args.seconds)
            warm_ms.append(ms)
            warm_all.append(sum(size for _, size in sent))
            warm_paths.update(path for path, _ in sent)
            print(f"warm {index + 1}: {state} after {ms:.0f} ms; {warm_all[-1]:,} bytes from the daemon: "
                  f"{', '.join(f'{path} {size:,}' for path, size in sent)}", flush=True)
    finally:
        if driver:
            driver.quit()
        shutil.rmtree(scratch, ignore_errors=True)
    print()
    print("first states shown (cold): " + ", ".join(f"{state} {count}" for state, count in sorted(states.items())))
    print(summary("cold load, navigation start to first state", cold_ms, "ms") + "   (goal: under 1,000 ms)")
    print(summary("cold load, page bytes (HTML, CSS, JS, worker)", cold_static, "bytes") + "   (goal: under 50 KB)")
    print(summary("cold load, all bytes (with challenge, register, status)", cold_all, "bytes"))
    print(summary("warm load, navigation start to first state", warm_ms, "ms"))
    print(summary("warm load, bytes from the daemon", warm_all, "bytes") + "   (goal: the page and one status poll)")
    print("warm load, paths that reached the daemon: " + (", ".join(sorted(warm_paths)) or "none"))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # Ctrl-C reaches it twice (directly and through timeout)
        sys.exit(130)
