#include "inc/defs.h"

static long early(struct defs_fwd_only *p)
{
	return sizeof(struct defs_plain) + *(long *)p;
}

static int needs_import(struct imported *i)
{
	return i->member;
}

struct defs_after_inject {
	int late;
};
