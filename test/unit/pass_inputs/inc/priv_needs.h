/* A module-private header whose inline code needs a private kernel type. */
struct priv_thing;

static inline int priv_thing_id(struct priv_thing *p)
{
	return p->id;
}
