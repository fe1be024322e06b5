// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <string.h>

#include "engine/ident.h"

static const char *const c_keywords[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do",
	"double", "else", "enum", "extern", "float", "for", "goto", "if",
	"inline", "int", "long", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "struct", "switch", "typedef", "union",
	"unsigned", "void", "volatile", "while", "_Alignas", "_Alignof",
	"_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
	"_Static_assert", "_Thread_local", "asm", "typeof", "__attribute__",
	"__typeof__", "__asm__", "__inline", "__inline__", "__restrict",
	"__const", "__volatile__", "__extension__", "__int128", "__label__",
	/* GNU spellings gcc and clang reserve as keywords. */
	"__typeof", "__attribute", "__alignof", "__alignof__", "__signed",
	"__signed__", "__const__", "__volatile", "__restrict__", "__real",
	"__real__", "__imag", "__imag__", "__thread", "__auto_type",
	"__complex", "__complex__", "__asm", "__builtin_offsetof",
	"__builtin_va_arg", "__builtin_types_compatible_p", "__builtin_choose_expr",
	"_Float16", "_Float32", "_Float64", "_Float128", "_Float32x", "_Float64x",
	"__float128", "__int128_t", "__uint128_t", "_Decimal32", "_Decimal64",
	"_Decimal128", "__seg_fs", "__seg_gs", "_Noreturn", "__null",
};

bool ident_is_valid(const char *name)
{
	const char *p;
	size_t i;

	if (!name || !(isalpha((unsigned char)*name) || *name == '_'))
		return false;
	for (p = name + 1; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return false;
	if (p - name > 255)
		return false;
	for (i = 0; i < sizeof(c_keywords) / sizeof(c_keywords[0]); i++)
		if (!strcmp(name, c_keywords[i]))
			return false;
	return true;
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
