// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs the libclang pass on one file and prints what it found, one fact a
 * line, for the script tests:
 *   pass_probe [--prelude FILE --line N] [--kernel-dir DIR] SOURCE [-- CC ARGS...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass/scan.h"

static const char *const ns_names[] = { "struct", "union", "enum", "typedef" };

static void print_scan(struct btfcc_scan *scan)
{
	const struct btfcc_request *reqs;
	const struct btfcc_scan_member *unk;
	const char *const *errs;
	size_t i, j, n;

	printf("parse_seconds %.3f\n", btfcc_scan_parse_seconds(scan));
	n = btfcc_scan_requests(scan, &reqs);
	for (i = 0; i < n; i++) {
		printf("request %s %s origin %s hints", ns_names[reqs[i].ns], reqs[i].name,
		       reqs[i].origin);
		for (j = 0; j < reqs[i].n_hints; j++)
			printf("%c%s", j ? ',' : ' ', reqs[i].hints[j]);
		printf("\n");
	}
	printf("inject %u\n", btfcc_scan_inject_line(scan));
	n = btfcc_scan_unknown_members(scan, &unk);
	for (i = 0; i < n; i++)
		printf("unknown_member %s %s %s %s\n", ns_names[unk[i].ns], unk[i].type_name,
		       unk[i].member, unk[i].origin);
	n = btfcc_scan_errors(scan, &errs);
	for (i = 0; i < n; i++)
		printf("error %s\n", errs[i]);
}

int main(int argc, char **argv)
{
	struct btfcc_scan_opts opts = { 0 };
	struct btfcc_err err = { 0 };
	struct btfcc_scan *scan;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--prelude") && i + 1 < argc)
			opts.prelude_path = argv[++i];
		else if (!strcmp(argv[i], "--line") && i + 1 < argc)
			opts.prelude_line = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--kernel-dir") && i + 1 < argc)
			opts.kernel_dir = argv[++i];
		else if (!strcmp(argv[i], "--"))
			break;
		else
			opts.source = argv[i];
	}
	if (!opts.source) {
		fprintf(stderr, "usage: %s [--prelude FILE --line N] SOURCE [-- CC ARGS...]\n",
			argv[0]);
		return 2;
	}
	if (i < argc) {
		opts.cc_args = (const char *const *)&argv[i + 1];
		opts.n_cc_args = argc - i - 1;
	}
	scan = btfcc_scan_run(&opts, &err);
	if (!scan) {
		fprintf(stderr, "pass_probe: %s\n", err.msg);
		return 1;
	}
	print_scan(scan);
	btfcc_scan_free(scan);
	return 0;
}
