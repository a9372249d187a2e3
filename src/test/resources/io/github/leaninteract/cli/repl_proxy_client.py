#!/usr/bin/env python3
"""A client of the crash-proof REPL proxy that is not Java, as LeanInteract or any script would be.

Usage: repl_proxy_client.py PROXY_ARGV...   (the command that starts `repl -- <simulator>`)
Speaks the REPL protocol: one JSON request per line, then a blank line; answers end with a blank line.
Exits 0 when every expectation holds, 1 with a reason otherwise.
"""
import json
import os
import select
import subprocess
import sys
import time

DEADLINE_S = 120


class Proxy:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buffer = b""

    def ask(self, request):
        text = request if isinstance(request, str) else json.dumps(request)
        self.proc.stdin.write(text.encode("utf-8") + b"\n\n")
        self.proc.stdin.flush()
        return self.read_answer()

    def read_answer(self):
        deadline = time.monotonic() + DEADLINE_S
        while b"\n\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no answer within %d s" % DEADLINE_S)
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError("the proxy ended its output; exit code %s" % self.proc.poll())
                self.buffer += chunk
        answer, self.buffer = self.buffer.split(b"\n\n", 1)
        return json.loads(answer.decode("utf-8"))

    def close(self):
        self.proc.stdin.close()
        return self.proc.wait(timeout=DEADLINE_S)


def expect(condition, what, answer):
    if not condition:
        raise AssertionError("%s; answer: %s" % (what, json.dumps(answer)))


def main(argv):
    proxy = Proxy(argv)
    try:
        a = proxy.ask({"cmd": "def x := 41"})
        expect(a.get("env") == 0, "the proxy's first env id is 0", a)
        a = proxy.ask({"cmd": "theorem t (n : Nat) : n = n := by sorry", "env": 0})
        expect(a.get("env") == 1, "the second env id is 1", a)
        ps = a["sorries"][0]["proofState"]
        expect(ps == 0, "a sorry's proof state gets the proxy's id 0", a)

        a = proxy.ask({"cmd": "#sim crash 1"})
        expect("message" in a, "a request that crashes the REPL is answered with a message", a)

        a = proxy.ask({"cmd": "#eval x + 1", "env": 0})
        expect(a["messages"][0]["data"] == "42", "env 0 survived the crash", a)
        a = proxy.ask({"tactic": "rfl", "proofState": ps})
        expect(a.get("proofStatus") == "Completed", "the sorry's proof state survived the crash", a)

        a = proxy.ask("this is not JSON")
        expect("message" in a, "text that is not JSON is answered with a message", a)
        a = proxy.ask({"cmd": "#eval 1", "env": 99})
        expect(a.get("message") == "Unknown environment.", "an unknown id is the REPL's error", a)
        a = proxy.ask({"cmd": "import Mathlib\n#eval x", "env": 0})
        expect(a["messages"][0]["severity"] == "error", "imports only start a fresh environment", a)
        a = proxy.ask({"cmd": "import Mathlib\n\n#eval 6 * 7"})
        expect(a["messages"][0]["data"] == "42" and a["messages"][0]["pos"]["line"] == 3,
               "a whole file with imports answers in its own coordinates", a)
    except Exception as e:  # noqa: BLE001 - report anything to the Java test
        print("FAILED: %s" % e, file=sys.stderr)
        proxy.proc.kill()
        proxy.proc.wait()
        return 1
    code = proxy.close()
    if code != 0:
        print("FAILED: the proxy exited with %s at the end of input" % code, file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
