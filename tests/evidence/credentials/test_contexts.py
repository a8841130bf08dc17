"""The vendored contexts equal the copies the independent verifier loads from its lockfile."""

import json
import shutil
import subprocess

from evidence.credentials import CONTEXT_FILES
from evidence.credentials.contexts import vendored_context

from .helpers import VERIFIER_DIR


def test_vendored_contexts_match_the_npm_packages() -> None:
    completed = subprocess.run(
        [shutil.which("node") or "node", "verify.mjs"],
        cwd=VERIFIER_DIR,
        input='{"dumpContexts": true}',
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    theirs = json.loads(completed.stdout)
    assert set(theirs) == set(CONTEXT_FILES)
    for url, document in theirs.items():
        assert vendored_context(url) == document, url
