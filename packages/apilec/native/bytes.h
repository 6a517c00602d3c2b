/* A growing byte buffer with a ceiling, wiped when freed (it may hold card data). */
#ifndef APILEC_BYTES_H
#define APILEC_BYTES_H

#include <stddef.h>

struct bytes {
  unsigned char *data;
  size_t length;
  size_t capacity;
};

enum bytes_status { BYTES_OK, BYTES_TOO_LARGE, BYTES_NO_MEMORY };

/* Appends, unless the result would exceed max bytes. */
enum bytes_status bytes_append(struct bytes *buffer, const void *data, size_t length, size_t max);

void bytes_free(struct bytes *buffer);

#endif
