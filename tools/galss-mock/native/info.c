/*
 * libgalinlux.so stand-in: the resource table, asked of the mock server
 * (which read the galss.ini), one short connection per call.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "galss.h"
#include "wire.h"

#define ROW_SIZE 26
#define INFO_TIMEOUT_MS 10000

static uint16_t fetch(WireReply *reply) {
  int fd = wire_connect();
  if (fd < 0) return G_ERRSERVEUR;
  uint16_t status = wire_call(fd, OP_RESOURCES, NULL, 0, INFO_TIMEOUT_MS, reply);
  close(fd);
  if (status == 0) status = reply->status;
  if (status == 0 && (reply->count < 1 || reply->fields[0].length % ROW_SIZE != 0)) status = G_ERRINTERNE;
  return status;
}

unsigned short DonneNombreRessources(unsigned short *count) {
  if (!count) return G_ERRPARAM;
  WireReply *reply = malloc(sizeof *reply);
  if (!reply) return G_ERRINTERNE;
  uint16_t status = fetch(reply);
  if (status == 0) *count = (unsigned short)(reply->fields[0].length / ROW_SIZE);
  free(reply);
  return status;
}

unsigned short DonneTableRessources(void *table, unsigned short *count) {
  if (!table || !count) return G_ERRPARAM;
  WireReply *reply = malloc(sizeof *reply);
  if (!reply) return G_ERRINTERNE;
  uint16_t status = fetch(reply);
  if (status == 0) {
    unsigned short rows = (unsigned short)(reply->fields[0].length / ROW_SIZE);
    if (rows > *count) {
      status = G_ERRBUFFER;
    } else {
      memcpy(table, reply->fields[0].data, reply->fields[0].length);
    }
    *count = rows;
  }
  free(reply);
  return status;
}
