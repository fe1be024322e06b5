// SPDX-License-Identifier: GPL-2.0-only
/*
 * Looks like a kernel module to the BTF loader (it has the section of
 * struct module, .gnu.linkonce.this_module), so loading it without a
 * base must ask for the vmlinux BTF.
 */
struct btfcc_mod_state {
	int refs;
};

__attribute__((section(".gnu.linkonce.this_module"), used))
static const char btfcc_this_module[64] = "btfcc_fixture";

struct btfcc_mod_state btfcc_fixture_mod_state;
