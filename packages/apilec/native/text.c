#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/apilec.h"

static const char SAVE_AS[] = "save it as UTF-8 or ANSI (Latin-1) text";

/* Appends a code point as UTF-8 (out has room for 4 bytes). */
static size_t put_utf8(unsigned long c, char *out) {
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* Whether the bytes are well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF). */
static int is_utf8(const unsigned char *b, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned long c;
    size_t extra, k;
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    if (b[i] >= 0xC2 && b[i] <= 0xDF) extra = 1, c = b[i] & 0x1F;
    else if (b[i] >= 0xE0 && b[i] <= 0xEF) extra = 2, c = b[i] & 0x0F;
    else if (b[i] >= 0xF0 && b[i] <= 0xF4) extra = 3, c = b[i] & 0x07;
    else return 0;
    if (i + extra >= n) return 0;
    for (k = 1; k <= extra; k++) {
      if ((b[i + k] & 0xC0) != 0x80) return 0;
      c = (c << 6) | (b[i + k] & 0x3F);
    }
    if ((extra == 2 && c < 0x800) || (extra == 3 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF))
      return 0;
    i += extra + 1;
  }
  return 1;
}

static unsigned short refuse(char why[APILEC_WHY_MAX], const char *what) {
  snprintf(why, APILEC_WHY_MAX, "api_lec.ini %s: %s", what, SAVE_AS);
  return APILEC_E_INI_INVALID;
}

unsigned short text_decode(const unsigned char *bytes, size_t length, char **text, size_t *text_length,
                           char why[APILEC_WHY_MAX]) {
  /* Latin-1 doubles at most; UTF-16 gives at most 3 bytes for 2. */
  char *out = malloc(length * 2 + 1);
  size_t n = 0, i;
  if (!out) {
    snprintf(why, APILEC_WHY_MAX, "out of memory");
    return APILEC_E_SYSTEM;
  }
  if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
    if (!is_utf8(bytes + 3, length - 3)) {
      free(out);
      return refuse(why, "starts with a UTF-8 byte-order mark but is not valid UTF-8");
    }
    memcpy(out, bytes + 3, n = length - 3);
  } else if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
    int little = bytes[0] == 0xFF;
    for (i = 2; i < length; i += 2) {
      unsigned long unit, low;
      if (i + 1 >= length) break;
      unit = little ? (unsigned long)(bytes[i] | bytes[i + 1] << 8) : (unsigned long)(bytes[i] << 8 | bytes[i + 1]);
      if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < length) {
        low = little ? (unsigned long)(bytes[i + 2] | bytes[i + 3] << 8)
                     : (unsigned long)(bytes[i + 2] << 8 | bytes[i + 3]);
        if (low < 0xDC00 || low > 0xDFFF) break;
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else if (unit >= 0xD800 && unit <= 0xDFFF) {
        break;
      }
      n += put_utf8(unit, out + n);
    }
    if (i < length) {
      free(out);
      return refuse(why, "starts with a UTF-16 byte-order mark but is not valid UTF-16");
    }
  } else if (memchr(bytes, '\0', length)) {
    free(out);
    return refuse(why, "holds NUL bytes: it is binary, or UTF-16 without a byte-order mark");
  } else if (is_utf8(bytes, length)) {
    memcpy(out, bytes, n = length);
  } else {
    for (i = 0; i < length; i++) n += put_utf8(bytes[i], out + n);
  }
  if (memchr(out, '\0', n)) {
    free(out);
    return refuse(why, "holds NUL characters");
  }
  out[n] = '\0';
  *text = out;
  *text_length = n;
  return APILEC_OK;
}
