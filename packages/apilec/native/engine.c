/* What both engine implementations share. */
#include <stdio.h>
#include <string.h>

#include "engine.h"

void engine_keep_message(struct engine_result *result, size_t *kept, const void *data, size_t length) {
  size_t room = sizeof result->message - 1 - *kept;
  if (length > room) length = room;
  memcpy(result->message + *kept, data, length);
  *kept += length;
  result->message[*kept] = '\0';
}

void engine_keep_output(struct engine_result *result, const void *data, size_t length, size_t output_max) {
  enum bytes_status appended = bytes_append(&result->output, data, length, output_max);
  if (appended == BYTES_OK) return;
  result->outcome = appended == BYTES_TOO_LARGE ? ENGINE_TOO_LARGE : ENGINE_SYSTEM;
  snprintf(result->message, sizeof result->message, "%s",
           appended == BYTES_TOO_LARGE ? "the engine printed more than expected" : "out of memory");
}
