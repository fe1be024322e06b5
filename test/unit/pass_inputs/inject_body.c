#define pr_fmt(fmt) "mod: " fmt
#include <stddef.h>
#include <stdio.h>

#define TWICE(x) \
	((x) + \
	 (x))

static int counter;

/*
#define NOT_A_DIRECTIVE_IN_A_COMMENT
 */
static int first_need(void)
{
#ifdef TWICE
	struct needed_here *p = NULL;
#endif
	return counter + TWICE(p->field);
}

#include <stdlib.h>
