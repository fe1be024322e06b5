// SPDX-License-Identifier: GPL-2.0-only
/* Running the real compiler: exec for pass-through, spawn for our builds. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "driver.h"

extern char **environ;

static void join(struct strvec *all, const struct strvec *cc, const struct strvec *args)
{
	strvec_init(all);
	strvec_push_n(all, (const char *const *)cc->v, cc->n);
	strvec_push_n(all, (const char *const *)args->v, args->n);
}

static void log_command(const struct strvec *all)
{
	char line[4096];
	size_t len = 0;

	if (!btfcc_verbose)
		return;
	for (int i = 0; i < all->n && len < sizeof(line) - 1; i++) {
		int n = snprintf(line + len, sizeof(line) - len, "%s%s", i ? " " : "",
				 all->v[i]);

		if (n < 0)
			break;
		len += n;
	}
	log_verbose("run: %s", line);
}

int run_exec(const struct strvec *cc, const struct strvec *args)
{
	struct strvec all;

	join(&all, cc, args);
	log_command(&all);
	fflush(NULL);
	execvp(all.v[0], all.v);
	log_error("cannot run the real compiler '%s': %s", all.v[0], strerror(errno));
	strvec_free(&all);
	return 127;
}

static int status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/* Read fd to EOF into a malloc'd NUL-terminated buffer. */
static char *slurp_fd(int fd, size_t *out_len)
{
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap);

	for (;;) {
		ssize_t n;

		GROW(buf, cap, len + 4096);
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	if (out_len)
		*out_len = len;
	return buf;
}

int run_wait(const struct strvec *cc, const struct strvec *args, int capture_fd,
	     char **errbuf, size_t *errlen)
{
	posix_spawn_file_actions_t fa;
	struct strvec all;
	int pipefd[2] = { -1, -1 };
	pid_t pid;
	int rc, st;

	join(&all, cc, args);
	log_command(&all);
	posix_spawn_file_actions_init(&fa);
	if (capture_fd < 0)
		errbuf = NULL;
	if (errbuf) {
		if (pipe(pipefd)) {
			log_error("pipe: %s", strerror(errno));
			strvec_free(&all);
			return -1;
		}
		posix_spawn_file_actions_adddup2(&fa, pipefd[1], capture_fd);
		posix_spawn_file_actions_addclose(&fa, pipefd[0]);
		posix_spawn_file_actions_addclose(&fa, pipefd[1]);
	}
	fflush(NULL);
	rc = posix_spawnp(&pid, all.v[0], &fa, NULL, all.v, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (errbuf)
		close(pipefd[1]);
	if (rc) {
		log_error("cannot run the real compiler '%s': %s", all.v[0], strerror(rc));
		if (errbuf)
			close(pipefd[0]);
		strvec_free(&all);
		return -1;
	}
	if (errbuf) {
		*errbuf = slurp_fd(pipefd[0], errlen);
		close(pipefd[0]);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			st = 1 << 8;
			break;
		}
	strvec_free(&all);
	return status_of(st);
}
