/* Windows: the library's UTF-8 strings to UTF-16, for the W functions that take any path. */
#ifndef APILEC_WIDE_H
#define APILEC_WIDE_H

#include <wchar.h>

/* A new UTF-16 copy of a UTF-8 string (free it), or NULL. */
wchar_t *wide_from_utf8(const char *text);

#endif
