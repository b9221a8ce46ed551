"""Registers shoppers of a sale on a daemon and prints their queue tokens, one a line (the
measurement scripts' wrk runs read them). With --admitted, waits (30 s at most) until the last of
them is admitted, and fails otherwise. The sale must ask for no proof of work, and the daemon must
not limit registrations per source (--registrations-per-source 0).

    python3 Tests/measurements/register_shoppers.py BASE SALE PREFIX COUNT [--admitted] >tokens.txt
"""
import json
import sys
import time
import urllib.request


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, method=method,
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def main():
    base, sale, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    tokens = [call(base, "POST", "/queue/register", {"sale_id": sale, "user_id": f"{prefix}{i}"})["token"] for i in range(count)]
    if "--admitted" in sys.argv[5:]:
        for _ in range(300):
            if call(base, "GET", "/queue/status", token=tokens[-1])["state"] == "admitted":
                break
            time.sleep(0.1)
        else:
            sys.exit(f"register_shoppers: the shoppers of {sale} were not admitted")
    print("\n".join(tokens))


main()
