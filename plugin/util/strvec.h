/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_STRVEC_H
#define BTFCC_UTIL_STRVEC_H

struct strvec {
	char **v;		/* always NULL-terminated */
	int n;
	int cap;
};

void strvec_init(struct strvec *sv);
void strvec_push(struct strvec *sv, const char *s);
/* Push s unless the vector has it already (a handful of words: linear). */
void strvec_push_unique(struct strvec *sv, const char *s);
void strvec_push_n(struct strvec *sv, const char *const *s, int n);
void strvec_free(struct strvec *sv);
/* Split on blanks (BTFCC_REAL_CC="ccache gcc-12"). */
void strvec_split(struct strvec *sv, const char *s);
/* The words joined with sep between them; malloc'd. */
char *strvec_join(const struct strvec *sv, const char *sep);

#endif
