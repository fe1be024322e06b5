// SPDX-License-Identifier: GPL-2.0-only
/*
 * Looks like a kernel module to the BTF loader (it has .modinfo), so
 * loading it without a base must ask for the vmlinux BTF.
 */
struct btfcc_mod_state {
	int refs;
};

__attribute__((section(".modinfo"), used))
static const char btfcc_modinfo[] = "license=GPL";

struct btfcc_mod_state btfcc_fixture_mod_state;
