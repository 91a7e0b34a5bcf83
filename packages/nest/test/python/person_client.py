"""Cross-language HTTP client for the @ferry/nest tests (pyfory, xlang, compatible mode).

usage: person_client.py BASE_URL

1. POSTs example.Person(name="Ada Lovelace", age=36) as application/fory to BASE_URL/people
   with Accept: application/fory and decodes the Person the Nest app answers (age + 1).
2. POSTs a struct the server has not registered (example.Unregistered) and reads the 400 JSON.
Prints one JSON line with what it saw.
"""

import dataclasses
import json
import sys
import urllib.error
import urllib.request

import pyfory


@dataclasses.dataclass
class Person:
    name: str = ""
    age: pyfory.Int32 = 0


@dataclasses.dataclass
class Unregistered:
    x: pyfory.Int32 = 0


def post(url, body, accept):
    """Returns (status, headers (case-insensitive), body)."""
    req = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/fory", "Accept": accept},
    )
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def main():
    base = sys.argv[1]
    fory = pyfory.Fory(xlang=True, compatible=True)
    fory.register_type(Person, name="example.Person")
    fory.register_type(Unregistered, name="example.Unregistered")

    request = fory.serialize(Person(name="Ada Lovelace", age=36))
    status, headers, body = post(base + "/people", request, "application/fory")
    person = fory.deserialize(body)

    bad_status, bad_headers, bad_body = post(base + "/people", fory.serialize(Unregistered(x=1)), "application/fory")

    print(
        json.dumps(
            {
                "status": status,
                "contentType": headers.get("Content-Type"),
                "vary": headers.get("Vary"),
                "type": type(person).__name__,
                "name": person.name,
                "age": person.age,
                "requestHex": bytes(request).hex(),
                "unregistered": {
                    "status": bad_status,
                    "contentType": bad_headers.get("Content-Type"),
                    "body": json.loads(bad_body),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
