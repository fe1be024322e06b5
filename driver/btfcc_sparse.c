// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc-sparse: make C=1 CC=btfcc CHECK=btfcc-sparse runs sparse on each
 * module source with the definitions btfcc imported for its compile.
 */
#include "driver.h"

int main(int argc, char **argv)
{
	return check_main(argc, argv);
}
