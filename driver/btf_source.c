// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the BTF of the kernel being built for lives. Not the running
 * kernel's unless it is the same release: a module built for 6.1 on a 6.12
 * host must get 6.1's layouts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "image/image.h"
#include "driver.h"

int kernel_image_release(const char *path, char *buf, size_t len)
{
	struct btfcc_err err;

	return btfcc_bzimage_release(path, buf, len, &err);
}

static bool exists(const char *path)
{
	struct stat sb;

	return !stat(path, &sb) && S_ISREG(sb.st_mode);
}

struct tried {
	char text[1024];
	size_t len;
};

static void tried_add(struct tried *t, const char *path, const char *why)
{
	int n = snprintf(t->text + t->len, sizeof(t->text) - t->len, "%s%s%s%s",
			 t->len ? ", " : "", path, why ? " " : "", why ? why : "");

	if (n > 0 && (size_t)n < sizeof(t->text) - t->len)
		t->len += n;
}

/* Where boot images are: /boot, or $BTFCC_BOOT_DIR (tests: a kernel without one). */
static const char *boot_dir(void)
{
	const char *env = getenv("BTFCC_BOOT_DIR");

	return env && *env ? env : "/boot";
}

/* /boot/vmlinuz-<rel>, trusted only when its header says the same release. */
static bool image_matches(const char *path, const char *release, struct tried *t)
{
	char rel[256];

	if (!exists(path)) {
		tried_add(t, path, NULL);
		return false;
	}
	if (kernel_image_release(path, rel, sizeof(rel)) < 0) {
		tried_add(t, path, "(no version in image)");
		return false;
	}
	if (strcmp(rel, release)) {
		char why[300];

		snprintf(why, sizeof(why), "(is %s)", rel);
		tried_add(t, path, why);
		return false;
	}
	return true;
}

static char *running_kernel_btf(const char *release, struct tried *t)
{
	const char *sys = "/sys/kernel/btf/vmlinux";
	struct utsname u;

	if (!exists(sys)) {
		tried_add(t, sys, NULL);
		return NULL;
	}
	if (uname(&u) || strcmp(u.release, release)) {
		char why[300];

		snprintf(why, sizeof(why), "(running kernel is %s)", u.release);
		tried_add(t, sys, why);
		return NULL;
	}
	return xstrdup(sys);
}

/*
 * BTFCC_BTF names the BTF to use, but a boot image says which kernel it is:
 * one of another release would compile that kernel's layouts into this
 * module, which only a layout difference in an embedded public type could
 * otherwise reveal. Raw BTF and vmlinux carry no release and are trusted.
 */
static char *override_btf(const char *env, const struct kernel_tree *kt, struct btfcc_err *err)
{
	char rel[256];

	if (!kt || !kt->release || kernel_image_release(env, rel, sizeof(rel)) < 0 ||
	    !strcmp(rel, kt->release))
		return xstrdup(env);
	btfcc_err_set(err, BTFCC_E_MISMATCH, "BTFCC_BTF=%s is the BTF of kernel %s, but the "
		      "module is built for %s with that kernel's headers: the layouts would be "
		      "another kernel's; point BTFCC_BTF at %s's vmlinuz, or unset it", env, rel,
		      kt->release, kt->release);
	return NULL;
}

char *kernel_btf_source(const struct kernel_tree *kt, struct btfcc_err *err)
{
	const char *env = getenv("BTFCC_BTF");
	struct tried t = { .len = 0 };
	bool image_absent;
	char *p;

	if (env && *env)
		return override_btf(env, kt, err);
	if (!kt || !kt->dir || !kt->release) {
		btfcc_err_set(err, BTFCC_E_NOT_FOUND, "cannot tell which kernel this module is "
			      "built for (no configured kernel tree in -I/-include or the current "
			      "directory); set BTFCC_KERNEL_DIR or BTFCC_BTF");
		return NULL;
	}
	p = xasprintf("%s/vmlinux", kt->dir);
	if (exists(p))
		return p;
	tried_add(&t, p, NULL);
	free(p);
	p = running_kernel_btf(kt->release, &t);
	if (p)
		return p;
	p = xasprintf("%s/vmlinuz-%s", boot_dir(), kt->release);
	if (image_matches(p, kt->release, &t))
		return p;
	image_absent = !exists(p);
	free(p);
	p = xasprintf("/usr/lib/debug/boot/vmlinux-%s", kt->release);
	if (exists(p))
		return p;
	tried_add(&t, p, NULL);
	free(p);
	p = xasprintf("/usr/lib/debug/lib/modules/%s/vmlinux", kt->release);
	if (exists(p))
		return p;
	tried_add(&t, p, NULL);
	free(p);
	/*
	 * The usual cause: the headers were configured before the image (a
	 * DKMS build from the headers' hook). Say so; the image's own hook
	 * builds the module again (docs/distribution.md).
	 */
	btfcc_err_set(err, BTFCC_E_NOT_FOUND, "no BTF for kernel %s%s (tried %s): apt-get install "
		      "linux-image-%s, or set BTFCC_BTF to that kernel's vmlinux or vmlinuz",
		      kt->release, image_absent ? " yet: its image is not installed" : "",
		      t.text, kt->release);
	return NULL;
}
