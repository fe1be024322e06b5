#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The sweep sample on a PREEMPT_RT kernel: spinlock_t is an rt_mutex there,
# so every private struct that embeds a lock has another layout than on the
# same release without RT, and each must still be imported exactly.
BTFCC_SWEEP_LINE=6.12-rt exec bash "$(dirname "${BASH_SOURCE[0]}")/test_sweep_sample.sh"
