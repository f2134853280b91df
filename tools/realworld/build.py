"""Regenerate test/realworld/cases/ from the generators (run: /usr/bin/python3 tools/realworld/build.py [ids...]).

Checks that every id in test/realworld/manifest.json has a generator and vice versa, and prints
PyTorch's own loss (or the error PyTorch raises) for each case.
"""
import glob
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import common  # noqa: E402
import kl  # noqa: E402,F401
import misc  # noqa: E402,F401
import padding  # noqa: E402,F401
import probabilities  # noqa: E402,F401
import shapes  # noqa: E402,F401
import targets  # noqa: E402,F401


def main(argv):
    manifest = json.load(open(os.path.join(common.ROOT, "test", "realworld", "manifest.json")))
    wanted = [c["id"] for c in manifest["cases"]]
    missing = sorted(set(wanted) - set(common.CASES))
    extra = sorted(set(common.CASES) - set(wanted))
    if missing or extra:
        sys.exit(f"manifest and generators disagree: missing generators {missing}, unlisted generators {extra}")
    only = set(argv) or set(wanted)
    if not argv:
        for f in glob.glob(os.path.join(common.OUT, "*")):
            os.remove(f)
    done = set()
    for cid in wanted:
        if cid not in only or common.CASES[cid] in done:
            continue
        done.add(common.CASES[cid])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            common.CASES[cid]()
    total = sum(os.path.getsize(f) for f in glob.glob(os.path.join(common.OUT, "*")))
    print(f"{len(os.listdir(common.OUT))} files, {total / 1e6:.2f} MB in {os.path.relpath(common.OUT, common.ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
