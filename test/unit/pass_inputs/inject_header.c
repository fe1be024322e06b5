#define pr_fmt(fmt) "mod: " fmt
#include <stddef.h>
#include <stdio.h>
#include "inc/priv_needs.h"

static int later(struct late *l)
{
	return l->x;
}
