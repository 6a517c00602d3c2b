/*
 * api_lec.ini as the library reads it. The file is shared with the engine,
 * which gets it as --config and checks every key it knows (packages/reader,
 * src/config.ts); the library reads only what it needs to start the engine
 * and bound its lifetime, and checks the syntax of every line, so that a
 * malformed file fails at Hn_Init rather than at the first read.
 *
 * Syntax, as the reader's parser: key=value lines, CRLF, LF or CR line ends,
 * ';' and '#' comments, [section] lines allowed, keys without regard to case;
 * the bytes decoded as the reader decodes them (text.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/apilec.h"
#include "platform.h"
#include "text.h"

#define DEFAULT_READ_TIMEOUT_MS 10000UL
#define DEFAULT_STARTUP_MS 15000UL

static int same_key(const char *a, size_t a_length, const char *b) {
  size_t i;
  if (a_length != strlen(b)) return 0;
  for (i = 0; i < a_length; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
    if (x != y) return 0;
  }
  return 1;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Line 0: the file as a whole. */
static unsigned short invalid(char why[APILEC_WHY_MAX], unsigned line, const char *what) {
  if (line == 0)
    snprintf(why, APILEC_WHY_MAX, "api_lec.ini: %s", what);
  else
    snprintf(why, APILEC_WHY_MAX, "api_lec.ini:%u: %s", line, what);
  return APILEC_E_INI_INVALID;
}

/* Copies a value into a field, or says it is too long. */
static int store(char *field, size_t size, const char *value, size_t length) {
  if (length >= size) return 0;
  memcpy(field, value, length);
  field[length] = '\0';
  return 1;
}

/* A whole number of milliseconds within the reader's own bounds (100 to 600 000). */
static int milliseconds(const char *value, size_t length, unsigned long *out) {
  unsigned long n = 0;
  size_t i;
  if (length == 0 || length > 6) return 0;
  for (i = 0; i < length; i++) {
    if (value[i] < '0' || value[i] > '9') return 0;
    n = n * 10 + (unsigned long)(value[i] - '0');
  }
  if (n < 100 || n > 600000) return 0;
  *out = n;
  return 1;
}

static void lower(char *text) {
  for (; *text; text++)
    if (*text >= 'A' && *text <= 'Z') *text = (char)(*text - 'A' + 'a');
}

enum key {
  KEY_COMMAND,
  KEY_SCRIPT,
  KEY_TRANSPORT,
  KEY_DEMO_PROFILE,
  KEY_DEMO_FAULT,
  KEY_JOURNAL,
  KEY_STARTUP,
  KEY_MODE,
  KEY_READ_TIMEOUT,
  KEY_COUNT
};

static const char *const KEY_NAMES[KEY_COUNT] = {
    "OpenVitaleCommande", "OpenVitaleScript",  "OpenVitaleTransport",        "OpenVitaleProfilDemo",
    "OpenVitaleIncidentDemo", "OpenVitaleJournal", "OpenVitaleDelaiDemarrageMs", "Mode",
    "DelaiLectureMs",
};

/* Sets one key; returns 0 with why filled when its value is bad. */
static int set_key(struct apilec_config *config, enum key key, const char *value, size_t length, unsigned line,
                   char why[APILEC_WHY_MAX]) {
  char text[APILEC_PATH_MAX];
  if (!store(text, sizeof text, value, length)) {
    invalid(why, line, "the value is too long");
    return 0;
  }
  switch (key) {
    case KEY_COMMAND:
      if (text[0] == '\0' || (strpbrk(text, PLATFORM_SEPARATORS) && !platform_is_absolute(text))) {
        invalid(why, line, "OpenVitaleCommande takes a command name searched in PATH or an absolute path");
        return 0;
      }
      strcpy(config->command, text);
      return 1;
    case KEY_SCRIPT:
    case KEY_JOURNAL:
      if (!platform_is_absolute(text)) {
        invalid(why, line, key == KEY_SCRIPT ? "OpenVitaleScript takes an absolute path"
                                             : "OpenVitaleJournal takes an absolute path");
        return 0;
      }
      strcpy(key == KEY_SCRIPT ? config->script : config->journal, text);
      return 1;
    case KEY_TRANSPORT:
      lower(text);
      if (strcmp(text, "pcsc") != 0 && strcmp(text, "galss") != 0 && strcmp(text, "demo") != 0) {
        invalid(why, line, "OpenVitaleTransport must be pcsc, galss or demo");
        return 0;
      }
      strcpy(config->transport, text);
      return 1;
    case KEY_DEMO_PROFILE:
      if (strcmp(text, "demo") != 0 && strcmp(text, "none") != 0 && !platform_is_absolute(text)) {
        invalid(why, line, "OpenVitaleProfilDemo takes demo, none or the absolute path of a card profile");
        return 0;
      }
      strcpy(config->demo_profile, text);
      return 1;
    case KEY_DEMO_FAULT:
      if (!store(config->demo_fault, sizeof config->demo_fault, text, length) || length == 0) {
        invalid(why, line, "OpenVitaleIncidentDemo takes remove-before:N, remove-after:N or mute:N");
        return 0;
      }
      return 1;
    case KEY_STARTUP:
    case KEY_READ_TIMEOUT:
      if (!milliseconds(text, length, key == KEY_STARTUP ? &config->startup_ms : &config->read_timeout_ms)) {
        invalid(why, line, "the value must be a whole number of milliseconds, 100 to 600000");
        return 0;
      }
      return 1;
    case KEY_MODE:
      lower(text);
      if (strcmp(text, "pcsc") != 0 && strcmp(text, "galss") != 0) {
        invalid(why, line, "Mode must be PCSC or GALSS");
        return 0;
      }
      config->mode = strcmp(text, "galss") == 0 ? APILEC_MODE_GALSS : APILEC_MODE_PCSC;
      return 1;
    case KEY_COUNT:
      break;
  }
  return 0;
}

/* Parses the decoded text of an api_lec.ini (NUL-terminated, no NUL inside). */
static unsigned short config_parse(const char *text, size_t length, struct apilec_config *config,
                                   char why[APILEC_WHY_MAX]) {
  int seen[KEY_COUNT] = {0};
  const char *end = text + length;
  const char *cursor = text;
  unsigned line = 0;

  config->command[0] = config->script[0] = config->transport[0] = '\0';
  config->demo_profile[0] = config->demo_fault[0] = config->journal[0] = '\0';
  config->read_timeout_ms = DEFAULT_READ_TIMEOUT_MS;
  config->startup_ms = DEFAULT_STARTUP_MS;
  config->mode = APILEC_MODE_PCSC;

  while (cursor < end) {
    const char *stop = cursor, *first = cursor, *last, *eq;
    while (stop < end && *stop != '\n' && *stop != '\r') stop++;
    last = stop;
    cursor = stop < end && stop[0] == '\r' && stop + 1 < end && stop[1] == '\n' ? stop + 2 : stop + (stop < end);
    line++;
    while (first < last && is_space(*first)) first++;
    while (last > first && is_space(last[-1])) last--;
    if (first == last || *first == ';' || *first == '#' || (*first == '[' && last[-1] == ']')) continue;
    eq = memchr(first, '=', (size_t)(last - first));
    if (!eq || eq == first) return invalid(why, line, "expected key=value");
    {
      const char *key_end = eq, *value = eq + 1;
      int k;
      while (key_end > first && is_space(key_end[-1])) key_end--;
      while (value < last && is_space(*value)) value++;
      for (k = 0; k < KEY_COUNT; k++) {
        if (!same_key(first, (size_t)(key_end - first), KEY_NAMES[k])) continue;
        if (seen[k]) {
          char what[96];
          snprintf(what, sizeof what, "%s is set twice", KEY_NAMES[k]);
          return invalid(why, line, what);
        }
        seen[k] = 1;
        if (!set_key(config, (enum key)k, value, (size_t)(last - value), line, why)) return APILEC_E_INI_INVALID;
      }
    }
  }
  if ((config->demo_profile[0] || config->demo_fault[0]) && strcmp(config->transport, "demo") != 0)
    return invalid(why, 0, "OpenVitaleProfilDemo and OpenVitaleIncidentDemo need OpenVitaleTransport=demo");
  if (strcmp(config->transport, "demo") == 0) config->mode = APILEC_MODE_DEMO;
  if (strcmp(config->transport, "galss") == 0) config->mode = APILEC_MODE_GALSS;
  if (strcmp(config->transport, "pcsc") == 0) config->mode = APILEC_MODE_PCSC;
  return APILEC_OK;
}

unsigned short config_load(const char *dir, struct apilec_config *config, char why[APILEC_WHY_MAX]) {
  static const char NAME[] = "api_lec.ini";
  static const char SEPARATOR[] = {PLATFORM_SEPARATOR, '\0'};
  char folder[APILEC_PATH_MAX];
  size_t length;
  int separated;
  unsigned char *bytes;
  char *text;
  size_t read, text_length;
  FILE *file;
  unsigned short result;

  memset(config, 0, sizeof *config); /* nothing of an earlier Hn_Init, even on failure (the journal's path) */
  if (!platform_folder(dir, folder, sizeof folder) || (length = strlen(folder)) == 0 ||
      length + 1 + sizeof NAME > sizeof config->ini_path) {
    snprintf(why, APILEC_WHY_MAX, "the folder of api_lec.ini is %s", dir[0] == '\0' ? "empty" : "too long");
    return APILEC_E_BAD_PARAMETER;
  }
  separated = strchr(PLATFORM_SEPARATORS, folder[length - 1]) != NULL;
  snprintf(config->ini_path, sizeof config->ini_path, "%s%s%s", folder, separated ? "" : SEPARATOR, NAME);
  file = platform_fopen(config->ini_path, "rb");
  if (!file) {
    snprintf(why, APILEC_WHY_MAX, "cannot open %.300s: put api_lec.ini in the folder given to Hn_Init",
             config->ini_path);
    return APILEC_E_INI_MISSING;
  }
  bytes = malloc(APILEC_INI_MAX + 1);
  if (!bytes) {
    fclose(file);
    snprintf(why, APILEC_WHY_MAX, "out of memory");
    return APILEC_E_SYSTEM;
  }
  read = fread(bytes, 1, APILEC_INI_MAX + 1, file);
  if (ferror(file)) {
    result = APILEC_E_INI_MISSING;
    snprintf(why, APILEC_WHY_MAX, "cannot read %.300s", config->ini_path);
  } else if (read > APILEC_INI_MAX) {
    result = APILEC_E_INI_INVALID;
    snprintf(why, APILEC_WHY_MAX, "%.300s is larger than %d bytes: it is not an api_lec.ini", config->ini_path,
             APILEC_INI_MAX);
  } else {
    result = text_decode(bytes, read, &text, &text_length, why);
    if (result == APILEC_OK) {
      result = config_parse(text, text_length, config, why);
      free(text);
    }
  }
  fclose(file);
  free(bytes);
  return result;
}
