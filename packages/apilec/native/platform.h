/* What differs between POSIX and Windows outside of starting a process. */
#ifndef APILEC_PLATFORM_H
#define APILEC_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef _WIN32
#define PLATFORM_SEPARATORS "\\/"
#define PLATFORM_SEPARATOR '\\'
#else
#define PLATFORM_SEPARATORS "/"
#define PLATFORM_SEPARATOR '/'
#endif

/*
 * The library's narrow strings are bytes on POSIX and UTF-8 on Windows, where
 * api_lec.ini's values are decoded to UTF-8 and the folder given to Hn_Init
 * arrives in the ANSI code page (what its callers pass).
 */

/* The folder given to Hn_Init in the library's encoding; 0 when it does not fit or convert. */
int platform_folder(const char *given, char *out, size_t size);

/* fopen of a path in the library's encoding. */
FILE *platform_fopen(const char *path, const char *mode);

/* Creates one folder (its parent must exist); 0 when it cannot. */
int platform_mkdir(const char *path);

/* Whether a path is absolute: "/x" on POSIX; "C:\x", "C:/x" or "\\server\x" on Windows. */
int platform_is_absolute(const char *path);

/*
 * Milliseconds from a monotonic clock, on 64 bits: the closed API 6.31 fixed
 * a 32-bit millisecond counter that wrapped after 49.7 days of uptime
 * (docs/domain/official-api.md §1.1 [H]); this one never wraps.
 */
uint64_t platform_now_ms(void);

/* Overwrites memory that held card data, in a way the compiler cannot drop. */
void platform_wipe(void *data, size_t length);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ", for the journal. */
void platform_utc_time(char out[32]);

#endif
