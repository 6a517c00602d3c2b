/*
 * The engine on Windows: CreateProcessW with the program's full path and a
 * command line quoted by the rules the Microsoft C runtime (and so Node.js)
 * uses to split it, never through cmd.exe; only the three standard handles
 * inherited; no console window; in a job object that kills it, and anything
 * it started, when the read ends or the host process dies.
 *
 * Node.js installed by npm puts an openvitale.cmd shim in PATH that runs
 * "node.exe <its folder>\...\@openvitale\cli\dist\bin.js"; a .cmd file needs
 * cmd.exe, whose quoting rules differ, so the library runs node.exe and the
 * JavaScript file itself, found from the shim's folder as the shim does.
 */
#ifdef _WIN32
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/apilec.h"
#include "engine.h"
#include "platform.h"
#include "wide.h"

/* CreateProcessW's limit on a command line, in characters with its NUL. */
#define COMMAND_LINE_MAX 32768
/* How often the pipes are looked at while the engine runs. */
#define POLL_MS 10

static int is_file(const wchar_t *path) {
  DWORD attributes = GetFileAttributesW(path);
  return attributes != INVALID_FILE_ATTRIBUTES && !(attributes & FILE_ATTRIBUTE_DIRECTORY);
}

static int wide_is_absolute(const wchar_t *path) {
  int drive = ((path[0] >= L'A' && path[0] <= L'Z') || (path[0] >= L'a' && path[0] <= L'z')) && path[1] == L':' &&
              (path[2] == L'\\' || path[2] == L'/');
  int unc = (path[0] == L'\\' || path[0] == L'/') && (path[1] == L'\\' || path[1] == L'/');
  return drive || unc;
}

/*
 * A .cmd or .bat file: CreateProcess would run it through cmd.exe, whose
 * parsing of the command line differs from the C runtime's (an argument
 * could then run a command).
 */
static int is_batch(const wchar_t *path) {
  size_t length = wcslen(path);
  return length >= 4 && (_wcsicmp(path + length - 4, L".cmd") == 0 || _wcsicmp(path + length - 4, L".bat") == 0);
}

/* out = folder\name, normalised (".." resolved); 0 when it does not fit. */
static int join(const wchar_t *folder, size_t folder_length, const wchar_t *name, wchar_t out[APILEC_PATH_MAX]) {
  wchar_t joined[APILEC_PATH_MAX];
  DWORD length;
  if (folder_length + 1 + wcslen(name) >= APILEC_PATH_MAX) return 0;
  _snwprintf(joined, APILEC_PATH_MAX, L"%.*ls\\%ls", (int)folder_length, folder, name);
  joined[APILEC_PATH_MAX - 1] = L'\0';
  length = GetFullPathNameW(joined, APILEC_PATH_MAX, out, NULL);
  return length > 0 && length < APILEC_PATH_MAX;
}

/* Searches the absolute folders of PATH (entries may be quoted) for a file. */
static int search_path(const wchar_t *name, wchar_t out[APILEC_PATH_MAX]) {
  DWORD size = GetEnvironmentVariableW(L"PATH", NULL, 0);
  wchar_t *path = size ? malloc(size * sizeof *path) : NULL;
  const wchar_t *cursor;
  int found = 0;
  if (!path || GetEnvironmentVariableW(L"PATH", path, size) == 0) {
    free(path);
    return 0;
  }
  for (cursor = path; !found && *cursor;) {
    const wchar_t *end = wcschr(cursor, L';');
    size_t length = end ? (size_t)(end - cursor) : wcslen(cursor);
    const wchar_t *folder = cursor;
    if (length >= 2 && folder[0] == L'"' && folder[length - 1] == L'"') {
      folder++;
      length -= 2;
    }
    /* A relative entry would depend on the host's current folder: skipped. */
    if (length > 2 && wide_is_absolute(folder) && join(folder, length, name, out) && is_file(out)) found = 1;
    cursor = end ? end + 1 : cursor + length;
  }
  free(path);
  return found;
}

/* The folder part of a path, as a length. */
static size_t folder_length(const wchar_t *path) {
  const wchar_t *slash = wcsrchr(path, L'\\');
  return slash ? (size_t)(slash - path) : 0;
}

/* From the npm shim's folder: a global install (<prefix>) or a local one (<root>\node_modules\.bin). */
static int script_beside_shim(const wchar_t *shim, wchar_t out[APILEC_PATH_MAX]) {
  static const wchar_t *const CANDIDATES[] = {L"node_modules\\@openvitale\\cli\\dist\\bin.js",
                                              L"..\\@openvitale\\cli\\dist\\bin.js"};
  size_t i;
  for (i = 0; i < sizeof CANDIDATES / sizeof CANDIDATES[0]; i++)
    if (join(shim, folder_length(shim), CANDIDATES[i], out) && is_file(out)) return 1;
  return 0;
}

/* A setting (UTF-8) as a wide path into out. */
static int widen(const char *text, wchar_t out[APILEC_PATH_MAX]) {
  wchar_t *wide = wide_from_utf8(text);
  int fits = wide && wcslen(wide) < APILEC_PATH_MAX;
  if (fits) wcscpy(out, wide);
  free(wide);
  return fits;
}

unsigned short engine_locate(const struct apilec_config *config, struct engine *engine, char why[APILEC_WHY_MAX]) {
  wchar_t shim[APILEC_PATH_MAX];
  engine->script[0] = L'\0';
  if (config->command[0]) {
    wchar_t name[APILEC_PATH_MAX];
    int found = widen(config->command, name);
    if (found && is_batch(name)) {
      snprintf(why, APILEC_WHY_MAX,
               "OpenVitaleCommande names a batch file, which only cmd.exe runs: name node.exe, and the JavaScript "
               "file in OpenVitaleScript");
      return APILEC_E_INI_INVALID;
    }
    if (found && wide_is_absolute(name)) {
      DWORD length = GetFullPathNameW(name, APILEC_PATH_MAX, engine->program, NULL);
      found = is_file(name) && length > 0 && length < APILEC_PATH_MAX;
    }
    else if (found)
      found = search_path(name, engine->program) ||
              (!wcschr(name, L'.') && wcslen(name) + 4 < APILEC_PATH_MAX && search_path(wcscat(name, L".exe"), engine->program));
    if (!found) {
      snprintf(why, APILEC_WHY_MAX, "OpenVitaleCommande names %.300s, which is not an existing program", config->command);
      return APILEC_E_ENGINE_MISSING;
    }
  } else if (!search_path(L"openvitale.cmd", shim)) {
    snprintf(why, APILEC_WHY_MAX,
             "no openvitale.cmd in PATH: install @openvitale/cli with npm, or name node.exe in OpenVitaleCommande "
             "and bin.js in OpenVitaleScript");
    return APILEC_E_ENGINE_MISSING;
  } else {
    if (!config->script[0] && !script_beside_shim(shim, engine->script)) {
      snprintf(why, APILEC_WHY_MAX, "openvitale.cmd was found, but not the @openvitale\\cli\\dist\\bin.js it runs: "
                                    "name it in OpenVitaleScript");
      return APILEC_E_ENGINE_MISSING;
    }
    if (!(join(shim, folder_length(shim), L"node.exe", engine->program) && is_file(engine->program)) &&
        !search_path(L"node.exe", engine->program)) {
      snprintf(why, APILEC_WHY_MAX, "no node.exe beside openvitale.cmd or in PATH: name it in OpenVitaleCommande");
      return APILEC_E_ENGINE_MISSING;
    }
  }
  if (config->script[0] && !(widen(config->script, engine->script) && is_file(engine->script))) {
    snprintf(why, APILEC_WHY_MAX, "OpenVitaleScript names %.300s, which is not an existing file", config->script);
    return APILEC_E_ENGINE_MISSING;
  }
  return APILEC_OK;
}

/* A growing command line. */
struct line {
  wchar_t text[COMMAND_LINE_MAX];
  size_t length;
};

static int put(struct line *line, wchar_t c, size_t times) {
  if (line->length + times >= COMMAND_LINE_MAX) return 0;
  while (times--) line->text[line->length++] = c;
  line->text[line->length] = L'\0';
  return 1;
}

/*
 * One argument, quoted so that the C runtime's parser gives it back intact:
 * inside quotes, backslashes are literal except before a quote, where 2n
 * backslashes + quote give n backslashes and end the quoted part, and 2n+1
 * give n backslashes and a literal quote.
 */
static int put_argument(struct line *line, const wchar_t *argument) {
  const wchar_t *p;
  if (line->length > 0 && !put(line, L' ', 1)) return 0;
  if (*argument && !wcspbrk(argument, L" \t\n\v\"")) {
    for (p = argument; *p; p++)
      if (!put(line, *p, 1)) return 0;
    return 1;
  }
  if (!put(line, L'"', 1)) return 0;
  for (p = argument;; p++) {
    size_t backslashes = 0;
    while (*p == L'\\') {
      p++;
      backslashes++;
    }
    if (*p == L'\0') {
      if (!put(line, L'\\', backslashes * 2)) return 0;
      break;
    }
    if (*p == L'"') {
      if (!put(line, L'\\', backslashes * 2 + 1) || !put(line, L'"', 1)) return 0;
    } else if (!put(line, L'\\', backslashes) || !put(line, *p, 1)) {
      return 0;
    }
  }
  return put(line, L'"', 1);
}

static int command_line(const struct engine *engine, const char *const *arguments, size_t count, struct line *line) {
  size_t i;
  line->length = 0;
  line->text[0] = L'\0';
  if (!put_argument(line, engine->program)) return 0;
  if (engine->script[0] && !put_argument(line, engine->script)) return 0;
  for (i = 0; i < count; i++) {
    wchar_t *wide = wide_from_utf8(arguments[i]);
    int fits = wide && put_argument(line, wide);
    free(wide);
    if (!fits) return 0;
  }
  return 1;
}

/* Reads what a pipe holds without blocking; *open becomes 0 at its end. */
static void drain(HANDLE pipe, int *open, struct engine_result *result, size_t *kept, int is_output,
                  size_t output_max) {
  unsigned char chunk[8192];
  while (*open && result->outcome == ENGINE_EXITED) {
    DWORD available = 0, got = 0;
    if (!PeekNamedPipe(pipe, NULL, 0, NULL, &available, NULL)) {
      *open = 0;
      break;
    }
    if (available == 0) break;
    if (!ReadFile(pipe, chunk, available < sizeof chunk ? available : (DWORD)sizeof chunk, &got, NULL) || got == 0) {
      *open = 0;
      break;
    }
    if (is_output)
      engine_keep_output(result, chunk, got, output_max);
    else
      engine_keep_message(result, kept, chunk, got);
  }
  platform_wipe(chunk, sizeof chunk);
}

static void system_error(struct engine_result *result, enum engine_outcome outcome, const char *what) {
  result->outcome = outcome;
  snprintf(result->message, sizeof result->message, "%s (Windows error %lu)", what, GetLastError());
}

/* A job that kills its processes when its last handle closes; NULL where jobs cannot nest (Windows 7). */
static HANDLE kill_on_close_job(void) {
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
  HANDLE job = CreateJobObjectW(NULL, NULL);
  if (!job) return NULL;
  memset(&limits, 0, sizeof limits);
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
    CloseHandle(job);
    return NULL;
  }
  return job;
}

void engine_run(const struct engine *engine, const char *const *arguments, size_t count, uint64_t timeout_ms,
                size_t output_max, struct engine_result *result) {
  SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
  HANDLE out_read = NULL, out_write = NULL, err_read = NULL, err_write = NULL, nul = INVALID_HANDLE_VALUE, job = NULL;
  HANDLE inherited[3];
  STARTUPINFOEXW startup;
  PROCESS_INFORMATION process;
  LPPROC_THREAD_ATTRIBUTE_LIST attributes = NULL;
  SIZE_T attributes_size = 0;
  int attributes_ready = 0;
  struct line *line = malloc(sizeof *line);
  uint64_t deadline = platform_now_ms() + timeout_ms;
  int out_open = 1, err_open = 1, exited = 0;
  size_t kept = 0;
  DWORD code = 0;

  memset(result, 0, sizeof *result);
  memset(&process, 0, sizeof process);
  if (!line || !command_line(engine, arguments, count, line)) {
    result->outcome = ENGINE_NOT_STARTED;
    snprintf(result->message, sizeof result->message, "the engine's command line is too long");
    free(line);
    return;
  }
  if (!CreatePipe(&out_read, &out_write, &inheritable, 0) || !CreatePipe(&err_read, &err_write, &inheritable, 0) ||
      !SetHandleInformation(out_read, HANDLE_FLAG_INHERIT, 0) ||
      !SetHandleInformation(err_read, HANDLE_FLAG_INHERIT, 0) ||
      (nul = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inheritable, OPEN_EXISTING, 0,
                         NULL)) == INVALID_HANDLE_VALUE) {
    system_error(result, ENGINE_SYSTEM, "cannot create the engine's pipes");
    goto done;
  }
  /* Only these three handles reach the engine, whatever else the host made inheritable. */
  inherited[0] = nul;
  inherited[1] = out_write;
  inherited[2] = err_write;
  InitializeProcThreadAttributeList(NULL, 1, 0, &attributes_size);
  attributes = malloc(attributes_size);
  attributes_ready = attributes && InitializeProcThreadAttributeList(attributes, 1, 0, &attributes_size);
  if (!attributes_ready ||
      !UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited, sizeof inherited, NULL,
                                 NULL)) {
    system_error(result, ENGINE_SYSTEM, "cannot restrict the engine's handles");
    goto done;
  }
  memset(&startup, 0, sizeof startup);
  startup.StartupInfo.cb = sizeof startup;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = nul;
  startup.StartupInfo.hStdOutput = out_write;
  startup.StartupInfo.hStdError = err_write;
  startup.lpAttributeList = attributes;
  if (!CreateProcessW(engine->program, line->text, NULL, NULL, TRUE,
                      EXTENDED_STARTUPINFO_PRESENT | CREATE_NO_WINDOW | CREATE_SUSPENDED, NULL, NULL,
                      &startup.StartupInfo, &process)) {
    system_error(result, ENGINE_NOT_STARTED, "cannot start the engine");
    goto done;
  }
  job = kill_on_close_job();
  if (job && !AssignProcessToJobObject(job, process.hProcess)) {
    CloseHandle(job);
    job = NULL;
  }
  ResumeThread(process.hThread);
  CloseHandle(out_write);
  CloseHandle(err_write);
  CloseHandle(nul);
  out_write = err_write = NULL;
  nul = INVALID_HANDLE_VALUE;

  result->outcome = ENGINE_EXITED;
  while (result->outcome == ENGINE_EXITED && (out_open || err_open)) {
    uint64_t now = platform_now_ms();
    drain(out_read, &out_open, result, &kept, 1, output_max);
    drain(err_read, &err_open, result, &kept, 0, output_max);
    if (exited) break; /* drained after the end: what a leftover process holds open is not waited for */
    if (now >= deadline) {
      result->outcome = ENGINE_TIMED_OUT;
      break;
    }
    exited = WaitForSingleObject(process.hProcess, deadline - now < POLL_MS ? (DWORD)(deadline - now) : POLL_MS) ==
             WAIT_OBJECT_0;
  }
  if (result->outcome == ENGINE_EXITED && !exited) {
    uint64_t now = platform_now_ms();
    exited = WaitForSingleObject(process.hProcess, now < deadline ? (DWORD)(deadline - now) : 0) == WAIT_OBJECT_0;
    if (!exited) result->outcome = ENGINE_TIMED_OUT;
  }
  if (!exited) {
    if (job)
      TerminateJobObject(job, 1);
    else
      TerminateProcess(process.hProcess, 1);
    WaitForSingleObject(process.hProcess, 5000);
  } else if (result->outcome == ENGINE_EXITED && !GetExitCodeProcess(process.hProcess, &code)) {
    system_error(result, ENGINE_SYSTEM, "cannot learn how the engine ended");
  }
  if (result->outcome == ENGINE_EXITED) result->exit_code = (int)code;

done:
  if (job) {
    TerminateJobObject(job, 1); /* anything the engine left behind */
    CloseHandle(job);
  }
  if (process.hThread) CloseHandle(process.hThread);
  if (process.hProcess) CloseHandle(process.hProcess);
  if (attributes_ready) DeleteProcThreadAttributeList(attributes);
  free(attributes);
  if (out_read) CloseHandle(out_read);
  if (out_write) CloseHandle(out_write);
  if (err_read) CloseHandle(err_read);
  if (err_write) CloseHandle(err_write);
  if (nul != INVALID_HANDLE_VALUE) CloseHandle(nul);
  free(line);
}
#endif
