// SPDX-License-Identifier: GPL-2.0-only
/*
 * engine/copy_check.c: a module's own definition of a kernel type against
 * BTF's. The BTF is written here with libbpf's writer; the copies are the
 * layouts a compiler would give, as the tests state them.
 */
#include "engine_helpers.h"
#include "engine/copy_check.h"

#define ITEMS(...) ((const struct btfcc_copy_item[]){ __VA_ARGS__ })
#define N_ITEMS(...) (sizeof(ITEMS(__VA_ARGS__)) / sizeof(struct btfcc_copy_item))
#define COPY(ns_, name_, size_, ...) \
	((struct btfcc_copy){ .ns = (ns_), .name = (name_), .size = (size_), \
			      .items = ITEMS(__VA_ARGS__), .n_items = N_ITEMS(__VA_ARGS__) })

/*
 * struct pde { int in_use; union { void *ops; void *dir_ops; }; char namelen; } (24 bytes),
 * a second struct pde { long x; long y; } (16), struct node { long dev; } (8),
 * enum st { ST_A = 0, ST_B = 1, ST_NEG = -1 }.
 */
static struct btf *kernel_btf(void)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int ptr = B(btf__add_ptr(b, 0)), anon, pde;

	anon = B(btf__add_union(b, NULL, 8));
	FIELD(b, "ops", ptr, 0);
	FIELD(b, "dir_ops", ptr, 0);
	pde = B(btf__add_struct(b, "pde", 24));
	FIELD(b, "in_use", ty.s32, 0);
	FIELD(b, NULL, anon, 8);
	FIELD(b, "namelen", ty.s8, 16);
	(void)pde;
	B(btf__add_struct(b, "pde", 16));
	FIELD(b, "x", ty.s64, 0);
	FIELD(b, "y", ty.s64, 8);
	B(btf__add_struct(b, "node", 8));
	FIELD(b, "dev", ty.s64, 0);
	B(btf__add_enum(b, "st", 4));
	B(btf__add_enum_value(b, "ST_A", 0));
	B(btf__add_enum_value(b, "ST_B", 1));
	B(btf__add_enum_value(b, "ST_NEG", -1));
	return b;
}

/* 1 and msg when the copy differs from every BTF shape, else 0 and no msg. */
static int differs(const struct btfcc_copy *c, char *msg, size_t len)
{
	struct btf *b = kernel_btf();
	struct strbuf sb;
	int r;

	sb_init(&sb);
	r = btfcc_copy_differs(b, c, &sb);
	snprintf(msg, len, "%s", sb_str(&sb));
	sb_free(&sb);
	btf__free(b);
	return r;
}

static void same_layout_anonymous_flattened(void **state)
{
	struct btfcc_copy c = COPY(BTFCC_NS_STRUCT, "pde", 24, { "in_use", 0 }, { "dir_ops", 64 },
				   { "namelen", 128 });
	char msg[256];

	(void)state;
	assert_int_equal(differs(&c, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
}

static void second_shape_matches(void **state)
{
	struct btfcc_copy c = COPY(BTFCC_NS_STRUCT, "pde", 16, { "x", 0 }, { "y", 64 });
	char msg[256];

	(void)state;
	assert_int_equal(differs(&c, msg, sizeof(msg)), 0);
}

static void member_moved(void **state)
{
	struct btfcc_copy c = COPY(BTFCC_NS_STRUCT, "pde", 24, { "in_use", 0 }, { "ops", 64 },
				   { "namelen", 136 });
	char msg[256];

	(void)state;
	assert_int_equal(differs(&c, msg, sizeof(msg)), 1);
	assert_string_equal(msg, "'namelen' is at offset 17 here, 16 in the kernel");
}

static void member_renamed(void **state)
{
	/* 4.19's proc_fops where 6.x has an anonymous union of proc_ops/proc_dir_ops. */
	struct btfcc_copy c = COPY(BTFCC_NS_STRUCT, "pde", 24, { "in_use", 0 }, { "fops", 64 },
				   { "namelen", 128 });
	char msg[256];

	(void)state;
	assert_int_equal(differs(&c, msg, sizeof(msg)), 1);
	assert_string_equal(msg, "'fops' at offset 8 here is not a member of the kernel's struct pde "
			    "(it has 'ops' there)");
}

static void size_differs(void **state)
{
	struct btfcc_copy c = COPY(BTFCC_NS_STRUCT, "pde", 32, { "in_use", 0 }, { "ops", 64 },
				   { "namelen", 128 });
	char msg[256];

	(void)state;
	assert_int_equal(differs(&c, msg, sizeof(msg)), 1);
	assert_string_equal(msg, "it is 32 bytes here, 24 in the kernel");
}

static void unrelated_namesake(void **state)
{
	struct btfcc_copy c = COPY(BTFCC_NS_STRUCT, "node", 16, { "val", 0 }, { "next", 64 });
	char msg[256];

	(void)state;
	assert_int_equal(differs(&c, msg, sizeof(msg)), 0);
}

static void other_kind_or_name(void **state)
{
	struct btfcc_copy u = COPY(BTFCC_NS_UNION, "pde", 8, { "x", 0 });
	struct btfcc_copy n = COPY(BTFCC_NS_STRUCT, "no_such", 8, { "x", 0 });
	char msg[256];

	(void)state;
	assert_int_equal(differs(&u, msg, sizeof(msg)), 0);
	assert_int_equal(differs(&n, msg, sizeof(msg)), 0);
}

static void enum_values(void **state)
{
	struct btfcc_copy same = COPY(BTFCC_NS_ENUM, "st", 4, { "ST_A", 0 }, { "ST_NEG", -1 });
	struct btfcc_copy moved = COPY(BTFCC_NS_ENUM, "st", 4, { "ST_A", 0 }, { "ST_B", 2 });
	struct btfcc_copy extra = COPY(BTFCC_NS_ENUM, "st", 4, { "ST_A", 0 }, { "ST_B", 1 },
				       { "ST_C", 2 });
	char msg[256];

	(void)state;
	assert_int_equal(differs(&same, msg, sizeof(msg)), 0);
	assert_int_equal(differs(&moved, msg, sizeof(msg)), 1);
	assert_string_equal(msg, "enumerator ST_B is 2 here, 1 in the kernel");
	assert_int_equal(differs(&extra, msg, sizeof(msg)), 1);
	assert_string_equal(msg, "enumerator ST_C (2 here) is not in the kernel's enum st");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_layout_anonymous_flattened),
		cmocka_unit_test(second_shape_matches),
		cmocka_unit_test(member_moved),
		cmocka_unit_test(member_renamed),
		cmocka_unit_test(size_differs),
		cmocka_unit_test(unrelated_namesake),
		cmocka_unit_test(other_kind_or_name),
		cmocka_unit_test(enum_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
