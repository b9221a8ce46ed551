# Sourced from the repository's root by Tests/browser/run.sh and Tests/measurements/page-under-load.sh:
# checks that Debian's chromium and chromium-driver are installed, and makes $venv
# (.build/browser-venv) hold Tests/browser/requirements.txt (Selenium, axe-selenium-python).
venv=.build/browser-venv
requirements=Tests/browser/requirements.txt
for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "browser: $tool is missing (make deps installs chromium and chromium-driver)" >&2; exit 2; }
done
if ! "$venv/bin/python" -c 'import selenium, axe_selenium_python' 2>/dev/null \
    || ! "$venv/bin/pip" freeze 2>/dev/null | grep -x "$(grep -m1 '^selenium==' "$requirements")" >/dev/null; then
    echo "browser: installing $(grep -v '^#' "$requirements" | tr '\n' ' ')into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
fi
