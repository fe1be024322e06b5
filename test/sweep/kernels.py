# SPDX-License-Identifier: GPL-2.0-only
"""The kernel lines btfcc is tested on, resolved the way scripts/setup.sh
installs them (scripts/common.sh): never a fixed release, so the sweep and
the bench keep working when Debian publishes the next ABI."""
import os
import subprocess

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
LINES = ("6.1", "6.12", "6.1-rt", "6.12-rt")


def release(line):
    """(release, None) for an installed line, or (None, why not)."""
    p = subprocess.run([os.path.join(ROOT, "scripts", "kernel-release"), line],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        return None, p.stderr.strip() or f"kernel line {line} cannot be resolved"
    return p.stdout.strip(), None
