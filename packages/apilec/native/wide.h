/* Windows: narrow (ANSI code page) to UTF-16, for the W functions that take any path. */
#ifndef APILEC_WIDE_H
#define APILEC_WIDE_H

#include <wchar.h>

/* A new UTF-16 copy of a string in the ANSI code page (free it), or NULL. */
wchar_t *wide_from_ansi(const char *text);

#endif
