/*
 * probe: loads the library at run time, as integrators' software does
 * (dlopen / LoadLibrary, then the functions by name), and makes the calls
 * its arguments list, printing one JSON line per call.
 *
 *   probe [--names plain|decorated|underscore] LIBRARY STEP...
 *
 *   init:DIR                    Hn_Init(DIR, &mode, &err)
 *   init-null:chemin|mode|err   Hn_Init with that pointer NULL (the folder is ".")
 *   read:WAIT:SIZE[:FILE]       Hn_LectureVitaleDonneesIdentification with a SIZE-byte buffer;
 *                               the bytes returned go to FILE
 *   read-null:data|length|state|err
 *   finir                       Hn_Finir(&err)
 *   finir-null                  Hn_Finir(NULL)
 *   busy:WAIT                   a read of WAIT seconds in a second thread, and Hn_Finir
 *                               from this one while it runs
 *   ignore-sigchld              (POSIX) signal(SIGCHLD, SIG_IGN), as some hosts do
 *
 * --names chooses the exported name looked up on 32-bit Windows: Hn_Init,
 * Hn_Init@12 or _Hn_Init@12.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/apilec.h"

#ifdef _WIN32
#include <windows.h>
typedef HMODULE library_t;
#define open_library(path) LoadLibraryA(path)
#define find(library, name) ((void *)GetProcAddress(library, name))
#define pause_ms(ms) Sleep(ms)
#else
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
typedef void *library_t;
#define open_library(path) dlopen(path, RTLD_NOW | RTLD_LOCAL)
#define find(library, name) dlsym(library, name)
static void pause_ms(unsigned ms) {
  struct timespec pause = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  nanosleep(&pause, NULL);
}
#endif

typedef unsigned short(APILEC_CALL *init_fn)(unsigned char *, unsigned short *, unsigned short *);
typedef unsigned short(APILEC_CALL *read_fn)(short, char *, unsigned int *, short *, unsigned short *);
typedef unsigned short(APILEC_CALL *finir_fn)(unsigned short *);

static init_fn hn_init;
static read_fn hn_read;
static finir_fn hn_finir;

static void *lookup(library_t library, const char *names, const char *name, int bytes) {
  char decorated[96];
  void *address;
  if (strcmp(names, "decorated") == 0)
    snprintf(decorated, sizeof decorated, "%s@%d", name, bytes);
  else if (strcmp(names, "underscore") == 0)
    snprintf(decorated, sizeof decorated, "_%s@%d", name, bytes);
  else
    snprintf(decorated, sizeof decorated, "%s", name);
  address = find(library, decorated);
  if (!address) {
    fprintf(stderr, "probe: %s is not exported\n", decorated);
    exit(2);
  }
  return address;
}

/* The next ':'-separated field; DIR and FILE are always the rest, so a drive's colon is kept. */
static char *field(char **cursor) {
  char *start = *cursor, *colon;
  if (!start) return NULL;
  colon = strchr(start, ':');
  if (colon) {
    *colon = '\0';
    *cursor = colon + 1;
  } else {
    *cursor = NULL;
  }
  return start;
}

static void do_init(char *dir, const char *null) {
  unsigned short mode = 0xFFFF, err = 0xFFFF, ret;
  ret = hn_init(strcmp(null, "chemin") == 0 ? NULL : (unsigned char *)dir, strcmp(null, "mode") == 0 ? NULL : &mode,
                strcmp(null, "err") == 0 ? NULL : &err);
  printf("{\"step\":\"init\",\"ret\":%u,\"err\":%u,\"mode\":%u}\n", ret, err, mode);
}

static void do_read(short wait, unsigned size, const char *file, const char *null) {
  char *buffer = malloc(size ? size : 1);
  unsigned int length = size;
  short card = -1;
  unsigned short err = 0xFFFF, ret;
  ret = hn_read(wait, strcmp(null, "data") == 0 ? NULL : buffer, strcmp(null, "length") == 0 ? NULL : &length,
                strcmp(null, "state") == 0 ? NULL : &card, strcmp(null, "err") == 0 ? NULL : &err);
  printf("{\"step\":\"read\",\"ret\":%u,\"err\":%u,\"state\":%d,\"length\":%u}\n", ret, err, card, length);
  if (file && ret == APILEC_OK) {
    FILE *out = fopen(file, "wb");
    if (!out || fwrite(buffer, 1, length, out) != length) {
      fprintf(stderr, "probe: cannot write %s\n", file);
      exit(2);
    }
    fclose(out);
  }
  free(buffer);
}

static void do_finir(int null) {
  unsigned short err = 0xFFFF, ret = hn_finir(null ? NULL : &err);
  printf("{\"step\":\"finir\",\"ret\":%u,\"err\":%u}\n", ret, err);
}

static short busy_wait;
#ifdef _WIN32
static DWORD WINAPI busy_reader(LPVOID unused) {
  (void)unused;
  do_read(busy_wait, 65536, NULL, "");
  return 0;
}
#else
static void *busy_reader(void *unused) {
  (void)unused;
  do_read(busy_wait, 65536, NULL, "");
  return NULL;
}
#endif

static void do_busy(short wait) {
  busy_wait = wait;
#ifdef _WIN32
  HANDLE thread = CreateThread(NULL, 0, busy_reader, NULL, 0, NULL);
  pause_ms(1000);
  do_finir(0);
  WaitForSingleObject(thread, INFINITE);
  CloseHandle(thread);
#else
  pthread_t thread;
  pthread_create(&thread, NULL, busy_reader, NULL);
  pause_ms(1000);
  do_finir(0);
  pthread_join(thread, NULL);
#endif
}

int main(int argc, char **argv) {
  const char *names = "plain";
  library_t library;
  int i = 1;
  if (argc > 2 && strcmp(argv[1], "--names") == 0) {
    names = argv[2];
    i = 3;
  }
  if (i >= argc) {
    fprintf(stderr, "usage: probe [--names plain|decorated|underscore] LIBRARY STEP...\n");
    return 2;
  }
  library = open_library(argv[i]);
  if (!library) {
    fprintf(stderr, "probe: cannot load %s\n", argv[i]);
    return 2;
  }
  hn_init = (init_fn)lookup(library, names, "Hn_Init", 12);
  hn_read = (read_fn)lookup(library, names, "Hn_LectureVitaleDonneesIdentification", 20);
  hn_finir = (finir_fn)lookup(library, names, "Hn_Finir", 4);
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i++; i < argc; i++) {
    char *cursor = argv[i], *step = field(&cursor);
    if (strcmp(step, "init") == 0) {
      do_init(cursor ? cursor : "", "");
    } else if (strcmp(step, "init-null") == 0) {
      do_init(".", cursor ? cursor : "");
    } else if (strcmp(step, "read") == 0) {
      char *wait = field(&cursor), *size = field(&cursor);
      if (!wait || !size) {
        fprintf(stderr, "probe: read:WAIT:SIZE[:FILE]\n");
        return 2;
      }
      do_read((short)atoi(wait), (unsigned)strtoul(size, NULL, 10), cursor, "");
    } else if (strcmp(step, "read-null") == 0) {
      do_read(0, 65536, NULL, cursor ? cursor : "");
    } else if (strcmp(step, "finir") == 0) {
      do_finir(0);
    } else if (strcmp(step, "finir-null") == 0) {
      do_finir(1);
#ifndef _WIN32
    } else if (strcmp(step, "ignore-sigchld") == 0) {
      signal(SIGCHLD, SIG_IGN);
#endif
    } else if (strcmp(step, "busy") == 0) {
      do_busy((short)atoi(cursor ? cursor : "0"));
    } else {
      fprintf(stderr, "probe: unknown step %s\n", step);
      return 2;
    }
  }
  return 0;
}
