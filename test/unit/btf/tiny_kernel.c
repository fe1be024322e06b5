// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in "vmlinux" for the BTF loader tests: compiled with
 * clang -target bpf -g it is a small ELF with a .BTF section holding these
 * types, which gen_fixtures.sh then wraps into synthetic boot images.
 */
struct list_head {
	struct list_head *next, *prev;
};

struct rq {
	int cpu;
	unsigned long nr_running;
	struct list_head leaf_cfs_rq_list;
	struct task_struct *curr;
};

struct task_struct {
	int pid;
	struct rq *rq;
	char comm[16];
};

struct mount {
	const char *mnt_devname;
	struct list_head mnt_list;
};

/* Globals keep the types in the object's BTF. */
struct rq btfcc_fixture_rq;
struct mount btfcc_fixture_mount;
struct task_struct btfcc_fixture_task;

/*
 * 10 MiB of .data make the image inflate to more than one 8 MiB block of
 * legacy lz4 and grow the decoders' output buffers several times.
 */
char btfcc_fixture_pad[10 << 20] = { 1 };
