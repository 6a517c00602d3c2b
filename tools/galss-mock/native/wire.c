#include "wire.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "galss.h"

static uint32_t next_seq = 1;

static const char *socket_path(void) {
  const char *path = getenv("GALSS_MOCK_SOCKET");
  return path && *path ? path : "/tmp/galss-mock.sock";
}

int wire_connect(void) {
  struct sockaddr_un addr;
  const char *path = socket_path();
  if (strlen(path) >= sizeof addr.sun_path) return -1;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  strcpy(addr.sun_path, path);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int write_all(int fd, const uint8_t *data, size_t length) {
  while (length > 0) {
    ssize_t n = send(fd, data, length, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    length -= (size_t)n;
  }
  return 0;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads exactly length bytes before the deadline: 0, -1 on a broken link, -2 on timeout. */
static int read_all(int fd, uint8_t *data, size_t length, long long deadline) {
  while (length > 0) {
    int wait = -1;
    if (deadline >= 0) {
      long long left = deadline - now_ms();
      if (left <= 0) return -2;
      wait = left > 0x7fffffff ? 0x7fffffff : (int)left;
    }
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int ready = poll(&p, 1, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return -1;
    if (ready == 0) return -2;
    ssize_t n = recv(fd, data, length, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    length -= (size_t)n;
  }
  return 0;
}

static void put_u32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

static uint32_t get_u32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

uint16_t wire_u16(const WireField *field) {
  if (field->length < 2) return 0;
  return (uint16_t)((field->data[0] << 8) | field->data[1]);
}

uint16_t wire_call(int fd, uint8_t op, const WireField *fields, int count, int timeout_ms, WireReply *reply) {
  size_t size = 4 + 4 + 1;
  for (int i = 0; i < count; i++) size += 2 + fields[i].length;
  if (size > WIRE_MAX_FRAME) return G_ERRPARAM;
  uint8_t *frame = malloc(size);
  if (!frame) return G_ERRINTERNE;
  uint32_t seq = __atomic_fetch_add(&next_seq, 1, __ATOMIC_RELAXED);
  put_u32(frame, (uint32_t)(size - 4));
  put_u32(frame + 4, seq);
  frame[8] = op;
  size_t at = 9;
  for (int i = 0; i < count; i++) {
    frame[at++] = (uint8_t)(fields[i].length >> 8);
    frame[at++] = (uint8_t)fields[i].length;
    if (fields[i].length) memcpy(frame + at, fields[i].data, fields[i].length);
    at += fields[i].length;
  }
  int sent = write_all(fd, frame, size);
  free(frame);
  if (sent != 0) return G_ERRTRANS;

  long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
  for (;;) {
    uint8_t head[4];
    int r = read_all(fd, head, 4, deadline);
    if (r == -2) return G_ERRTEMPS;
    if (r != 0) return G_ERRTRANS;
    uint32_t length = get_u32(head);
    if (length < 6 || length > WIRE_MAX_FRAME) return G_ERRTRANS;
    r = read_all(fd, reply->buffer, length, deadline);
    if (r == -2) return G_ERRTEMPS;
    if (r != 0) return G_ERRTRANS;
    /* A late answer to an earlier call that timed out: drop it. */
    if (get_u32(reply->buffer) != seq) continue;
    reply->status = (uint16_t)((reply->buffer[4] << 8) | reply->buffer[5]);
    reply->count = 0;
    size_t pos = 6;
    while (pos + 2 <= length && reply->count < WIRE_MAX_FIELDS) {
      uint16_t n = (uint16_t)((reply->buffer[pos] << 8) | reply->buffer[pos + 1]);
      pos += 2;
      if (pos + n > length) return G_ERRTRANS;
      reply->fields[reply->count].data = reply->buffer + pos;
      reply->fields[reply->count].length = n;
      reply->count++;
      pos += n;
    }
    return 0;
  }
}
