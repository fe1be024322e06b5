#!/usr/bin/env bash
# The demo modules built with btfcc for the newest 6.12 kernel and booted in
# qemu: every check prints PASS, none prints FAIL, nothing oopses or warns.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/demo.sh"
qemu_demo_main 6.12
