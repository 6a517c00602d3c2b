/*
 * The engine: the openvitale command, started once per read with an argument
 * vector (never through a shell), its standard output collected, its lifetime
 * bounded, and never left running.
 */
#ifndef APILEC_ENGINE_H
#define APILEC_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "config.h"

#ifdef _WIN32
#include <wchar.h>
typedef wchar_t engine_char;
#else
typedef char engine_char;
#endif

/* What to start, found once by Hn_Init. */
struct engine {
  engine_char program[APILEC_PATH_MAX]; /* absolute path of the executable */
  engine_char script[APILEC_PATH_MAX];  /* absolute path of a JavaScript file given to it first, or empty */
};

/*
 * Finds the program (OpenVitaleCommande, else the PATH) and checks the script.
 * Returns APILEC_OK, APILEC_E_ENGINE_MISSING, or APILEC_E_INI_INVALID (a
 * command that cannot be run safely), with the reason in why.
 */
unsigned short engine_locate(const struct apilec_config *config, struct engine *engine, char why[APILEC_WHY_MAX]);

enum engine_outcome {
  ENGINE_EXITED,      /* exit_code is set */
  ENGINE_SIGNALLED,   /* ended by a signal or a forced termination it did not ask for */
  ENGINE_TIMED_OUT,   /* outlived the deadline: stopped */
  ENGINE_TOO_LARGE,   /* printed more than the ceiling: stopped */
  ENGINE_NOT_STARTED, /* the system could not start it (message says why) */
  ENGINE_SYSTEM       /* a pipe, memory or wait failed (message says why) */
};

struct engine_result {
  enum engine_outcome outcome;
  int exit_code;
  struct bytes output;              /* standard output; free with bytes_free */
  char message[APILEC_WHY_MAX];     /* the start of standard error, or why it failed */
};

/*
 * Runs the engine with these arguments (after the program and the script),
 * for at most timeout_ms, keeping at most output_max bytes of output. The
 * process and any process it started are gone when this returns.
 */
void engine_run(const struct engine *engine, const char *const *arguments, size_t count, uint64_t timeout_ms,
                size_t output_max, struct engine_result *result);

/*
 * Appends to the engine's standard output; past output_max bytes, or out of
 * memory, sets the outcome (ENGINE_TOO_LARGE, ENGINE_SYSTEM) and the message.
 */
void engine_keep_output(struct engine_result *result, const void *data, size_t length, size_t output_max);

/* Keeps the start of the engine's standard error as the message (kept: bytes kept so far). */
void engine_keep_message(struct engine_result *result, size_t *kept, const void *data, size_t length);

#endif
