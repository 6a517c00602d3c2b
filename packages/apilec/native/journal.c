#include "journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/apilec.h"
#include "platform.h"

static const char *code_name(unsigned short code) {
  switch (code) {
    case APILEC_OK: return "APILEC_OK";
    case APILEC_E_NULL_POINTER: return "APILEC_E_NULL_POINTER";
    case APILEC_E_BAD_PARAMETER: return "APILEC_E_BAD_PARAMETER";
    case APILEC_E_NOT_INITIALISED: return "APILEC_E_NOT_INITIALISED";
    case APILEC_E_ALREADY_INITIALISED: return "APILEC_E_ALREADY_INITIALISED";
    case APILEC_E_BUSY: return "APILEC_E_BUSY";
    case APILEC_E_INI_MISSING: return "APILEC_E_INI_MISSING";
    case APILEC_E_INI_INVALID: return "APILEC_E_INI_INVALID";
    case APILEC_E_ENGINE_MISSING: return "APILEC_E_ENGINE_MISSING";
    case APILEC_E_ENGINE_FAILED: return "APILEC_E_ENGINE_FAILED";
    case APILEC_E_ENGINE_TIMEOUT: return "APILEC_E_ENGINE_TIMEOUT";
    case APILEC_E_BUFFER_TOO_SMALL: return "APILEC_E_BUFFER_TOO_SMALL";
    case APILEC_E_SYSTEM: return "APILEC_E_SYSTEM";
    case APILEC_E_INTERRUPTED: return "APILEC_E_INTERRUPTED";
    case APILEC_E_NO_CARD: return "APILEC_E_NO_CARD";
    case APILEC_E_NOT_VITALE: return "APILEC_E_NOT_VITALE";
    case APILEC_E_CARD_REMOVED: return "APILEC_E_CARD_REMOVED";
    case APILEC_E_READER_UNAVAILABLE: return "APILEC_E_READER_UNAVAILABLE";
    case APILEC_E_READ_FAILED: return "APILEC_E_READ_FAILED";
    case APILEC_E_VITALE_1: return "APILEC_E_VITALE_1";
    default: return "?";
  }
}

/*
 * Creates the folder a journal is in when it is missing, one level only (the
 * README's C:\ProgramData\OpenVitale does not exist on a new desk); 0 when
 * it cannot.
 */
static int make_folder_of(const char *path) {
  size_t length = strlen(path), end = length;
  char *folder;
  int made;
  while (end > 0 && !strchr(PLATFORM_SEPARATORS, path[end - 1])) end--;
  if (end < 2) return 0;
  folder = malloc(end);
  if (!folder) return 0;
  memcpy(folder, path, end - 1);
  folder[end - 1] = '\0';
  made = platform_mkdir(folder);
  free(folder);
  return made;
}

void journal_write(const char *path, const char *function, unsigned short code, int card_state, const char *detail) {
  char time[32];
  FILE *file;
  if (!path || !path[0]) return;
  file = platform_fopen(path, "ab");
  if (!file && make_folder_of(path)) file = platform_fopen(path, "ab");
  if (!file) return; /* the journal is a help, never a reason for a call to fail */
  platform_utc_time(time);
  fprintf(file, "%s %s -> %s (%u)", time, function, code_name(code), code);
  if (card_state >= 0) fprintf(file, " card %d", card_state);
  if (detail && detail[0]) {
    const char *c, *end = detail + strlen(detail);
    while (end > detail && (unsigned char)end[-1] <= ' ') end--;
    fputs(": ", file);
    /* One line per call: the engine's message may end with a newline or span several. */
    for (c = detail; c < end; c++) fputc((unsigned char)*c < ' ' ? ' ' : *c, file);
  }
  fputs("\n", file);
  fclose(file);
}
