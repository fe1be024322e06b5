#!/usr/bin/env bash
# The demo modules, same sources, built with btfcc for the newest 6.1 PREEMPT_RT
# kernel (spinlock_t, and so every private struct with a lock in it, has
# another layout there) and booted in qemu: every check prints PASS, none
# prints FAIL, nothing oopses or warns.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/demo.sh"
qemu_demo_main 6.1-rt
