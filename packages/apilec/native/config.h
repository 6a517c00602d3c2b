/* The part of api_lec.ini the library itself reads. */
#ifndef APILEC_CONFIG_H
#define APILEC_CONFIG_H

#include <stddef.h>

/* Longest folder, file or command accepted, in bytes. */
#define APILEC_PATH_MAX 4096
/* Largest api_lec.ini read, as the reader's limit (CONFIG_MAX_BYTES): a real one is a few hundred bytes. */
#define APILEC_INI_MAX (1024 * 1024)
/* A reason for a failure, for the journal. */
#define APILEC_WHY_MAX 512

struct apilec_config {
  char ini_path[APILEC_PATH_MAX];     /* <folder>api_lec.ini, given to the engine as --config */
  char command[APILEC_PATH_MAX];      /* OpenVitaleCommande: a bare name searched in PATH, or an absolute path */
  char script[APILEC_PATH_MAX];       /* OpenVitaleScript: a JavaScript file given to the command first, or "" */
  char transport[8];                  /* OpenVitaleTransport: "", "pcsc", "galss" or "demo" */
  char demo_profile[APILEC_PATH_MAX]; /* OpenVitaleProfilDemo, or "" */
  char demo_fault[64];                /* OpenVitaleIncidentDemo, or "" */
  char journal[APILEC_PATH_MAX];      /* OpenVitaleJournal: a file the library appends one line per call to, or "" */
  unsigned long read_timeout_ms;      /* DelaiLectureMs (the engine's own read deadline), default 10 000 */
  unsigned long startup_ms;           /* OpenVitaleDelaiDemarrageMs (allowance to start the engine), default 15 000 */
  unsigned short mode;                /* APILEC_MODE_* */
};

/*
 * Reads <dir>api_lec.ini into *config; dir is in the system's encoding (the
 * ANSI code page on Windows), the fields in the library's (bytes on POSIX,
 * UTF-8 on Windows). Returns APILEC_OK, APILEC_E_BAD_PARAMETER
 * (dir empty or too long), APILEC_E_INI_MISSING or APILEC_E_INI_INVALID, with
 * the reason in why.
 */
unsigned short config_load(const char *dir, struct apilec_config *config, char why[APILEC_WHY_MAX]);

#endif
