/* Linux and other POSIX systems. */
#ifndef _WIN32
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "platform.h"

int platform_folder(const char *given, char *out, size_t size) {
  size_t length = strlen(given);
  if (length >= size) return 0;
  memcpy(out, given, length + 1);
  return 1;
}

FILE *platform_fopen(const char *path, const char *mode) { return fopen(path, mode); }

int platform_mkdir(const char *path) { return mkdir(path, 0755) == 0; }

int platform_is_absolute(const char *path) { return path[0] == '/'; }

uint64_t platform_now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

void platform_wipe(void *data, size_t length) {
  volatile unsigned char *bytes = data;
  while (length--) *bytes++ = 0;
}

void platform_utc_time(char out[32]) {
  time_t now = time(NULL);
  struct tm utc;
  gmtime_r(&now, &utc);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &utc);
}
#endif
