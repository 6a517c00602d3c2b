/* Windows. Narrow strings are in the ANSI code page, as the closed API's callers pass them. */
#ifdef _WIN32
#include <windows.h>

#include <stdlib.h>
#include <time.h>

#include "platform.h"
#include "wide.h"

FILE *platform_fopen(const char *path, const char *mode) {
  wchar_t *wide_path = wide_from_ansi(path);
  wchar_t *wide_mode = wide_from_ansi(mode);
  FILE *file = wide_path && wide_mode ? _wfopen(wide_path, wide_mode) : NULL;
  free(wide_path);
  free(wide_mode);
  return file;
}

int platform_is_absolute(const char *path) {
  int drive = ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) && path[1] == ':' &&
              (path[2] == '\\' || path[2] == '/');
  int unc = (path[0] == '\\' || path[0] == '/') && (path[1] == '\\' || path[1] == '/');
  return drive || unc;
}

/* GetTickCount64, not GetTickCount: the 32-bit counter wraps after 49.7 days. */
uint64_t platform_now_ms(void) { return GetTickCount64(); }

void platform_wipe(void *data, size_t length) { SecureZeroMemory(data, length); }

void platform_utc_time(char out[32]) {
  SYSTEMTIME utc;
  GetSystemTime(&utc);
  _snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", utc.wYear, utc.wMonth, utc.wDay, utc.wHour, utc.wMinute,
            utc.wSecond);
  out[31] = '\0';
}

wchar_t *wide_from_ansi(const char *text) {
  int length = MultiByteToWideChar(CP_ACP, 0, text, -1, NULL, 0);
  wchar_t *wide = length > 0 ? malloc((size_t)length * sizeof *wide) : NULL;
  if (wide && MultiByteToWideChar(CP_ACP, 0, text, -1, wide, length) != length) {
    free(wide);
    return NULL;
  }
  return wide;
}
#endif
