/*
 * libgalcllux.so stand-in: the GALSS client API. Each session owns one
 * connection to the mock server, so that the server frees a process's
 * sessions and exclusivities when the process goes away. Calls may come from
 * several threads at once (koffi's async calls run on a thread pool): the
 * tables are locked. A call on a session while another call on it is still
 * in flight is refused with G_ERRSEQUENCE and reported to the server (the
 * vendor library's behaviour there is not public: the mock is strict, so
 * that a test can prove a client never does it).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "galss.h"
#include "wire.h"

#define MAX_SESSIONS 64
#define MAX_EXCLUSIVITIES 64
/* What OuvrirSession and the exclusivity calls may wait for the server. */
#define CONTROL_TIMEOUT_MS 10000

typedef struct {
  int used;
  unsigned short session;
  int fd;
  pthread_mutex_t lock;
} Session;

static Session sessions[MAX_SESSIONS];
static struct {
  int used;
  unsigned short exclusivity;
  unsigned short session;
} exclusivities[MAX_EXCLUSIVITIES];
static pthread_mutex_t tables = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_locks(void) {
  for (int i = 0; i < MAX_SESSIONS; i++) pthread_mutex_init(&sessions[i].lock, NULL);
}

static WireField u16(uint8_t *buffer, unsigned short value);

/* Tells the server, on a connection of its own, that a call on `session` was refused. */
static void report_overlap(unsigned short session, uint8_t op) {
  int fd = wire_connect();
  if (fd < 0) return;
  WireReply *reply = malloc(sizeof *reply);
  if (reply) {
    uint8_t buffer[2];
    WireField fields[2] = {u16(buffer, session), {&op, 1}};
    wire_call(fd, OP_OVERLAP, fields, 2, CONTROL_TIMEOUT_MS, reply);
    free(reply);
  }
  close(fd);
}

/* Takes the session's call lock: G_NOERROR with *out set, G_ERRSESSION when unknown,
 * G_ERRSEQUENCE when another call on it is in flight. */
static uint16_t acquire(unsigned short session, uint8_t op, Session **out) {
  pthread_once(&once, init_locks);
  Session *found = NULL;
  pthread_mutex_lock(&tables);
  for (int i = 0; i < MAX_SESSIONS; i++) {
    if (sessions[i].used && sessions[i].session == session) found = &sessions[i];
  }
  pthread_mutex_unlock(&tables);
  if (!found) return G_ERRSESSION;
  if (pthread_mutex_trylock(&found->lock) != 0) {
    report_overlap(session, op);
    return G_ERRSEQUENCE;
  }
  *out = found;
  return G_NOERROR;
}

/* One request on a session's connection. *out is the reply (zeroed first; free it), NULL when out of memory. */
static uint16_t session_call(Session *s, uint8_t op, const WireField *fields, int count, int timeout_ms,
                             WireReply **out) {
  WireReply *reply = calloc(1, sizeof *reply);
  *out = reply;
  if (!reply) return G_ERRINTERNE;
  uint16_t status = wire_call(s->fd, op, fields, count, timeout_ms, reply);
  return status ? status : reply->status;
}

static WireField text(const char *s) {
  WireField f = {(const uint8_t *)s, (uint16_t)strlen(s)};
  return f;
}

static WireField u16(uint8_t *buffer, unsigned short value) {
  buffer[0] = (uint8_t)(value >> 8);
  buffer[1] = (uint8_t)value;
  WireField f = {buffer, 2};
  return f;
}

static void copy_text(char *out, const WireField *field, size_t capacity) {
  if (!out) return;
  size_t n = field->length < capacity - 1 ? field->length : capacity - 1;
  memcpy(out, field->data, n);
  out[n] = 0;
}

unsigned short OuvrirSession(const char *appName, const char *resourceName, unsigned short *session,
                             unsigned char *lad) {
  pthread_once(&once, init_locks);
  if (!appName || !resourceName || !session || !lad) return G_ERRPARAM;
  if (strlen(appName) > 16 || strlen(resourceName) > 8) return G_ERRPARAM;
  int fd = wire_connect();
  if (fd < 0) return G_ERRSERVEUR;
  WireReply *reply = malloc(sizeof *reply);
  if (!reply) {
    close(fd);
    return G_ERRINTERNE;
  }
  WireField fields[2] = {text(appName), text(resourceName)};
  uint16_t status = wire_call(fd, OP_OPEN, fields, 2, CONTROL_TIMEOUT_MS, reply);
  if (status == 0) status = reply->status;
  if (status == 0 && reply->count < 2) status = G_ERRINTERNE;
  if (status != 0) {
    free(reply);
    close(fd);
    return status;
  }
  unsigned short number = wire_u16(&reply->fields[0]);
  unsigned char address = reply->fields[1].length ? reply->fields[1].data[0] : 0;
  free(reply);
  pthread_mutex_lock(&tables);
  Session *slot = NULL;
  for (int i = 0; i < MAX_SESSIONS && !slot; i++) {
    if (!sessions[i].used) slot = &sessions[i];
  }
  if (slot) {
    slot->used = 1;
    slot->session = number;
    slot->fd = fd;
  }
  pthread_mutex_unlock(&tables);
  if (!slot) {
    close(fd);
    return G_ERRSESSIONS;
  }
  *session = number;
  *lad = address;
  return G_NOERROR;
}

unsigned short FermerSession(unsigned short session, unsigned short *releasedExclusivity) {
  Session *s;
  uint16_t busy = acquire(session, OP_CLOSE, &s);
  if (busy) return busy;
  WireReply *reply;
  uint8_t buffer[2];
  WireField field = u16(buffer, session);
  uint16_t status = session_call(s, OP_CLOSE, &field, 1, CONTROL_TIMEOUT_MS, &reply);
  if (releasedExclusivity) *releasedExclusivity = status == 0 && reply->count > 0 ? wire_u16(&reply->fields[0]) : 0;
  free(reply);
  /* The session ends here whatever the server said: closing the connection frees it there too. */
  close(s->fd);
  pthread_mutex_lock(&tables);
  s->used = 0;
  for (int i = 0; i < MAX_EXCLUSIVITIES; i++) {
    if (exclusivities[i].used && exclusivities[i].session == session) exclusivities[i].used = 0;
  }
  pthread_mutex_unlock(&tables);
  pthread_mutex_unlock(&s->lock);
  return status == G_ERRTRANS ? G_NOERROR : status;
}

unsigned short DebutExclusivite(const char *list, char *holderApp, char *holderResource,
                                unsigned short *exclusivity) {
  if (!list || !exclusivity) return G_ERRPARAM;
  unsigned int number = 0;
  if (sscanf(list, "%u:", &number) != 1 || number > 0xffff) return G_ERRPARAM;
  Session *s;
  uint16_t busy = acquire((unsigned short)number, OP_EXCL_BEGIN, &s);
  if (busy) return busy;
  WireReply *reply;
  WireField field = text(list);
  uint16_t status = session_call(s, OP_EXCL_BEGIN, &field, 1, CONTROL_TIMEOUT_MS, &reply);
  /* Holder names are filled on G_ERREXCL; buffers of 17 and 9 bytes are assumed (16 and 8 characters). */
  if (reply && reply->count >= 2) {
    copy_text(holderApp, &reply->fields[0], 17);
    copy_text(holderResource, &reply->fields[1], 9);
  }
  if (status == 0 && reply->count >= 3) {
    *exclusivity = wire_u16(&reply->fields[2]);
    pthread_mutex_lock(&tables);
    for (int i = 0; i < MAX_EXCLUSIVITIES; i++) {
      if (!exclusivities[i].used) {
        exclusivities[i].used = 1;
        exclusivities[i].exclusivity = *exclusivity;
        exclusivities[i].session = (unsigned short)number;
        break;
      }
    }
    pthread_mutex_unlock(&tables);
  }
  free(reply);
  pthread_mutex_unlock(&s->lock);
  return status;
}

unsigned short FinExclusivite(unsigned short exclusivity) {
  pthread_once(&once, init_locks);
  int session = -1;
  pthread_mutex_lock(&tables);
  for (int i = 0; i < MAX_EXCLUSIVITIES; i++) {
    if (exclusivities[i].used && exclusivities[i].exclusivity == exclusivity) session = exclusivities[i].session;
  }
  pthread_mutex_unlock(&tables);
  if (session < 0) return G_ERRPARAM;
  Session *s;
  uint16_t busy = acquire((unsigned short)session, OP_EXCL_END, &s);
  if (busy) return busy;
  pthread_mutex_lock(&tables);
  for (int i = 0; i < MAX_EXCLUSIVITIES; i++) {
    if (exclusivities[i].used && exclusivities[i].exclusivity == exclusivity) exclusivities[i].used = 0;
  }
  pthread_mutex_unlock(&tables);
  WireReply *reply;
  uint8_t buffer[2];
  WireField field = u16(buffer, exclusivity);
  uint16_t status = session_call(s, OP_EXCL_END, &field, 1, CONTROL_TIMEOUT_MS, &reply);
  free(reply);
  pthread_mutex_unlock(&s->lock);
  return status;
}

unsigned short Echange(unsigned short session, unsigned short maxSeconds, const char *request,
                       const uint32_t *requestLen, char *response, uint32_t *responseLen) {
  if (!request || !requestLen || !response || !responseLen) return G_ERRPARAM;
  if (*requestLen == 0 || *requestLen > 0xffff) return G_ERRPARAM;
  Session *s;
  uint16_t busy = acquire(session, OP_EXCHANGE, &s);
  if (busy) return busy;
  WireReply *reply;
  uint8_t buffer[2];
  uint8_t seconds[2];
  WireField fields[3] = {u16(buffer, session), {(const uint8_t *)request, (uint16_t)*requestLen},
                         u16(seconds, maxSeconds)};
  /* maxSeconds 0 is taken as no limit of the caller's: 60 s. */
  int timeout = (maxSeconds ? maxSeconds : 60) * 1000;
  uint16_t status = session_call(s, OP_EXCHANGE, fields, 3, timeout, &reply);
  if (status == 0) {
    if (reply->count < 1) {
      status = G_ERRINTERNE;
    } else if (reply->fields[0].length > *responseLen) {
      status = G_ERRBUFFER;
    } else {
      memcpy(response, reply->fields[0].data, reply->fields[0].length);
      *responseLen = reply->fields[0].length;
    }
  }
  free(reply);
  pthread_mutex_unlock(&s->lock);
  return status;
}

unsigned short LireVersion(char *version, unsigned short *count, GalssComponent *components) {
  if (!version || !count) return G_ERRPARAM;
  /* Version strings are short; the caller's buffer size is not documented: 8 bytes are assumed. */
  strcpy(version, "MOCK1");
  unsigned short capacity = *count;
  *count = 1;
  if (components && capacity >= 1) {
    components[0].type = 1;
    memcpy(components[0].version, "0100", 4);
  }
  return G_NOERROR;
}
