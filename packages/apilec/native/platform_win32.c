/* Windows. */
#ifdef _WIN32
#include <windows.h>

#include <stdlib.h>
#include <time.h>

#include "platform.h"
#include "wide.h"

int platform_folder(const char *given, char *out, size_t size) {
  int length = MultiByteToWideChar(CP_ACP, 0, given, -1, NULL, 0);
  wchar_t *wide = length > 0 ? malloc((size_t)length * sizeof *wide) : NULL;
  int fits = wide && MultiByteToWideChar(CP_ACP, 0, given, -1, wide, length) == length &&
             WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, (int)size, NULL, NULL) > 0;
  free(wide);
  return fits;
}

FILE *platform_fopen(const char *path, const char *mode) {
  wchar_t *wide_path = wide_from_utf8(path);
  wchar_t *wide_mode = wide_from_utf8(mode);
  FILE *file = wide_path && wide_mode ? _wfopen(wide_path, wide_mode) : NULL;
  free(wide_path);
  free(wide_mode);
  return file;
}

int platform_mkdir(const char *path) {
  wchar_t *wide = wide_from_utf8(path);
  int made = wide && CreateDirectoryW(wide, NULL);
  free(wide);
  return made;
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

wchar_t *wide_from_utf8(const char *text) {
  int length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
  wchar_t *wide = length > 0 ? malloc((size_t)length * sizeof *wide) : NULL;
  if (wide && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, wide, length) != length) {
    free(wide);
    return NULL;
  }
  return wide;
}
#endif
