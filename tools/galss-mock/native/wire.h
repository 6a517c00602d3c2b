/*
 * The mock's own wire between these libraries and the mock server (a Node
 * process, tools/galss-mock/src/server.ts) over a unix socket. Not GALSS's:
 * the real client/server protocol is not public.
 *
 * Frame: u32 big-endian length + payload.
 * Request payload:  u32 seq, u8 op, then fields (u16 big-endian length + bytes).
 * Response payload: u32 seq, u16 status, then fields.
 */
#ifndef GALSS_MOCK_WIRE_H
#define GALSS_MOCK_WIRE_H

#include <stddef.h>
#include <stdint.h>

enum {
  OP_OPEN = 1,
  OP_CLOSE = 2,
  OP_EXCL_BEGIN = 3,
  OP_EXCL_END = 4,
  OP_EXCHANGE = 5,
  OP_RESOURCES = 6,
  /* A call refused because its session had another in flight: reported so that tests can see it. */
  OP_OVERLAP = 7
};

#define WIRE_MAX_FIELDS 4
#define WIRE_MAX_FRAME 70000

typedef struct {
  const uint8_t *data;
  uint16_t length;
} WireField;

typedef struct {
  uint16_t status;
  int count;
  WireField fields[WIRE_MAX_FIELDS];
  uint8_t buffer[WIRE_MAX_FRAME];
} WireReply;

/* Connects to the server (GALSS_MOCK_SOCKET, default /tmp/galss-mock.sock); -1 when it is not there. */
__attribute__((visibility("hidden"))) int wire_connect(void);
/* Sends one request and waits up to timeout_ms (<0: forever) for its reply.
 * Returns 0, or a GALSS code: G_ERRSERVEUR-like transport failures as G_ERRTRANS, a timeout as G_ERRTEMPS. */
__attribute__((visibility("hidden"))) uint16_t wire_call(int fd, uint8_t op, const WireField *fields, int count, int timeout_ms, WireReply *reply);
__attribute__((visibility("hidden"))) uint16_t wire_u16(const WireField *field);

#endif
