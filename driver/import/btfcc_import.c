// SPDX-License-Identifier: GPL-2.0-only
/* btfcc-import: the same wrapper, with the libclang scan and the BTF engine. */
#include "../driver.h"

int main(int argc, char **argv)
{
	return driver_main(argc, argv, import_build);
}
