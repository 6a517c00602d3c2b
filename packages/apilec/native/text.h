/*
 * The text of api_lec.ini, decoded as the reader decodes it (packages/reader,
 * src/text-file.ts), so that the library and the engine read one file alike:
 * UTF-8 with or without a byte-order mark, UTF-16 with one, else Latin-1
 * ("ANSI" for Western European text); NUL bytes without a mark refused.
 */
#ifndef APILEC_TEXT_H
#define APILEC_TEXT_H

#include <stddef.h>

#include "config.h"

/*
 * The bytes as UTF-8 in a new NUL-terminated string (free it). Returns
 * APILEC_OK, APILEC_E_INI_INVALID with the reason in why, or APILEC_E_SYSTEM.
 */
unsigned short text_decode(const unsigned char *bytes, size_t length, char **text, size_t *text_length,
                           char why[APILEC_WHY_MAX]);

#endif
