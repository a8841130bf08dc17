"""`python -m bench [name ...]`: run the benchmarks (all by default) and record the results."""

import sys

from . import (
    p1_module_page,
    p3_dashboard,
    p4_live,
    p5_reconnect,
    p6_import,
    p7_credentials,
    p9_upload,
)

BENCHMARKS = {
    "p6": p6_import.run,
    "p1": p1_module_page.run,
    "p3": p3_dashboard.run,
    "p4": p4_live.run,
    "p5": p5_reconnect.run,
    "p7": p7_credentials.run,
    "p9": p9_upload.run,
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    failed = []
    for name in names:
        figures = BENCHMARKS[name]()
        print(f"{name}: {figures['summary']} -> {'pass' if figures['passed'] else 'FAIL'}")
        if not figures["passed"]:
            failed.append(name)
    if failed:
        print(f"benchmarks below their goal: {', '.join(failed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
