/*
 * The three exported functions: their arguments, the library's state, and
 * the meaning of the engine's exit codes.
 *
 * The engine is the openvitale command (packages/cli), started for each read
 * as `openvitale read --format=xml --identification --config=<ini> --wait=<s>`:
 * its standard output is the official-profile XML, copied as is into the
 * caller's buffer, and its exit code (packages/cli/src/exit-codes.ts, stable
 * and documented) gives the error code and the card state. Nothing has to be
 * running between reads, and no card data stays in memory after a call.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "../include/apilec.h"
#include "config.h"
#include "engine.h"
#include "journal.h"
#include "platform.h"

/* The identification of the ~20 persons a card can hold is a few kilobytes; far more is not a card's. */
#define OUTPUT_MAX (4u * 1024u * 1024u)

/* One call at a time: a second concurrent call fails at once (APILEC_E_BUSY), it does not queue. */
static atomic_flag busy = ATOMIC_FLAG_INIT;

static struct {
  int initialised;
  struct apilec_config config;
  struct engine engine;
} state;

/* Hn_Init's work in progress: the state changes only when it succeeds. */
static struct apilec_config next_config;
static struct engine next_engine;

static unsigned short answer(unsigned short code, unsigned short *pusCodeErreur) {
  *pusCodeErreur = code;
  return code;
}

/* The CLI's exit codes (packages/cli/src/exit-codes.ts) as an error code and a card state. */
static void map_exit_code(int exit_code, unsigned short *code, short *card) {
  switch (exit_code) {
    case 2: /* bad usage: the arguments are ours, so a key of api_lec.ini the engine refused */
      *code = APILEC_E_INI_INVALID;
      break;
    case 3:
      *code = APILEC_E_NO_CARD;
      *card = APILEC_CARD_ABSENT;
      break;
    case 4:
      *code = APILEC_E_NOT_VITALE;
      *card = APILEC_CARD_NOT_VITALE;
      break;
    case 5:
      *code = APILEC_E_CARD_REMOVED;
      *card = APILEC_CARD_REMOVED;
      break;
    case 6:
      *code = APILEC_E_READER_UNAVAILABLE;
      break;
    case 7:
      *code = APILEC_E_READ_FAILED;
      *card = APILEC_CARD_ERROR;
      break;
    case 9: /* a Vitale 1: its layout is not public (docs/domain/vitale-card.md §4) */
      *code = APILEC_E_VITALE_1;
      *card = APILEC_CARD_VITALE_1;
      break;
    case 126: /* not the CLI's: what env or a shell exits with when the interpreter (node) cannot run */
    case 127: /* or is not in PATH: npm's "#!/usr/bin/env node" on a host without node */
      *code = APILEC_E_ENGINE_MISSING;
      break;
    case 130:
      *code = APILEC_E_INTERRUPTED;
      break;
    default: /* 1, a bug of the engine, or a code this library does not know */
      *code = APILEC_E_ENGINE_FAILED;
      break;
  }
}

/*
 * Runs the engine for one read and interprets what it did. Options are
 * written --name=value: a value that starts with "-" (a folder named so)
 * is then never taken for an option.
 */
static unsigned short read_card(short wait_seconds, char *out, unsigned int *out_length, short *card, char *detail) {
  /* Static: one call at a time (busy), and a host thread's stack may be small. */
  static char config_option[APILEC_PATH_MAX + 16], profile_option[APILEC_PATH_MAX + 24];
  static char wait_option[24], transport_option[32], fault_option[96];
  const struct apilec_config *config = &state.config;
  const char *arguments[8];
  size_t count = 0;
  struct engine_result run;
  unsigned short code = APILEC_OK;
  uint64_t timeout_ms = (uint64_t)wait_seconds * 1000u + config->read_timeout_ms + config->startup_ms;

  snprintf(config_option, sizeof config_option, "--config=%s", config->ini_path);
  snprintf(wait_option, sizeof wait_option, "--wait=%d", wait_seconds);
  arguments[count++] = "read";
  arguments[count++] = "--format=xml";
  arguments[count++] = "--identification";
  arguments[count++] = config_option;
  arguments[count++] = wait_option;
  if (config->transport[0]) {
    snprintf(transport_option, sizeof transport_option, "--transport=%s", config->transport);
    arguments[count++] = transport_option;
  }
  if (config->demo_profile[0]) {
    snprintf(profile_option, sizeof profile_option, "--demo-profile=%s", config->demo_profile);
    arguments[count++] = profile_option;
  }
  if (config->demo_fault[0]) {
    snprintf(fault_option, sizeof fault_option, "--demo-fault=%s", config->demo_fault);
    arguments[count++] = fault_option;
  }

  engine_run(&state.engine, arguments, count, timeout_ms, OUTPUT_MAX, &run);
  snprintf(detail, APILEC_WHY_MAX, "%s", run.message);
  switch (run.outcome) {
    case ENGINE_NOT_STARTED:
      code = APILEC_E_ENGINE_MISSING;
      break;
    case ENGINE_SYSTEM:
      code = APILEC_E_SYSTEM;
      break;
    case ENGINE_TIMED_OUT:
      code = APILEC_E_ENGINE_TIMEOUT;
      snprintf(detail, APILEC_WHY_MAX, "the engine did not end within %lu ms and was stopped",
               (unsigned long)timeout_ms);
      break;
    case ENGINE_TOO_LARGE:
    case ENGINE_SIGNALLED:
      code = APILEC_E_ENGINE_FAILED;
      break;
    case ENGINE_EXITED:
      if (run.exit_code != 0) {
        map_exit_code(run.exit_code, &code, card);
      } else if (run.output.length < 5 || memcmp(run.output.data, "<?xml", 5) != 0) {
        code = APILEC_E_ENGINE_FAILED;
        snprintf(detail, APILEC_WHY_MAX, "the engine ended well but printed no XML: is it @openvitale/cli?");
      } else {
        *card = APILEC_CARD_READ;
        if (run.output.length > *out_length) {
          code = APILEC_E_BUFFER_TOO_SMALL;
          snprintf(detail, APILEC_WHY_MAX, "the XML takes %lu bytes, the buffer %u",
                   (unsigned long)run.output.length, *out_length);
        } else {
          memcpy(out, run.output.data, run.output.length);
        }
        *out_length = (unsigned int)run.output.length;
      }
      break;
  }
  bytes_free(&run.output);
  return code;
}

APILEC_EXPORT unsigned short APILEC_CALL Hn_Init(unsigned char *pcChemin, unsigned short *pusMode,
                                                 unsigned short *pusCodeErreur) {
  char why[APILEC_WHY_MAX] = "";
  unsigned short code;
  if (!pusCodeErreur) return APILEC_E_NULL_POINTER;
  if (!pcChemin || !pusMode) return answer(APILEC_E_NULL_POINTER, pusCodeErreur);
  if (atomic_flag_test_and_set(&busy)) return answer(APILEC_E_BUSY, pusCodeErreur);
  if (state.initialised) {
    code = APILEC_E_ALREADY_INITIALISED;
    journal_write(state.config.journal, "Hn_Init", code, -1, "Hn_Init was already called: call Hn_Finir first");
  } else {
    code = config_load((const char *)pcChemin, &next_config, why);
    if (code == APILEC_OK) code = engine_locate(&next_config, &next_engine, why);
    if (code == APILEC_OK) {
      state.config = next_config;
      state.engine = next_engine;
      state.initialised = 1;
      *pusMode = state.config.mode;
    }
    /* Written once the journal's own key was read, even if a later line is wrong. */
    journal_write(next_config.journal, "Hn_Init", code, -1, why);
  }
  atomic_flag_clear(&busy);
  return answer(code, pusCodeErreur);
}

APILEC_EXPORT unsigned short APILEC_CALL Hn_LectureVitaleDonneesIdentification(short sTempsAttente, char *pcDataOut,
                                                                               unsigned int *puiLgDataOut,
                                                                               short *psEtatCarte,
                                                                               unsigned short *pusCodeErreur) {
  char detail[APILEC_WHY_MAX] = "";
  unsigned short code;
  if (!pusCodeErreur) return APILEC_E_NULL_POINTER;
  if (psEtatCarte) *psEtatCarte = APILEC_CARD_UNKNOWN;
  if (!pcDataOut || !puiLgDataOut || !psEtatCarte) return answer(APILEC_E_NULL_POINTER, pusCodeErreur);
  if (atomic_flag_test_and_set(&busy)) return answer(APILEC_E_BUSY, pusCodeErreur);
  if (!state.initialised) {
    code = APILEC_E_NOT_INITIALISED;
    *puiLgDataOut = 0;
  } else if (sTempsAttente < 0) {
    code = APILEC_E_BAD_PARAMETER;
    *puiLgDataOut = 0;
    snprintf(detail, sizeof detail, "the wait is %d s: give 0 or more", sTempsAttente);
  } else {
    code = read_card(sTempsAttente, pcDataOut, puiLgDataOut, psEtatCarte, detail);
    if (code != APILEC_OK && code != APILEC_E_BUFFER_TOO_SMALL) *puiLgDataOut = 0;
  }
  journal_write(state.initialised ? state.config.journal : NULL, "Hn_LectureVitaleDonneesIdentification", code,
                *psEtatCarte, detail);
  atomic_flag_clear(&busy);
  return answer(code, pusCodeErreur);
}

APILEC_EXPORT unsigned short APILEC_CALL Hn_Finir(unsigned short *pusCodeErreur) {
  unsigned short code = APILEC_OK;
  if (!pusCodeErreur) return APILEC_E_NULL_POINTER;
  if (atomic_flag_test_and_set(&busy)) return answer(APILEC_E_BUSY, pusCodeErreur);
  if (!state.initialised) {
    code = APILEC_E_NOT_INITIALISED;
  } else {
    journal_write(state.config.journal, "Hn_Finir", code, -1, NULL);
    state.initialised = 0;
  }
  atomic_flag_clear(&busy);
  return answer(code, pusCodeErreur);
}
