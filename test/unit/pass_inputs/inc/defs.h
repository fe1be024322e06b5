/* Included by the scan input and by the unit test itself: gcc's sizes. */
#include <stdint.h>

struct defs_plain {
	char c;
	long l;
	short s;
};

struct defs_outer {
	int x;
	struct defs_nested {
		char tag[3];
	} nested;
	union defs_u {
		int i;
		double d;
	} u;
};

struct __attribute__((packed)) defs_packed {
	char c;
	int i;
};

struct defs_aligned {
	char c;
} __attribute__((aligned(32)));

enum defs_enum { DEFS_A, DEFS_B = 1000 };

typedef struct defs_plain defs_plain_t;
typedef uint16_t defs_u16;

struct defs_fwd_only;
