// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ident.h"

/*
 * C keywords and the GNU spellings gcc and clang reserve, sorted by strcmp()
 * for bsearch(): every BTF name of a full dump is checked against them.
 */
static const char *const c_keywords[] = {
	"_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Decimal128",
	"_Decimal32", "_Decimal64", "_Float128", "_Float16", "_Float32", "_Float32x",
	"_Float64", "_Float64x", "_Generic", "_Imaginary", "_Noreturn",
	"_Static_assert", "_Thread_local", "__alignof", "__alignof__", "__asm",
	"__asm__", "__attribute", "__attribute__", "__auto_type",
	"__builtin_choose_expr", "__builtin_offsetof", "__builtin_types_compatible_p",
	"__builtin_va_arg", "__complex", "__complex__", "__const", "__const__",
	"__extension__", "__float128", "__imag", "__imag__", "__inline", "__inline__",
	"__int128", "__int128_t", "__label__", "__null", "__real", "__real__",
	"__restrict", "__restrict__", "__seg_fs", "__seg_gs", "__signed", "__signed__",
	"__thread", "__typeof", "__typeof__", "__uint128_t", "__volatile",
	"__volatile__", "asm", "auto", "break", "case", "char", "const", "continue",
	"default", "do", "double", "else", "enum", "extern", "float", "for", "goto",
	"if", "inline", "int", "long", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "struct", "switch", "typedef", "typeof", "union",
	"unsigned", "void", "volatile", "while",
};

static int cmp_keyword(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* [A-Za-z_] starts an identifier, [A-Za-z0-9_] continues it: 1 and 2. */
static unsigned char ident_class(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return 3;
	return c >= '0' && c <= '9' ? 2 : 0;
}

#define N_KEYWORDS (sizeof(c_keywords) / sizeof(c_keywords[0]))

/*
 * Bit n of by_first[c] (by_last[c]): some keyword of length n starts (ends)
 * with c. Built on first use from the one list above.
 */
static unsigned int kw_by_first[128], kw_by_last[128];

static void keyword_gate_init(void)
{
	size_t i;

	for (i = 0; i < N_KEYWORDS; i++) {
		size_t n = strlen(c_keywords[i]);

		kw_by_first[(unsigned char)c_keywords[i][0]] |= 1u << n;
		kw_by_last[(unsigned char)c_keywords[i][n - 1]] |= 1u << n;
	}
}

/*
 * Every BTF name of a full dump comes through here, most of them twice:
 * a plain loop, and the keyword search only for a name whose length, first
 * and last letter some keyword has (a few in a hundred).
 */
bool ident_is_valid(const char *name)
{
	static bool gate_ready;
	unsigned char first, last;
	size_t n;

	if (!name || !(ident_class((unsigned char)*name) & 1))
		return false;
	for (n = 1; name[n]; n++)
		if (!ident_class((unsigned char)name[n]))
			return false;
	if (n > 255)
		return false;
	if (!gate_ready) {
		keyword_gate_init();
		gate_ready = true;
	}
	first = (unsigned char)name[0];
	last = (unsigned char)name[n - 1];
	if (n >= 32 || !(kw_by_first[first] & kw_by_last[last] & (1u << n)))
		return true;
	return !bsearch(&name, c_keywords, N_KEYWORDS, sizeof(c_keywords[0]), cmp_keyword);
}

/* Spellings gcc and clang write into DWARF, which pahole copies into BTF. */
static const char *const known_spellings[] = {
	"char", "signed char", "unsigned char", "short int", "short unsigned int",
	"int", "unsigned int", "long int", "long unsigned int", "long long int",
	"long long unsigned int", "__int128", "__int128 unsigned",
	"unsigned __int128", "_Bool", "float", "double", "long double",
	"short", "unsigned short", "long", "unsigned long", "long long",
	"unsigned long long", "signed", "unsigned", "bool",
};

static const char *int_by_size(unsigned int size, bool is_signed, bool is_char)
{
	switch (size) {
	case 1:
		return is_char ? "char" : is_signed ? "signed char" : "unsigned char";
	case 2:
		return is_signed ? "short" : "unsigned short";
	case 4:
		return is_signed ? "int" : "unsigned int";
	case 8:
		return is_signed ? "long long" : "unsigned long long";
	case 16:
		return is_signed ? "__int128" : "unsigned __int128";
	}
	return NULL;
}

const char *ident_base_type(const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(btf, t->name_off);
	size_t i;

	for (i = 0; name && i < sizeof(known_spellings) / sizeof(known_spellings[0]); i++)
		if (!strcmp(name, known_spellings[i]))
			return strcmp(name, "bool") ? name : "_Bool";
	if (btf_is_float(t)) {
		switch (t->size) {
		case 4: return "float";
		case 8: return "double";
		case 16: return "long double";
		}
		return NULL;
	}
	if (btf_int_encoding(t) & BTF_INT_BOOL)
		return t->size == 1 ? "_Bool" : NULL;
	return int_by_size(t->size, btf_int_encoding(t) & BTF_INT_SIGNED,
			   btf_int_encoding(t) & BTF_INT_CHAR);
}
