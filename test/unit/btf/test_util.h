/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by test/unit/test_btf_load*.c: fixture paths, scratch
 * directories, files, shell commands and capturing stderr (libbpf must
 * never print there).
 */
#ifndef BTFCC_TEST_BTF_UTIL_H
#define BTFCC_TEST_BTF_UTIL_H

#include <fcntl.h>
#include <stdarg.h>
#include <time.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXTURE_DIR BTFCC_TEST_BIN_DIR "/btf_fixtures"
#define FIXTURE(name) FIXTURE_DIR "/" name

static inline char *tu_mkdtemp(void)
{
	char tmpl[] = "/tmp/btfcc-test-XXXXXX";
	char *d = mkdtemp(tmpl);

	return d ? strdup(d) : NULL;
}

static inline void tu_rmrf(const char *dir)
{
	char cmd[PATH_MAX + 16];

	if (!dir || strncmp(dir, "/tmp/btfcc-test-", 16))
		return;	/* never anything but our own scratch dirs */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
}

static inline char *tu_path(const char *dir, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

static inline int tu_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ret;

	if (!f)
		return -1;
	ret = fwrite(data, 1, len, f) == len ? 0 : -1;
	return fclose(f) ? -1 : ret;
}

static inline void *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (!f)
		return NULL;
	do {
		cap = cap ? cap * 2 : 1 << 16;
		buf = realloc(buf, cap);
		if (!buf)
			abort();
		*len += fread(buf + *len, 1, cap - *len, f);
	} while (*len == cap);
	fclose(f);
	return buf;
}

static inline int tu_copy(const char *from, const char *to)
{
	size_t len;
	void *p = tu_read(from, &len);
	int ret;

	if (!p)
		return -1;
	ret = tu_write(to, p, len);
	free(p);
	return ret;
}

/* First line of a shell command's output, or "" (caller frees). */
static inline char *tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline char *tu_sh(const char *fmt, ...)
{
	char line[4096] = "", *cmd;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	p = popen(cmd, "r");
	free(cmd);
	if (p) {
		if (!fgets(line, sizeof(line), p))
			line[0] = '\0';
		pclose(p);
	}
	line[strcspn(line, "\n")] = '\0';
	return strdup(line);
}

static inline int tu_have(const char *prog)
{
	char *s = tu_sh("command -v %s", prog);
	int ok = s[0] != '\0';

	free(s);
	return ok;
}

/* Redirect stderr into a file until tu_stderr_end() returns its text. */
struct tu_stderr {
	int saved;
	char path[64];
};

static inline void tu_stderr_begin(struct tu_stderr *c)
{
	int fd;

	strcpy(c->path, "/tmp/btfcc-test-stderr-XXXXXX");
	fd = mkstemp(c->path);
	fflush(stderr);
	c->saved = dup(2);
	dup2(fd, 2);
	close(fd);
}

static inline char *tu_stderr_end(struct tu_stderr *c)
{
	size_t len;
	char *text;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	text = tu_read(c->path, &len);
	unlink(c->path);
	if (!text)
		return strdup("");
	text = realloc(text, len + 1);
	text[len] = '\0';
	return text;
}

static inline long long tu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#endif
