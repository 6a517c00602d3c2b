/* What both engine implementations share. */
#include <string.h>

#include "engine.h"

void engine_keep_message(struct engine_result *result, size_t *kept, const void *data, size_t length) {
  size_t room = sizeof result->message - 1 - *kept;
  if (length > room) length = room;
  memcpy(result->message + *kept, data, length);
  *kept += length;
  result->message[*kept] = '\0';
}
