#include "bytes.h"

#include <stdlib.h>
#include <string.h>

#include "platform.h"

enum bytes_status bytes_append(struct bytes *buffer, const void *data, size_t length, size_t max) {
  if (length > max - buffer->length) return BYTES_TOO_LARGE;
  if (buffer->length + length > buffer->capacity) {
    size_t capacity = buffer->capacity ? buffer->capacity : 4096;
    unsigned char *grown;
    while (capacity < buffer->length + length) capacity *= 2;
    if (capacity > max) capacity = max;
    /* Not realloc: the old block would be freed without being wiped. */
    grown = malloc(capacity);
    if (!grown) return BYTES_NO_MEMORY;
    if (buffer->data) {
      memcpy(grown, buffer->data, buffer->length);
      platform_wipe(buffer->data, buffer->capacity);
      free(buffer->data);
    }
    buffer->data = grown;
    buffer->capacity = capacity;
  }
  memcpy(buffer->data + buffer->length, data, length);
  buffer->length += length;
  return BYTES_OK;
}

void bytes_free(struct bytes *buffer) {
  if (buffer->data) {
    platform_wipe(buffer->data, buffer->capacity);
    free(buffer->data);
  }
  buffer->data = NULL;
  buffer->length = buffer->capacity = 0;
}
