// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc: CC for out-of-tree kernel modules. A file that needs imports is
 * handed to btfcc-import, so that btfcc itself never loads libclang (about
 * 20 ms, which every kbuild probe and every compile needing nothing would
 * pay).
 */
#include "driver.h"

int main(int argc, char **argv)
{
	return driver_main(argc, argv, import_exec_helper);
}
