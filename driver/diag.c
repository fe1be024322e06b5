// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the first compile's stderr: did it fail because a kernel type
 * is incomplete or unknown? Only then is the libclang scan worth its cost.
 * A false positive costs one scan on a build that fails anyway; a false
 * negative leaves the user with the compiler's own message.
 */
#include <string.h>

#include "driver.h"

static const char *const missing_type[] = {
	/* gcc */
	"incomplete type",
	"undefined type",
	"unknown type name",
	"isn't known",
	"incomplete element type",
	"undeclared",
	/* clang */
	"incomplete definition of type",
	"use of undeclared identifier",
	NULL,
};

bool diag_is_missing_type(const char *text)
{
	if (!text)
		return false;
	for (int i = 0; missing_type[i]; i++)
		if (strstr(text, missing_type[i]))
			return true;
	return false;
}
