/*
 * The engine on POSIX systems: posix_spawn with an argument vector, in its own
 * process group so that a stop reaches whatever it started; standard input
 * from /dev/null; standard output and error through close-on-exec pipes, read
 * with poll() against a monotonic deadline.
 */
#ifndef _WIN32
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../include/apilec.h"
#include "engine.h"
#include "platform.h"

extern char **environ;

/* How long a stopped engine gets to release the reader before it is killed. */
#define STOP_GRACE_MS 2000

/* Not stat(): its symbol moved in glibc 2.33, and the library would not load on older systems. */
static int is_executable(const char *path) {
  int directory;
  if (access(path, X_OK) != 0) return 0;
  directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory >= 0) close(directory);
  return directory < 0;
}

/* The absolute form of an existing path into out (APILEC_PATH_MAX bytes). */
static int absolute(const char *path, char *out) {
  char *resolved = realpath(path, NULL);
  int fits = resolved && strlen(resolved) < APILEC_PATH_MAX;
  if (fits) strcpy(out, resolved);
  free(resolved);
  return fits;
}

/* Searches the directories of PATH for an executable named name. */
static int search_path(const char *name, char *out) {
  const char *path = getenv("PATH");
  char candidate[APILEC_PATH_MAX];
  while (path && *path) {
    const char *end = strchr(path, ':');
    size_t length = end ? (size_t)(end - path) : strlen(path);
    /* An empty or relative entry would depend on the host's current folder: skipped. */
    if (length > 0 && path[0] == '/' && length + 1 + strlen(name) < sizeof candidate) {
      snprintf(candidate, sizeof candidate, "%.*s/%s", (int)length, path, name);
      if (is_executable(candidate) && absolute(candidate, out)) return 1;
    }
    path = end ? end + 1 : NULL;
  }
  return 0;
}

unsigned short engine_locate(const struct apilec_config *config, struct engine *engine, char why[APILEC_WHY_MAX]) {
  const char *name = config->command[0] ? config->command : "openvitale";
  if (strchr(name, '/')) {
    if (!is_executable(name) || !absolute(name, engine->program)) {
      snprintf(why, APILEC_WHY_MAX, "OpenVitaleCommande names %.300s, which is not an executable file", name);
      return APILEC_E_ENGINE_MISSING;
    }
  } else if (!search_path(name, engine->program)) {
    snprintf(why, APILEC_WHY_MAX,
             "no %.100s command in PATH: install @openvitale/cli, or name the command in OpenVitaleCommande", name);
    return APILEC_E_ENGINE_MISSING;
  }
  engine->script[0] = '\0';
  if (config->script[0] && (access(config->script, R_OK) != 0 || !absolute(config->script, engine->script))) {
    snprintf(why, APILEC_WHY_MAX, "OpenVitaleScript names %.300s, which cannot be read", config->script);
    return APILEC_E_ENGINE_MISSING;
  }
  return APILEC_OK;
}

/*
 * A pipe whose ends are close-on-exec from the start: a process the host
 * starts at the same moment from another thread must not inherit the write
 * end, or the read would wait for that process to end.
 */
static int cloexec_pipe(int fds[2]) {
#ifdef __linux__
  return pipe2(fds, O_CLOEXEC);
#else
  if (pipe(fds) != 0) return -1;
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  return 0;
#endif
}

static void sleep_ms(unsigned ms) {
  struct timespec pause = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
  }
}

/*
 * Waits up to ms for the child to end, without reaping it (a zombie keeps its
 * process group id reserved, so the group can still be signalled safely).
 * Returns 1 when it has ended, 0 at the deadline, -1 when it cannot be waited
 * for (a host that ignores SIGCHLD has its children reaped by the system).
 */
static int wait_ended(pid_t pid, uint64_t ms) {
  uint64_t deadline = platform_now_ms() + ms;
  for (;;) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (info.si_pid == pid) return 1;
    if (platform_now_ms() >= deadline) return 0;
    sleep_ms(5);
  }
}

/* Stops the whole group: SIGTERM (the CLI then releases the reader), SIGKILL after the grace. */
static void stop(pid_t pid) {
  kill(-pid, SIGTERM);
  if (wait_ended(pid, STOP_GRACE_MS) == 0) kill(-pid, SIGKILL);
}

/* Reaps the child, after killing anything left in its group. */
static int reap(pid_t pid, int *status) {
  kill(-pid, SIGKILL);
  while (waitpid(pid, status, 0) < 0) {
    if (errno != EINTR) return 0;
  }
  return 1;
}

static int spawn(const struct engine *engine, const char *const *arguments, size_t count, int out, int err,
                 pid_t *pid) {
  char **argv = calloc(count + 3, sizeof *argv);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  sigset_t none, defaults;
  size_t n = 0, i;
  int rc;
  static const int RESET[] = {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM};

  if (!argv) return ENOMEM;
  argv[n++] = (char *)engine->program;
  if (engine->script[0]) argv[n++] = (char *)engine->script;
  for (i = 0; i < count; i++) argv[n++] = (char *)arguments[i];

  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out, 1);
  posix_spawn_file_actions_adddup2(&actions, err, 2);
  /* The host's signal mask and ignored signals (a JVM, Python) are not the engine's. */
  posix_spawnattr_init(&attributes);
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (i = 0; i < sizeof RESET / sizeof RESET[0]; i++) sigaddset(&defaults, RESET[i]);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  rc = posix_spawn(pid, engine->program, &actions, &attributes, argv, environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  free(argv);
  return rc;
}

void engine_run(const struct engine *engine, const char *const *arguments, size_t count, uint64_t timeout_ms,
                size_t output_max, struct engine_result *result) {
  int out[2], err[2];
  struct pollfd fds[2];
  uint64_t deadline = platform_now_ms() + timeout_ms;
  pid_t pid;
  int open = 2, status = 0, rc, ended;
  size_t message_length = 0;

  memset(result, 0, sizeof *result);
  if (cloexec_pipe(out) != 0) {
    result->outcome = ENGINE_SYSTEM;
    snprintf(result->message, sizeof result->message, "cannot create a pipe: %s", strerror(errno));
    return;
  }
  if (cloexec_pipe(err) != 0) {
    result->outcome = ENGINE_SYSTEM;
    snprintf(result->message, sizeof result->message, "cannot create a pipe: %s", strerror(errno));
    close(out[0]);
    close(out[1]);
    return;
  }
  rc = spawn(engine, arguments, count, out[1], err[1], &pid);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    result->outcome = ENGINE_NOT_STARTED;
    snprintf(result->message, sizeof result->message, "cannot start %.300s: %s", engine->program, strerror(rc));
    close(out[0]);
    close(err[0]);
    return;
  }

  result->outcome = ENGINE_EXITED;
  fds[0].fd = out[0];
  fds[1].fd = err[0];
  fds[0].events = fds[1].events = POLLIN;
  while (open > 0 && result->outcome == ENGINE_EXITED) {
    uint64_t now = platform_now_ms();
    int i, ready;
    if (now >= deadline) {
      result->outcome = ENGINE_TIMED_OUT;
      break;
    }
    ready = poll(fds, 2, deadline - now > INT_MAX ? INT_MAX : (int)(deadline - now));
    if (ready < 0 && errno != EINTR) {
      result->outcome = ENGINE_SYSTEM;
      snprintf(result->message, sizeof result->message, "cannot wait for the engine: %s", strerror(errno));
    }
    for (i = 0; ready > 0 && i < 2; i++) {
      unsigned char chunk[8192];
      ssize_t got;
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      got = read(fds[i].fd, chunk, sizeof chunk);
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        open--;
      } else if (i == 0) {
        engine_keep_output(result, chunk, (size_t)got, output_max);
      } else {
        engine_keep_message(result, &message_length, chunk, (size_t)got);
      }
      platform_wipe(chunk, sizeof chunk);
    }
  }
  if (fds[0].fd >= 0) close(fds[0].fd);
  if (fds[1].fd >= 0) close(fds[1].fd);

  if (result->outcome == ENGINE_EXITED) {
    uint64_t now = platform_now_ms();
    ended = wait_ended(pid, deadline > now ? deadline - now : 0);
    if (ended == 0) result->outcome = ENGINE_TIMED_OUT;
  } else {
    ended = 0;
  }
  if (ended == 0) stop(pid);
  if (ended < 0 || !reap(pid, &status)) {
    if (result->outcome == ENGINE_EXITED) {
      result->outcome = ENGINE_SYSTEM;
      snprintf(result->message, sizeof result->message,
               "cannot learn how the engine ended: the application ignores SIGCHLD");
    }
    return;
  }
  if (result->outcome != ENGINE_EXITED) return;
  if (WIFEXITED(status)) {
    result->exit_code = WEXITSTATUS(status);
  } else {
    result->outcome = ENGINE_SIGNALLED;
    snprintf(result->message, sizeof result->message, "the engine was ended by signal %d",
             WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
}
#endif
