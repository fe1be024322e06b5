// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc-import: the half of btfcc that links libclang. btfcc runs it with
 * the compiler's arguments when a file needs imports; it writes the
 * generated header and answers on stdout, one "key value" per line:
 *   inject_line N / n_types N / btf_path PATH / note TEXT
 * Errors are one line on stderr and a nonzero exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../driver.h"

void import_result_free(struct import_result *res)
{
	free(res->notes);
	free(res->btf_path);
	memset(res, 0, sizeof(*res));
}

static void answer(const struct import_result *res)
{
	char *save = NULL;

	printf("inject_line %u\nn_types %zu\n", res->inject_line, res->n_types);
	if (res->btf_path)
		printf("btf_path %s\n", res->btf_path);
	if (!res->notes)
		return;
	for (char *l = strtok_r(res->notes, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		printf("note %s\n", l);
}

int main(int argc, char **argv)
{
	struct kernel_tree kt = { 0 };
	struct import_result res;
	struct workfiles wf;
	struct cc_args ca;
	int i = 1, ret;

	log_init();
	if (i < argc && !strcmp(argv[i], "--btfcc-verbose")) {
		btfcc_verbose = true;
		i++;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	cc_args_parse(&ca, (const char *const *)argv + i, argc - i);
	if (ca.mode == CC_PASSTHROUGH) {
		log_error("btfcc-import: not a compile of a C file (%s)", ca.why);
		cc_args_free(&ca);
		return 2;
	}
	kernel_tree_find(&kt, &ca);
	workfiles_init(&wf, &ca);
	ret = import_run(&ca, &kt, &wf, &res);
	if (!ret)
		answer(&res);
	import_result_free(&res);
	workfiles_free(&wf);
	kernel_tree_free(&kt);
	cc_args_free(&ca);
	return ret ? 1 : 0;
}
