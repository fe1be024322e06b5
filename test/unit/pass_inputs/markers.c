/* Lines marked for import, in both comment styles. */
#include <stddef.h>

struct defined_here {
	int a;
	long b;
};
typedef struct opaque opaque_t;

struct xattr_ctx ctx; //BTF_INCLUDE
static struct defined_here *dh; /* BTF_INCLUDE */
static opaque_t *op; // BTF_INCLUDE
static union u_thing *ut; enum e_thing *et; //BTF_INCLUDE
static struct not_marked *nm; // BTF_INCLUDED is another word
#if 0
struct inactive_thing it; //BTF_INCLUDE
#endif

static long use(void)
{
	return dh->a + dh->b + (long)op + (long)ut + (long)et + (long)nm;
}
