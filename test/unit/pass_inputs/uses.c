/* Incomplete and undeclared types in every place a complete one is needed. */
#include <stddef.h>

struct cfs_rq;
struct sched_entity {
	struct cfs_rq *cfs_rq;
};
struct task {
	struct sched_entity se;
};
extern struct task *get_current(void);
#define current get_current()

struct by_value;
struct by_value global_by_value;

unknown_file_t file_scope_var;

static long uses(void)
{
	struct local_by_value v;
	unknown_local_t *local_ptr = NULL;
	struct arr *a = NULL;
	long n = sizeof(struct sized);

	n += current->se.cfs_rq->rq->cpu;
	n += a->first + a->second;
	n += current->se.no_such_member;
	return n + (long)local_ptr;
}
